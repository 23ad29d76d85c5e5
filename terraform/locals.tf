locals {
  repo_root  = "${path.module}/.."
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # One source of truth: these repository files are read as they are.
  guardrail_policy = jsondecode(file("${path.module}/guardrail_policy.json"))
  kb_chunking      = { for k, v in jsondecode(file("${path.module}/knowledge_base_chunking.json")) : k => v if k != "description" }
  tables           = jsondecode(file("${local.repo_root}/action_groups/tables.json"))

  # agents.json (shared with the OpenAPI generator and the local runtime): the agents, their
  # instruction files, knowledge-base use and action groups (handler, schema file, description).
  agents = jsondecode(file("${local.repo_root}/agents.json"))
  action_groups = merge([
    for agent_name, agent in local.agents : {
      for group_name, group in agent.action_groups : group_name => merge(group, { agent = agent_name })
    }
  ]...)

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

  # Prefix of the local-exec steps (`<prefix> deploy.<step>`): the repository's venv, run from its
  # root. null under terraform test (run_local_steps = false), so no provisioner runs there.
  local_step = var.run_local_steps ? "cd '${abspath(local.repo_root)}' && .venv/bin/python -m" : null
}
