# The guardrail policy lives in guardrail_policy.json (CreateGuardrail API field names), read by
# this file and by the local runtime's guardrail engine alike.
locals {
  gp              = local.guardrail_policy
  gp_content      = try(local.gp.contentPolicyConfig.filtersConfig, [])
  gp_topics       = try(local.gp.topicPolicyConfig.topicsConfig, [])
  gp_pii          = try(local.gp.sensitiveInformationPolicyConfig.piiEntitiesConfig, [])
  gp_regexes      = try(local.gp.sensitiveInformationPolicyConfig.regexesConfig, [])
  gp_managed_word = try(local.gp.wordPolicyConfig.managedWordListsConfig, [])
  gp_words        = try(local.gp.wordPolicyConfig.wordsConfig, [])
  gp_grounding    = [for f in try(local.gp.contextualGroundingPolicyConfig.filtersConfig, []) : f if try(f.enabled, true)]
  gp_hash         = sha256(jsonencode(local.gp))
}

resource "aws_bedrock_guardrail" "main" {
  name                      = "${var.name_prefix}-guardrail"
  description               = try(local.gp.description, "Guardrail for ${var.name_prefix}")
  blocked_input_messaging   = local.gp.blockedInputMessaging
  blocked_outputs_messaging = local.gp.blockedOutputsMessaging
  kms_key_arn               = aws_kms_key.main.arn

  dynamic "content_policy_config" {
    for_each = length(local.gp_content) > 0 ? [1] : []
    content {
      dynamic "filters_config" {
        for_each = local.gp_content
        content {
          type            = filters_config.value.type
          input_strength  = filters_config.value.inputStrength
          output_strength = filters_config.value.outputStrength
        }
      }
    }
  }

  dynamic "topic_policy_config" {
    for_each = length(local.gp_topics) > 0 ? [1] : []
    content {
      dynamic "topics_config" {
        for_each = local.gp_topics
        content {
          name       = topics_config.value.name
          definition = topics_config.value.definition
          examples   = try(topics_config.value.examples, [])
          type       = topics_config.value.type
        }
      }
    }
  }

  dynamic "sensitive_information_policy_config" {
    for_each = length(local.gp_pii) + length(local.gp_regexes) > 0 ? [1] : []
    content {
      dynamic "pii_entities_config" {
        for_each = local.gp_pii
        content {
          type   = pii_entities_config.value.type
          action = pii_entities_config.value.action
        }
      }
      dynamic "regexes_config" {
        for_each = local.gp_regexes
        content {
          name        = regexes_config.value.name
          description = try(regexes_config.value.description, null)
          pattern     = regexes_config.value.pattern
          action      = regexes_config.value.action
        }
      }
    }
  }

  # Contextual grounding (hallucination) filters. Provider 5.100 takes type and threshold only, so a
  # filter's action is the service default (BLOCK); guardrail_policy.json declares no other.
  dynamic "contextual_grounding_policy_config" {
    for_each = length(local.gp_grounding) > 0 ? [1] : []
    content {
      dynamic "filters_config" {
        for_each = local.gp_grounding
        content {
          type      = filters_config.value.type
          threshold = filters_config.value.threshold
        }
      }
    }
  }

  dynamic "word_policy_config" {
    for_each = length(local.gp_managed_word) + length(local.gp_words) > 0 ? [1] : []
    content {
      dynamic "managed_word_lists_config" {
        for_each = local.gp_managed_word
        content {
          type = managed_word_lists_config.value.type
        }
      }
      dynamic "words_config" {
        for_each = local.gp_words
        content {
          text = words_config.value.text
        }
      }
    }
  }

  lifecycle {
    precondition {
      condition     = alltrue([for f in local.gp_grounding : try(f.action, "BLOCK") == "BLOCK"])
      error_message = "guardrail_policy.json: contextual grounding filters can only BLOCK here (provider 5.100 cannot set action); remove \"action\" or set it to BLOCK."
    }
  }
}

# Holds the policy hash so a policy change replaces the (immutable) guardrail version.
resource "terraform_data" "guardrail_policy" {
  input = local.gp_hash
}

# Old versions are kept (skip_destroy): agent versions that a `live` alias may still route to
# reference them. Destroying the guardrail itself removes every version.
resource "aws_bedrock_guardrail_version" "main" {
  guardrail_arn = aws_bedrock_guardrail.main.guardrail_arn
  description   = "policy sha256 ${substr(local.gp_hash, 0, 16)}"
  skip_destroy  = true

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.guardrail_policy]
  }
}
