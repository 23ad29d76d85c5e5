# Private, versioned, CMK-encrypted bucket holding the store-policy documents under documents/
# (hardening in modules/private_bucket, shared with the evaluation bucket).
module "documents_bucket" {
  source = "../private_bucket"

  name_prefix             = "${var.name_prefix}-kb-"
  force_destroy           = var.force_destroy
  kms_key_arn             = var.kms_key_arn
  lifecycle_rule_id       = "expire-old-document-versions"
  noncurrent_version_days = 90
}

# The bucket's resources were declared here before modules/private_bucket: moved, not replaced.
moved {
  from = aws_s3_bucket.documents
  to   = module.documents_bucket.aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_public_access_block.documents
  to   = module.documents_bucket.aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_ownership_controls.documents
  to   = module.documents_bucket.aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_versioning.documents
  to   = module.documents_bucket.aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.documents
  to   = module.documents_bucket.aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.documents
  to   = module.documents_bucket.aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.documents
  to   = module.documents_bucket.aws_s3_bucket_policy.this
}
