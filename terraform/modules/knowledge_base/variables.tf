variable "name_prefix" {
  description = "Prefix of every name (at most 20 characters: OpenSearch Serverless names are capped at 32)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed key for the bucket, the collection and the data source."
  type        = string
}

variable "embedding_model" {
  description = "Titan text embedding model id."
  type        = string
}

variable "embedding_dimensions" {
  description = "Vector dimensions produced by the embedding model."
  type        = number
}

variable "standby_replicas" {
  description = "OpenSearch Serverless standby replicas (doubles the standing cost)."
  type        = bool
}

variable "deployer_principal_arn" {
  description = "IAM role or user that runs the vector-index step (only CreateIndex/DescribeIndex on this collection)."
  type        = string
}

variable "vector_index_command" {
  description = "Command that creates the vector index, or null to skip the step (terraform test)."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let destroy empty the versioned bucket."
  type        = bool
}

variable "chunking" {
  description = "The chunking declaration (knowledge_base_chunking.json): strategy, maxTokens, overlapPercentage."
  type = object({
    strategy          = string
    maxTokens         = number
    overlapPercentage = number
  })

  validation {
    condition     = var.chunking.strategy == "SECTION" && var.chunking.maxTokens >= 20 && var.chunking.maxTokens <= 8192 && var.chunking.overlapPercentage >= 0 && var.chunking.overlapPercentage < 100
    error_message = "chunking: strategy SECTION, maxTokens 20..8192 (Titan's input limit), overlapPercentage 0..99."
  }
}

variable "evaluation" {
  description = "Create the service role and bucket of Bedrock knowledge-base evaluation jobs (make eval-kb TARGET=aws BEDROCK_JOB=1), and the evaluator model it may invoke."
  type = object({
    enabled         = bool
    evaluator_model = string
  })
}

variable "region" {
  description = "Region of the stack (passed in rather than read from aws_region, whose attribute names differ between provider 5 and 6)."
  type        = string
}
