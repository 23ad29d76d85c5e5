variable "region" {
  description = "AWS region for every resource. It must offer Bedrock Agents, the foundation model and Titan embeddings."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name. Lower case letters, digits and hyphens; at most 20 characters (OpenSearch Serverless names are capped at 32)."
  type        = string
  default     = "purchase-assistant"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags added to every resource (provider default_tags)."
  type        = map(string)
  default     = {}
}

variable "agent" {
  description = "Settings shared by both agents (assistant and support)."
  type = object({
    foundation_model            = optional(string, "anthropic.claude-3-haiku-20240307-v1:0")
    idle_session_ttl_in_seconds = optional(number, 600)
  })
  default = {}

  validation {
    condition     = var.agent.idle_session_ttl_in_seconds >= 60 && var.agent.idle_session_ttl_in_seconds <= 3600
    error_message = "agent.idle_session_ttl_in_seconds must be between 60 and 3600."
  }

  validation {
    condition     = can(regex("^([a-z]{2,4}\\.)?[a-z0-9-]+\\.[a-zA-Z0-9.:-]+$", var.agent.foundation_model))
    error_message = "agent.foundation_model must be a Bedrock model id (e.g. anthropic.claude-3-haiku-20240307-v1:0) or an inference profile id (e.g. us.anthropic...)."
  }
}

variable "lambda" {
  description = <<-EOT
    Action-group Lambda settings. package_dir holds layer.zip and code.zip built by `make package`
    (path relative to terraform/). reserved_concurrency caps (and reserves) concurrent executions of
    each of the four functions; null (the default) reserves nothing. Lambda keeps at least 100
    executions of the account's regional quota unreserved, so any reservation fails on accounts whose
    quota is low (new accounts): set it only where the quota leaves room for 4 x the value plus 100.
  EOT
  type = object({
    package_dir          = optional(string, "../build/lambda")
    memory_size          = optional(number, 256)
    timeout              = optional(number, 15)
    reserved_concurrency = optional(number)
    log_retention_days   = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.lambda.reserved_concurrency == null || try(var.lambda.reserved_concurrency >= 1 && var.lambda.reserved_concurrency <= 100, false)
    error_message = "lambda.reserved_concurrency must be null (no reservation) or between 1 and 100 (0 would throttle every call)."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.lambda.log_retention_days)
    error_message = "lambda.log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }

  validation {
    condition     = var.lambda.timeout >= 3 && var.lambda.timeout <= 120 && var.lambda.memory_size >= 128 && var.lambda.memory_size <= 3008
    error_message = "lambda.timeout must be 3-120 s (Bedrock waits at most 120 s) and lambda.memory_size 128-3008 MB."
  }
}

variable "knowledge_base" {
  description = "Store-policy knowledge base (S3 -> OpenSearch Serverless). OpenSearch Serverless has a standing monthly cost: set enabled = false to avoid it."
  type = object({
    enabled              = optional(bool, true)
    embedding_model      = optional(string, "amazon.titan-embed-text-v2:0")
    embedding_dimensions = optional(number, 1024)
    standby_replicas     = optional(bool, false)
    # Bedrock knowledge-base evaluation jobs (make eval-kb TARGET=aws BEDROCK_JOB=1): a service role
    # and a bucket for the dataset and results. Off by default.
    evaluation_enabled = optional(bool, false)
    evaluator_model    = optional(string, "anthropic.claude-3-5-sonnet-20240620-v1:0")
  })
  default = {}

  validation {
    condition     = contains([256, 512, 1024], var.knowledge_base.embedding_dimensions)
    error_message = "knowledge_base.embedding_dimensions must be 256, 512 or 1024 (Titan Text Embeddings V2)."
  }

  validation {
    condition     = startswith(var.knowledge_base.embedding_model, "amazon.titan-embed-text")
    error_message = "knowledge_base.embedding_model must be a Titan text embedding model id."
  }
}

variable "slack" {
  description = "AWS Chatbot (Amazon Q Developer in chat applications) for Slack. Set both ids to enable; leave both empty to skip."
  type = object({
    team_id       = optional(string, "")
    channel_id    = optional(string, "")
    logging_level = optional(string, "ERROR")
    # The Chatbot API has no endpoint in every region (none in us-east-1); the channel
    # configuration is global, so it is created through a provider alias in this region.
    api_region = optional(string, "us-west-2")
  })
  default = {}

  validation {
    condition     = (var.slack.team_id == "") == (var.slack.channel_id == "")
    error_message = "slack.team_id and slack.channel_id must be set together (or both left empty)."
  }

  validation {
    condition     = var.slack.team_id == "" || can(regex("^T[A-Z0-9]{6,}$", var.slack.team_id))
    error_message = "slack.team_id looks like T0123ABCD (Slack workspace id)."
  }

  validation {
    condition     = var.slack.channel_id == "" || can(regex("^[CG][A-Z0-9]{6,}$", var.slack.channel_id))
    error_message = "slack.channel_id looks like C0123ABCD (Slack channel id)."
  }

  validation {
    condition     = contains(["ERROR", "INFO", "NONE"], var.slack.logging_level)
    error_message = "slack.logging_level must be ERROR, INFO or NONE."
  }

  validation {
    condition     = contains(["us-east-2", "us-west-2", "eu-west-1", "ap-southeast-1"], var.slack.api_region)
    error_message = "slack.api_region must be a region with the Chatbot API: us-east-2, us-west-2, eu-west-1 or ap-southeast-1."
  }
}

variable "observability" {
  description = "Alarms, dashboard and optional Bedrock model invocation logging (one setting per account and region: make deploy stops rather than overwrite an existing one, make destroy never deletes one it did not create)."
  type = object({
    alarm_email               = optional(string, "")
    model_invocation_logging  = optional(bool, false)
    invocation_log_retention  = optional(number, 30)
    guardrail_intervention_at = optional(number, 5)
  })
  default = {}

  validation {
    condition     = var.observability.alarm_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.observability.alarm_email))
    error_message = "observability.alarm_email must be an e-mail address or empty."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.observability.invocation_log_retention)
    error_message = "observability.invocation_log_retention must be a CloudWatch Logs retention value."
  }

  validation {
    condition     = var.observability.guardrail_intervention_at >= 1
    error_message = "observability.guardrail_intervention_at must be at least 1 intervention per 5 minutes."
  }
}

variable "run_local_steps" {
  description = "Run local-exec steps on the machine running Terraform (the OpenSearch vector index). terraform test sets false so no provisioner ever runs against anything."
  type        = bool
  default     = true
}

variable "teardown" {
  description = "Set by `make destroy`: turns DynamoDB deletion protection off and lets the versioned KB bucket be emptied, so destroy completes."
  type        = bool
  default     = false
}
