"""One default model id (default_model.json) for the deployed agents, the local Converse model and the
LLM judge. Terraform's side is asserted by terraform/tests/agents.tftest.hcl (`make tf-test`): the
agents' foundation_model is this file's id unless var.agent.foundation_model overrides it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from deploy.adopt import IMPORTS
from evals.runner.llm_judge import DEFAULT_JUDGE_MODEL
from local_bedrock.agent.converse_client import DEFAULT_MODEL_ID, model_id_from_environment
from local_bedrock.manifest import default_model_id

REPO = Path(__file__).resolve().parents[2]
MODEL_ID = json.loads((REPO / "default_model.json").read_text())["default_model_id"]


def test_local_model_and_judge_default_to_the_file() -> None:
    assert default_model_id() == MODEL_ID
    assert DEFAULT_MODEL_ID == MODEL_ID
    assert DEFAULT_JUDGE_MODEL == MODEL_ID


def test_terraform_reads_the_file_and_names_no_model_of_its_own() -> None:
    locals_tf = (REPO / "terraform" / "locals.tf").read_text()
    assert 'default_models   = jsondecode(file("${local.repo_root}/default_model.json"))' in locals_tf
    assert "coalesce(var.agent.foundation_model, local.default_models.default_model_id)" in locals_tf
    kb_tf = (REPO / "terraform" / "knowledge_base.tf").read_text()
    assert "coalesce(var.knowledge_base.evaluator_model, local.default_models.evaluator_model_id)" in kb_tf
    anthropic_ids = re.compile(r'"[a-z.]*anthropic\.[^"]+"')
    # The repository's files, not the import blocks the round trip's `make adopt` writes for a while.
    for tf in (t for t in (REPO / "terraform").glob("*.tf") if t.name != IMPORTS):
        assert not anthropic_ids.search(tf.read_text()), f"{tf.name} hard-codes a model id"


def test_the_kb_evaluation_job_defaults_to_the_files_evaluator() -> None:
    from evals.kb.bedrock_job import DEFAULT_EVALUATOR

    assert json.loads((REPO / "default_model.json").read_text())["evaluator_model_id"] == DEFAULT_EVALUATOR
    assert DEFAULT_EVALUATOR != MODEL_ID


def test_the_eval_settings_do_not_pin_another_judge_model() -> None:
    settings = yaml.safe_load((REPO / "evals" / "config.yaml").read_text())
    assert settings.get("judge_model") is None


def test_the_local_model_stays_overridable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCAL_AGENT_MODEL_ID", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
    assert model_id_from_environment() == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert model_id_from_environment("amazon.nova-micro-v1:0") == "amazon.nova-micro-v1:0"
