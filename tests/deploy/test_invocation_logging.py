"""Model invocation logging is one setting per account and region: the guard stops an apply that would
overwrite someone else's configuration, and `owner` tells make destroy whether deleting is ours to do.
Bedrock is a botocore Stubber; nothing reaches AWS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deploy import invocation_logging

OURS = "/aws/bedrock/purchase-assistant/model-invocations"
TARGET = invocation_logging.LoggingTarget(log_group_name=OURS, region="eu-west-1")
ROLE = "arn:aws:iam::123456789012:role/logging"


def _configured(stubbed_session: Any, config: dict[str, Any] | None) -> Any:
    session, stub = stubbed_session("bedrock")
    stub.add_response(
        "get_model_invocation_logging_configuration", {"loggingConfig": config} if config else {}
    )
    stub.activate()
    return session.client("bedrock")


def test_guard_stops_before_overwriting_another_configuration(
    stubbed_session: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = {
        "cloudWatchConfig": {"logGroupName": "/team/bedrock-audit", "roleArn": ROLE},
        "s3Config": {"bucketName": "audit-bucket", "keyPrefix": "bedrock/"},
        "textDataDeliveryEnabled": True,
    }
    assert invocation_logging.guard(_configured(stubbed_session, config), TARGET) == 1
    err = capsys.readouterr().err
    assert "already configured in eu-west-1" in err
    assert "/team/bedrock-audit" in err and "s3://audit-bucket/bedrock/" in err
    assert "observability.model_invocation_logging = false" in err
    assert "delete-model-invocation-logging-configuration --region eu-west-1" in err


@pytest.mark.parametrize(
    "config",
    [None, {"cloudWatchConfig": {"logGroupName": OURS, "roleArn": ROLE}, "textDataDeliveryEnabled": True}],
    ids=["none-configured", "ours-already"],
)
def test_guard_lets_the_stack_set_its_own_or_an_empty_setting(stubbed_session: Any, config: Any) -> None:
    assert invocation_logging.guard(_configured(stubbed_session, config), TARGET) == 0


def test_owner_tells_destroy_whose_setting_it_is(stubbed_session: Any) -> None:
    ours = {"cloudWatchConfig": {"logGroupName": OURS, "roleArn": ROLE}}
    theirs = {"s3Config": {"bucketName": "audit-bucket"}}
    assert (
        invocation_logging.owner(invocation_logging.current(_configured(stubbed_session, ours)), TARGET)
        == "this-stack"
    )
    assert (
        invocation_logging.owner(invocation_logging.current(_configured(stubbed_session, theirs)), TARGET)
        == "other"
    )
    assert (
        invocation_logging.owner(invocation_logging.current(_configured(stubbed_session, None)), TARGET)
        == "none"
    )


def test_owner_cli_reads_the_terraform_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stubbed_session: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = tmp_path / "outputs.json"
    outputs.write_text(
        json.dumps({"invocation_logging": {"value": None, "type": "string", "sensitive": False}})
    )
    assert invocation_logging.main(["owner", "--outputs", str(outputs)]) == 0
    assert capsys.readouterr().out.strip() == "none"  # the stack manages no logging: nothing to decide

    value = {"log_group_name": OURS, "region": "eu-west-1"}
    outputs.write_text(
        json.dumps({"invocation_logging": {"value": value, "type": "object", "sensitive": False}})
    )
    client = _configured(
        stubbed_session, {"cloudWatchConfig": {"logGroupName": "/someone/else", "roleArn": ROLE}}
    )
    monkeypatch.setattr(invocation_logging.boto3.session.Session, "client", lambda *_a, **_k: client)
    assert invocation_logging.main(["owner", "--outputs", str(outputs)]) == 0
    assert capsys.readouterr().out.strip() == "other"
