output "knowledge_base_id" {
  description = "Knowledge base id."
  value       = aws_bedrockagent_knowledge_base.this.id
}

output "knowledge_base_arn" {
  description = "Knowledge base ARN."
  value       = aws_bedrockagent_knowledge_base.this.arn
}

output "data_source_id" {
  description = "S3 data source id (ingestion jobs)."
  value       = aws_bedrockagent_data_source.documents.data_source_id
}

output "bucket_name" {
  description = "Bucket holding the documents under documents/."
  value       = module.documents_bucket.id
}

output "collection_endpoint" {
  description = "OpenSearch Serverless collection endpoint."
  value       = aws_opensearchserverless_collection.this.collection_endpoint
}

output "collection_arn" {
  description = "OpenSearch Serverless collection ARN."
  value       = aws_opensearchserverless_collection.this.arn
}

output "policies" {
  description = "The collection's security and data-access policy documents."
  value = {
    encryption = aws_opensearchserverless_security_policy.encryption.policy
    network    = aws_opensearchserverless_security_policy.network.policy
    data       = aws_opensearchserverless_access_policy.data.policy
  }
}

output "data_source" {
  description = "The S3 data source's deletion policy and prefixes."
  value = {
    data_deletion_policy = aws_bedrockagent_data_source.documents.data_deletion_policy
    inclusion_prefixes   = aws_bedrockagent_data_source.documents.data_source_configuration[0].s3_configuration[0].inclusion_prefixes
  }
}

output "chunking" {
  description = "The chunking declaration the deployed chunks were cut with, and the data source's strategy."
  value = merge(var.chunking, {
    data_source_strategy = aws_bedrockagent_data_source.documents.vector_ingestion_configuration[0].chunking_configuration[0].chunking_strategy
  })
}

output "evaluation" {
  description = "Bucket and service role for Bedrock evaluation jobs, or null when not enabled."
  value = var.evaluation.enabled ? {
    bucket   = module.evaluation_bucket[0].id
    role_arn = aws_iam_role.evaluation[0].arn
  } : null
}

output "evaluation_role" {
  description = "The evaluation role's trust and permission policies and the bucket's protections (for terraform test), or null."
  value = var.evaluation.enabled ? {
    trust                        = aws_iam_role.evaluation[0].assume_role_policy
    policy                       = aws_iam_role_policy.evaluation[0].policy
    bucket_kms_key               = module.evaluation_bucket[0].kms_key
    bucket_public_access_blocked = module.evaluation_bucket[0].public_access_blocked
  } : null
}

output "vector_index_step_runs" {
  description = "Whether the local vector-index step is part of this configuration (false under terraform test)."
  value       = length(terraform_data.vector_index) > 0
}
