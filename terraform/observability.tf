# Alarms -> encrypted SNS topic (-> Slack when configured, e-mail when set), a dashboard and
# optional Bedrock model invocation logging.
locals {
  # Bedrock Agents publish InvokeAgent metrics with the dimensions {Operation, AgentAliasArn, ModelId}
  # (user guide, "Monitor Amazon Bedrock Agents using CloudWatch Metrics"). Which ModelId value an
  # inference-profile model is published under (the profile id or the base model id) is not
  # documented, and an alarm whose dimensions match no metric sits in OK forever under
  # notBreaching. So the agent alarms are Metrics Insights queries (CloudWatch user guide, "Create a
  # CloudWatch alarm based on a Metrics Insights query") over that dimension set, filtered by alias
  # and operation only: whatever ModelId the metric carries, it is summed.
  agent_metric_query = {
    for agent in keys(local.agents) : agent => {
      for metric in ["InvocationCount", "InvocationServerErrors", "InvocationClientErrors", "InvocationThrottles"] :
      metric => "SELECT SUM(${metric}) FROM SCHEMA(\"AWS/Bedrock/Agents\", AgentAliasArn, ModelId, Operation) WHERE AgentAliasArn = '${module.agent[agent].alias_arn}' AND Operation = 'InvokeAgent'"
    }
  }

  # Errors and throttles of every Lambda and of both agents' live aliases, and the action groups'
  # own error metrics: > 0 in 5 minutes. `query` (agents) replaces namespace, metric and dimensions.
  error_alarms = merge(
    merge([
      for fn in keys(local.functions) : {
        for metric in ["Errors", "Throttles"] : "lambda-${fn}-${lower(metric)}" => {
          namespace   = "AWS/Lambda"
          metric      = metric
          dimensions  = { FunctionName = aws_lambda_function.this[fn].function_name }
          query       = null
          description = "${metric} in the ${fn} Lambda"
        }
      }
    ]...),
    merge([
      for agent in keys(local.agents) : {
        for metric in ["InvocationServerErrors", "InvocationThrottles"] : "agent-${agent}-${lower(metric)}" => {
          namespace   = null
          metric      = null
          dimensions  = null
          query       = local.agent_metric_query[agent][metric]
          description = "${metric} on the ${agent} agent's live alias (any model id)"
        }
      }
    ]...),
    # The action groups' own EMF metrics (Powertools, dimension `service` = the group): unexpected
    # errors answered 500, and DynamoDB throttled or unreachable after retries (answered 503).
    merge([
      for group in keys(local.action_groups) : {
        for metric in ["UnhandledErrors", "StoreUnavailable"] : "${replace(group, "_", "-")}-${lower(metric)}" => {
          namespace   = local.metrics_namespace
          metric      = metric
          dimensions  = { service = group }
          query       = null
          description = "${metric} reported by the ${group} action group"
        }
      }
    ]...),
  )
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = aws_kms_key.main.arn
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudWatchAlarmsPublish"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alarms.arn
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.observability.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.observability.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each = local.error_alarms

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.query == null ? "Sum" : null
  period              = each.value.query == null ? 300 : null
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  dynamic "metric_query" {
    for_each = each.value.query == null ? [] : [each.value.query]
    content {
      id          = "q1"
      expression  = metric_query.value
      period      = 300
      return_data = true
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "guardrail_interventions" {
  alarm_name          = "${var.name_prefix}-guardrail-interventions"
  alarm_description   = "The guardrail intervened ${var.observability.guardrail_intervention_at} or more times in 5 minutes (abuse, prompt attacks or leaking PII)"
  namespace           = "AWS/Bedrock/Guardrails"
  metric_name         = "InvocationsIntervened"
  dimensions          = { GuardrailArn = aws_bedrock_guardrail.main.guardrail_arn, GuardrailVersion = aws_bedrock_guardrail_version.main.version }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.observability.guardrail_intervention_at
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = var.name_prefix
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title = "Agent invocations and errors", region = var.region, stat = "Sum", period = 300
          metrics = flatten([for agent, queries in local.agent_metric_query : [
            for metric, query in queries : [{ expression = query, label = "${agent} ${metric}", id = lower("${agent}_${metric}") }]
          ]])
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Guardrail interventions", region = var.region, stat = "Sum", period = 300
          metrics = [["AWS/Bedrock/Guardrails", "InvocationsIntervened", "GuardrailArn", aws_bedrock_guardrail.main.guardrail_arn, "GuardrailVersion", aws_bedrock_guardrail_version.main.version]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title = "Lambda errors and throttles", region = var.region, stat = "Sum", period = 300
          metrics = flatten([for fn in keys(local.functions) : [
            ["AWS/Lambda", "Errors", "FunctionName", aws_lambda_function.this[fn].function_name],
            ["AWS/Lambda", "Throttles", "FunctionName", aws_lambda_function.this[fn].function_name],
          ]])
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title   = "Lambda duration p90 (ms)", region = var.region, stat = "p90", period = 300
          metrics = [for fn in keys(local.functions) : ["AWS/Lambda", "Duration", "FunctionName", aws_lambda_function.this[fn].function_name]]
        }
      },
    ]
  })
}

# Optional: Bedrock model invocation logging to CloudWatch Logs. It is ONE setting per account and
# region: creating it replaces any configuration already there and destroying it turns logging off
# for the whole region. deploy/invocation_logging.py guards both ends: the step below stops the
# apply before an existing configuration of someone else's is overwritten, and `make destroy` drops
# the resource from the state instead of deleting a configuration this stack no longer owns.
locals {
  invocation_log_group = "/aws/bedrock/${var.name_prefix}/model-invocations"
  invocation_logging_guard = (
    var.observability.model_invocation_logging && local.local_step != null ? "${local.local_step} deploy.invocation_logging guard" : null
  )
}

resource "terraform_data" "invocation_logging_guard" {
  count = local.invocation_logging_guard == null ? 0 : 1

  triggers_replace = [local.invocation_log_group, var.region]

  provisioner "local-exec" {
    command = local.invocation_logging_guard
    environment = {
      LOG_GROUP_NAME = local.invocation_log_group
      AWS_REGION     = var.region
    }
  }
}

resource "aws_cloudwatch_log_group" "model_invocations" {
  count = var.observability.model_invocation_logging ? 1 : 0

  name              = local.invocation_log_group
  retention_in_days = var.observability.invocation_log_retention
  kms_key_id        = aws_kms_key.main.arn
}

module "invocation_logging_trust" {
  source = "./modules/service_trust_policy"

  service         = "bedrock.amazonaws.com"
  account_id      = local.account_id
  source_arn_like = "arn:${local.partition}:bedrock:${var.region}:${local.account_id}:*"
}

resource "aws_iam_role" "invocation_logging" {
  count = var.observability.model_invocation_logging ? 1 : 0

  name               = "${var.name_prefix}-bedrock-invocation-logging"
  assume_role_policy = module.invocation_logging_trust.json
}

resource "aws_iam_role_policy" "invocation_logging" {
  count = var.observability.model_invocation_logging ? 1 : 0

  name = "write-invocation-logs"
  role = aws_iam_role.invocation_logging[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.model_invocations[0].arn}:*"
    }]
  })
}

resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  count = var.observability.model_invocation_logging ? 1 : 0

  logging_config {
    text_data_delivery_enabled      = true
    embedding_data_delivery_enabled = false
    image_data_delivery_enabled     = false
    video_data_delivery_enabled     = false
    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.model_invocations[0].name
      role_arn       = aws_iam_role.invocation_logging[0].arn
    }
  }

  depends_on = [aws_iam_role_policy.invocation_logging, terraform_data.invocation_logging_guard]
}
