resource "aws_chatbot_slack_channel_configuration" "pass_guarded" {
  configuration_name    = "pass"
  iam_role_arn          = "arn:aws:iam::123456789012:role/channel"
  slack_team_id         = "T0123ABCD"
  slack_channel_id      = "C0123ABCD"
  guardrail_policy_arns = ["arn:aws:iam::123456789012:policy/support-agent-only"]
}

resource "aws_chatbot_slack_channel_configuration" "fail_default_admin" {
  configuration_name = "fail-default"
  iam_role_arn       = "arn:aws:iam::123456789012:role/channel"
  slack_team_id      = "T0123ABCD"
  slack_channel_id   = "C0123ABCD"
}

resource "aws_chatbot_slack_channel_configuration" "fail_explicit_admin" {
  configuration_name    = "fail-admin"
  iam_role_arn          = "arn:aws:iam::123456789012:role/channel"
  slack_team_id         = "T0123ABCD"
  slack_channel_id      = "C0123ABCD"
  guardrail_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_opensearchserverless_security_policy" "pass_network" {
  name = "pass-net"
  type = "network"
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AllowFromPublic = false
    SourceServices  = ["bedrock.amazonaws.com"]
  }])
}

resource "aws_opensearchserverless_security_policy" "fail_network_public" {
  name = "fail-net"
  type = "network"
  policy = jsonencode([{
    Rules           = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AllowFromPublic = true
  }])
}

resource "aws_opensearchserverless_security_policy" "pass_encryption" {
  name = "pass-enc"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AWSOwnedKey = false
    KmsARN      = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  })
}

resource "aws_opensearchserverless_security_policy" "fail_encryption_aws_owned" {
  name = "fail-enc"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/kb"] }]
    AWSOwnedKey = true
  })
}

resource "aws_dynamodb_table" "pass_protected" {
  name                        = "pass"
  hash_key                    = "pk"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "fail_unprotected" {
  name         = "fail"
  hash_key     = "pk"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "fail_protection_off" {
  name                        = "fail-off"
  hash_key                    = "pk"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = false
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_bedrockagent_agent_action_group" "pass_prepared_once" {
  agent_id          = "AGENT12345"
  agent_version     = "DRAFT"
  action_group_name = "orders"
  prepare_agent     = false
}

resource "aws_bedrockagent_agent_action_group" "fail_prepares_itself" {
  agent_id          = "AGENT12345"
  agent_version     = "DRAFT"
  action_group_name = "orders"
  prepare_agent     = true
}

resource "aws_bedrockagent_agent_action_group" "fail_provider_default" {
  agent_id          = "AGENT12345"
  agent_version     = "DRAFT"
  action_group_name = "orders"
}

resource "aws_kms_key" "pass_bedrock_agents_only" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "bedrock.amazonaws.com" }
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = "*"
      Condition = { StringLike = { "kms:EncryptionContext:aws:bedrock:arn" = "arn:aws:bedrock:us-east-1:123456789012:agent/*" } }
    }]
  })
}

resource "aws_kms_key" "fail_bedrock_account_only" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["bedrock.amazonaws.com"] }
      Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"]
      Resource  = "*"
      Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })
}
