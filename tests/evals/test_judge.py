"""Observation of real ResponseStream shapes, and each deterministic check passing and failing."""

from __future__ import annotations

from typing import Any

import pytest

from agent_client.confirmation import confirmation_results
from evals.catalog import catalog
from evals.runner.judge import check_turn
from evals.runner.observe import Observation, observe
from evals.spec.model import Expect
from local_bedrock.backend import AgentRef, InvokeRequest
from local_bedrock.wire import validate_event
from tests.evals.fake_agent import FakeAgent, _action, _chunk, _part, _usage

REQUEST = InvokeRequest(
    agent=AgentRef(agent_id="ASSISTANT", alias_id="TSTALIASID", agent_name="assistant"),
    session_id="s-1",
    input_text="x",
)


def events(*parts: dict[str, Any]) -> list[dict[str, Any]]:
    for part in parts:
        validate_event(part)  # the shapes are botocore's, not our guess
    return list(parts)


def order_turn() -> list[dict[str, Any]]:
    return events(
        _usage(REQUEST, 120, 30),
        _action(REQUEST, "orders", "/products", "get", {"query": "party card game"}),
        {"returnControl": FakeAgent._confirmation("PRD-0115")},
        _chunk("Brightblock Party Card Game, $19.99. Shall I order it?"),
    )


def kb_turn() -> list[dict[str, Any]]:
    lookup = {"knowledgeBaseId": "LOCALKB001", "text": "return window"}
    value = {"traceId": "t-kb", "invocationType": "KNOWLEDGE_BASE", "knowledgeBaseLookupInput": lookup}
    return events(
        _part(REQUEST, {"orchestrationTrace": {"invocationInput": value}}),
        _part(REQUEST, {"guardrailTrace": {"action": "NONE"}}),
        _chunk("Within 30 days of delivery.", FakeAgent._citation()),
    )


def expect(**fields: Any) -> Expect:
    return Expect.model_validate(fields)


def failures(spec: dict[str, Any], obs: Observation, variables: dict[str, str] | None = None) -> list[str]:
    return check_turn(expect(**spec), obs, variables or {}).failures


def test_observe_maps_routes_to_operation_ids_and_collects_everything() -> None:
    obs = observe(catalog(), order_turn())
    assert [c.describe() for c in obs.calls] == ["searchProducts(query=party card game)"]
    assert [c.describe() for c in obs.confirmations] == ["placeOrder(productId=PRD-0115, quantity=1)"]
    assert (obs.input_tokens, obs.output_tokens) == (120, 30)
    assert obs.text.startswith("Brightblock")
    kb = observe(catalog(), kb_turn())
    assert kb.knowledge_lookups == ["return window"]
    assert kb.cited_sources == ["s3://kb/returns.md"]
    assert kb.guardrail == "NONE"


def test_body_parameters_of_a_called_operation_are_read() -> None:
    obs = observe(
        catalog(),
        events(_action(REQUEST, "orders", "/orders", "post", {}, {"productId": "PRD-1", "quantity": "2"})),
    )
    assert obs.calls[0].operation == "placeOrder"
    assert obs.calls[0].parameters == {"productId": "PRD-1", "quantity": "2"}


def test_unknown_route_is_kept_without_an_operation_id() -> None:
    obs = observe(catalog(), events(_action(REQUEST, "x", "/nowhere", "get", {})))
    assert obs.calls[0].operation is None
    assert obs.calls[0].describe() == "GET /nowhere()"


def test_operations_in_order_with_parameters() -> None:
    obs = observe(catalog(), order_turn())
    assert (
        failures(
            {"operations": [{"operation": "searchProducts", "parameters": {"query": {"regex": ".*card.*"}}}]},
            obs,
        )
        == []
    )
    (failure,) = failures(
        {"operations": [{"operation": "searchProducts", "parameters": {"query": "chess"}}]}, obs
    )
    assert (
        failure == "expected call searchProducts(query=chess) not called; "
        "calls: searchProducts(query=party card game)"
    )
    assert "not called" in failures({"operations": ["getRecentPurchases"]}, obs)[0]


def test_order_of_operations_matters() -> None:
    two = observe(
        catalog(),
        events(
            _action(REQUEST, "orders", "/products", "get", {"query": "a"}),
            _action(REQUEST, "purchase_history", "/purchases", "get", {}),
        ),
    )
    assert failures({"operations": ["searchProducts", "getRecentPurchases"]}, two) == []
    found = failures({"operations": ["getRecentPurchases", "searchProducts"]}, two)
    assert found == [
        "expected call searchProducts() called, but out of the expected order; calls: "
        "searchProducts(query=a), getRecentPurchases()"
    ]


def test_numbers_and_variables_in_parameters() -> None:
    obs = observe(catalog(), order_turn())
    spec = {"confirmation": {"operation": "placeOrder", "parameters": {"productId": "${pid}", "quantity": 1}}}
    assert failures(spec, obs, {"pid": "prd-0115"}) == []
    assert failures(spec, obs, {"pid": "PRD-0001"})[0].startswith(
        "expected a confirmation request for placeOrder(productId=PRD-0001"
    )
    assert failures(spec, obs) == ["${pid} was never captured"]


def test_forbidden_operations_cover_confirmation_requests_and_wildcard() -> None:
    obs = observe(catalog(), order_turn())
    assert failures({"forbidden_operations": ["placeOrder"]}, obs) == [
        "forbidden operation placeOrder was called or requested: placeOrder(productId=PRD-0115, quantity=1)"
    ]
    assert len(failures({"forbidden_operations": ["*"]}, obs)) == 1
    assert failures({"forbidden_operations": ["cancelOrder"]}, obs) == []
    assert failures({"forbidden_operations": ["*"]}, observe(catalog(), kb_turn())) == []


def test_forbidden_values_match_inside_parameters() -> None:
    obs = observe(catalog(), order_turn())
    assert "forbidden value 'card' was passed to: searchProducts(query=party card game)" in failures(
        {"forbidden_values": ["card"]}, obs
    )
    assert failures({"forbidden_values": ["C0002"]}, obs) == []


def test_no_confirmation_expected() -> None:
    assert failures({"confirmation": False}, observe(catalog(), kb_turn())) == []
    assert failures({"confirmation": False}, observe(catalog(), order_turn()))[0].startswith(
        "expected no confirmation"
    )


def test_knowledge_base_checks() -> None:
    obs = observe(catalog(), kb_turn())
    assert failures({"knowledge_base": {"min_citations": 1, "sources": ["returns.md"]}}, obs) == []
    found = failures({"knowledge_base": {"min_citations": 2, "sources": ["shipping.md"]}}, obs)
    assert found == [
        "expected at least 2 citation(s); got 1",
        "expected a citation of 'shipping.md'; cited: ['s3://kb/returns.md']",
    ]
    assert failures({"knowledge_base": {"lookup": False}}, obs)[0].startswith(
        "expected no knowledge-base lookup"
    )
    assert failures({"knowledge_base": {}}, observe(catalog(), order_turn())) == [
        "expected a knowledge-base lookup; there was none"
    ]


@pytest.mark.parametrize(
    ("action", "expected", "ok"), [("INTERVENED", "INTERVENED", True), ("NONE", "INTERVENED", False)]
)
def test_guardrail(action: str, expected: str, ok: bool) -> None:
    obs = observe(catalog(), events(_part(REQUEST, {"guardrailTrace": {"action": action}})))
    assert (failures({"guardrail": expected}, obs) == []) is ok


def test_guardrail_without_any_trace_reads_as_none() -> None:
    (failure,) = failures({"guardrail": "INTERVENED"}, observe(catalog(), events(_chunk("hi"))))
    assert failure == "expected guardrail INTERVENED; got NONE (no guardrail trace)"


def test_text_checks_are_case_insensitive_and_explain() -> None:
    obs = observe(catalog(), events(_chunk("Your order ORD-7Q8BFX is PROCESSING.")))
    assert failures({"contains": ["processing"], "contains_any": ["nope", "ord-7q8bfx"]}, obs) == []
    assert (
        failures({"not_contains": ["Omar"], "not_matches": [r"C\d{4}"], "matches": [r"ORD-\w{6}"]}, obs) == []
    )
    found = failures(
        {
            "contains": ["shipped"],
            "contains_any": ["a1", "b2"],
            "not_contains": ["order"],
            "matches": ["^Hello"],
            "not_matches": [r"ORD-\w+"],
        },
        obs,
    )
    assert [f.split(":")[0] for f in found] == [
        "answer lacks 'shipped'",
        "answer has none of ['a1', 'b2']",
        "answer must not contain 'order'",
        "answer does not match /^Hello/",
        "answer must not match /ORD-\\w+/ (found 'ORD-7Q8BFX')",
    ]


def test_capture_feeds_later_checks() -> None:
    obs = observe(catalog(), events(_chunk("Order ORD-NEW001 is placed.")))
    verdict = check_turn(expect(capture={"order_id": r"(ORD-[A-Z0-9]{6})"}), obs, {})
    assert verdict.passed and verdict.captures == {"order_id": "ORD-NEW001"}
    missing = check_turn(expect(capture={"order_id": r"(PRD-\d+)"}), obs, {})
    assert missing.failures == ["could not capture order_id with /(PRD-\\d+)/ from the answer"]


def test_confirmation_results_answer_every_requested_input() -> None:
    payload = FakeAgent._confirmation("PRD-1")
    assert confirmation_results(payload, "DENY") == {
        "invocationId": "inv-1",
        "returnControlInvocationResults": [
            {
                "apiResult": {
                    "actionGroup": "orders",
                    "apiPath": "/orders",
                    "httpMethod": "POST",
                    "confirmationState": "DENY",
                }
            }
        ],
    }


def test_an_invocation_handed_back_for_confirmation_is_not_a_call() -> None:
    handed_back = _action(REQUEST, "orders", "/orders", "post", {}, {"productId": "PRD-1"})
    handed_back["trace"]["trace"]["orchestrationTrace"]["invocationInput"]["actionGroupInvocationInput"][
        "executionType"
    ] = "RETURN_CONTROL"
    obs = observe(catalog(), events(handed_back, {"returnControl": FakeAgent._confirmation("PRD-1")}))
    assert obs.calls == []
    assert [c.operation for c in obs.confirmations] == ["placeOrder"]
