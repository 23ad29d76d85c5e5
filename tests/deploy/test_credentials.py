"""make deploy stops at once, with instructions, when AWS credentials are missing or rejected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deploy import credentials
from deploy.__main__ import main


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
