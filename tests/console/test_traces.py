"""Trace grouping by step, step figures and one-line descriptions, on recorded local turns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agent_client.trace_entries import describe, summarize
from console.trace_steps import TraceGrouper, Usage, group, jsonable, usage_by_model
from local_bedrock.wire import validate_event


def test_the_recording_is_what_the_service_model_allows(recorded: list[dict[str, Any]]) -> None:
    for turn in recorded:
        for part in turn["parts"]:
            validate_event({"trace": part})


def test_a_knowledge_base_turn_groups_like_the_bedrock_console(recorded: list[dict[str, Any]]) -> None:
    steps = group(recorded[0]["parts"])
    assert [s.title for s in steps] == [
        "Guardrail on input",
        "Pre-processing",
        "Orchestration step 1",
        "Orchestration step 2",
        "Post-processing",
        "Guardrail on output",
    ]
    assert [s.kind for s in steps][:2] == ["guardrail-input", "pre-processing"]
    first = steps[2]
    labels = [e.label for e in first.entries]
    assert labels == [
        "model input",
        "model output",
        "rationale",
        "knowledge base lookup",
        "knowledge base references",
    ]
    assert first.entries[0].verbose and not first.entries[2].verbose
    references = first.entries[-1]
    assert any(uri.endswith("/returns.md") for uri in references.sources)
    assert first.lines[1].startswith("rationale: This is a question about store policy")
    assert steps[3].lines[-1] == "final answer ready"
    # every part lands in exactly one step, in arrival order within the step
    assert sum(len(s.parts) for s in steps) == len(recorded[0]["parts"])


def test_a_confirmed_order_is_one_turn_across_both_calls(recorded: list[dict[str, Any]]) -> None:
    turn = recorded[1]
    assert turn["confirmation"] == "CONFIRM"
    steps = group(turn["parts"])
    orchestration = [s for s in steps if s.kind == "orchestration"]
    assert [s.title for s in orchestration] == [f"Orchestration step {n}" for n in (1, 2, 3, 4)]
    assert orchestration[0].lines[2] == 'calls orders GET /products {"query": "yoga mat", "limit": "5"}'
    asked = orchestration[1].entries[-1]
    assert asked.label == "confirmation request"
    assert (
        asked.text
        == 'asks the user to confirm orders POST /orders {"productId": "PRD-0065", "quantity": "1"}'
    )
    assert orchestration[2].lines[0] == 'calls orders POST /orders {"productId": "PRD-0065", "quantity": "1"}'
    assert orchestration[2].lines[1].startswith('observation: {"orderId":"ORD-')
    # the second call's steps carry its own trace ids
    assert (
        orchestration[1].key.split(":")[1].split("-")[0] != orchestration[2].key.split(":")[1].split("-")[0]
    )


def test_a_blocked_input_shows_the_intervention(recorded: list[dict[str, Any]]) -> None:
    steps = group(recorded[2]["parts"])
    assert steps[0].kind == "guardrail-input"
    assert steps[0].lines == ["guardrail on input: INTERVENED (CREDIT_DEBIT_CARD_NUMBER BLOCKED)"]
    assert "orchestration" not in {s.kind for s in steps}


def test_step_usage_and_turn_usage_add_up(recorded: list[dict[str, Any]]) -> None:
    steps = group(recorded[0]["parts"])
    assert [(s.input_tokens, s.output_tokens) for s in steps] == [
        (0, 0),
        (23, 16),
        (693, 44),
        (1077, 150),
        (130, 130),
        (0, 0),
    ]
    usage = usage_by_model(recorded[0]["parts"])
    assert list(usage) == ["local.offline-planner-v1"]
    assert (
        usage["local.offline-planner-v1"].input_tokens,
        usage["local.offline-planner-v1"].output_tokens,
    ) == (
        1923,
        340,
    )
    total = usage_by_model(recorded[1]["parts"])["local.offline-planner-v1"]
    assert (total.input_tokens, total.output_tokens) == (17 + 830 + 878 + 937 + 22, 23 + 39 + 39 + 40 + 22)


def test_grouping_part_by_part_matches_grouping_at_once(recorded: list[dict[str, Any]]) -> None:
    grouper = TraceGrouper()
    seen = []
    for part in recorded[1]["parts"]:
        step = grouper.add(part)
        seen.append(grouper.steps.index(step))
    assert seen == sorted(seen)  # steps only ever grow at the end for a sequential turn
    assert [s.view() for s in grouper.steps] == [s.view() for s in group(recorded[1]["parts"])]


def _orchestration(member: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"trace": {"orchestrationTrace": {member: value}}}


def test_usage_is_priced_by_the_model_of_the_same_trace_id() -> None:
    parts = [
        _orchestration("modelInvocationInput", {"traceId": "t-0", "foundationModel": "model-a", "text": "p"}),
        _orchestration("modelInvocationInput", {"traceId": "t-1", "foundationModel": "model-b", "text": "p"}),
        _orchestration(
            "modelInvocationOutput",
            {"traceId": "t-0", "metadata": {"usage": {"inputTokens": 10, "outputTokens": 2}}},
        ),
        _orchestration(
            "modelInvocationOutput",
            {"traceId": "t-1", "metadata": {"usage": {"inputTokens": 7, "outputTokens": 1}}},
        ),
        _orchestration(
            "modelInvocationOutput",
            {"traceId": "t-9", "metadata": {"usage": {"inputTokens": 5, "outputTokens": 5}}},
        ),
        {"trace": {"guardrailTrace": {"action": "NONE", "traceId": "g", "inputAssessments": [{}]}}},
    ]
    usage = usage_by_model(parts)
    assert {m: (u.input_tokens, u.output_tokens) for m, u in usage.items()} == {
        "model-a": (10, 2),
        "model-b": (7 + 5, 1 + 5),  # t-9 has no input: the model last named
    }
    reported = {"metadata": {"usage": {"inputTokens": 1, "outputTokens": 1}}}
    assert usage_by_model([_orchestration("modelInvocationOutput", reported)]) == {"unknown": Usage(1, 1)}


def test_step_duration_spans_overlapping_metadata() -> None:
    def meta(start: int, end: int) -> dict[str, Any]:
        return {
            "startTime": datetime(2026, 1, 1, 0, 0, 0, start * 1000, tzinfo=UTC),
            "endTime": datetime(2026, 1, 1, 0, 0, 0, end * 1000, tzinfo=UTC),
            "totalTimeMs": end - start,
        }

    parts = [
        _orchestration("modelInvocationOutput", {"traceId": "s-1", "metadata": meta(0, 40)}),
        _orchestration(
            "observation",
            {"traceId": "s-1", "type": "FINISH", "finalResponse": {"text": "x", "metadata": meta(0, 45)}},
        ),
        _orchestration(
            "observation",
            {
                "traceId": "s-2",
                "type": "ACTION_GROUP",
                "actionGroupInvocationOutput": {"text": "{}", "metadata": {"totalTimeMs": 12}},
            },
        ),
    ]
    steps = group(parts)
    assert [s.duration_ms for s in steps] == [45, 12]
    # the same figures after the parts went through JSON (ISO strings)
    assert [s.duration_ms for s in group(jsonable(parts))] == [45, 12]


def test_parts_without_trace_ids_stay_with_their_step() -> None:
    parts = [
        _orchestration("modelInvocationInput", {"text": "prompt one"}),
        _orchestration("rationale", {"text": "because"}),
        _orchestration("modelInvocationInput", {"text": "prompt two"}),
        _orchestration("observation", {"type": "ASK_USER"}),
    ]
    steps = group(parts)
    assert [s.title for s in steps] == ["Orchestration step 1", "Orchestration step 2"]
    assert steps[0].lines == ["rationale: because"]
    assert steps[1].lines == ["asks the user for more information"]


def test_jsonable_makes_events_json_ready() -> None:
    when = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    assert jsonable({"t": when, "b": b"caf\xc3\xa9", "raw": b"\xff\x00", "l": (1, when)}) == {
        "t": "2026-05-01T12:00:00+00:00",
        "b": "café",
        "raw": "/wA=",
        "l": [1, "2026-05-01T12:00:00+00:00"],
    }


def test_summaries_keep_the_demo_lines(recorded: list[dict[str, Any]]) -> None:
    lines = [line for line in map(summarize, recorded[1]["parts"]) if line]
    assert lines[:3] == [
        "guardrail on input: NONE",
        "pre-processing: valid, The user wants to place an order; placeOrder does that.",
        "model: 830 tokens in, 39 out",
    ]
    prompts = [
        p for p in recorded[1]["parts"] if "modelInvocationInput" in p["trace"].get("orchestrationTrace", {})
    ]
    assert summarize(prompts[0]) is None
    entry = describe(prompts[0])
    assert (
        entry is not None and entry.verbose and entry.text.startswith("prompt to local.offline-planner-v1 (")
    )
    assert describe({"trace": {"failureTrace": {"failureReason": "Lambda timed out"}}}).text == (  # type: ignore[union-attr]
        "FAILURE: Lambda timed out"
    )
