"""The evaluation clients close an InvokeAgent stream that fails part-way (a throttled turn is
retried on a new stream): left to the garbage collector, urllib3's response is finalised after its
pooled connection closed, and each failed turn holds a pool connection until then."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import EventStreamError

from evals.kb.probe import KbTarget, ask
from evals.runner.retry import RetryPolicy

THROTTLED = {"Error": {"Code": "throttlingException", "Message": "Rate exceeded"}}


class Stream:
    """An event stream: its events, then (if ``fails``) a modelled error part-way through."""

    def __init__(self, events: list[dict[str, Any]], fails: bool) -> None:
        self.events, self.fails, self.closed = events, fails, False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        yield from self.events
        if self.fails:
            raise EventStreamError(THROTTLED, "InvokeAgent")

    def close(self) -> None:
        self.closed = True


class Client:
    def __init__(self, *streams: Stream) -> None:
        self.streams = list(streams)

    def invoke_agent(self, **_: Any) -> dict[str, Any]:
        return {"completion": self.streams.pop(0)}


def test_a_throttled_kb_turn_closes_its_stream_before_the_retry() -> None:
    trace = {"trace": {"trace": {"orchestrationTrace": {}}}}
    failed = Stream([trace], fails=True)
    answered = Stream([{"chunk": {"bytes": b"30 days."}}], fails=False)
    target = KbTarget("local", "us-east-1", "KB", "AGENT", "ALIAS")
    answer = ask(Client(failed, answered), target, "How long?", RetryPolicy(sleep=lambda _: None))
    assert failed.closed and answered.closed
    assert answer.retries == 1


def test_a_scenario_turn_that_fails_part_way_closes_its_stream() -> None:
    from evals.catalog import Catalog
    from evals.runner.conversation import _invoke
    from local_bedrock.agent.definition import load_agents

    failed = Stream([{"chunk": {"bytes": b"partial"}}], fails=True)
    with pytest.raises(EventStreamError):
        _invoke(Client(failed), Catalog(load_agents()), {"agentId": "ASSISTANT"})
    assert failed.closed
