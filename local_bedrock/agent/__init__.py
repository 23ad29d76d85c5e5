"""The local agent runtime: agent definitions from the repository, the orchestration loop, the models."""
