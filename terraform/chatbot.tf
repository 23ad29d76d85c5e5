# Slack through AWS Chatbot (Amazon Q Developer in chat applications), only when both Slack ids
# are set. Slack reaches only the read-only support agent's `live` alias. The channel role and
# the guardrail policy say the same thing; Chatbot applies the intersection of the two.
locals {
  # One document for the channel role and the channel guardrail.
  chatbot_channel_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AskTheSupportAgentOnly"
        Effect   = "Allow"
        Action   = "bedrock:InvokeAgent"
        Resource = module.agent["support"].alias_arn
      },
      # Agent resources are encrypted with the stack's CMK; InvokeAgent decrypts with the caller's
      # permissions, limited here to this agent's encryption context and calls through Bedrock.
      {
        Sid      = "DecryptSupportAgentThroughBedrock"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.main.arn
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:aws:bedrock:arn" = module.agent["support"].agent_arn
            "kms:ViaService"                        = "bedrock.${var.region}.amazonaws.com"
          }
        }
      },
      # Alarm cards: this stack's alarms, and metric reads (which have no resource-level permissions).
      {
        Sid      = "ReadThisStacksAlarms"
        Effect   = "Allow"
        Action   = ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"]
        Resource = "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${var.name_prefix}-*"
      },
      {
        Sid      = "ReadMetricsForAlarmCards"
        Effect   = "Allow"
        Action   = ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"]
        Resource = "*"
      },
    ]
  }
}

# No aws:SourceAccount condition: no AWS documentation found says Chatbot sends it when it assumes a
# channel role. The Chatbot admin guide's permission pages ("Understanding ... permissions",
# "Identity and Access Management") name no condition key for the channel role's trust, no
# cross-service confused-deputy page covers Chatbot, and the provider's own acceptance test
# (internal/service/chatbot/slack_channel_configuration_test.go) trusts the bare principal. A
# condition on a key Chatbot does not send would deny AssumeRole and silence the channel. What
# bounds the role instead: its policy and the channel guardrail allow only the support agent's
# alias and alarm reads.
module "chatbot_trust" {
  source = "./modules/service_trust_policy"

  service                = "chatbot.amazonaws.com"
  account_id             = local.account_id
  require_source_account = false
}

resource "aws_iam_role" "chatbot" {
  count = local.slack_enabled ? 1 : 0

  name               = "${var.name_prefix}-chatbot-channel"
  description        = "Slack channel role: ask the support agent, read alarm cards"
  assume_role_policy = module.chatbot_trust.json
}

resource "aws_iam_role_policy" "chatbot" {
  count = local.slack_enabled ? 1 : 0

  name   = "support-agent-only"
  role   = aws_iam_role.chatbot[0].id
  policy = jsonencode(local.chatbot_channel_policy)
}

# Guardrail policy: without it Chatbot defaults to AdministratorAccess as the channel guardrail.
resource "aws_iam_policy" "chatbot_guardrail" {
  count = local.slack_enabled ? 1 : 0

  name        = "${var.name_prefix}-chatbot-guardrail"
  description = "Channel guardrail: only InvokeAgent on the support agent's live alias, plus alarm reads"
  policy      = jsonencode(local.chatbot_channel_policy)
}

resource "aws_chatbot_slack_channel_configuration" "support" {
  count    = local.slack_enabled ? 1 : 0
  provider = aws.chatbot

  # Never rename: renaming fails in provider 5.100 (DESIGN.md section 5).
  configuration_name          = "${var.name_prefix}-support"
  iam_role_arn                = aws_iam_role.chatbot[0].arn
  slack_team_id               = var.slack.team_id
  slack_channel_id            = var.slack.channel_id
  sns_topic_arns              = [aws_sns_topic.alarms.arn]
  guardrail_policy_arns       = [aws_iam_policy.chatbot_guardrail[0].arn]
  logging_level               = var.slack.logging_level
  user_authorization_required = false
}
