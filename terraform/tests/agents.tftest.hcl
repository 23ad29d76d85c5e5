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

# Distinct ARNs per agent so that "scoped to its agent" can fail.
override_resource {
  target = module.agent["assistant"].aws_bedrockagent_agent.this
  values = {
    agent_arn = "arn:aws:bedrock:us-east-1:123456789012:agent/ASSISTANT1"
    agent_id  = "ASSISTANT1"
  }
}

override_resource {
  target = module.agent["support"].aws_bedrockagent_agent.this
  values = {
    agent_arn = "arn:aws:bedrock:us-east-1:123456789012:agent/SUPPORT001"
    agent_id  = "SUPPORT001"
  }
}

run "agents" {
  command = apply

  assert {
    condition     = module.agent["assistant"].configuration.instruction == file("../agent_instructions/assistant.md")
    error_message = "assistant instruction is not exactly agent_instructions/assistant.md"
  }

  assert {
    condition     = module.agent["support"].configuration.instruction == file("../agent_instructions/support.md")
    error_message = "support instruction is not exactly agent_instructions/support.md"
  }

  assert {
    condition     = toset(keys(module.agent["assistant"].action_groups)) == toset(["purchase_history", "orders"])
    error_message = "assistant must have exactly the purchase_history and orders action groups"
  }

  assert {
    condition     = toset(keys(module.agent["support"].action_groups)) == toset(["support"])
    error_message = "support must have exactly the support action group"
  }

  assert {
    condition = alltrue(flatten([
      for agent, spec in jsondecode(file("../agents.json")) : [
        for group, g in spec.action_groups :
        aws_lambda_function.this[group].handler == g.handler && contains(keys(module.agent[agent].action_groups), group)
      ]
    ]))
    error_message = "agents, action groups and Lambda handlers must follow agents.json"
  }

  assert {
    condition = alltrue(flatten([
      for agent in ["assistant", "support"] : [
        for name, group in module.agent[agent].action_groups : group.api_schema == file("../openapi/${name}.json")
      ]
    ]))
    error_message = "every action-group schema must be exactly openapi/<group>.json"
  }

  assert {
    condition = alltrue([
      for path, item in jsondecode(module.agent["assistant"].action_groups["orders"].api_schema).paths : alltrue([
        for method, op in item : lookup(op, "x-requireConfirmation", "") == "ENABLED"
        if contains(["placeOrder", "cancelOrder"], lookup(op, "operationId", ""))
      ])
      ]) && length(flatten([
        for path, item in jsondecode(module.agent["assistant"].action_groups["orders"].api_schema).paths : [
          for method, op in item : op.operationId if lookup(op, "operationId", "") == "placeOrder" && lookup(op, "x-requireConfirmation", "") == "ENABLED"
        ]
    ])) == 1
    error_message = "placeOrder (and cancelOrder) must carry x-requireConfirmation: ENABLED in the deployed schema"
  }

  assert {
    condition = alltrue(flatten([
      for agent in ["assistant", "support"] : [
        for name, group in module.agent[agent].action_groups :
        group.permission.source_arn == module.agent[agent].agent_arn &&
        group.permission.source_account == "123456789012" &&
        group.permission.principal == "bedrock.amazonaws.com" &&
        group.permission.action == "lambda:InvokeFunction" &&
        group.permission.function_name == aws_lambda_function.this[name].function_name
      ]
    ]))
    error_message = "every Lambda permission must name its own function and be scoped to its agent's ARN and the account"
  }

  assert {
    condition     = module.agent["support"].action_groups["support"].permission.source_arn == "arn:aws:bedrock:us-east-1:123456789012:agent/SUPPORT001"
    error_message = "the support Lambda may be invoked by the support agent only"
  }

  assert {
    condition = alltrue(flatten([
      for agent in ["assistant", "support"] : [
        for name, group in module.agent[agent].action_groups : group.lambda_arn == aws_lambda_function.this[name].arn
      ]
    ]))
    error_message = "each action group must execute its own Lambda"
  }

  assert {
    condition = alltrue([
      for agent in ["assistant", "support"] :
      module.agent[agent].configuration.prepare_agent &&
      module.agent[agent].configuration.skip_resource_in_use_check &&
      alltrue([for g in module.agent[agent].action_groups : g.skip_resource_in_use_check])
    ])
    error_message = "agents must prepare after their own changes; agents and action groups skip the in-use check on destroy"
  }

  # hashicorp/terraform-provider-aws#42845: groups of one agent are created in parallel, and a
  # group with prepare_agent = true calls PrepareAgent while another group's prepare is running.
  assert {
    condition = alltrue(flatten([
      for agent in ["assistant", "support"] : [for g in module.agent[agent].action_groups : !g.prepare_agent]
    ]))
    error_message = "no action group may prepare the agent itself (parallel PrepareAgent calls conflict); the module prepares once"
  }

  assert {
    condition = alltrue([
      for agent in ["assistant", "support"] :
      keys(module.agent[agent].draft.action_groups) == keys(module.agent[agent].action_groups) &&
      !module.agent[agent].draft.prepared_by_step
    ])
    error_message = "the one prepare step must be triggered by every action group of its agent (and never run under terraform test)"
  }

  assert {
    condition = alltrue([
      for agent in ["assistant", "support"] :
      module.agent[agent].configuration.alias_name == "live" &&
      module.agent[agent].configuration.customer_encryption_key_arn == aws_kms_key.main.arn &&
      module.agent[agent].configuration.idle_session_ttl_in_seconds == 600 &&
      module.agent[agent].configuration.foundation_model == var.agent.foundation_model
    ])
    error_message = "each agent needs the `live` alias, the stack CMK, the idle TTL and the configured model"
  }

  assert {
    condition     = output.console_command == "make console REGION=us-east-1 AGENT_ID=ASSISTANT1 ALIAS_ID=MOCKALIAS1"
    error_message = "console_command must open the console against the assistant's live alias"
  }

  assert {
    condition     = output.agents["support"].agent_id == "SUPPORT001" && output.agents["assistant"].alias_id == "MOCKALIAS1"
    error_message = "agents output must carry agent and alias ids"
  }
}

run "model_and_ttl_are_variables" {
  command = plan

  variables {
    agent = {
      foundation_model            = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
      idle_session_ttl_in_seconds = 900
    }
  }

  assert {
    condition     = module.agent["assistant"].configuration.foundation_model == "us.anthropic.claude-3-5-haiku-20241022-v1:0"
    error_message = "foundation_model must come from var.agent"
  }

  assert {
    condition     = module.agent["support"].configuration.idle_session_ttl_in_seconds == 900
    error_message = "idle session TTL must come from var.agent"
  }
}

run "rejects_out_of_range_ttl" {
  command = plan

  variables {
    agent = { idle_session_ttl_in_seconds = 10 }
  }

  expect_failures = [var.agent]
}

# With local steps on (make deploy), each agent gets its one prepare step. Plan only: no provisioner runs.
run "each_agent_is_prepared_once_by_its_own_step" {
  command = plan

  variables {
    run_local_steps = true
  }

  assert {
    condition     = module.agent["assistant"].draft.prepared_by_step && module.agent["support"].draft.prepared_by_step
    error_message = "make deploy must prepare every agent's DRAFT once after its action groups exist"
  }
}
