# Fixtures for the custom checkov checks. Resource names say the expected result:
# pass_* must pass, fail_* must fail every custom check that applies to them.

resource "aws_bedrock_guardrail" "pass_static" {
  name                      = "pass-static"
  blocked_input_messaging   = "no"
  blocked_outputs_messaging = "no"
  content_policy_config {
    filters_config {
      type            = "HATE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "BLOCK"
    }
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_CVV"
      action = "BLOCK"
    }
  }
}

resource "aws_bedrock_guardrail" "fail_static_weak" {
  name                      = "fail-static-weak"
  blocked_input_messaging   = "no"
  blocked_outputs_messaging = "no"
  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "MEDIUM"
      output_strength = "NONE"
    }
  }
  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "ANONYMIZE"
    }
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_CVV"
      action = "BLOCK"
    }
  }
}

resource "aws_bedrock_guardrail" "fail_static_missing" {
  name                      = "fail-static-missing"
  blocked_input_messaging   = "no"
  blocked_outputs_messaging = "no"
}

locals {
  pass_policy = jsondecode(file("${path.module}/pass_policy.json"))
  fail_policy = jsondecode(file("${path.module}/fail_policy.json"))
}

resource "aws_bedrock_guardrail" "pass_from_json" {
  name                      = "pass-from-json"
  blocked_input_messaging   = jsondecode(file("${path.module}/pass_policy.json")).blockedInputMessaging
  blocked_outputs_messaging = "no"
  dynamic "content_policy_config" {
    for_each = [1]
    content {
      dynamic "filters_config" {
        for_each = local.pass_policy.contentPolicyConfig.filtersConfig
        content {
          type            = filters_config.value.type
          input_strength  = filters_config.value.inputStrength
          output_strength = filters_config.value.outputStrength
        }
      }
    }
  }
}

resource "aws_bedrock_guardrail" "fail_from_json" {
  name                      = "fail-from-json"
  blocked_input_messaging   = jsondecode(file("${path.module}/fail_policy.json")).blockedInputMessaging
  blocked_outputs_messaging = "no"
  dynamic "content_policy_config" {
    for_each = [1]
    content {
      dynamic "filters_config" {
        for_each = local.fail_policy.contentPolicyConfig.filtersConfig
        content {
          type            = filters_config.value.type
          input_strength  = filters_config.value.inputStrength
          output_strength = filters_config.value.outputStrength
        }
      }
    }
  }
}
