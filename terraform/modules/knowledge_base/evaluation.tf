# Bedrock knowledge-base evaluation jobs (CreateEvaluationJob, applicationType RagEvaluation), off
# by default: a private CMK-encrypted bucket for the prompt dataset (datasets/) and the job's results
# (output/), and the service role the job runs as. The role may read the dataset, write the results,
# Retrieve from this knowledge base and invoke the evaluator model, nothing else. The permissions
# follow the Bedrock user guide's service-role page for evaluation jobs as read here: S3 read of the
# dataset, S3 write of the output, bedrock:Retrieve on the knowledge base, bedrock:InvokeModel on the
# evaluator model, kms:Decrypt/GenerateDataKey on the bucket's key. Not verified against a live job.
locals {
  evaluation_count     = var.evaluation.enabled ? 1 : 0
  evaluator_model_arns = ["arn:${local.partition}:bedrock:${local.region}::foundation-model/${var.evaluation.evaluator_model}"]
}

module "evaluation_trust" {
  source = "../service_trust_policy"

  service         = "bedrock.amazonaws.com"
  account_id      = local.account_id
  source_arn_like = "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:evaluation-job/*"
}

resource "aws_s3_bucket" "evaluation" {
  # checkov:skip=CKV_AWS_18:Access logging needs a separate log bucket; the bucket holds question sets and scores, written by make eval-kb and Bedrock evaluation jobs only.
  # checkov:skip=CKV_AWS_144:Cross-region replication is not needed: the dataset is in the git repository and results are reproducible.
  # checkov:skip=CKV2_AWS_62:No consumer for event notifications; make eval-kb polls the job.
  count         = local.evaluation_count
  bucket_prefix = "${var.name_prefix}-kbeval-"
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "evaluation" {
  count                   = local.evaluation_count
  bucket                  = aws_s3_bucket.evaluation[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "evaluation" {
  count  = local.evaluation_count
  bucket = aws_s3_bucket.evaluation[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "evaluation" {
  count  = local.evaluation_count
  bucket = aws_s3_bucket.evaluation[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "evaluation" {
  count  = local.evaluation_count
  bucket = aws_s3_bucket.evaluation[0].id

  rule {
    id     = "expire-evaluation-runs"
    status = "Enabled"
    filter {}
    expiration {
      days = 90
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.evaluation]
}

resource "aws_s3_bucket_policy" "evaluation" {
  count  = local.evaluation_count
  bucket = aws_s3_bucket.evaluation[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.evaluation[0].arn, "${aws_s3_bucket.evaluation[0].arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.evaluation]
}

resource "aws_iam_role" "evaluation" {
  count              = local.evaluation_count
  name_prefix        = "AmazonBedrockEvalKB_"
  description        = "Service role of Bedrock evaluation jobs on the ${var.name_prefix} knowledge base"
  assume_role_policy = module.evaluation_trust.json
}

resource "aws_iam_role_policy" "evaluation" {
  count = local.evaluation_count
  name  = "knowledge-base-evaluation"
  role  = aws_iam_role.evaluation[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "ReadDataset", Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.evaluation[0].arn}/datasets/*" },
      { Sid = "WriteResults", Effect = "Allow", Action = "s3:PutObject", Resource = "${aws_s3_bucket.evaluation[0].arn}/output/*" },
      {
        Sid       = "ListRunFolders"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = aws_s3_bucket.evaluation[0].arn
        Condition = { StringLike = { "s3:prefix" = ["datasets/*", "output/*"] } }
      },
      { Sid = "RetrieveFromTheKnowledgeBase", Effect = "Allow", Action = "bedrock:Retrieve", Resource = aws_bedrockagent_knowledge_base.this.arn },
      { Sid = "InvokeTheEvaluator", Effect = "Allow", Action = "bedrock:InvokeModel", Resource = local.evaluator_model_arns },
      { Sid = "BucketKey", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = var.kms_key_arn },
    ]
  })
}
