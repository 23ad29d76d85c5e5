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

module "evaluation_bucket" {
  source = "../private_bucket"
  count  = local.evaluation_count

  name_prefix             = "${var.name_prefix}-kbeval-"
  force_destroy           = var.force_destroy
  kms_key_arn             = var.kms_key_arn
  lifecycle_rule_id       = "expire-evaluation-runs"
  expiration_days         = 90
  noncurrent_version_days = 7
}

# Declared here before modules/private_bucket (which adds BucketOwnerEnforced ownership controls):
# moved, not replaced.
moved {
  from = aws_s3_bucket.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_public_access_block.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_lifecycle_configuration.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket_lifecycle_configuration.this
}

moved {
  from = aws_s3_bucket_policy.evaluation[0]
  to   = module.evaluation_bucket[0].aws_s3_bucket_policy.this
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
      { Sid = "ReadDataset", Effect = "Allow", Action = "s3:GetObject", Resource = "${module.evaluation_bucket[0].arn}/datasets/*" },
      { Sid = "WriteResults", Effect = "Allow", Action = "s3:PutObject", Resource = "${module.evaluation_bucket[0].arn}/output/*" },
      {
        Sid       = "ListRunFolders"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = module.evaluation_bucket[0].arn
        Condition = { StringLike = { "s3:prefix" = ["datasets/*", "output/*"] } }
      },
      { Sid = "RetrieveFromTheKnowledgeBase", Effect = "Allow", Action = "bedrock:Retrieve", Resource = aws_bedrockagent_knowledge_base.this.arn },
      { Sid = "InvokeTheEvaluator", Effect = "Allow", Action = "bedrock:InvokeModel", Resource = local.evaluator_model_arns },
      { Sid = "BucketKey", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = var.kms_key_arn },
    ]
  })
}
