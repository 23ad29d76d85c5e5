# Realistic values for computed attributes: the real provider still validates ARNs and JSON.
mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:sts::123456789012:assumed-role/Deployer/session"
    user_id    = "AROAEXAMPLE:session"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_iam_session_context" {
  defaults = {
    issuer_arn  = "arn:aws:iam::123456789012:role/Deployer"
    issuer_name = "Deployer"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    key_id = "11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_dynamodb_table" {
  defaults = {
    arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/mock"
    stream_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/mock/stream/2026-01-01T00:00:00.000"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock-role"
  }
}

mock_resource "aws_iam_policy" {
  defaults = {
    arn = "arn:aws:iam::123456789012:policy/mock-policy"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/mock"
  }
}

mock_resource "aws_lambda_layer_version" {
  defaults = {
    arn       = "arn:aws:lambda:us-east-1:123456789012:layer:mock:1"
    layer_arn = "arn:aws:lambda:us-east-1:123456789012:layer:mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:us-east-1:123456789012:function:mock"
    invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:mock/invocations"
    qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:mock:$LATEST"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:us-east-1:123456789012:mock"
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/mock"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:us-east-1:123456789012:mock-alarms"
  }
}

mock_resource "aws_bedrock_guardrail" {
  defaults = {
    guardrail_arn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/mockguardrail1"
    guardrail_id  = "mockguardrail1"
    version       = "DRAFT"
  }
}

mock_resource "aws_bedrock_guardrail_version" {
  defaults = {
    version = "1"
  }
}

mock_resource "aws_bedrockagent_agent" {
  defaults = {
    agent_arn   = "arn:aws:bedrock:us-east-1:123456789012:agent/MOCKAGENT1"
    agent_id    = "MOCKAGENT1"
    prepared_at = "2026-01-01T00:00:00Z"
  }
}

mock_resource "aws_bedrockagent_agent_alias" {
  defaults = {
    agent_alias_arn = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/MOCKAGENT1/MOCKALIAS1"
    agent_alias_id  = "MOCKALIAS1"
  }
}

mock_resource "aws_bedrockagent_knowledge_base" {
  defaults = {
    arn = "arn:aws:bedrock:us-east-1:123456789012:knowledge-base/MOCKKB0001"
    id  = "MOCKKB0001"
  }
}

mock_resource "aws_bedrockagent_data_source" {
  defaults = {
    data_source_id = "MOCKDS0001"
  }
}

mock_resource "aws_opensearchserverless_collection" {
  defaults = {
    arn                 = "arn:aws:aoss:us-east-1:123456789012:collection/mockcollection01"
    id                  = "mockcollection01"
    collection_endpoint = "https://mockcollection01.us-east-1.aoss.amazonaws.com"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::purchase-assistant-kb-mock"
    id  = "purchase-assistant-kb-mock"
  }
}

mock_resource "aws_chatbot_slack_channel_configuration" {
  defaults = {
    chat_configuration_arn = "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/mock"
  }
}
