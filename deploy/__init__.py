"""Deploy tooling behind `make deploy`: credentials, packaging, vector index, KB ingestion, smoke test."""
