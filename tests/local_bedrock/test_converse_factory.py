"""converse_model_from_environment: a model when credentials exist, None otherwise, never a network call."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import CredentialRetrievalError
from converse_fixtures import MODEL_ID, response, stubbed, tool_use

from local_bedrock.agent import converse, converse_cli
from local_bedrock.agent.converse import ConverseModel, converse_model_from_environment
from local_bedrock.agent.converse_client import DEFAULT_MODEL_ID

CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "LOCAL_AGENT_MODEL_ID",
    "LOCAL_AGENT_REGION",
)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Any]]:
    """A machine with no AWS configuration at all; records (and refuses) every connection attempt."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("tests make no network calls")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts


@pytest.fixture
def keys(connections: list[Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Access keys in the environment (and still no network)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    return connections


def test_no_credentials_means_no_model_and_no_network_call(connections: list[Any]) -> None:
    assert converse_model_from_environment() is None
    assert connections == []


def test_environment_credentials_give_a_model_with_the_default_id(keys: list[Any]) -> None:
    model = converse_model_from_environment()
    assert isinstance(model, ConverseModel)
    assert model.model_id == DEFAULT_MODEL_ID
    assert model.client.meta.service_model.service_name == "bedrock-runtime"
    assert model.client.meta.region_name == "us-east-1"
    assert model.client.meta.config.retries == {"mode": "standard", "total_max_attempts": 5}
    assert keys == []


def test_model_and_region_come_from_arguments_then_environment(
    keys: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("LOCAL_AGENT_MODEL_ID", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
    from_env = converse_model_from_environment()
    assert from_env is not None
    assert (from_env.model_id, from_env.client.meta.region_name) == (
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "eu-west-1",
    )
    monkeypatch.setenv("LOCAL_AGENT_REGION", "eu-central-1")
    regional = converse_model_from_environment()
    assert regional is not None
    assert regional.client.meta.region_name == "eu-central-1"
    explicit = converse_model_from_environment(model_id="amazon.nova-pro-v1:0", region="us-west-2")
    assert explicit is not None
    assert (explicit.model_id, explicit.client.meta.region_name) == ("amazon.nova-pro-v1:0", "us-west-2")
    assert keys == []


def test_a_profile_in_the_shared_credentials_file_counts(
    connections: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "credentials").write_text(
        "[dev]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = secret\n"
    )
    assert converse_model_from_environment() is None  # the file has no default profile
    monkeypatch.setenv("AWS_PROFILE", "dev")
    assert isinstance(converse_model_from_environment(), ConverseModel)
    assert connections == []


def test_container_credentials_count_without_being_fetched(
    connections: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc")
    model = converse_model_from_environment()
    assert isinstance(model, ConverseModel)
    assert connections == []
    monkeypatch.setattr("botocore.utils.ContainerMetadataFetcher.SLEEP_TIME", 0)  # its retry pauses
    with pytest.raises(CredentialRetrievalError):  # fetched on first use: here, the refused connection
        model.client.meta  # noqa: B018
    assert connections != []


def test_cli_says_the_offline_planner_is_used_without_credentials(
    connections: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert converse_cli.main([]) == 0
    assert (
        capsys.readouterr().out == "No AWS credentials found: the local runtime uses the offline planner.\n"
    )
    assert connections == []


def test_cli_ask_prints_the_step_the_model_chose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with stubbed() as (model, stubber, recorder):
        monkeypatch.setattr(converse, "converse_model_from_environment", lambda *_: model)
        stubber.add_response(
            "converse",
            response(
                {"text": "Looking up your purchases."},
                tool_use("getRecentPurchases", {"limit": 3}),
                stop_reason="tool_use",
                input_tokens=2100,
                output_tokens=60,
            ),
        )
        assert converse_cli.main(["--ask", "what did I buy recently?"]) == 0
    assert recorder.last["messages"][0]["content"] == [{"text": "what did I buy recently?"}]
    assert capsys.readouterr().out.splitlines() == [
        f"Bedrock Converse: {MODEL_ID} in us-east-1",
        "assistant would call getRecentPurchases({'limit': 3})",
        "rationale: Looking up your purchases.",
        "tokens: 2100 in, 60 out",
    ]


def test_cli_ask_reports_what_to_do_when_bedrock_refuses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with stubbed() as (model, stubber, _):
        monkeypatch.setattr(converse, "converse_model_from_environment", lambda *_: model)
        stubber.add_client_error("converse", "AccessDeniedException", "No access.", http_status_code=403)
        assert converse_cli.main(["--ask", "hi", "--agent", "support"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("AccessDeniedException: Bedrock denied access")
    assert "Enable model access" in err


def test_a_profile_that_does_not_exist_means_no_model_and_a_warning(
    connections: list[Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nope")
    assert converse_model_from_environment() is None
    assert "could not be found" in caplog.text
    assert connections == []
