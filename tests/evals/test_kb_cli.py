"""python -m evals.kb: the local run end to end, target resolution for AWS, usage errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from evals.kb import targets
from evals.kb.cli import main, parser
from evals.kb.questions import BLIND_SPLITS, load_split
from evals.runner.target import TargetError


def test_a_local_run_writes_both_reports_and_applies_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "--ids", "shipping-03,payment-03", "--reports-dir", str(tmp_path)])
    err = capsys.readouterr().err
    report = json.loads(next(tmp_path.glob("eval-kb-*/report.json")).read_text())
    assert [q["id"] for q in report["questions"]] == ["shipping-03", "payment-03"]
    assert all(q["facts_stated"] == 1 and q["citation_precision"] == 1 for q in report["questions"])
    assert report["config"]["target"] == "local" and "section-aware" in report["config"]["chunking"]
    assert report["gate"]["thresholds"]["tuning.facts_stated"] > 0
    assert next(tmp_path.glob("eval-kb-*/report.html")).read_text().startswith("<!doctype html>")
    assert "eval-kb 2/2 payment-03" in err and "tuning: Recall@k" in err
    assert code == (0 if report["gate"]["passed"] else 1)


def test_summary_only_prints_the_figures_and_writes_no_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "--ids", "shipping-03", "--no-answers", "--no-gate", "--summary-only"]
    assert main([*argv, "--reports-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "tuning: Recall@k 1.000" in err and "no report written (--summary-only)" in err
    assert not list(tmp_path.iterdir())


def test_each_question_is_reported_under_its_own_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ["shipping-03", *(load_split(name)[0].id for name in BLIND_SPLITS)]
    argv = ["run", "--split", "all", "--ids", ",".join(ids), "--no-answers", "--reports-dir", str(tmp_path)]
    code = main(argv)
    capsys.readouterr()
    report = json.loads(next(tmp_path.glob("eval-kb-*/report.json")).read_text())
    labels = [(q["id"], q["split"]) for q in report["questions"]]
    assert labels == list(zip(ids, ["tuning", *BLIND_SPLITS], strict=True))
    assert set(report["summary"]) == {"tuning", *BLIND_SPLITS, "all"}
    assert all(report["gate"]["thresholds"][f"{name}.recall_at_k"] > 0 for name in BLIND_SPLITS)  # own gates
    assert "blind2: facts_stated was not measured" in " ".join(report["gate"]["reasons"])
    assert code == 1  # --no-answers: the answer gates cannot pass


def test_check_validates_the_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "labels valid" in out
    counts = ", ".join(f"{len(load_split(name))} {name}" for name in BLIND_SPLITS)
    assert counts in out


def test_unknown_ids_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--ids", "no-such-question"]) == 2
    assert "no question with id no-such-question" in capsys.readouterr().err


def _aws_args(*extra: str) -> argparse.Namespace:
    return parser().parse_args(["run", "--target", "aws", *extra])


def test_aws_ids_from_flags_need_no_terraform() -> None:
    flags = ("--knowledge-base-id", "KB1", "--agent-id", "AG1", "--alias-id", "AL1", "--region", "eu-west-1")
    target = targets.aws(_aws_args(*flags))
    found = (target.knowledge_base_id, target.agent_id, target.alias_id, target.region)
    assert found == ("KB1", "AG1", "AL1", "eu-west-1")
    assert target.session_attributes == {"customerId": "C0001"} and target.endpoint_url is None


def test_aws_ids_come_from_terraform_outputs_and_what_is_missing_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs = {
        "region": {"value": "us-west-2"},
        "agents": {"value": {"assistant": {"agent_id": "AG2", "alias_id": "AL2"}}},
        "knowledge_base": {"value": {"knowledge_base_id": "KB2"}},
        "knowledge_base_evaluation": {"value": {"bucket": "eval-b", "role_arn": "arn:aws:iam::1:role/r"}},
    }
    monkeypatch.setattr(targets, "terraform_outputs", lambda _: outputs)
    target = targets.aws(_aws_args())
    assert (target.knowledge_base_id, target.agent_id, target.region) == ("KB2", "AG2", "us-west-2")
    assert targets.evaluation_resources(_aws_args()) == ("eval-b", "arn:aws:iam::1:role/r")
    monkeypatch.setattr(targets, "terraform_outputs", lambda _: {"region": {"value": "us-west-2"}})
    with pytest.raises(TargetError, match="needs --knowledge-base-id, --agent-id, --alias-id"):
        targets.aws(_aws_args())
    with pytest.raises(TargetError, match="knowledge_base_evaluation_enabled"):
        targets.evaluation_resources(_aws_args())


def test_a_bedrock_job_needs_the_aws_target(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", "--ids", "shipping-03", "--bedrock-job", "--no-answers", "--reports-dir", "/tmp/x"]
    assert main(args) == 2
    assert "use it with --target aws" in capsys.readouterr().err
