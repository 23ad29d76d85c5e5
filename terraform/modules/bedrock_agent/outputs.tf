output "agent_id" {
  description = "Agent id."
  value       = aws_bedrockagent_agent.this.agent_id
}

output "agent_arn" {
  description = "Agent ARN."
  value       = aws_bedrockagent_agent.this.agent_arn
}

output "alias_id" {
  description = "Id of the stable alias (survives updates)."
  value       = aws_bedrockagent_agent_alias.live.agent_alias_id
}

output "alias_arn" {
  description = "ARN of the stable alias."
  value       = aws_bedrockagent_agent_alias.live.agent_alias_arn
}

output "role_arn" {
  description = "The agent's service role."
  value       = aws_iam_role.agent.arn
}

output "prepared_at" {
  description = "When the DRAFT was last prepared."
  value       = aws_bedrockagent_agent.this.prepared_at
}

# What the agent was built from, for callers and for the assertions in terraform/tests.
output "configuration" {
  description = "The agent's effective settings: instruction, model, guardrail, key, preparation."
  value = {
    instruction                 = aws_bedrockagent_agent.this.instruction
    foundation_model            = aws_bedrockagent_agent.this.foundation_model
    idle_session_ttl_in_seconds = aws_bedrockagent_agent.this.idle_session_ttl_in_seconds
    customer_encryption_key_arn = aws_bedrockagent_agent.this.customer_encryption_key_arn
    guardrail_configuration     = aws_bedrockagent_agent.this.guardrail_configuration
    prepare_agent               = aws_bedrockagent_agent.this.prepare_agent
    skip_resource_in_use_check  = aws_bedrockagent_agent.this.skip_resource_in_use_check
    alias_name                  = aws_bedrockagent_agent_alias.live.agent_alias_name
    knowledge_base_ids          = [for a in aws_bedrockagent_agent_knowledge_base_association.this : a.knowledge_base_id]
    role_policy                 = aws_iam_role_policy.agent.policy
  }
}

output "action_groups" {
  description = "Per action group: its schema, executor Lambda and the Lambda permission that lets this agent call it."
  value = {
    for name, group in aws_bedrockagent_agent_action_group.this : name => {
      api_schema                 = group.api_schema[0].payload
      lambda_arn                 = group.action_group_executor[0].lambda
      prepare_agent              = group.prepare_agent
      skip_resource_in_use_check = group.skip_resource_in_use_check
      # null while the permission is not in the state: `terraform import` evaluates outputs, and
      # make adopt imports one lost permission while a sibling may not exist yet (an index of a
      # missing instance would fail the import).
      permission = lookup({
        for key, permission in aws_lambda_permission.bedrock : key => {
          function_name  = permission.function_name
          principal      = permission.principal
          source_arn     = permission.source_arn
          source_account = permission.source_account
          action         = permission.action
        }
      }, name, null)
    }
  }
}

output "draft" {
  description = "Hashes of what the DRAFT holds, by action group and by knowledge-base id (a change replaces the one prepare step), and whether that step runs here."
  value = merge(local.draft_contents, {
    prepared_by_step = length(terraform_data.prepare) == 1
  })
}
