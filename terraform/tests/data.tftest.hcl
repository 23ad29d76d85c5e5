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

run "tables_and_least_privilege" {
  command = apply

  assert {
    condition = alltrue([
      for name, t in jsondecode(file("../action_groups/tables.json")) :
      aws_dynamodb_table.this[name].hash_key == t.hash_key &&
      aws_dynamodb_table.this[name].range_key == t.range_key &&
      toset([for a in aws_dynamodb_table.this[name].attribute : a.name]) == toset(keys(t.attributes))
    ])
    error_message = "tables must be built from action_groups/tables.json (keys and attributes)"
  }

  assert {
    condition = (
      [for i in aws_dynamodb_table.this["store"].global_secondary_index : i.name] == ["by_category_sales"] &&
      [for i in aws_dynamodb_table.this["store"].local_secondary_index : i.name] == ["by_placed_at"] &&
      aws_dynamodb_table.this["store"].stream_view_type == "NEW_AND_OLD_IMAGES" &&
      aws_dynamodb_table.this["idempotency"].ttl[0].attribute_name == "expiration"
    )
    error_message = "indexes, stream and TTL must follow tables.json"
  }

  assert {
    condition = alltrue([
      for t in aws_dynamodb_table.this :
      t.deletion_protection_enabled && t.point_in_time_recovery[0].enabled &&
      t.server_side_encryption[0].enabled && t.server_side_encryption[0].kms_key_arn == aws_kms_key.main.arn
    ])
    error_message = "every table needs deletion protection, PITR and CMK encryption"
  }

  # The support role must not be able to write anything anywhere.
  assert {
    condition = length([
      for s in jsondecode(aws_iam_role_policy.lambda["support"].policy).Statement : s
      if anytrue([
        for a in flatten([s.Action]) :
        can(regex("^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|ConditionCheck|PartiQLInsert|PartiQLUpdate|PartiQLDelete|Create|Restore|Import)", a)) ||
        a == "dynamodb:*" || a == "*" || a == "kms:GenerateDataKey" || startswith(a, "s3:Put") || startswith(a, "sqs:")
      ])
    ]) == 0
    error_message = "the support Lambda's role has a write action"
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.lambda["support"].policy).Statement : flatten([s.Action]) if startswith(s.Sid, "Store")
    ])) == toset(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"])
    error_message = "support may only GetItem, Query and BatchGetItem on the store"
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.lambda["orders"].policy).Statement : flatten([s.Action]) if s.Sid == "IdempotencyTable"
    ])) == toset(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
    error_message = "orders needs exactly Get/Put/Update/DeleteItem on the idempotency table"
  }

  assert {
    condition = alltrue([
      for fn in ["purchase_history", "support", "orders", "recommender"] :
      length([for s in jsondecode(aws_iam_role_policy.lambda[fn].policy).Statement : s if try(s.Condition.StringEquals["cloudwatch:namespace"], "") == "PurchaseAssistant" && s.Action == "cloudwatch:PutMetricData"]) == 1
    ])
    error_message = "PutMetricData must be conditioned on the PurchaseAssistant namespace"
  }

  assert {
    condition = alltrue([
      for name, fn in aws_lambda_function.this :
      fn.runtime == "python3.13" && fn.tracing_config[0].mode == "Active" &&
      fn.reserved_concurrent_executions == null &&
      fn.environment[0].variables.POWERTOOLS_SERVICE_NAME == name &&
      fn.environment[0].variables.POWERTOOLS_METRICS_NAMESPACE == "PurchaseAssistant" &&
      fn.environment[0].variables.STORE_TABLE_NAME == aws_dynamodb_table.this["store"].name &&
      fn.environment[0].variables.IDEMPOTENCY_TABLE_NAME == aws_dynamodb_table.this["idempotency"].name &&
      fn.logging_config[0].log_group == aws_cloudwatch_log_group.lambda[name].name
    ])
    error_message = "Lambdas: python3.13, X-Ray, no reserved concurrency by default (unset: the provider sends -1), Powertools environment, own log group"
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.lambda : g.retention_in_days == 30 && g.kms_key_id == aws_kms_key.main.arn])
    error_message = "log groups need retention and the CMK"
  }

  assert {
    condition = (
      jsondecode(one(one(aws_lambda_event_source_mapping.recommender.filter_criteria).filter).pattern) == { eventName = ["INSERT", "MODIFY"], dynamodb = { NewImage = { entity = { S = ["OWNED"] } } } } &&
      aws_lambda_event_source_mapping.recommender.function_response_types == toset(["ReportBatchItemFailures"]) &&
      aws_lambda_event_source_mapping.recommender.batch_size == 25 &&
      aws_lambda_event_source_mapping.recommender.bisect_batch_on_function_error &&
      aws_lambda_event_source_mapping.recommender.destination_config[0].on_failure[0].destination_arn == aws_sqs_queue.recommender_failures.arn &&
      aws_sqs_queue.recommender_failures.kms_master_key_id == aws_kms_key.main.arn
    )
    error_message = "recommender stream mapping: OWNED items only, partial batch failures, batch 25, bisect, KMS-encrypted SQS on-failure destination"
  }
}

run "alarms_and_trust" {
  command = apply

  # Bedrock user guide, "Encryption of agent resources": the service may GenerateDataKey and
  # Decrypt under an agent's aws:bedrock:arn encryption context, nothing broader.
  assert {
    condition = [
      for s in jsondecode(aws_kms_key.main.policy).Statement : {
        actions = toset(flatten([s.Action]))
        context = try(s.Condition.StringLike["kms:EncryptionContext:aws:bedrock:arn"], "")
        others  = [for operator, block in s.Condition : keys(block) if operator != "StringLike"]
      } if contains(flatten([try(s.Principal.Service, [])]), "bedrock.amazonaws.com")
      ] == [{
        actions = toset(["kms:GenerateDataKey", "kms:Decrypt"])
        context = "arn:aws:bedrock:us-east-1:123456789012:agent/*"
        others  = []
    }]
    error_message = "the key policy lets bedrock.amazonaws.com only GenerateDataKey/Decrypt for this account's agents (encryption context)"
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.errors) == 18 &&
      aws_cloudwatch_metric_alarm.errors["orders-storeunavailable"].namespace == "PurchaseAssistant" &&
      aws_cloudwatch_metric_alarm.errors["orders-storeunavailable"].dimensions == tomap({ service = "orders" }) &&
      alltrue([for a in aws_cloudwatch_metric_alarm.errors : a.alarm_actions == toset([aws_sns_topic.alarms.arn])]) &&
      aws_cloudwatch_metric_alarm.guardrail_interventions.namespace == "AWS/Bedrock/Guardrails"
    )
    error_message = "errors and throttles of 4 Lambdas and 2 agents, the action groups' UnhandledErrors and StoreUnavailable, plus guardrail interventions, alarm to the SNS topic"
  }

  # The ModelId value an inference-profile model is published under is not documented: agent alarms
  # must not pin it (a dimension that never matches stays OK under notBreaching). They query the
  # documented dimension set, filtered by the live alias and the operation.
  assert {
    condition = alltrue(flatten([
      for agent in ["assistant", "support"] : [
        for metric in ["invocationservererrors", "invocationthrottles"] : [
          for alarm in [aws_cloudwatch_metric_alarm.errors["agent-${agent}-${metric}"]] :
          alarm.dimensions == null && alarm.namespace == null &&
          strcontains(one(alarm.metric_query).expression, "FROM SCHEMA(\"AWS/Bedrock/Agents\", AgentAliasArn, ModelId, Operation)") &&
          strcontains(one(alarm.metric_query).expression, "WHERE AgentAliasArn = '${module.agent[agent].alias_arn}' AND Operation = 'InvokeAgent'") &&
          !strcontains(one(alarm.metric_query).expression, "ModelId =") &&
          one(alarm.metric_query).return_data && one(alarm.metric_query).period == 300
        ]
      ]
    ]))
    error_message = "agent alarms must query AWS/Bedrock/Agents by alias and operation, without pinning a ModelId"
  }

  assert {
    condition = alltrue([
      for name, alarm in aws_cloudwatch_metric_alarm.errors :
      alarm.namespace != "AWS/Bedrock/Agents" && !contains(keys(coalesce(alarm.dimensions, {})), "ModelId")
    ]) && !strcontains(aws_cloudwatch_dashboard.main.dashboard_body, "\"ModelId\",")
    error_message = "no alarm or dashboard widget may filter Bedrock Agents metrics on a ModelId dimension"
  }

  assert {
    condition     = output.invocation_logging == null && length(terraform_data.invocation_logging_guard) == 0 && length(aws_bedrock_model_invocation_logging_configuration.main) == 0
    error_message = "invocation logging is off by default: no configuration, no guard, no output"
  }

  assert {
    condition = alltrue([
      for role in aws_iam_role.lambda :
      jsondecode(role.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com" &&
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    ])
    error_message = "Lambda roles trust lambda.amazonaws.com for this account only"
  }
}

run "teardown_lifts_deletion_protection" {
  command = plan

  variables {
    teardown = true
  }

  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : !t.deletion_protection_enabled])
    error_message = "make destroy relies on teardown = true turning deletion protection off"
  }
}

run "reserved_concurrency_zero_is_rejected" {
  command = plan

  variables {
    lambda = { package_dir = "tests/fixtures/packages", reserved_concurrency = 0 }
  }

  expect_failures = [var.lambda]
}

# The options take effect (plan only: no provisioner runs, even with local steps on).
# Reserved concurrency: none by default (a reservation fails on accounts with a low concurrency
# quota, since Lambda keeps 100 executions unreserved), a bounded value when set.
# Model invocation logging is one setting per account and region: with it on, make deploy runs a
# guard before the stack's configuration is written (it stops when another one exists), and the
# output tells make destroy which configuration is this stack's.
run "options_take_effect" {
  command = plan

  variables {
    run_local_steps = true
    lambda          = { package_dir = "tests/fixtures/packages", reserved_concurrency = 5 }
    observability   = { model_invocation_logging = true }
  }

  assert {
    condition     = alltrue([for fn in aws_lambda_function.this : fn.reserved_concurrent_executions == 5])
    error_message = "lambda.reserved_concurrency must reach every function when set"
  }

  assert {
    condition = (
      length(terraform_data.invocation_logging_guard) == 1 &&
      output.invocation_logging == { log_group_name = "/aws/bedrock/purchase-assistant/model-invocations", region = "us-east-1" } &&
      aws_cloudwatch_log_group.model_invocations[0].name == output.invocation_logging.log_group_name &&
      aws_bedrock_model_invocation_logging_configuration.main[0].logging_config.cloudwatch_config.log_group_name == output.invocation_logging.log_group_name
    )
    error_message = "with invocation logging on, a guard must run before the configuration is written, and the output must name this stack's log group"
  }
}
