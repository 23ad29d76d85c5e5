data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = var.region

  # An inference-profile id ("us.anthropic...") routes to the base model in several regions.
  is_profile = can(regex("^[a-z]{2,4}\\.[a-z0-9-]+\\.", var.foundation_model))
  base_model = local.is_profile ? join(".", slice(split(".", var.foundation_model), 1, length(split(".", var.foundation_model)))) : var.foundation_model
  model_arns = concat(
    ["arn:${local.partition}:bedrock:*::foundation-model/${local.base_model}"],
    local.is_profile ? ["arn:${local.partition}:bedrock:${local.region}:${local.account_id}:inference-profile/${var.foundation_model}"] : [],
  )
}

module "trust" {
  source = "../service_trust_policy"

  service         = "bedrock.amazonaws.com"
  account_id      = local.account_id
  source_arn_like = "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:agent/*"
}

resource "aws_iam_role" "agent" {
  name_prefix        = "AmazonBedrockExecutionRoleForAgents_"
  description        = "Service role of the ${var.name} Bedrock agent"
  assume_role_policy = module.trust.json
}

locals {
  agent_policy = {
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "InvokeFoundationModel"
          Effect   = "Allow"
          Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:GetInferenceProfile"]
          Resource = local.model_arns
        },
        { Sid = "ApplyGuardrail", Effect = "Allow", Action = "bedrock:ApplyGuardrail", Resource = var.guardrail.arn },
        { Sid = "AgentKey", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = var.kms_key_arn },
      ],
      [
        for s in [{ Sid = "RetrieveFromKnowledgeBase", Effect = "Allow", Action = ["bedrock:Retrieve", "bedrock:RetrieveAndGenerate"], Resource = try(var.knowledge_base.arn, "") }] :
        s if var.knowledge_base != null
      ],
    )
  }
}

resource "aws_iam_role_policy" "agent" {
  name   = "agent"
  role   = aws_iam_role.agent.id
  policy = jsonencode(local.agent_policy)
}

resource "aws_bedrockagent_agent" "this" {
  agent_name                  = var.name
  description                 = var.description
  agent_resource_role_arn     = aws_iam_role.agent.arn
  foundation_model            = var.foundation_model
  instruction                 = var.instruction
  idle_session_ttl_in_seconds = var.idle_session_ttl_in_seconds
  customer_encryption_key_arn = var.kms_key_arn
  prepare_agent               = true
  skip_resource_in_use_check  = true

  guardrail_configuration = [{
    guardrail_identifier = var.guardrail.id
    guardrail_version    = var.guardrail.version
  }]

  # The role's policy must exist before Bedrock validates the agent.
  depends_on = [aws_iam_role_policy.agent]
}

# Action groups never prepare the agent themselves: with prepare_agent = true each group calls
# PrepareAgent right after it is created or updated, the groups of one agent are created in
# parallel, and Bedrock refuses a prepare while the agent is PREPARING (ConflictException). The
# failed group then exists in Bedrock but not in the state, so the retry hits a duplicate name
# (hashicorp/terraform-provider-aws#42845; provider internal/service/bedrockagent: the group's
# Create/Update call prepareAgent, which neither waits for nor retries a prepare in progress).
# terraform_data.prepare below prepares the DRAFT once, after every group exists.
resource "aws_bedrockagent_agent_action_group" "this" {
  for_each = var.action_groups

  agent_id                   = aws_bedrockagent_agent.this.agent_id
  agent_version              = "DRAFT"
  action_group_name          = each.key
  description                = each.value.description
  action_group_state         = "ENABLED"
  prepare_agent              = false
  skip_resource_in_use_check = true

  action_group_executor {
    lambda = each.value.lambda_arn
  }

  api_schema {
    payload = each.value.api_schema
  }

  depends_on = [aws_lambda_permission.bedrock]
}

# Only this agent, in this account, may invoke each action-group function.
resource "aws_lambda_permission" "bedrock" {
  for_each = var.action_groups

  statement_id   = "AllowBedrockAgent-${var.name}"
  action         = "lambda:InvokeFunction"
  function_name  = each.value.lambda_function
  principal      = "bedrock.amazonaws.com"
  source_arn     = aws_bedrockagent_agent.this.agent_arn
  source_account = local.account_id
}

# What the DRAFT holds besides the agent's own settings (the agent resource prepares itself when
# those change, before anything below runs). Any change here replaces terraform_data.prepare,
# which then prepares the DRAFT exactly once, after all of it is in place. The knowledge-base
# association has no prepare_agent at all (provider 5.100 schema), so without this a knowledge-base
# replacement (new id, new association) would leave the DRAFT unprepared until the next promote.
locals {
  draft_contents = {
    action_groups = {
      for name, group in aws_bedrockagent_agent_action_group.this : name => sha256(jsonencode([
        group.id, group.action_group_state, group.description, group.action_group_executor, group.api_schema,
      ]))
    }
    knowledge_bases = {
      for association in aws_bedrockagent_agent_knowledge_base_association.this : association.knowledge_base_id => sha256(jsonencode([
        association.id, association.description, association.knowledge_base_state,
      ]))
    }
  }
}

# One PrepareAgent per change of the DRAFT (deploy/prepare_agent.py: waits out a prepare already
# in progress, then polls GetAgent until PREPARED, as the provider's waitAgentPrepared does).
# No command under terraform test: no provisioner runs there.
resource "terraform_data" "prepare" {
  count = var.prepare_command == null ? 0 : 1

  triggers_replace = local.draft_contents

  provisioner "local-exec" {
    command = var.prepare_command
    environment = {
      AGENT_ID   = aws_bedrockagent_agent.this.agent_id
      AWS_REGION = var.region
    }
  }
}

resource "aws_bedrockagent_agent_knowledge_base_association" "this" {
  count = var.knowledge_base == null ? 0 : 1

  agent_id             = aws_bedrockagent_agent.this.agent_id
  agent_version        = "DRAFT"
  knowledge_base_id    = var.knowledge_base.id
  description          = var.knowledge_base.description
  knowledge_base_state = "ENABLED"
}

# The stable alias. Created once from the prepared DRAFT (Bedrock snapshots version 1); its id
# never changes, so the Slack connector and clients keep working. Which version it routes to is
# owned by the release tool (`make promote`), hence ignore_changes on routing_configuration.
resource "aws_bedrockagent_agent_alias" "live" {
  agent_id         = aws_bedrockagent_agent.this.agent_id
  agent_alias_name = var.alias_name
  description      = "Stable alias for ${var.name}; version routing is managed by the release tool."

  lifecycle {
    ignore_changes = [routing_configuration]
  }

  depends_on = [
    aws_bedrockagent_agent_action_group.this,
    aws_bedrockagent_agent_knowledge_base_association.this,
    terraform_data.prepare,
  ]
}
