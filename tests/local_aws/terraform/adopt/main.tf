# The four resource types deploy.adopt covers since wt/adopt2, made as the stack makes them
# (terraform/chatbot.tf, kms.tf, lambda.tf, modules/bedrock_agent/main.tf). Run against the local AWS
# by tests/local_aws/test_adopt_terraform.py: applied, removed from the state, adopted, planned again.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  default_tags {
    tags = { Project = var.name, ManagedBy = "terraform" }
  }
}

variable "name" {
  type = string
}

variable "agent_arn" {
  description = "Stands for aws_bedrockagent_agent.this.agent_arn: an id only this stack holds."
  type        = string
}

data "aws_caller_identity" "current" {}

resource "aws_iam_policy" "guardrail" {
  name        = "${var.name}-guardrail"
  description = "Channel guardrail: only InvokeAgent on the support agent's live alias"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudwatch:Describe*", Resource = "*" }]
  })
}

resource "aws_kms_key" "main" {
  description             = "${var.name} data"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_kms_alias" "main" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_iam_role" "function" {
  name = "${var.name}-function"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name    = "${var.name}-orders"
  role             = aws_iam_role.function.arn
  runtime          = "python3.13"
  handler          = "handler.handler"
  filename         = "${path.module}/function.zip"
  source_code_hash = filebase64sha256("${path.module}/function.zip")
}

resource "aws_lambda_permission" "bedrock" {
  statement_id   = "AllowBedrockAgent-assistant"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.orders.function_name
  principal      = "bedrock.amazonaws.com"
  source_arn     = var.agent_arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_dynamodb_table" "store" {
  name             = "${var.name}-store"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_lambda_event_source_mapping" "recommender" {
  event_source_arn  = aws_dynamodb_table.store.stream_arn
  function_name     = aws_lambda_function.orders.arn
  starting_position = "LATEST"
  batch_size        = 25
}
