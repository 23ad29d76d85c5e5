# hashicorp/terraform-provider-aws#42845, as reported: one agent, two action groups, each with
# prepare_agent = true and nothing ordering them. Run against the local AWS by
# tests/local_aws/test_terraform_fidelity.py; `prepare_groups = false` is the control.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {}

variable "name" {
  type = string
}

variable "prepare_groups" {
  type = bool
}

resource "aws_iam_role" "agent" {
  name = "${var.name}-agent"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "bedrock.amazonaws.com" } }]
  })
}

resource "aws_bedrockagent_agent" "this" {
  agent_name              = var.name
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You help customers with their orders. Answer briefly and politely."
}

# Two groups, nothing ordering them (for_each instances are created in parallel, like the two
# separate resources of the report).
resource "aws_bedrockagent_agent_action_group" "example" {
  for_each = toset(["example1", "example2"])

  agent_id                   = aws_bedrockagent_agent.this.agent_id
  agent_version              = "DRAFT"
  action_group_name          = each.key
  prepare_agent              = var.prepare_groups
  skip_resource_in_use_check = true

  action_group_executor {
    custom_control = "RETURN_CONTROL"
  }

  function_schema {
    member_functions {
      functions {
        name        = "${each.key}_function"
        description = "A function of ${each.key}."
      }
    }
  }
}
