# One private S3 bucket, hardened the same way wherever the stack needs one (the knowledge base's
# documents, the evaluation jobs' datasets and results): public access blocked, ACLs disabled
# (BucketOwnerEnforced), versioned, encrypted with the given customer-managed KMS key (bucket key on),
# TLS-only bucket policy, and a lifecycle rule that ages out old versions and failed uploads.
terraform {
  required_version = ">= 1.9.0, < 2.0.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

variable "name_prefix" {
  description = "Bucket name prefix (S3 appends a unique suffix)."
  type        = string
}

variable "force_destroy" {
  description = "Let terraform destroy the bucket with its objects."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts every object."
  type        = string
}

variable "lifecycle_rule_id" {
  description = "Id of the bucket's lifecycle rule."
  type        = string
}

variable "expiration_days" {
  description = "Days after which current objects expire, or null to keep them."
  type        = number
  default     = null
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object's old version is kept."
  type        = number
}

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18:Access logging needs a separate log bucket; these buckets hold files kept in the git repository (documents, question sets) or reproducible results, written only by make deploy, make eval-kb and Bedrock jobs (CloudTrail records the API calls).
  # checkov:skip=CKV_AWS_144:Cross-region replication is not needed: the contents are in the git repository or reproducible.
  # checkov:skip=CKV2_AWS_62:No consumer for event notifications: ingestion and evaluation jobs are started and polled explicitly.
  bucket_prefix = var.name_prefix
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = var.lifecycle_rule_id
    status = "Enabled"
    filter {}
    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]
      content {
        days = expiration.value
      }
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.this]
}

output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "kms_key" {
  description = "The KMS key the bucket encrypts with (for terraform test)."
  value       = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).kms_master_key_id
}

output "public_access_blocked" {
  description = "Whether public policies and access are blocked (for terraform test)."
  value       = aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.restrict_public_buckets
}
