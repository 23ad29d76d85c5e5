"""TARGET=aws: agent ids from Terraform outputs, read defensively."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from evals.runner.target import TargetError, aws_target, local_target, terraform_outputs

NAMES = ["assistant", "support"]


def out(value: object) -> dict[str, object]:
    return {"sensitive": False, "type": "x", "value": value}


OUTPUTS = {
    "region": out("eu-west-1"),
    "agents": out(
        {
            "assistant": {
                "agent_id": "AAAAAAAAAA",
                "alias_id": "LIVEAAAAAA",
                "agent_arn": "arn",
                "alias_arn": "arn",
            },
            "support": {"agent_id": "SSSSSSSSSS", "alias_id": "LIVESSSSSS"},
        }
    ),
    "knowledge_base": out({"knowledge_base_id": "KB12345678"}),
}


def test_nested_agents_output() -> None:
    target = aws_target(OUTPUTS, NAMES)
    assert (target.kind, target.region, target.endpoint_url, target.knowledge_base_id) == (
        "aws",
        "eu-west-1",
        None,
        "KB12345678",
    )
    assert str(target.address("assistant")) == "AAAAAAAAAA/LIVEAAAAAA"
    assert target.describe() == "AWS eu-west-1"


def test_flat_outputs_are_accepted() -> None:
    flat = {"region": out("us-west-2")} | {
        f"{n}_{k}": out(f"{n[:1].upper() * 4}{k[:2].upper()}0000")
        for n in NAMES
        for k in ("agent_id", "alias_id")
    }
    assert str(aws_target(flat, NAMES).address("support")) == "SSSSAG0000/SSSSAL0000"


def test_missing_outputs_are_named() -> None:
    partial = {"agents": out({"assistant": {"agent_id": "AAAAAAAAAA"}}), "dashboard_name": out("d")}
    with pytest.raises(TargetError) as caught:
        aws_target(partial, NAMES)
    assert str(caught.value) == (
        "terraform outputs lack region, agents.assistant.alias_id, agents.support.agent_id and alias_id "
        "(found outputs: ['agents', 'dashboard_name'])"
    )
    with pytest.raises(TargetError, match="terraform output is empty"):
        aws_target({}, NAMES)


def test_candidate_alias_override_keeps_the_rest() -> None:
    target = aws_target(OUTPUTS, NAMES).with_alias("assistant", "CANDIDATE1")
    assert str(target.address("assistant")) == "AAAAAAAAAA/CANDIDATE1"
    assert str(target.address("support")) == "SSSSSSSSSS/LIVESSSSSS"
    with pytest.raises(TargetError, match="no agent 'nope'"):
        target.address("nope")


def test_local_target_uses_the_local_agent_ids() -> None:
    target = local_target("http://127.0.0.1:9", NAMES, "LIVE")
    assert {n: str(a) for n, a in target.agents.items()} == {
        "assistant": "ASSISTANT/LIVE",
        "support": "SUPPORT/LIVE",
    }


def fake_terraform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    binary = tmp_path / "bin" / "terraform"
    binary.parent.mkdir()
    binary.write_text("#!/bin/sh\n" + script)
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{binary.parent}{os.pathsep}{os.environ['PATH']}")


def test_terraform_output_is_run_with_chdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = json.dumps(OUTPUTS).replace("'", "")
    fake_terraform(
        tmp_path,
        monkeypatch,
        f'[ "$1" = "-chdir=infra" ] && [ "$2 $3" = "output -json" ] && echo \'{payload}\'\n',
    )
    assert terraform_outputs(Path("infra")) == OUTPUTS


def test_terraform_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_terraform(tmp_path, monkeypatch, "echo 'Error: no state' >&2; exit 1\n")
    with pytest.raises(TargetError, match="output -json` failed: Error: no state"):
        terraform_outputs(Path("terraform"))
