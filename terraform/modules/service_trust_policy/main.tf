# An AssumeRole trust policy for an AWS service principal, confined to this account and, when
# given, to source ARNs matching a pattern (confused-deputy protection). No resources.
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

variable "source_arn_like" {
  description = "ArnLike pattern for aws:SourceArn, or null for none."
  type        = string
  default     = null
}

output "json" {
  description = "The trust policy document."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = var.service }
      Action    = "sts:AssumeRole"
      Condition = merge(
        { StringEquals = { "aws:SourceAccount" = var.account_id } },
        var.source_arn_like == null ? {} : { ArnLike = { "aws:SourceArn" = var.source_arn_like } },
      )
    }]
  })
}
