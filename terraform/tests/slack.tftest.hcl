# Agents, action groups and Lambda permissions, applied against a mock provider (offline).
mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "chatbot"
  source = "./tests/mocks"
}

variables {
  run_local_steps = false
  lambda          = { package_dir = "tests/fixtures/packages" }
}

override_resource {
  target = module.agent["support"].aws_bedrockagent_agent_alias.live
  values = {
    agent_alias_arn = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/SUPPORT001/SUPPALIAS1"
    agent_alias_id  = "SUPPALIAS1"
  }
}

override_resource {
  target = module.agent["support"].aws_bedrockagent_agent.this
  values = {
    agent_arn = "arn:aws:bedrock:us-east-1:123456789012:agent/SUPPORT001"
    agent_id  = "SUPPORT001"
  }
}

override_resource {
  target = aws_iam_policy.chatbot_guardrail
  values = {
    arn = "arn:aws:iam::123456789012:policy/purchase-assistant-chatbot-guardrail"
  }
}

run "no_slack_by_default" {
  command = apply

  assert {
    condition     = length(aws_chatbot_slack_channel_configuration.support) == 0 && length(aws_iam_role.chatbot) == 0 && length(aws_iam_policy.chatbot_guardrail) == 0
    error_message = "no Chatbot resources unless Slack ids are set"
  }

  assert {
    condition     = output.slack_configured == false
    error_message = "slack_configured must say false"
  }
}

run "slack_configured" {
  command = apply

  variables {
    slack = { team_id = "T0123ABCD", channel_id = "C0123ABCD" }
  }

  assert {
    condition     = length(aws_chatbot_slack_channel_configuration.support) == 1
    error_message = "the channel configuration must exist when Slack ids are set"
  }

  assert {
    condition = (
      length(aws_chatbot_slack_channel_configuration.support[0].guardrail_policy_arns) == 1 &&
      aws_chatbot_slack_channel_configuration.support[0].guardrail_policy_arns[0] == "arn:aws:iam::123456789012:policy/purchase-assistant-chatbot-guardrail" &&
      !anytrue([for arn in aws_chatbot_slack_channel_configuration.support[0].guardrail_policy_arns : strcontains(arn, "AdministratorAccess")])
    )
    error_message = "guardrail_policy_arns must be set to the stack's policy, never AdministratorAccess"
  }

  assert {
    condition = (
      toset(flatten([for s in jsondecode(aws_iam_policy.chatbot_guardrail[0].policy).Statement : [for a in flatten([s.Action]) : a if startswith(a, "bedrock:")]])) == toset(["bedrock:InvokeAgent"]) &&
      alltrue([
        for s in jsondecode(aws_iam_policy.chatbot_guardrail[0].policy).Statement :
        s.Resource == "arn:aws:bedrock:us-east-1:123456789012:agent-alias/SUPPORT001/SUPPALIAS1" if contains(flatten([s.Action]), "bedrock:InvokeAgent")
      ])
    )
    error_message = "the guardrail may allow only bedrock:InvokeAgent, on the support agent's live alias"
  }

  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_policy.chatbot_guardrail[0].policy).Statement : [
        for a in flatten([s.Action]) :
        a == "bedrock:InvokeAgent" ||
        (contains(["kms:Decrypt", "kms:GenerateDataKey"], a) && try(s.Condition.StringEquals["kms:EncryptionContext:aws:bedrock:arn"], "") == "arn:aws:bedrock:us-east-1:123456789012:agent/SUPPORT001") ||
        can(regex("^cloudwatch:(Describe|Get|List)", a))
      ]
    ]))
    error_message = "besides InvokeAgent, only the support agent's KMS context and CloudWatch reads for alarm cards"
  }

  assert {
    condition     = aws_iam_role_policy.chatbot[0].policy == aws_iam_policy.chatbot_guardrail[0].policy
    error_message = "the channel role and the guardrail must grant the same"
  }

  # AWS documents no aws:SourceAccount (or aws:SourceArn) for Chatbot's AssumeRole; a condition on
  # a key the service does not send denies AssumeRole and silences the channel.
  assert {
    condition = jsondecode(aws_iam_role.chatbot[0].assume_role_policy).Statement == [{
      Effect    = "Allow"
      Principal = { Service = "chatbot.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
    error_message = "the channel role must trust chatbot.amazonaws.com without conditions Chatbot is not documented to send"
  }

  assert {
    condition = (
      aws_chatbot_slack_channel_configuration.support[0].sns_topic_arns == toset([aws_sns_topic.alarms.arn]) &&
      aws_sns_topic.alarms.kms_master_key_id == aws_kms_key.main.arn
    )
    error_message = "alarms reach the channel through the encrypted SNS topic"
  }

  assert {
    condition     = output.slack_connector_command == "@Amazon Q connector add purchaseassistantsupport arn:aws:bedrock:us-east-1:123456789012:agent/SUPPORT001 SUPPALIAS1"
    error_message = "slack_connector_command must name the support agent ARN and its live alias id"
  }
}

run "slack_ids_must_come_together" {
  command = plan

  variables {
    slack = { team_id = "T0123ABCD" }
  }

  expect_failures = [var.slack]
}
