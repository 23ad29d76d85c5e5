data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id          = data.aws_caller_identity.current.account_id
  partition           = data.aws_partition.current.partition
  region              = var.region
  embedding_model_arn = "arn:${local.partition}:bedrock:${local.region}::foundation-model/${var.embedding_model}"
}

module "trust" {
  source = "../service_trust_policy"

  service         = "bedrock.amazonaws.com"
  account_id      = local.account_id
  source_arn_like = "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:knowledge-base/*"
}

resource "aws_iam_role" "knowledge_base" {
  name_prefix        = "AmazonBedrockExecutionRoleForKB_"
  description        = "Service role of the ${var.name_prefix} knowledge base"
  assume_role_policy = module.trust.json
}

resource "aws_iam_role_policy" "knowledge_base" {
  name = "knowledge-base"
  role = aws_iam_role.knowledge_base.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Embed", Effect = "Allow", Action = "bedrock:InvokeModel", Resource = local.embedding_model_arn },
      { Sid = "VectorStore", Effect = "Allow", Action = "aoss:APIAccessAll", Resource = aws_opensearchserverless_collection.this.arn },
      {
        Sid       = "ListDocuments"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = module.documents_bucket.arn
        Condition = { StringLike = { "s3:prefix" = ["documents/*", "documents/"] } }
      },
      { Sid = "ReadDocuments", Effect = "Allow", Action = "s3:GetObject", Resource = "${module.documents_bucket.arn}/documents/*" },
      { Sid = "DocumentsAndIndexKey", Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = var.kms_key_arn },
    ]
  })
}

# Knowledge-base configuration cannot change in place: any change replaces it.
resource "terraform_data" "kb_configuration" {
  input = {
    embedding_model = local.embedding_model_arn
    dimensions      = var.embedding_dimensions
    collection      = aws_opensearchserverless_collection.this.arn
    index           = local.index_name
  }
}

resource "aws_bedrockagent_knowledge_base" "this" {
  name        = "${var.name_prefix}-store-policies"
  description = "Store policies: returns, shipping, warranty, payment, loyalty, product care, privacy"
  role_arn    = aws_iam_role.knowledge_base.arn

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = local.embedding_model_arn
      embedding_model_configuration {
        bedrock_embedding_model_configuration {
          dimensions          = var.embedding_dimensions
          embedding_data_type = "FLOAT32"
        }
      }
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.this.arn
      vector_index_name = local.index_name
      field_mapping {
        vector_field   = local.vector_field
        text_field     = local.text_field
        metadata_field = local.metadata_field
      }
    }
  }

  lifecycle {
    replace_triggered_by = [terraform_data.kb_configuration]
  }

  depends_on = [aws_iam_role_policy.knowledge_base, terraform_data.vector_index]
}

# The chunking declaration (terraform/knowledge_base_chunking.json, read by the local retriever and
# make deploy alike): make deploy uploads each section-aware chunk as one object, so the data source
# ingests every object as one chunk. Changing the declaration replaces the data source (ingestion
# configuration cannot change in place), and the next make deploy re-uploads and re-ingests.
resource "terraform_data" "chunking" {
  input = var.chunking
}

resource "aws_bedrockagent_data_source" "documents" {
  knowledge_base_id    = aws_bedrockagent_knowledge_base.this.id
  name                 = "store-policy-documents"
  description          = "Markdown store policies under s3://<bucket>/documents/"
  data_deletion_policy = "RETAIN"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn         = module.documents_bucket.arn
      inclusion_prefixes = ["documents/"]
    }
  }

  server_side_encryption_configuration {
    kms_key_arn = var.kms_key_arn
  }

  vector_ingestion_configuration {
    chunking_configuration {
      chunking_strategy = "NONE"
    }
  }

  lifecycle {
    replace_triggered_by = [terraform_data.chunking]
  }
}
