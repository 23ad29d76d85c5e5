"""The endpoint through an unmodified boto3 client: streaming, traces, sessions, return control."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from test_server_fakes import AGENT_ID, ALIAS_ID, KB_ID, FakeKnowledge, ScriptedBackend

from local_bedrock.server import RunningEndpoint, running
from local_bedrock.sessions import SessionKey


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def local(backend: ScriptedBackend) -> Iterator[RunningEndpoint]:
    with running(backend, FakeKnowledge()) as endpoint:
        yield endpoint


@pytest.fixture
def client(local: RunningEndpoint) -> Any:
    return local.client(retries={"total_max_attempts": 1})


def invoke(client: Any, text: str, session_id: str = "session-1", **kwargs: Any) -> dict[str, Any]:
    return client.invoke_agent(
        agentId=AGENT_ID, agentAliasId=ALIAS_ID, sessionId=session_id, inputText=text, **kwargs
    )


def events(response: dict[str, Any]) -> list[dict[str, Any]]:
    return list(response["completion"])


def text_of(response: dict[str, Any]) -> str:
    return "".join(e["chunk"]["bytes"].decode() for e in events(response) if "chunk" in e)


def test_invoke_agent_streams_chunks_with_the_service_headers(client: Any) -> None:
    response = invoke(client, "hello there", session_id="abc:1.2-3_x")
    assert response["contentType"] == "application/json"
    assert response["sessionId"] == "abc:1.2-3_x"
    assert response["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/vnd.amazon.eventstream"
    assert response["ResponseMetadata"]["RequestId"]
    assert events(response) == [{"chunk": {"bytes": b"you said hello there"}}]


def test_memory_id_comes_back_as_a_header(client: Any) -> None:
    response = invoke(client, "hi", memoryId="memory-1")
    assert response["memoryId"] == "memory-1"
    assert text_of(response) == "you said hi"


def test_chunks_reach_the_client_before_the_turn_ends(client: Any, backend: ScriptedBackend) -> None:
    stream = iter(invoke(client, "gated")["completion"])
    first = next(stream)
    assert first == {"chunk": {"bytes": b"first"}}
    assert not backend.gated_finished.is_set()  # the backend is still blocked mid-turn
    backend.gate.set()
    assert list(stream) == [{"chunk": {"bytes": b"second"}}]
    assert backend.gated_finished.is_set()


def test_traces_only_when_enable_trace(client: Any) -> None:
    assert [next(iter(e)) for e in events(invoke(client, "x"))] == ["chunk"]
    traced = events(invoke(client, "x", enableTrace=True))
    assert [next(iter(e)) for e in traced] == ["trace", "chunk"]
    trace = traced[0]["trace"]
    assert trace["trace"]["orchestrationTrace"]["rationale"] == {
        "traceId": "trace-0001",
        "text": "echoing 'x'",
    }
    assert trace["eventTime"].year == 2026  # timestamp survives the wire as a datetime


def test_session_attributes_persist_and_merge_across_turns(client: Any) -> None:
    first = invoke(
        client,
        "whoami",
        sessionState={
            "sessionAttributes": {"customerId": "c-1", "tier": "gold"},
            "promptSessionAttributes": {"today": "2026-01-02"},
        },
    )
    assert json.loads(text_of(first)) == {
        "session": {"customerId": "c-1", "tier": "gold"},
        "prompt": {"today": "2026-01-02"},
    }
    second = invoke(client, "whoami", sessionState={"sessionAttributes": {"tier": "silver"}})
    # sent keys replace stored ones; prompt attributes last one turn, as the service documents
    assert json.loads(text_of(second)) == {"session": {"customerId": "c-1", "tier": "silver"}, "prompt": {}}


def test_end_session_clears_the_session_after_the_turn(client: Any, local: RunningEndpoint) -> None:
    # Read every turn to its end: the session stays busy until the server has sent the whole turn.
    events(invoke(client, "hi", sessionState={"sessionAttributes": {"customerId": "c-1"}}))
    ending = invoke(client, "whoami", endSession=True)
    assert json.loads(text_of(ending))["session"] == {"customerId": "c-1"}
    assert json.loads(text_of(invoke(client, "whoami")))["session"] == {}
    # endSession with no input just ends the session
    events(
        invoke(client, "hi", session_id="other", sessionState={"sessionAttributes": {"customerId": "c-2"}})
    )
    assert events(invoke(client, "", session_id="other", endSession=True)) == []
    assert json.loads(text_of(invoke(client, "whoami", session_id="other")))["session"] == {}


def test_history_is_kept_per_session(client: Any, local: RunningEndpoint) -> None:
    for text in ("one", "two", "three"):
        text_of(invoke(client, text))
    text_of(invoke(client, "elsewhere", session_id="session-2"))
    session = local.endpoint.store.peek(SessionKey(AGENT_ID, ALIAS_ID, "session-1"))
    assert session is not None
    assert [turn.user_text for turn in session.history] == ["one", "two", "three"]


def _order(client: Any) -> str:
    (event,) = events(
        invoke(client, "order PROD-1", sessionState={"sessionAttributes": {"customerId": "c-1"}})
    )
    control = event["returnControl"]
    (asked,) = control["invocationInputs"]
    assert asked["apiInvocationInput"]["actionInvocationType"] == "USER_CONFIRMATION"
    assert asked["apiInvocationInput"]["parameters"] == [
        {"name": "productId", "type": "string", "value": "PROD-1"}
    ]
    return str(control["invocationId"])


def _answer(client: Any, invocation_id: str, state: str) -> dict[str, Any]:
    return client.invoke_agent(
        agentId=AGENT_ID,
        agentAliasId=ALIAS_ID,
        sessionId="session-1",
        sessionState={
            "invocationId": invocation_id,
            "returnControlInvocationResults": [
                {
                    "apiResult": {
                        "actionGroup": "orders",
                        "apiPath": "/orders",
                        "httpMethod": "POST",
                        "confirmationState": state,
                    }
                }
            ],
        },
    )


@pytest.mark.parametrize("state", ["CONFIRM", "DENY"])
def test_return_control_round_trip(client: Any, backend: ScriptedBackend, state: str) -> None:
    invocation_id = _order(client)
    assert text_of(_answer(client, invocation_id, state)) == f"resumed {invocation_id}: {state}"
    (result,) = backend.results
    assert (result.kind, result.action_group, result.confirmation_state) == ("apiResult", "orders", state)
    assert backend.requests[-1].resumed is not None
    assert backend.requests[-1].resumed.invocation_inputs[0]["apiInvocationInput"]["apiPath"] == "/orders"
    # answered once: the same invocation cannot be answered again
    with pytest.raises(client.exceptions.ValidationException, match="no pending"):
        _answer(client, invocation_id, state)


def test_return_control_with_the_wrong_invocation_id_is_rejected(client: Any) -> None:
    invocation_id = _order(client)
    with pytest.raises(client.exceptions.ValidationException, match="does not match"):
        _answer(client, "not-the-id", "CONFIRM")
    # the pending invocation survives the bad answer
    assert text_of(_answer(client, invocation_id, "CONFIRM")) == f"resumed {invocation_id}: CONFIRM"


def test_new_input_abandons_a_pending_invocation(client: Any) -> None:
    invocation_id = _order(client)
    assert text_of(invoke(client, "never mind")) == "you said never mind"
    with pytest.raises(client.exceptions.ValidationException, match="no pending"):
        _answer(client, invocation_id, "CONFIRM")


def test_twenty_concurrent_sessions_keep_their_attributes_apart(local: RunningEndpoint) -> None:
    client = local.client(max_pool_connections=20, retries={"total_max_attempts": 1})
    answers: dict[int, dict[str, str]] = {}
    failures: list[BaseException] = []
    barrier = threading.Barrier(20)

    def conversation(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            session = f"concurrent-{n}"
            text_of(
                invoke(client, "hi", session, sessionState={"sessionAttributes": {"customerId": f"c-{n}"}})
            )
            for _ in range(3):
                answers[n] = json.loads(text_of(invoke(client, "whoami", session)))["session"]
        except BaseException as exc:  # surfaced below
            failures.append(exc)

    threads = [threading.Thread(target=conversation, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert answers == {n: {"customerId": f"c-{n}"} for n in range(20)}


def test_retrieve_round_trip(client: Any) -> None:
    response = client.retrieve(
        knowledgeBaseId=KB_ID,
        retrievalQuery={"text": "how many days to return items"},
        retrievalConfiguration={"vectorSearchConfiguration": {"numberOfResults": 1}},
    )
    (result,) = response["retrievalResults"]
    assert result["content"]["text"].startswith("Items can be returned")
    assert result["location"] == {"type": "S3", "s3Location": {"uri": "s3://kb-bucket/returns.md"}}
    assert result["score"] > 0
    assert result["metadata"] == {"x-amz-bedrock-kb-source-uri": "s3://kb-bucket/returns.md"}


def test_retrieve_defaults_to_five_results_and_accepts_an_arn(client: Any) -> None:
    arn = f"arn:aws:bedrock:us-east-1:123456789012:knowledge-base/{KB_ID}"
    response = client.retrieve(knowledgeBaseId=arn, retrievalQuery={"text": "shipping days"})
    assert [r["location"]["s3Location"]["uri"] for r in response["retrievalResults"]] == [
        "s3://kb-bucket/shipping.md",
        "s3://kb-bucket/returns.md",
    ]


def test_results_must_answer_what_was_asked(client: Any) -> None:
    invocation_id = _order(client)
    for wrong in (
        {"apiResult": {"actionGroup": "support", "confirmationState": "CONFIRM"}},
        {
            "apiResult": {
                "actionGroup": "orders",
                "apiPath": "/orders/{orderId}",
                "confirmationState": "CONFIRM",
            }
        },
        {"functionResult": {"actionGroup": "orders", "function": "placeOrder"}},
    ):
        state = {"invocationId": invocation_id, "returnControlInvocationResults": [wrong]}
        with pytest.raises(client.exceptions.ValidationException, match="does not answer"):
            client.invoke_agent(
                agentId=AGENT_ID, agentAliasId=ALIAS_ID, sessionId="session-1", sessionState=state
            )
    assert text_of(_answer(client, invocation_id, "DENY")) == f"resumed {invocation_id}: DENY"
