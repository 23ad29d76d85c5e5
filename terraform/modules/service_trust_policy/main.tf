# An AssumeRole trust policy for an AWS service principal, confined to this account and, when
# given, to source ARNs matching a pattern (confused-deputy protection). No resources.
# A condition on a key the service does not send never matches: AssumeRole is then denied. So
# aws:SourceAccount is required only where the service documents sending it.
terraform {
  required_version = ">= 1.9.0, < 2.0.0"
}

variable "service" {
  description = "Service principal, e.g. bedrock.amazonaws.com."
  type        = string
}

variable "account_id" {
  description = "Only requests on behalf of this account may assume the role."
  type        = string
}

variable "require_source_account" {
  description = "Condition the trust on aws:SourceAccount. Set false only for a service whose documentation does not say it sends that key."
  type        = bool
  default     = true
}

variable "source_arn_like" {
  description = "ArnLike pattern for aws:SourceArn, or null for none."
  type        = string
  default     = null
}

locals {
  conditions = merge(
    var.require_source_account ? { StringEquals = { "aws:SourceAccount" = var.account_id } } : {},
    var.source_arn_like == null ? {} : { ArnLike = { "aws:SourceArn" = var.source_arn_like } },
  )
}

output "json" {
  description = "The trust policy document."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [merge(
      { Effect = "Allow", Principal = { Service = var.service }, Action = "sts:AssumeRole" },
      length(local.conditions) == 0 ? {} : { Condition = local.conditions },
    )]
  })
}
