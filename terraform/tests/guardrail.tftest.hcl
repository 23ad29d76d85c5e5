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

run "guardrail" {
  command = apply

  assert {
    condition = alltrue([
      for agent in ["assistant", "support"] :
      length(module.agent[agent].configuration.guardrail_configuration) == 1 &&
      module.agent[agent].configuration.guardrail_configuration[0].guardrail_identifier == aws_bedrock_guardrail.main.guardrail_id &&
      module.agent[agent].configuration.guardrail_configuration[0].guardrail_version == aws_bedrock_guardrail_version.main.version
    ])
    error_message = "both agents must carry the guardrail at its published version"
  }

  assert {
    condition = anytrue([
      for f in aws_bedrock_guardrail.main.content_policy_config[0].filters_config :
      f.type == "PROMPT_ATTACK" && f.input_strength == "HIGH"
    ])
    error_message = "prompt attack filter must be HIGH on input"
  }

  assert {
    condition = {
      for f in aws_bedrock_guardrail.main.contextual_grounding_policy_config[0].filters_config : f.type => f.threshold
    } == { GROUNDING = 0.75, RELEVANCE = 0.25 }
    error_message = "the contextual grounding filters must be declared from guardrail_policy.json with its thresholds"
  }

  assert {
    condition = toset([for f in aws_bedrock_guardrail.main.content_policy_config[0].filters_config : f.type]) == toset(
      ["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK"]
    )
    error_message = "content filters must cover hate, insults, sexual, violence, misconduct and prompt attack"
  }

  assert {
    condition = alltrue([
      for t in ["CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV", "US_BANK_ACCOUNT_NUMBER", "PASSWORD", "AWS_ACCESS_KEY", "AWS_SECRET_KEY"] :
      contains([for e in aws_bedrock_guardrail.main.sensitive_information_policy_config[0].pii_entities_config : e.type if e.action == "BLOCK"], t)
    ])
    error_message = "card numbers, CVV, bank accounts, passwords and access keys must be BLOCKed"
  }

  assert {
    condition = alltrue([
      for t in ["EMAIL", "PHONE", "ADDRESS"] :
      contains([for e in aws_bedrock_guardrail.main.sensitive_information_policy_config[0].pii_entities_config : e.type if e.action == "ANONYMIZE"], t)
    ])
    error_message = "email, phone and address must be anonymized"
  }

  assert {
    condition     = aws_bedrock_guardrail.main.word_policy_config[0].managed_word_lists_config[0].type == "PROFANITY"
    error_message = "the managed profanity word list must be on"
  }

  assert {
    condition = (
      length(aws_bedrock_guardrail.main.topic_policy_config[0].topics_config) == length(jsondecode(file("guardrail_policy.json")).topicPolicyConfig.topicsConfig) &&
      alltrue([for t in aws_bedrock_guardrail.main.topic_policy_config[0].topics_config : t.type == "DENY" && length(t.examples) > 0])
    )
    error_message = "every denied topic of guardrail_policy.json must be declared, with examples"
  }

  assert {
    condition = (
      aws_bedrock_guardrail.main.blocked_input_messaging == jsondecode(file("guardrail_policy.json")).blockedInputMessaging &&
      aws_bedrock_guardrail.main.blocked_outputs_messaging == jsondecode(file("guardrail_policy.json")).blockedOutputsMessaging
    )
    error_message = "blocked messages must be the policy file's"
  }

  assert {
    condition     = terraform_data.guardrail_policy.input == sha256(jsonencode(jsondecode(file("guardrail_policy.json"))))
    error_message = "the guardrail version must be keyed to the policy file's hash (a policy change replaces the version)"
  }

  assert {
    condition     = aws_bedrock_guardrail.main.kms_key_arn == aws_kms_key.main.arn
    error_message = "the guardrail must be encrypted with the stack CMK"
  }
}
