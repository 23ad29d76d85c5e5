"""Console feedback (JSON Lines) -> scenarios that load and replay the conversation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent_client.feedback import Feedback, FeedbackError, FeedbackTurn, read_feedback
from evals.importer import import_feedback, to_scenario
from evals.spec.load import load_file
from tests.evals.fake_agent import FakeAgent, _action, _part, _usage
from tests.evals.test_judge import REQUEST


def trace_parts(*events: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["trace"] for e in events]


def order_feedback(rating: str = "up", comment: str = "") -> Feedback:
    return Feedback(
        id="2026-11-01T12:00:00Z#abc",
        created_at=datetime(2026, 11, 1, 12, tzinfo=UTC),
        endpoint_url="http://127.0.0.1:8000",
        region="us-east-1",
        agent_id="ASSISTANT",
        agent_alias_id="TSTALIASID",
        session_id="console-1",
        session_attributes={"customerId": "C0001"},
        turns=[
            FeedbackTurn(
                input="What did I buy lately?",
                output="Your latest purchase is ORD-SJJABS.",
                trace=trace_parts(
                    _usage(REQUEST, 1, 1),
                    _action(REQUEST, "purchase_history", "/purchases", "get", {"limit": "5"}),
                ),
            ),
            FeedbackTurn(
                input="Order the party card game",
                output="Order ORD-NEW001 is placed.",
                return_control=FakeAgent._confirmation("PRD-0115"),
                confirmation="CONFIRM",
                trace=trace_parts(
                    _action(REQUEST, "orders", "/products", "get", {"query": "party card game"}),
                    _part(REQUEST, {"guardrailTrace": {"action": "NONE"}}),
                ),
            ),
        ],
        rating=rating,  # type: ignore[arg-type]
        comment=comment,
    )


def test_camel_case_on_disk_round_trips() -> None:
    line = order_feedback().to_json_line()
    assert '"createdAt":' in line and '"sessionAttributes":' in line and '"returnControl":' in line
    assert Feedback.model_validate_json(line).to_json_line() == line


def test_rated_up_pins_calls_ids_confirmation_and_guardrail() -> None:
    scenario = to_scenario(order_feedback())
    assert scenario["id"] == "fb-2026-11-01t12-00-00z-abc"
    assert scenario["agent"] == "assistant" and scenario["tags"] == ["feedback"]
    assert scenario["session_attributes"] == {"customerId": "C0001"}
    first, ask, confirm = scenario["turns"]
    assert first == {
        "input": "What did I buy lately?",
        "expect": {"operations": [{"operation": "getRecentPurchases"}]},
    }
    assert ask["expect"] == {
        "operations": [{"operation": "searchProducts"}],  # free-text query not pinned
        "confirmation": {"operation": "placeOrder", "parameters": {"productId": "PRD-0115", "quantity": "1"}},
        "guardrail": "NONE",
    }
    assert confirm == {"confirm": "CONFIRM"}
    assert "Order ORD-NEW001 is placed." in scenario["expected_result"]


def test_rated_down_uses_the_comment_and_forbids_the_same_answer() -> None:
    scenario = to_scenario(order_feedback("down", "It should have asked how many."))
    assert scenario["expected_result"] == "It should have asked how many."
    assert scenario["description"].endswith("rated down. Comment: It should have asked how many.")
    ask, confirm = scenario["turns"][1:]
    assert ask["expect"] == {"guardrail": "NONE"}  # the rated turn's calls are not pinned
    assert confirm == {"confirm": "CONFIRM", "expect": {"not_contains": ["Order ORD-NEW001 is placed."]}}


def test_agent_is_inferred_from_operations_when_the_id_is_a_deployed_one() -> None:
    record = order_feedback().model_copy(update={"agent_id": "ZXCVBNMASD"})
    support_turn = FeedbackTurn(
        input="Orders of C0002?",
        output="...",
        trace=trace_parts(
            _action(REQUEST, "support", "/customers/{customerId}/purchases", "get", {"customerId": "C0002"})
        ),
    )
    support = record.model_copy(update={"turns": [support_turn], "session_attributes": {}})
    scenario = to_scenario(support)
    assert scenario["agent"] == "support"
    assert scenario["turns"][0]["expect"]["operations"] == [
        {"operation": "getCustomerRecentPurchases", "parameters": {"customerId": "C0002"}}
    ]


def test_import_writes_a_loadable_file_and_replaces_by_id(tmp_path: Path) -> None:
    source = tmp_path / "feedback.jsonl"
    down = order_feedback("down", "wrong").model_copy(update={"id": "second"})
    source.write_text(order_feedback().to_json_line() + "\n\n" + down.to_json_line() + "\n")
    out = tmp_path / "out" / "feedback.yaml"
    assert import_feedback(source, out) == 2
    assert [s.scenario.id for s in load_file(out)] == ["fb-2026-11-01t12-00-00z-abc", "fb-second"]
    assert import_feedback(source, out, rating="down") == 1
    ids = [s["id"] for s in yaml.safe_load(out.read_text())["scenarios"]]
    assert ids == ["fb-2026-11-01t12-00-00z-abc", "fb-second"]  # replaced in place of a duplicate
    assert out.read_text().startswith("# Imported from console feedback")


def test_a_bad_line_is_named(tmp_path: Path) -> None:
    source = tmp_path / "feedback.jsonl"
    source.write_text(order_feedback().to_json_line() + "\n" + '{"id": "x", "rating": "meh"}\n')
    with pytest.raises(FeedbackError, match=r"feedback.jsonl:2: createdAt: Field required"):
        list(read_feedback(source))
