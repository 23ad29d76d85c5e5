# The whole knowledge base is optional: OpenSearch Serverless bills a standing minimum per hour.
module "knowledge_base" {
  source = "./modules/knowledge_base"
  count  = local.kb_enabled ? 1 : 0

  name_prefix            = var.name_prefix
  kms_key_arn            = aws_kms_key.main.arn
  region                 = var.region
  embedding_model        = var.knowledge_base.embedding_model
  embedding_dimensions   = var.knowledge_base.embedding_dimensions
  standby_replicas       = var.knowledge_base.standby_replicas
  deployer_principal_arn = data.aws_iam_session_context.current.issuer_arn
  force_destroy          = var.teardown
  chunking               = local.kb_chunking
  evaluation = {
    enabled         = var.knowledge_base.evaluation_enabled
    evaluator_model = var.knowledge_base.evaluator_model
  }
  vector_index_command = local.local_step == null ? null : "${local.local_step} deploy.vector_index"
}
