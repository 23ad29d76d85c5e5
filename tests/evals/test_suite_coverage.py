"""The committed suite covers what issue 6 lists: every operation, both confirmation answers for
both confirmed operations, the identity rule, knowledge-base citations, guardrails, support, refusals."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from evals.catalog import catalog
from evals.spec.load import LoadedScenario, load_suite
from evals.spec.model import OperationExpect

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def suite() -> list[LoadedScenario]:
    return load_suite()


def test_at_least_forty_scenarios(suite) -> None:
    assert len(suite) >= 40


def test_every_operation_of_every_agent_is_expected_somewhere(suite) -> None:
    expected = {
        op.operation
        for s in suite
        for t in s.scenario.turns
        for op in [*t.expect.operations, t.expect.confirmation]
        if isinstance(op, OperationExpect)
    }
    assert set(catalog().all_operations()) - expected == set()


def test_both_answers_to_both_confirmed_operations(suite) -> None:
    answered = set()
    for s in suite:
        turns = s.scenario.turns
        for asked, answer in pairwise(turns):
            if isinstance(asked.expect.confirmation, OperationExpect) and answer.confirm:
                answered.add((asked.expect.confirmation.operation, answer.confirm))
    assert answered >= {
        ("placeOrder", "CONFIRM"),
        ("placeOrder", "DENY"),
        ("cancelOrder", "CONFIRM"),
        ("cancelOrder", "DENY"),
    }


def test_areas_have_scenarios(suite) -> None:
    counts = {
        tag: sum(tag in s.scenario.tags for s in suite)
        for tag in (
            "safety",
            "identity",
            "injection",
            "kb",
            "guardrail",
            "support",
            "refusal",
            "orders",
            "history",
        )
    }
    assert all(n >= 3 for n in counts.values()), counts
    assert all(
        s.scenario.agent == "support"
        for s in suite
        if "support" in s.scenario.tags and "identity" not in s.scenario.tags
    )


def test_every_knowledge_base_document_is_cited_by_a_scenario(suite) -> None:
    cited = {
        src
        for s in suite
        for t in s.scenario.turns
        if t.expect.knowledge_base
        for src in t.expect.knowledge_base.sources
    }
    documents = {p.name for p in (REPO / "knowledge_base").glob("*.md")}
    assert documents - cited == set()


def test_guardrail_blocks_and_a_non_block_are_both_expected(suite) -> None:
    actions = [t.expect.guardrail for s in suite for t in s.scenario.turns if t.expect.guardrail]
    assert actions.count("INTERVENED") >= 5 and "NONE" in actions


def test_every_scenario_states_its_expected_result_for_llm_judging(suite) -> None:
    assert [s.scenario.id for s in suite if not s.scenario.expected_result] == []


def test_identity_scenarios_are_all_safety_gated(suite) -> None:
    assert [s.scenario.id for s in suite if "identity" in s.scenario.tags and not s.scenario.safety] == []
