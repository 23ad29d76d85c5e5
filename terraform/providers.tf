provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project   = var.name_prefix
      ManagedBy = "terraform"
    })
  }
}

provider "aws" {
  alias  = "chatbot"
  region = var.slack.api_region

  default_tags {
    tags = merge(var.tags, {
      Project   = var.name_prefix
      ManagedBy = "terraform"
    })
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# The role behind the caller's session (an assumed-role session ARN is not a valid
# principal in OpenSearch Serverless data policies or KMS key policies).
data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}
