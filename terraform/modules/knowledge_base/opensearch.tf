# OpenSearch Serverless vector store: CMK encryption, network access limited to Bedrock, and a
# data policy that admits only the KB role (read/write documents) and the deployer (create the
# index). The collection has a standing hourly cost while it exists.
#
# Nothing ever opens the collection's network: the vector-index step (deploy/vector_index.py)
# creates the index through the OpenSearch Serverless service API (CreateIndex, by collection id),
# not through the collection endpoint that the network policy below admits Bedrock to. There is no
# second, temporary network policy that a killed run could leave behind or destroy could miss.
locals {
  collection_name = "${var.name_prefix}-kb"
  index_name      = "bedrock-knowledge-base-index"
  vector_field    = "bedrock-knowledge-base-vector"
  text_field      = "AMAZON_BEDROCK_TEXT_CHUNK"
  metadata_field  = "AMAZON_BEDROCK_METADATA"
  collection_rule = { ResourceType = "collection", Resource = ["collection/${local.collection_name}"] }
}

resource "aws_opensearchserverless_security_policy" "encryption" {
  name        = "${local.collection_name}-enc"
  type        = "encryption"
  description = "Encrypt the knowledge-base collection with the stack's customer-managed key"
  policy = jsonencode({
    Rules       = [local.collection_rule]
    AWSOwnedKey = false
    KmsARN      = var.kms_key_arn
  })
}

resource "aws_opensearchserverless_security_policy" "network" {
  name        = "${local.collection_name}-net"
  type        = "network"
  description = "Collection endpoint reachable by Amazon Bedrock only"
  policy = jsonencode([{
    Description     = "Only Amazon Bedrock reaches the collection endpoint"
    Rules           = [local.collection_rule]
    AllowFromPublic = false
    SourceServices  = ["bedrock.amazonaws.com"]
  }])
}

resource "aws_opensearchserverless_access_policy" "data" {
  name        = "${local.collection_name}-data"
  type        = "data"
  description = "KB role reads and writes documents; the deployer only creates the index"
  policy = jsonencode([
    {
      Description = "Knowledge-base role"
      Principal   = [aws_iam_role.knowledge_base.arn]
      Rules = [
        merge(local.collection_rule, { Permission = ["aoss:DescribeCollectionItems"] }),
        {
          ResourceType = "index"
          Resource     = ["index/${local.collection_name}/*"]
          Permission   = ["aoss:DescribeIndex", "aoss:UpdateIndex", "aoss:ReadDocument", "aoss:WriteDocument"]
        },
      ]
    },
    {
      Description = "Deployer creates the vector index"
      Principal   = [var.deployer_principal_arn]
      Rules = [
        {
          ResourceType = "index"
          Resource     = ["index/${local.collection_name}/*"]
          Permission   = ["aoss:CreateIndex", "aoss:DescribeIndex"]
        },
      ]
    },
  ])
}

resource "aws_opensearchserverless_collection" "this" {
  name             = local.collection_name
  description      = "Vector store of the ${var.name_prefix} knowledge base"
  type             = "VECTORSEARCH"
  standby_replicas = var.standby_replicas ? "ENABLED" : "DISABLED"

  depends_on = [
    aws_opensearchserverless_security_policy.encryption,
    aws_opensearchserverless_security_policy.network,
    aws_opensearchserverless_access_policy.data,
  ]
}

# The vector index must exist before the knowledge base. No opensearch provider: a small Python
# step (deploy/vector_index.py, boto3 CreateIndex) creates it. terraform test passes a null
# command, so no provisioner ever runs there.
resource "terraform_data" "vector_index" {
  count = var.vector_index_command == null ? 0 : 1

  triggers_replace = [aws_opensearchserverless_collection.this.id, local.index_name, var.embedding_dimensions]

  provisioner "local-exec" {
    command = var.vector_index_command
    environment = {
      COLLECTION_ID  = aws_opensearchserverless_collection.this.id
      INDEX_NAME     = local.index_name
      VECTOR_FIELD   = local.vector_field
      TEXT_FIELD     = local.text_field
      METADATA_FIELD = local.metadata_field
      DIMENSIONS     = tostring(var.embedding_dimensions)
      AWS_REGION     = local.region
    }
  }
}
