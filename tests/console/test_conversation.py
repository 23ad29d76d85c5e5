"""Conversations through boto3 against the local endpoint: streaming updates, citations, confirmation,
session attributes and end of session, and the feedback records they produce."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import pytest

from agent_client.invoke import Target
from console.conversation import Conversation, Update, describe_request
from console.feedback import Feedback, FeedbackStore
from evals.importer import to_scenario
from local_bedrock.runtime import LocalRuntime
from local_bedrock.sessions import SessionKey


def _kinds(updates: Iterable[Update]) -> list[Update]:
    return list(updates)


def test_a_policy_question_streams_steps_answer_citations_and_figures(
    converse: Callable[..., Conversation],
) -> None:
    conversation = converse()
    updates = _kinds(conversation.send("How long do I have to return headphones?"))
    kinds = [u.kind for u in updates]
    assert kinds[0] == "trace" and kinds[-1] == "done" and "chunk" in kinds
    assert kinds.index("chunk") > kinds.index("trace")
    assert all(u.data["turnIndex"] == 0 for u in updates)
    titles = [u.data["step"]["title"] for u in updates if u.kind == "trace"]
    assert (
        titles[0] == "Guardrail on input"
        and "Orchestration step 1" in titles
        and titles[-1] == "Guardrail on output"
    )
    indexes = [u.data["stepIndex"] for u in updates if u.kind == "trace"]
    assert indexes == sorted(indexes) and indexes[0] == 0
    done = updates[-1].data
    assert "30 days" in done["output"]
    assert done["citations"] and done["citations"][0]["number"] == 1
    assert 0 < done["citations"][0]["end"] <= len(done["output"])
    assert any(s["uri"].endswith("/returns.md") and s["text"] for s in done["citations"][0]["sources"])
    figures = done["figures"]
    assert figures["inputTokens"] > 0 and figures["outputTokens"] > 0
    assert figures["cost"] == "offline ($0)" and figures["models"] == ["local.offline-planner-v1"]
    assert figures["latencyMs"] >= 0


def test_confirm_places_the_order_and_deny_does_not(converse: Callable[..., Conversation]) -> None:
    conversation = converse()
    asked = _kinds(conversation.send("Order a yoga mat"))
    request = next(u for u in asked if u.kind == "returnControl").data["requests"]
    assert request == [
        {
            "actionGroup": "orders",
            "operation": "POST /orders",
            "parameters": {"productId": "PRD-0065", "quantity": "1"},
            "confirmation": True,
            "summary": "orders: POST /orders (productId=PRD-0065, quantity=1)",
        }
    ]
    assert asked[-1].data["pending"] is True and conversation.pending is not None
    confirmed = _kinds(conversation.answer("CONFIRM"))
    assert confirmed[-1].data["turnIndex"] == 0 and not confirmed[-1].data["pending"]
    placed = conversation.turns[0]
    assert re.search(r"Your order ORD-\w+ is placed", placed.output)
    assert placed.confirmation == "CONFIRM" and placed.return_control is not None
    assert len(conversation.turns) == 1  # the confirmation belongs to the turn that asked for it

    _kinds(conversation.send("Order a water bottle"))
    _kinds(conversation.answer("DENY"))
    denied = conversation.turns[1]
    assert denied.confirmation == "DENY"
    assert "haven't placed" in denied.output and "ORD-" not in denied.output
    with pytest.raises(Exception, match="No confirmation is pending"):
        _kinds(conversation.answer("CONFIRM"))


def test_session_attributes_carry_the_identity(converse: Callable[..., Conversation]) -> None:
    anonymous = converse(customer=None)
    _kinds(anonymous.send("What did I buy recently?"))
    assert "can't tell which customer is signed in" in anonymous.turns[0].output
    anonymous.session_attributes["customerId"] = "C0002"
    _kinds(anonymous.send("What did I buy recently?"))
    assert "can't tell which customer" not in anonymous.turns[1].output


def test_end_session_forgets_and_starts_a_new_one(
    converse: Callable[..., Conversation], local_agents: LocalRuntime
) -> None:
    conversation = converse()
    _kinds(conversation.send("What did I buy recently?"))
    first = conversation.session_id
    store = local_agents.endpoint.endpoint.store
    assert store.peek(SessionKey("ASSISTANT", "TSTALIASID", first)) is not None
    conversation.end()
    assert store.peek(SessionKey("ASSISTANT", "TSTALIASID", first)) is None  # the agent forgot it
    assert conversation.session_id != first and conversation.turns == []
    conversation.reset()
    assert conversation.session_id != first


def test_errors_end_the_turn_with_an_error_update(converse: Callable[..., Conversation]) -> None:
    conversation = converse(agent_alias_id="NOSUCH")
    updates = _kinds(conversation.send("hello"))
    assert [u.kind for u in updates] == ["error", "done"]
    assert updates[0].data["kind"] == "not-found"
    assert updates[1].data["error"]["kind"] == "not-found"
    assert conversation.turns[0].error is not None


def test_feedback_holds_the_conversation_up_to_the_rated_answer(
    converse: Callable[..., Conversation], tmp_path: Path, spare_customer: str
) -> None:
    conversation = converse()
    _kinds(conversation.send("How long do I have to return headphones?"))
    _kinds(conversation.send("Order a yoga mat"))
    _kinds(conversation.answer("CONFIRM"))
    _kinds(conversation.send("What did I buy recently?"))
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    store.append(conversation.feedback(1, "up", "placed it after I confirmed"))
    store.append(conversation.feedback(0, "down", ""))
    lines = (tmp_path / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert list(record) == [
        "id",
        "createdAt",
        "endpointUrl",
        "region",
        "agentId",
        "agentAliasId",
        "sessionId",
        "sessionAttributes",
        "turns",
        "rating",
        "comment",
    ]
    assert record["endpointUrl"] == conversation.target.endpoint_url and record["agentId"] == "ASSISTANT"
    assert record["sessionId"] == conversation.session_id
    assert record["sessionAttributes"] == {"customerId": spare_customer}
    assert (record["rating"], record["comment"]) == ("up", "placed it after I confirmed")
    datetime.fromisoformat(record["createdAt"])
    assert [t["input"] for t in record["turns"]] == [
        "How long do I have to return headphones?",
        "Order a yoga mat",
    ]
    first, second = record["turns"]
    assert list(second) == ["input", "output", "citations", "returnControl", "confirmation", "trace"]
    assert first["citations"] and first["returnControl"] is None and first["confirmation"] is None
    assert second["confirmation"] == "CONFIRM" and second["returnControl"]["invocationInputs"]
    assert "is placed" in second["output"]
    assert all(isinstance(p["eventTime"], str) for p in second["trace"])
    datetime.fromisoformat(second["trace"][0]["eventTime"])
    stored = store.records()
    assert [r.rating for r in stored] == ["up", "down"] and len(stored[1].turns) == 1
    assert Feedback.model_validate_json(lines[0]) == stored[0]
    with pytest.raises(IndexError):
        conversation.feedback(7, "up")
    # what `make eval-import` makes of it: the same inputs, the confirmation replayed
    scenario = to_scenario(stored[0])
    assert [t.get("input", t.get("confirm")) for t in scenario["turns"]] == [
        "How long do I have to return headphones?",
        "Order a yoga mat",
        "CONFIRM",
    ]
    assert scenario["session_attributes"] == {"customerId": spare_customer}


def test_describe_request_for_function_details() -> None:
    request = {
        "invocationId": "i-1",
        "invocationInputs": [
            {
                "functionInvocationInput": {
                    "actionGroup": "orders",
                    "function": "cancel_order",
                    "actionInvocationType": "USER_CONFIRMATION",
                    "parameters": [{"name": "orderId", "type": "string", "value": "ORD-1"}],
                }
            }
        ],
    }
    assert describe_request(request) == [
        {
            "actionGroup": "orders",
            "operation": "cancel_order",
            "parameters": {"orderId": "ORD-1"},
            "confirmation": True,
            "summary": "orders: cancel_order (orderId=ORD-1)",
        }
    ]


def test_removing_an_attribute_starts_a_new_session(converse: Callable[..., Conversation]) -> None:
    conversation = converse()
    assert conversation.update_attributes({"customerId": "C0002"}) is False  # no turns yet: nothing to forget
    _kinds(conversation.send("What did I buy recently?"))
    first = conversation.session_id
    assert conversation.update_attributes({"customerId": "C0003"}) is False  # replaced keys merge in place
    assert conversation.session_id == first
    assert conversation.update_attributes({}) is True
    assert conversation.session_id != first and conversation.turns == []
    _kinds(conversation.send("What did I buy recently?"))
    assert "can't tell which customer is signed in" in conversation.turns[0].output


class _Streaming:
    """A client whose agent streams the final answer in two chunks (streamFinalResponse on AWS)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def invoke_agent(self, **params: object) -> dict[str, object]:
        self.calls.append(params)

        def cited(text: str, uri: str) -> dict[str, object]:
            span = {"start": 0, "end": len(text)}
            reference = {
                "content": {"text": "passage"},
                "location": {"type": "S3", "s3Location": {"uri": uri}},
            }
            part = {"textResponsePart": {"text": text, "span": span}}
            return {"citations": [{"generatedResponsePart": part, "retrievedReferences": [reference]}]}

        first, second = "Returns take 30 days. ", "Refunds take 5 days."
        return {
            "completion": [
                {"chunk": {"bytes": first.encode(), "attribution": cited(first, "s3://kb/returns.md")}},
                {"chunk": {"bytes": second.encode(), "attribution": cited(second, "s3://kb/refunds.md")}},
            ]
        }


def test_citations_of_streamed_chunks_point_into_the_whole_answer(target: Target) -> None:
    client = _Streaming()
    conversation = Conversation(client, target, {"customerId": "C0001"}, stream_final_response=True)
    updates = _kinds(conversation.send("returns?"))
    assert [u.data["text"] for u in updates if u.kind == "chunk"] == [
        "Returns take 30 days. ",
        "Refunds take 5 days.",
    ]
    done = updates[-1].data
    assert done["output"] == "Returns take 30 days. Refunds take 5 days."
    assert [(c["number"], c["end"], c["sources"][0]["uri"]) for c in done["citations"]] == [
        (1, 22, "s3://kb/returns.md"),
        (2, 42, "s3://kb/refunds.md"),
    ]
    assert client.calls[0]["streamingConfigurations"] == {"streamFinalResponse": True}
    assert client.calls[0]["sessionState"] == {"sessionAttributes": {"customerId": "C0001"}}
