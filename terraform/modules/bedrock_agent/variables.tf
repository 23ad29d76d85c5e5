variable "name" {
  description = "Agent name (also the prefix of its role)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,100}$", var.name))
    error_message = "name must be 1-100 characters of letters, digits, '_' and '-'."
  }
}

variable "description" {
  description = "What the agent is for."
  type        = string
}

variable "instruction" {
  description = "Agent instruction text (40-20000 characters), read from agent_instructions/<agent>.md by the caller."
  type        = string

  validation {
    condition     = length(var.instruction) >= 40 && length(var.instruction) <= 20000
    error_message = "instruction must be 40-20000 characters (Bedrock limit)."
  }
}

variable "foundation_model" {
  description = "Foundation model id or inference profile id."
  type        = string
}

variable "idle_session_ttl_in_seconds" {
  description = "Seconds of inactivity after which Bedrock ends a session."
  type        = number
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key that encrypts the agent's resources."
  type        = string
}

variable "guardrail" {
  description = "Guardrail attached to the agent."
  type = object({
    id      = string
    arn     = string
    version = string
  })
}

variable "action_groups" {
  description = "Action groups by name: description, Lambda and the OpenAPI schema (JSON text)."
  type = map(object({
    description     = string
    lambda_arn      = string
    lambda_function = string
    api_schema      = string
  }))

  validation {
    condition     = length(var.action_groups) >= 1 && length(var.action_groups) <= 20
    error_message = "An agent needs 1-20 action groups."
  }
}

variable "knowledge_base" {
  description = "Knowledge base to associate, or null for none."
  type = object({
    id          = string
    arn         = string
    description = string
  })
  default = null
}

variable "alias_name" {
  description = "Name of the stable alias."
  type        = string
  default     = "live"
}

variable "region" {
  description = "Region of the stack (passed in rather than read from aws_region, whose attribute names differ between provider 5 and 6)."
  type        = string
}

variable "prepare_command" {
  description = "Shell command that prepares the agent's DRAFT once after its action groups and knowledge bases change (environment: AGENT_ID, AWS_REGION), or null to skip (terraform test)."
  type        = string
  default     = null
}
