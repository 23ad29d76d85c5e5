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

variable "region" {
  description = "Region of the stack (passed in rather than read from aws_region, whose attribute names differ between provider 5 and 6)."
  type        = string
}
