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

run "enabled_knowledge_base" {
  command = apply

  assert {
    condition     = module.agent["assistant"].configuration.knowledge_base_ids == [module.knowledge_base[0].knowledge_base_id]
    error_message = "the assistant must be associated with the knowledge base when it is enabled"
  }

  assert {
    condition     = module.agent["support"].configuration.knowledge_base_ids == []
    error_message = "the support agent has no knowledge base"
  }

  # The association prepares nothing itself: the agent's one prepare step must be keyed by the
  # associated knowledge base, so a replaced knowledge base (new id) prepares the DRAFT again.
  assert {
    condition = (
      keys(module.agent["assistant"].draft.knowledge_bases) == [module.knowledge_base[0].knowledge_base_id] &&
      length(module.agent["support"].draft.knowledge_bases) == 0
    )
    error_message = "the assistant's prepare step must be triggered by its knowledge-base association"
  }

  assert {
    condition = anytrue([
      for s in jsondecode(module.agent["assistant"].configuration.role_policy).Statement :
      contains(flatten([s.Action]), "bedrock:Retrieve") && s.Resource == module.knowledge_base[0].knowledge_base_arn
    ])
    error_message = "the assistant's role may Retrieve from its knowledge base (and only it)"
  }

  assert {
    condition = alltrue([
      for rule in jsondecode(module.knowledge_base[0].policies.network) :
      rule.AllowFromPublic == false && rule.SourceServices == ["bedrock.amazonaws.com"]
    ])
    error_message = "the collection network policy must admit Bedrock only, not the public internet"
  }

  assert {
    condition = (
      jsondecode(module.knowledge_base[0].policies.encryption).AWSOwnedKey == false &&
      jsondecode(module.knowledge_base[0].policies.encryption).KmsARN == aws_kms_key.main.arn
    )
    error_message = "the collection must be encrypted with the stack CMK"
  }

  assert {
    condition = alltrue(flatten([
      for stmt in jsondecode(module.knowledge_base[0].policies.data) : [
        for rule in stmt.Rules : !contains(rule.Permission, "aoss:*") && !contains(rule.Permission, "aoss:DeleteIndex")
      ]
    ])) && length(jsondecode(module.knowledge_base[0].policies.data)[1].Principal) == 1 && jsondecode(module.knowledge_base[0].policies.data)[1].Principal[0] == "arn:aws:iam::123456789012:role/Deployer"
    error_message = "data policy: no wildcard or delete permissions; the deployer (as its IAM role, not the STS session) only creates the index"
  }

  assert {
    condition = (
      module.knowledge_base[0].data_source.data_deletion_policy == "RETAIN" &&
      module.knowledge_base[0].data_source.inclusion_prefixes == toset(["documents/"])
    )
    error_message = "the S3 data source keeps vectors on delete (RETAIN) and reads documents/ only"
  }

  assert {
    condition     = module.knowledge_base[0].vector_index_step_runs == false
    error_message = "terraform test must never run the local vector-index provisioner"
  }

  assert {
    condition     = output.knowledge_base.bucket_name == "purchase-assistant-kb-mock"
    error_message = "knowledge_base output must name the bucket for make deploy's upload"
  }

  assert {
    condition = (
      module.knowledge_base[0].chunking.data_source_strategy == "NONE" &&
      module.knowledge_base[0].chunking.strategy == jsondecode(file("knowledge_base_chunking.json")).strategy &&
      module.knowledge_base[0].chunking.maxTokens == jsondecode(file("knowledge_base_chunking.json")).maxTokens &&
      module.knowledge_base[0].chunking.overlapPercentage == jsondecode(file("knowledge_base_chunking.json")).overlapPercentage
    )
    error_message = "the data source ingests make deploy's chunks as they are (NONE), cut as knowledge_base_chunking.json declares"
  }

  assert {
    condition     = output.knowledge_base_evaluation == null && module.knowledge_base[0].evaluation == null
    error_message = "the evaluation role and bucket are off by default"
  }
}

run "evaluation_role_and_bucket" {
  command = apply

  variables {
    knowledge_base = { evaluation_enabled = true }
  }

  assert {
    condition = (
      jsondecode(module.knowledge_base[0].evaluation_role.trust).Statement[0].Principal.Service == "bedrock.amazonaws.com" &&
      jsondecode(module.knowledge_base[0].evaluation_role.trust).Statement[0].Condition.ArnLike["aws:SourceArn"] == "arn:aws:bedrock:us-east-1:123456789012:evaluation-job/*"
    )
    error_message = "only Bedrock evaluation jobs of this account may assume the evaluation role"
  }

  assert {
    condition = alltrue([
      for s in jsondecode(module.knowledge_base[0].evaluation_role.policy).Statement :
      !contains(flatten([s.Action]), "*") && !contains(flatten([s.Resource]), "*")
    ])
    error_message = "the evaluation role has no wildcard action or resource"
  }

  assert {
    condition = anytrue([
      for s in jsondecode(module.knowledge_base[0].evaluation_role.policy).Statement :
      s.Action == "bedrock:Retrieve" && s.Resource == module.knowledge_base[0].knowledge_base_arn
      ]) && anytrue([
      for s in jsondecode(module.knowledge_base[0].evaluation_role.policy).Statement :
      s.Action == "bedrock:InvokeModel" && s.Resource == ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"]
    ])
    error_message = "the evaluation role may Retrieve from this knowledge base and invoke the evaluator model only"
  }

  assert {
    condition = (
      module.knowledge_base[0].evaluation_role.bucket_kms_key == aws_kms_key.main.arn &&
      module.knowledge_base[0].evaluation_role.bucket_public_access_blocked
    )
    error_message = "the evaluation bucket is encrypted with the stack CMK and closed to the public"
  }

  assert {
    condition     = output.knowledge_base_evaluation.role_arn == module.knowledge_base[0].evaluation.role_arn && output.knowledge_base_evaluation.bucket != ""
    error_message = "make eval-kb finds the evaluation bucket and role in the outputs"
  }
}

run "disabled_knowledge_base" {
  command = apply

  variables {
    knowledge_base = { enabled = false }
  }

  assert {
    condition     = length(module.knowledge_base) == 0 && output.knowledge_base == null
    error_message = "no knowledge-base resources when disabled"
  }

  assert {
    condition     = module.agent["assistant"].configuration.knowledge_base_ids == []
    error_message = "the assistant must not be associated with a knowledge base when it is disabled"
  }

  assert {
    condition = length([
      for s in jsondecode(module.agent["assistant"].configuration.role_policy).Statement : s if contains(flatten([s.Action]), "bedrock:Retrieve")
    ]) == 0
    error_message = "no Retrieve permission without a knowledge base"
  }
}
