"""Clients of the agent runtime read the wire's timestamps with the standard library, to the same
instants botocore's own parser gives, and fall back to botocore's parser for every other form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import botocore.utils
import pytest
from botocore.utils import parse_timestamp
from test_server_fakes import AGENT_ID, ALIAS_ID, FakeKnowledge, ScriptedBackend

from agent_client.invoke import agent_runtime_client
from local_bedrock import client_session
from local_bedrock.server import running

ISO_WITH_OFFSETS = [
    "2026-12-01T15:53:27Z",
    "2026-12-01T15:53:27.123Z",
    "2026-12-01T15:53:27.123456Z",
    "2026-12-01T15:53:27+00:00",
    "2026-12-01T17:53:27.5+02:00",
    "2026-12-01T10:23:27-05:30",
]
OTHER_FORMS: list[Any] = [
    1796139098,  # epoch seconds, as some services send
    1796139098.754,
    "1796139098",
    "Tue, 01 Dec 2026 15:53:27 GMT",  # RFC 822, as HTTP headers carry
    "2026-12-01T15:53:27",  # no offset: botocore decides the zone, not us
    "2026-12-01",
]


@pytest.mark.parametrize("value", ISO_WITH_OFFSETS + OTHER_FORMS)
def test_every_form_parses_to_the_instant_botocore_gives(value: Any) -> None:
    ours, botocores = client_session.iso_timestamp(value), parse_timestamp(value)
    assert ours == botocores
    assert ours.utcoffset() == botocores.utcoffset()


def test_an_iso_timestamp_with_an_offset_never_reaches_dateutil(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(value: Any) -> datetime:
        raise AssertionError(f"botocore's parser was asked for {value!r}")

    monkeypatch.setattr(client_session, "parse_timestamp", refuse)
    parsed = client_session.iso_timestamp("2026-12-01T17:53:27.5+02:00")
    assert parsed == datetime(2026, 12, 1, 15, 53, 27, 500000, tzinfo=UTC)
    assert parsed.tzinfo == timezone(timedelta(hours=2))
    with pytest.raises(AssertionError, match="asked for 1796139098"):
        client_session.iso_timestamp(1796139098)


def test_a_bad_timestamp_is_refused_as_botocore_refuses_it() -> None:
    with pytest.raises(ValueError, match="Invalid timestamp"):
        client_session.iso_timestamp("the day after tomorrow")


def _traced_event_time(client: Any) -> datetime:
    response = client.invoke_agent(
        agentId=AGENT_ID, agentAliasId=ALIAS_ID, sessionId="s-1", inputText="x", enableTrace=True
    )
    (trace,) = [event["trace"] for event in response["completion"] if "trace" in event]
    return trace["eventTime"]


@pytest.mark.parametrize("make", ["endpoint", "agent_client"])
def test_both_client_factories_parse_trace_times_without_dateutil(
    make: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    # botocore's parser reads every string through dateutil in this function (botocore/utils.py)
    monkeypatch.setattr(botocore.utils, "_parse_timestamp_with_tzinfo", lambda *args: calls.append(args))
    with running(ScriptedBackend(), FakeKnowledge()) as endpoint:
        client = endpoint.client() if make == "endpoint" else agent_runtime_client(endpoint.url, "us-east-1")
        event_time = _traced_event_time(client)
    assert calls == []
    assert event_time == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)  # what the fake backend traced
    assert event_time.utcoffset() == timedelta(0)


def test_the_endpoints_clients_share_one_session() -> None:
    with running(ScriptedBackend(), FakeKnowledge()) as endpoint:
        first, second = endpoint.client(), endpoint.client()
    assert first is not second
    # one session: its loader (botocore's BaseClient keeps it as _loader) read the model once
    assert first._loader is second._loader
