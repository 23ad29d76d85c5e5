# One Lambda per action group plus the Streams recommender. Code and dependencies are the
# deterministic zips from `make package`: layer.zip (Powertools + pydantic for python3.13 on
# x86_64) and code.zip (the action_groups package only).
locals {
  package_dir = startswith(var.lambda.package_dir, "/") ? var.lambda.package_dir : "${path.module}/${var.lambda.package_dir}"
  code_zip    = "${local.package_dir}/code.zip"
  layer_zip   = "${local.package_dir}/layer.zip"

  metrics_namespace = "PurchaseAssistant"
  store_read        = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"]

  # Least privilege per function (README: "IAM").
  function_access = {
    purchase_history = { store = local.store_read, idempotency = [], kms = ["kms:Decrypt"], stream = false }
    support          = { store = local.store_read, idempotency = [], kms = ["kms:Decrypt"], stream = false }
    orders = {
      store       = concat(local.store_read, ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"])
      idempotency = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      kms         = ["kms:Decrypt", "kms:GenerateDataKey"]
      stream      = false
    }
    recommender = {
      store       = ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"]
      idempotency = []
      kms         = ["kms:Decrypt", "kms:GenerateDataKey"]
      stream      = true
    }
  }
}

resource "aws_lambda_layer_version" "dependencies" {
  layer_name               = "${var.name_prefix}-dependencies"
  description              = "aws-lambda-powertools[tracer] and pydantic, pinned in pyproject.toml"
  filename                 = local.layer_zip
  source_code_hash         = filebase64sha256(local.layer_zip)
  compatible_runtimes      = ["python3.13"]
  compatible_architectures = ["x86_64"]
}

module "lambda_trust" {
  source = "./modules/service_trust_policy"

  service    = "lambda.amazonaws.com"
  account_id = local.account_id
}

resource "aws_iam_role" "lambda" {
  for_each = local.functions

  name               = "${var.name_prefix}-${replace(each.key, "_", "-")}-lambda"
  description        = "Execution role of the ${each.key} Lambda"
  assume_role_policy = module.lambda_trust.json
}

locals {
  store_arn = aws_dynamodb_table.this["store"].arn

  lambda_policies = {
    for fn, access in local.function_access : fn => {
      Version = "2012-10-17"
      Statement = concat(
        [{ Sid = "StoreTable", Effect = "Allow", Action = access.store, Resource = [local.store_arn, "${local.store_arn}/index/*"] }],
        [
          for s in [{ Sid = "IdempotencyTable", Effect = "Allow", Action = access.idempotency, Resource = aws_dynamodb_table.this["idempotency"].arn }] :
          s if length(access.idempotency) > 0
        ],
        [for s in [
          {
            Sid      = "StoreStream"
            Effect   = "Allow"
            Action   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
            Resource = "${local.store_arn}/stream/*"
          },
          { Sid = "FailedBatchesToQueue", Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.recommender_failures.arn },
        ] : s if access.stream],
        [
          { Sid = "TableKey", Effect = "Allow", Action = access.kms, Resource = aws_kms_key.main.arn },
          {
            Sid      = "OwnLogGroup"
            Effect   = "Allow"
            Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
            Resource = "${aws_cloudwatch_log_group.lambda[fn].arn}:*"
          },
          # X-Ray has no resource-level permissions.
          { Sid = "XRay", Effect = "Allow", Action = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource = "*" },
          {
            Sid       = "MetricsInOwnNamespace"
            Effect    = "Allow"
            Action    = "cloudwatch:PutMetricData"
            Resource  = "*"
            Condition = { StringEquals = { "cloudwatch:namespace" = local.metrics_namespace } }
          },
        ],
      )
    }
  }
}

resource "aws_iam_role_policy" "lambda" {
  for_each = local.functions

  name   = "least-privilege"
  role   = aws_iam_role.lambda[each.key].id
  policy = jsonencode(local.lambda_policies[each.key])
}

resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name_prefix}-${replace(each.key, "_", "-")}"
  retention_in_days = var.lambda.log_retention_days
  kms_key_id        = aws_kms_key.main.arn
}

resource "aws_lambda_function" "this" {
  for_each = local.functions

  # checkov:skip=CKV_AWS_117:No VPC on purpose: the functions reach only DynamoDB, X-Ray and CloudWatch over AWS endpoints; a VPC would add NAT/endpoint cost and cold-start latency for no isolation gain.
  # checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile and a signing step outside this repository; the zips are built deterministically and their hash is pinned by source_code_hash.
  # checkov:skip=CKV_AWS_116:Action-group functions are invoked synchronously by Bedrock (no async retries to catch); the recommender's failed stream batches go to an SQS on-failure destination on its event source mapping.
  function_name                  = "${var.name_prefix}-${replace(each.key, "_", "-")}"
  description                    = each.value.description
  role                           = aws_iam_role.lambda[each.key].arn
  runtime                        = "python3.13"
  architectures                  = ["x86_64"]
  handler                        = each.value.handler
  filename                       = local.code_zip
  source_code_hash               = filebase64sha256(local.code_zip)
  layers                         = [aws_lambda_layer_version.dependencies.arn]
  memory_size                    = var.lambda.memory_size
  timeout                        = var.lambda.timeout
  reserved_concurrent_executions = var.lambda.reserved_concurrency # null: none (the provider's -1, unreserved)
  kms_key_arn                    = aws_kms_key.main.arn

  environment {
    variables = {
      STORE_TABLE_NAME             = aws_dynamodb_table.this["store"].name
      IDEMPOTENCY_TABLE_NAME       = aws_dynamodb_table.this["idempotency"].name
      POWERTOOLS_SERVICE_NAME      = each.key
      POWERTOOLS_METRICS_NAMESPACE = local.metrics_namespace
      POWERTOOLS_LOG_LEVEL         = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.lambda[each.key].name
  }

  depends_on = [aws_iam_role_policy.lambda]
}

resource "aws_sqs_queue" "recommender_failures" {
  name                      = "${var.name_prefix}-recommender-failures"
  kms_master_key_id         = aws_kms_key.main.arn
  message_retention_seconds = 1209600
}

resource "aws_lambda_event_source_mapping" "recommender" {
  event_source_arn               = aws_dynamodb_table.this["store"].stream_arn
  function_name                  = aws_lambda_function.this["recommender"].arn
  starting_position              = "LATEST"
  batch_size                     = 25
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 3
  maximum_record_age_in_seconds  = 3600

  # placeOrder updates the customer's OWNED item in the order's transaction (created on the first
  # purchase, modified after); the handler derives new co-purchases from its old and new images.
  filter_criteria {
    filter {
      pattern = jsonencode({
        eventName = ["INSERT", "MODIFY"]
        dynamodb  = { NewImage = { entity = { S = ["OWNED"] } } }
      })
    }
  }

  # The handler (Powertools BatchProcessor) reports partial batch failures.
  function_response_types = ["ReportBatchItemFailures"]

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.recommender_failures.arn
    }
  }
}
