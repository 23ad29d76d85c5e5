output "region" {
  description = "Region of the deployment."
  value       = var.region
}

output "agents" {
  description = "Agent and `live` alias ids and ARNs, by agent."
  value = {
    for name, agent in module.agent : name => {
      agent_id  = agent.agent_id
      agent_arn = agent.agent_arn
      alias_id  = agent.alias_id
      alias_arn = agent.alias_arn
    }
  }
}

# try(): null while the table is not in the state. `terraform import` evaluates outputs, and make
# adopt imports one lost table while the other may not exist yet (an index of a missing instance
# would fail the import; tests/local_aws/stack/test_round_trip.py forgets one).
output "store_table_name" {
  description = "DynamoDB store table (`make seed STORE_TABLE=...`)."
  value       = try(aws_dynamodb_table.this["store"].name, null)
}

output "idempotency_table_name" {
  description = "DynamoDB idempotency table."
  value       = try(aws_dynamodb_table.this["idempotency"].name, null)
}

output "knowledge_base" {
  description = "Knowledge base, data source and bucket ids, or null when disabled."
  value = local.kb_enabled ? {
    knowledge_base_id   = module.knowledge_base[0].knowledge_base_id
    data_source_id      = module.knowledge_base[0].data_source_id
    bucket_name         = module.knowledge_base[0].bucket_name
    collection_endpoint = module.knowledge_base[0].collection_endpoint
  } : null
}

output "knowledge_base_evaluation" {
  description = "Bucket and service role of Bedrock evaluation jobs (make eval-kb TARGET=aws BEDROCK_JOB=1), or null."
  value       = local.kb_enabled ? module.knowledge_base[0].evaluation : null
}

output "guardrail" {
  description = "Guardrail id and the version attached to both agents."
  value = {
    id      = aws_bedrock_guardrail.main.guardrail_id
    version = aws_bedrock_guardrail_version.main.version
  }
}

output "alarm_topic_arn" {
  description = "SNS topic receiving every alarm."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.main.dashboard_name
}

output "slack_connector_command" {
  description = "Type this in the Slack channel (after authorizing the workspace in the console) to add the support agent."
  value       = "@Amazon Q connector add ${replace(var.name_prefix, "-", "")}support ${module.agent["support"].agent_arn} ${module.agent["support"].alias_id}"
}

output "slack_configured" {
  description = "Whether the Chatbot channel configuration exists."
  value       = local.slack_enabled
}

output "console_command" {
  description = "Opens the agent test console against this deployment's assistant."
  value       = "make console REGION=${var.region} AGENT_ID=${module.agent["assistant"].agent_id} ALIAS_ID=${module.agent["assistant"].alias_id}"
}

output "invocation_logging" {
  description = "This stack's Bedrock model invocation logging (log group, region), or null when it manages none. make destroy reads it."
  value       = var.observability.model_invocation_logging ? { log_group_name = local.invocation_log_group, region = var.region } : null
}
