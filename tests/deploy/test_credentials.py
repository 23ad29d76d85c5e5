"""make deploy stops at once, with instructions, when AWS credentials are missing or rejected."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploy import credential_sources, credentials
from deploy.__main__ import main
from tests.deploy.make_env import outside_make


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def test_missing_credentials_explain_how_to_configure_and_run_offline(no_aws: None) -> None:
    with pytest.raises(credentials.CredentialsMissing) as missing:
        credentials.caller_arn()
    text = str(missing.value)
    assert "none found" in text
    assert "aws configure" in text and "AWS_PROFILE" in text
    assert "make demo" in text


def test_cli_exits_2_and_prints_instructions_to_stderr(
    no_aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-credentials"]) == 2
    captured = capsys.readouterr()
    assert "make demo" in captured.err and captured.out == ""


def test_rejected_credentials_name_the_error(stubbed_session: Any) -> None:
    session, stub = stubbed_session("sts")
    stub.add_client_error("get_caller_identity", service_error_code="ExpiredToken", http_status_code=403)
    with stub, pytest.raises(credentials.CredentialsMissing) as missing:
        credentials.caller_arn(session)
    assert "ExpiredToken" in str(missing.value)


def test_valid_credentials_return_the_identity(stubbed_session: Any) -> None:
    session, stub = stubbed_session("sts")
    arn = "arn:aws:sts::123456789012:assumed-role/Deployer/me"
    stub.add_response("get_caller_identity", {"UserId": "AROA:me", "Account": "123456789012", "Arn": arn})
    with stub:
        assert credentials.caller_arn(session) == arn
    stub.assert_no_pending_responses()


# --- before anything is built: configured at all? (standard library only) ----------------------

REPO = Path(__file__).resolve().parents[2]


def _make_dry_run(target: str, venv: Path) -> list[str]:
    env = outside_make()
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", target, f"VENV={venv}"],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.splitlines()


@pytest.mark.parametrize("target", ["deploy", "plan", "destroy"])
def test_make_checks_credentials_before_building_the_venv(target: str, tmp_path: Path) -> None:
    venv = tmp_path / "fresh-venv"
    lines = _make_dry_run(target, venv)
    first_check = next(i for i, line in enumerate(lines) if "credential" in line)
    # `uv venv ... <venv>` (make install), or `python -m venv <venv>`
    venv_built = next(i for i, line in enumerate(lines) if " venv " in line and line.endswith(f" {venv}"))
    assert first_check < venv_built, "\n".join(lines[: venv_built + 1])
    assert "-m deploy.credential_sources" in lines[first_check]
    assert not lines[first_check].startswith(str(tmp_path))  # the system Python, not the venv's


def _run_without_site_packages(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """python -S: no site-packages at all, so any third-party import would fail."""
    return subprocess.run(
        [sys.executable, "-S", "-m", "deploy.credential_sources"],
        cwd=REPO, env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_configured_check_runs_on_the_standard_library_alone(tmp_path: Path) -> None:
    bare = {"HOME": str(tmp_path), "AWS_EC2_METADATA_DISABLED": "true"}
    missing = _run_without_site_packages(bare)
    assert missing.returncode == 2, missing.stderr
    assert "none found" in missing.stderr and "make demo" in missing.stderr
    keys = _run_without_site_packages({**bare, "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s"})
    assert keys.returncode == 0, keys.stderr
    assert "environment (AWS_ACCESS_KEY_ID)" in keys.stdout


def test_sources_follow_botocores_chain(tmp_path: Path) -> None:
    aws = tmp_path / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text("[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n")
    (aws / "config").write_text(
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"
        "[profile empty]\nregion = eu-west-1\n"
    )
    never = lambda: False  # noqa: E731 - an IMDS that is not there
    assert credential_sources.sources({}, tmp_path, never) == [
        f"credentials file {aws / 'credentials'} [default] (access key)"
    ]
    assert credential_sources.sources({"AWS_PROFILE": "dev"}, tmp_path, never) == [
        f"config file {aws / 'config'} [profile dev] (SSO)"
    ]
    assert credential_sources.sources({"AWS_PROFILE": "empty"}, tmp_path, never) == []
    container = {"AWS_PROFILE": "empty", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"}
    assert credential_sources.sources(container, tmp_path, never) == ["container credentials endpoint"]
    assert credential_sources.sources({"AWS_PROFILE": "empty"}, tmp_path, lambda: True) == [
        "EC2 instance metadata"
    ]
    disabled = {"AWS_PROFILE": "empty", "AWS_EC2_METADATA_DISABLED": "true"}
    assert credential_sources.sources(disabled, tmp_path, lambda: True) == []


def test_a_dry_run_of_deploy_with_seed_prints_the_steps(tmp_path: Path) -> None:
    """`make -n` runs a recipe line that calls $(MAKE): the seed line's `terraform output` then runs
    with no state, and its error box, unquoted, became make targets (`No rule to make target '│'`).
    A dry run must never apply: the apply line once named $(MAKE) (for `make adopt`) and so ran."""
    calls = tmp_path / "terraform-calls"
    fake = tmp_path / "bin" / "terraform"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$*" >> {calls}\nexit 1\n')
    fake.chmod(0o755)
    env = outside_make()
    env["PATH"] = f"{fake.parent}:{env['PATH']}"
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "deploy", "SEED=1", f"VENV={tmp_path / 'venv'}"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "-m deploy smoke" in result.stdout
    ran = calls.read_text().splitlines() if calls.exists() else []
    assert not [c for c in ran if c.split()[1:2] in (["apply"], ["import"], ["plan"])], ran
