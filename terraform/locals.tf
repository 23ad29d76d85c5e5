locals {
  repo_root  = "${path.module}/.."
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # One source of truth: these repository files are read as they are.
  guardrail_policy = jsondecode(file("${path.module}/guardrail_policy.json"))
  tables           = jsondecode(file("${local.repo_root}/action_groups/tables.json"))

  # The agents this stack ships. Each names its instruction file and action groups.
  agents = {
    assistant = {
      description     = "Purchase assistant: a signed-in customer's purchases, recommendations, orders and store policies."
      action_groups   = ["purchase_history", "orders"]
      knowledge_base  = true
      instruction_md  = "${local.repo_root}/agent_instructions/assistant.md"
      slack_reachable = false
    }
    support = {
      description     = "Read-only support assistant for staff in Slack: any customer's purchases and orders by customer id."
      action_groups   = ["support"]
      knowledge_base  = false
      instruction_md  = "${local.repo_root}/agent_instructions/support.md"
      slack_reachable = true
    }
  }

  # One Lambda per action group; schemas are the generated openapi/<group>.json files.
  action_groups = {
    purchase_history = {
      agent       = "assistant"
      description = "Read the signed-in customer's purchases and next-purchase recommendations."
      handler     = "action_groups.purchase_history.handler.lambda_handler"
    }
    orders = {
      agent       = "assistant"
      description = "Search products, place, check and cancel the signed-in customer's orders (mutations need confirmation)."
      handler     = "action_groups.orders.handler.lambda_handler"
    }
    support = {
      agent       = "support"
      description = "Read-only lookups of any customer's purchases, recommendations and orders for support staff."
      handler     = "action_groups.support.handler.lambda_handler"
    }
  }

  # Every Lambda function: the three action groups plus the DynamoDB Streams recommender.
  functions = merge(
    { for name, group in local.action_groups : name => { handler = group.handler, description = group.description } },
    {
      recommender = {
        handler     = "action_groups.recommender.stream_handler.lambda_handler"
        description = "DynamoDB Streams consumer: refreshes co-purchase scores as orders arrive."
      }
    },
  )

  slack_enabled = var.slack.team_id != "" && var.slack.channel_id != ""
  kb_enabled    = var.knowledge_base.enabled
}
