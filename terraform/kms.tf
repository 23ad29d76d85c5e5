# One customer-managed key for the stack's data at rest: DynamoDB, agents, guardrail, Lambda
# logs, SNS, SQS, the KB bucket and OpenSearch Serverless. IAM policies grant its use per role.
# Policies are written with jsonencode (not aws_iam_policy_document) so that terraform test,
# whose mock provider fakes data sources, sees and asserts the real documents.
locals {
  account_condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
  # In a key policy "*" means this key.
  kms_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersKeyThroughIAM"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncryptsThisAccountsLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*" } }
      },
      {
        Sid       = "AlarmsAndChatbotUseEncryptedTopic"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "chatbot.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = local.account_condition
      },
      # Amazon Bedrock encrypts agent resources (sessions, instructions, schemas) with this key. As
      # the Bedrock user guide documents it ("Encryption of agent resources", resource-based key
      # policy): only kms:GenerateDataKey and kms:Decrypt, and only under the encryption context
      # aws:bedrock:arn of an agent. Documented with one agent ARN; a pattern here, because the key
      # exists before the agents (their ARNs depend on it). The guardrail and the knowledge base use
      # the key through roles (their Bedrock guides: key users are IAM principals, which the first
      # statement delegates to IAM), not through this service principal.
      {
        Sid       = "BedrockEncryptsThisAccountsAgents"
        Effect    = "Allow"
        Principal = { Service = "bedrock.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:bedrock:arn" = "arn:${local.partition}:bedrock:${var.region}:${local.account_id}:agent/*" } }
      },
    ]
  }
}

resource "aws_kms_key" "main" {
  description             = "${var.name_prefix}: data at rest (DynamoDB, Bedrock agents and guardrail, logs, SNS, SQS, S3, OpenSearch Serverless)"
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = jsonencode(local.kms_policy)
}

resource "aws_kms_alias" "main" {
  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.main.key_id
}
