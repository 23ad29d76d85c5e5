# Both agents come from the same module; instructions and schemas are the repository files.
module "agent" {
  source   = "./modules/bedrock_agent"
  for_each = local.agents

  name                        = "${var.name_prefix}-${each.key}"
  description                 = each.value.description
  instruction                 = file("${local.repo_root}/${each.value.instruction}")
  foundation_model            = var.agent.foundation_model
  idle_session_ttl_in_seconds = var.agent.idle_session_ttl_in_seconds
  kms_key_arn                 = aws_kms_key.main.arn
  region                      = var.region
  prepare_command             = local.local_step == null ? null : "${local.local_step} deploy.prepare_agent"

  guardrail = {
    id      = aws_bedrock_guardrail.main.guardrail_id
    arn     = aws_bedrock_guardrail.main.guardrail_arn
    version = aws_bedrock_guardrail_version.main.version
  }

  action_groups = {
    for group, spec in each.value.action_groups : group => {
      description     = spec.description
      lambda_arn      = aws_lambda_function.this[group].arn
      lambda_function = aws_lambda_function.this[group].function_name
      api_schema      = file("${local.repo_root}/${spec.schema}")
    }
  }

  knowledge_base = each.value.knowledge_base && local.kb_enabled ? {
    id          = module.knowledge_base[0].knowledge_base_id
    arn         = module.knowledge_base[0].knowledge_base_arn
    description = "Store policies: returns, shipping, warranty, payment, loyalty, product care and privacy. Use it to answer policy questions and cite it."
  } : null
}
