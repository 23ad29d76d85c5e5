"""The planner's per-message memo (local_bedrock/planner/per_message.py): answers kept while one
message is planned and never across messages, copies of what callers may change, one memo per
thread; and the planner's decisions with the memo equal those without it, on suite utterances of both
domains (the first turn and the step after a recorded answer)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from evals.planner.suite import suite_document
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import per_message, steps
from local_bedrock.planner.per_message import message
from local_bedrock.planner.planner import OfflinePlanner
from tests.local_bedrock.planner_fixtures import LIBRARY, context, planner

SUITES = (  # development suites only, never blind ones
    (REPO_ROOT, "evals/planner/planner_utterances.yaml", "assistant"),
    (REPO_ROOT, "evals/planner/planner_dev3.yaml", "assistant"),
    (LIBRARY, "tests/library_agent/library_dev2.yaml", "librarian"),
)
TODAY = date(2026, 11, 30)

calls: list[str] = []


@per_message.per_message
def _words(text: str) -> set[str]:
    calls.append(text)
    return set(text.split())


@pytest.fixture(autouse=True)
def _fresh() -> None:
    calls.clear()


def test_answers_are_kept_within_a_message_only() -> None:
    owner = object()
    assert _words("a b") == {"a", "b"} and _words("a b") == {"a", "b"}
    assert calls == ["a b", "a b"]  # outside a message: computed every time
    with message((owner,), (0, "hi")):
        _words("a b")
        _words("a b")
    with message((owner,), (0, "hi")):  # the next step of the same turn
        _words("a b")
    assert calls == ["a b", "a b", "a b"]
    with message((owner,), (1, "hi")):  # the next message of the session
        _words("a b")
    with message((object(),), (1, "hi")):  # another session, the same key: another message
        _words("a b")
    assert len(calls) == 5


def test_owners_compare_by_identity_not_by_value() -> None:
    first: dict[str, str] = {}
    second: dict[str, str] = {}  # equal to the first (two empty memories), not the same
    with message((first,), (0, "x")):
        _words("x")
    with message((second,), (0, "x")):
        _words("x")
    assert calls == ["x", "x"]


def test_callers_get_copies_they_may_change() -> None:
    with message((object(),), (0, "t")):
        got = _words("a b")
        got.add("c")
        assert _words("a b") == {"a", "b"}
    assert calls == ["a b"]


def test_each_thread_has_its_own_memo() -> None:
    owner = object()
    seen: list[bool] = []

    def plan() -> None:
        with message((owner,), (0, "same")):
            before = len(calls)
            _words("t")
            seen.append(len(calls) > before)

    with message((owner,), (0, "same")):
        _words("t")
        worker = threading.Thread(target=plan)
        worker.start()
        worker.join()
    assert seen == [True]  # the other thread computed: it does not read this thread's memo


@contextmanager
def _no_memo() -> Any:
    original = per_message.message

    @contextmanager
    def nothing(owners: tuple[object, ...], key: object) -> Any:
        yield

    per_message.message = nothing
    try:
        yield
    finally:
        per_message.message = original


def _plan(model: OfflinePlanner, text: str, agent: str, root: Any) -> list[Any]:
    """The pre-processing and the first step of a new session, then the step after it with the same
    context (the orchestration's second step asks the planner again on the same message)."""
    ctx = context(text, agent, root)
    pre = model.preprocess(ctx)
    first = model.decide(ctx)
    again = model.decide(ctx)
    return [
        (pre.valid, pre.rationale, pre.answer, pre.raw_response),
        steps.describe(first.decision),
        first.prompt,
        steps.describe(again.decision),
        repr(ctx.memory),
    ]


@pytest.mark.parametrize(("root", "name", "default"), SUITES)
def test_the_planner_decides_the_same_with_and_without_the_memo(root: Any, name: str, default: str) -> None:
    model = planner(root, TODAY)
    cases = suite_document(REPO_ROOT / name)["cases"]
    said = [(c["say"], c.get("agent", default)) for c in cases]
    assert len(said) > 100
    with _no_memo():
        expected = [_plan(model, text, agent, root) for text, agent in said]
    got = [_plan(model, text, agent, root) for text, agent in said]
    assert got == expected
