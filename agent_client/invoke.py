"""The clients' one path to an agent: boto3 ``bedrock-agent-runtime`` ``invoke_agent``.

``agent_runtime_client`` builds the boto3 client for an endpoint (the local runtime, or anything that
speaks the API) or for AWS; the console and the evals both get theirs here. ``Target`` says where an
agent is: an ``endpoint_url`` or none (AWS), a region, an agent id and an alias id.
``invoke(...)`` yields the completion events and turns every failure into a ``ConsoleError`` a person
can act on. Nothing else in the clients knows which side it is talking to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    EventStreamError,
    NoCredentialsError,
    ReadTimeoutError,
)
from pydantic import BaseModel, ConfigDict

from local_bedrock.agent.converse_client import credentials_available
from local_bedrock.client_session import client_session

SERVICE = "bedrock-agent-runtime"
# One retry for throttling and transient errors; a refused connection fails fast with a clear message.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 2},
    connect_timeout=5,
    read_timeout=300,
    user_agent_extra="agent-test-console",
)


class Target(BaseModel):
    model_config = ConfigDict(frozen=True)

    endpoint_url: str | None = None
    region: str = "us-east-1"
    agent_id: str
    agent_alias_id: str

    @property
    def where(self) -> str:
        return self.endpoint_url or f"AWS {self.region}"

    def view(self) -> dict[str, Any]:
        return {
            "endpointUrl": self.endpoint_url,
            "region": self.region,
            "agentId": self.agent_id,
            "agentAliasId": self.agent_alias_id,
        }


def agent_runtime_client(endpoint_url: str | None, region: str, config: Config = CLIENT_CONFIG) -> Any:
    """A boto3 ``bedrock-agent-runtime`` client. An endpoint without AWS credentials configured gets
    placeholder keys (requests must be signed; a local endpoint accepts any signature)."""
    keys: dict[str, str] = {}
    if endpoint_url and not credentials_available():
        keys = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}
    return boto3.session.Session(botocore_session=client_session()).client(
        SERVICE, endpoint_url=endpoint_url, region_name=region, config=config, **keys
    )


def runtime_client(target: Target) -> Any:
    """The console's client for ``target``: one retry, a fast connect timeout."""
    return agent_runtime_client(target.endpoint_url, target.region)


class ConsoleError(Exception):
    """A failed call, classified: ``kind`` is one of not-running, no-credentials, access-denied,
    not-found, throttled, validation, conflict, dependency-failed, timeout, service."""

    def __init__(self, kind: str, code: str, message: str, hint: str) -> None:
        super().__init__(f"{code}: {message}")
        self.kind = kind
        self.code = code
        self.message = message
        self.hint = hint

    def view(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code, "message": self.message, "hint": self.hint}


_KINDS = {
    "ThrottlingException": "throttled",
    "ServiceQuotaExceededException": "throttled",
    "AccessDeniedException": "access-denied",
    "ResourceNotFoundException": "not-found",
    "ValidationException": "validation",
    "ConflictException": "conflict",
    "DependencyFailedException": "dependency-failed",
    "BadGatewayException": "dependency-failed",
    "ModelNotReadyException": "throttled",
}


def _hint(kind: str, target: Target) -> str:
    alias = f"agent {target.agent_id}, alias {target.agent_alias_id}"
    hints = {
        "throttled": "Too many requests for now. Wait a few seconds and send again.",
        "access-denied": f"These AWS credentials may not call bedrock:InvokeAgent on {alias} in "
        f"{target.region}. Use a role that may, or check the alias's account and region.",
        "not-found": f"No {alias} at {target.where}. Check the ids (`terraform output console_command` "
        "prints them for a deployment; locally: ASSISTANT or SUPPORT, TSTALIASID or LIVE).",
        "validation": "The request was refused as invalid; the message says which field.",
        "conflict": "This session is busy with another turn. Wait for it, or start a new session.",
        "dependency-failed": "Something the agent depends on (an action group Lambda, the model, the "
        "knowledge base) failed. The trace shows which step.",
        "timeout": "The agent took too long to answer. Try again, or start a new session.",
    }
    return hints.get(kind, "See the message; try again or start a new session.")


def classify(error: Exception, target: Target) -> ConsoleError:
    """A ConsoleError for anything boto3 raises while calling or streaming."""
    if isinstance(error, ConsoleError):
        return error
    if isinstance(error, EndpointConnectionError | ConnectionClosedError):
        where = target.endpoint_url or f"the Bedrock endpoint in {target.region}"
        hint = (
            "Start the local runtime with `make serve`, or run `make console` without ENDPOINT_URL "
            "to start one in-process."
            if target.endpoint_url
            else "Check your network connection and the region."
        )
        return ConsoleError("not-running", "EndpointConnectionError", f"Nothing answers at {where}.", hint)
    if isinstance(error, NoCredentialsError):
        hint = "Configure AWS credentials (aws configure, AWS_PROFILE, or environment variables)."
        return ConsoleError("no-credentials", "NoCredentialsError", "No AWS credentials were found.", hint)
    if isinstance(error, ReadTimeoutError):
        return ConsoleError("timeout", "ReadTimeoutError", str(error), _hint("timeout", target))
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", "Unknown"))
        if isinstance(error, EventStreamError):  # codes arrive as event names: throttlingException
            code = code[:1].upper() + code[1:]
        message = str(error.response.get("Error", {}).get("Message") or error)
        kind = _KINDS.get(code, "service")
        return ConsoleError(kind, code, message, _hint(kind, target))
    if isinstance(error, BotoCoreError):
        return ConsoleError("service", type(error).__name__, str(error), _hint("service", target))
    raise error


def invoke(client: Any, target: Target, **params: Any) -> Iterator[dict[str, Any]]:
    """``invoke_agent`` for ``target`` with ``params`` (sessionId, inputText, sessionState, ...):
    the completion events as they arrive. Raises ConsoleError, before or during the stream."""
    try:
        response = client.invoke_agent(agentId=target.agent_id, agentAliasId=target.agent_alias_id, **params)
        with closing_stream(response["completion"]) as completion:
            yield from completion
    except (ClientError, BotoCoreError) as error:
        raise classify(error, target) from error


@contextmanager
def closing_stream(stream: Any) -> Iterator[Any]:
    """The completion stream, closed as soon as the caller is done with it. Left to the garbage
    collector, urllib3's response may be finalised after its pooled connection closed the socket, and
    Python 3.13 then reports "I/O operation on closed file" from the finaliser."""
    try:
        yield stream
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
