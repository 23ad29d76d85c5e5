"""The offline planner on everyday phrasing: the development suite and the held-out suite
(written by someone who never saw the planner's code), through boto3 against the local endpoint."""

from __future__ import annotations

import pytest

from evals.planner.suite import HELD_OUT, SUITE, UNSEEN, load_cases, run_suite
from local_bedrock.runtime import LocalRuntime

# The development suite is what the planner is tuned on. The first held-out suite was run blind once
# (65 %) and then used to fix general gaps; the second is never tuned against and is the honest
# figure for unseen phrasing (62.5 % on its only run). The thresholds guard against regressions.
THRESHOLDS = {SUITE: 0.95, HELD_OUT: 0.9, UNSEEN: 0.6}


@pytest.mark.parametrize("path", [SUITE, HELD_OUT, UNSEEN], ids=["development", "held-out", "unseen"])
def test_planner_accuracy(local_agents: LocalRuntime, path) -> None:  # type: ignore[no-untyped-def]
    cases = load_cases(local_agents.sample, path)
    assert len(cases) >= (60 if path == SUITE else 40)
    results = run_suite(local_agents.client(), local_agents.sample, path)
    failed = [f"{r.id}: {'; '.join(r.problems)}" for r in results if not r.passed]
    accuracy = 1 - len(failed) / len(results)
    assert accuracy >= THRESHOLDS[path], f"accuracy {accuracy:.1%}; failures:\n" + "\n".join(failed)


def test_suite_cases_are_well_formed(local_agents: LocalRuntime) -> None:
    allowed = {"id", "say", "expect", "agent", "customer", "before", "confirm"}
    expectations = {"calls", "confirm", "args", "kb", "cites", "answer", "declined", "asks", "guardrail"}
    for path in (SUITE, HELD_OUT, UNSEEN):
        cases = load_cases(local_agents.sample, path)
        assert len({c["id"] for c in cases}) == len(cases)
        for case in cases:
            assert set(case) <= allowed, case["id"]
            assert set(case["expect"]) <= expectations, case["id"]
            assert "{" not in case["say"], f"unresolved placeholder in {case['id']}"
