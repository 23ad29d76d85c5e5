"""The offline planner on everyday phrasing: every utterance suite, each on a fresh local runtime,
through boto3 against the local endpoint exactly as a client would talk to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.planner.suite import (
    ALL_SUITES,
    BLIND3,
    BLIND4,
    BLIND5,
    BLIND6,
    BLIND7,
    BLIND8,
    BLIND9,
    BLIND10,
    DEV3,
    DEV4,
    DEV5,
    DEV6,
    HELD_OUT,
    LIBRARY,
    LIBRARY2,
    LIBRARY3,
    LIBRARY4,
    LIBRARY5,
    LIBRARY6,
    LIBRARY7,
    LIBRARY8,
    LIBRARY_DEV,
    LIBRARY_DEV2,
    LIBRARY_DEV3,
    LIBRARY_DEV4,
    LIBRARY_DEV5,
    SUITE,
    UNSEEN,
    load_cases,
    run_suite,
    suite_runtime,
)
from local_bedrock.store.seed import SampleData
from tests.library_agent import handler as library_handler

# Each gate equals the suite's measured score (cases passed, `make planner-accuracy`): one case
# fewer fails, and so does one more, until the gate and docs/local-runtime.md are updated with it.
# First-seen scores of the blind suites are in docs/local-runtime.md, next to these.
PASSED = {
    SUITE: 118,
    HELD_OUT: 40,
    UNSEEN: 39,
    BLIND3: 85,
    LIBRARY: 42,
    LIBRARY_DEV: 64,
    BLIND4: 98,
    LIBRARY2: 56,
    DEV3: 235,
    LIBRARY_DEV2: 143,
    # 120 -> 119 (issue 11, round 7, wt/kb7): kb.sell-data's knowledge-base answer quoted a second
    # privacy sentence, and the two together tripped the guardrail's InvestmentAdvice denied topic;
    # back to 120 once weak topic cues add up only within a sentence (guardrail/topics.py)
    BLIND5: 120,
    LIBRARY3: 68,
    BLIND6: 107,
    LIBRARY4: 58,
    DEV4: 103,
    LIBRARY_DEV3: 90,
    BLIND7: 113,
    LIBRARY5: 65,
    DEV5: 28,
    LIBRARY_DEV4: 40,
    BLIND8: 101,
    LIBRARY6: 60,
    DEV6: 60,
    LIBRARY_DEV5: 37,
    BLIND9: 125,
    LIBRARY7: 83,
    BLIND10: 127,
    LIBRARY8: 73,
}
MINIMUM_CASES = {
    SUITE: 60,
    HELD_OUT: 40,
    UNSEEN: 40,
    BLIND3: 60,
    LIBRARY: 30,
    LIBRARY_DEV: 60,
    BLIND4: 70,
    LIBRARY2: 40,
    DEV3: 240,
    LIBRARY_DEV2: 140,
    BLIND5: 120,
    LIBRARY3: 70,
    BLIND6: 119,
    LIBRARY4: 79,
    DEV4: 105,
    LIBRARY_DEV3: 97,
    BLIND7: 120,
    LIBRARY5: 78,
    DEV5: 32,
    LIBRARY_DEV4: 44,
    BLIND8: 127,
    LIBRARY6: 85,
    DEV6: 66,
    LIBRARY_DEV5: 42,
    BLIND9: 157,
    LIBRARY7: 122,
    BLIND10: 186,
    LIBRARY8: 122,
}


@pytest.mark.parametrize("path", ALL_SUITES, ids=[p.stem for p in ALL_SUITES])
def test_planner_accuracy(path: Path) -> None:
    library_handler.reset()
    with suite_runtime(path) as runtime:
        cases = load_cases(runtime.sample, path)
        assert len(cases) >= MINIMUM_CASES[path]
        results = run_suite(runtime.client(), runtime.sample, path)
    failed = [f"{r.id}: {'; '.join(r.problems)}" for r in results if not r.passed]
    passed = len(results) - len(failed)
    assert passed == PASSED[path], (
        f"{path.name}: {passed}/{len(results)} passed, the gate says {PASSED[path]}; "
        "failures:\n" + "\n".join(failed)
    )


@pytest.mark.parametrize("path", ALL_SUITES, ids=[p.stem for p in ALL_SUITES])
def test_suite_cases_are_well_formed(sample: SampleData, path: Path) -> None:
    allowed = {"id", "say", "expect", "agent", "customer", "before", "confirm"}
    expectations = {"calls", "confirm", "args", "kb", "cites", "answer", "declined", "asks", "guardrail"}
    cases = load_cases(sample, path)
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert set(case) <= allowed, case["id"]
        assert set(case["expect"]) <= expectations, case["id"]
        assert "{" not in case["say"], f"unresolved placeholder in {case['id']}"
