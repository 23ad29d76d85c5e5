"""Refit the weights of the planner's comparison of candidates (local_bedrock/planner/candidates.py)
on the first turns of the suites named, and print them as the module's WEIGHTS.

    python -m evals.planner.fit_candidates evals/planner/planner_dev3.yaml <more suites>

Name only suites that may be tuned on: a suite held out or judged must not be fitted on. Each case
without earlier turns counts where the planner compares candidates (it asks ``candidates.best``) and
its expected first step is one of them: the knowledge base (`kb` without `calls`), a read (the first
expected call does not change anything) or a refusal (`declined`, or no calls). Cases expecting a
guardrail intervention are left out: the guardrail decides those, not the route.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from evals.planner.suite import WRITTEN, load_cases, suite_header
from local_bedrock.agent.definition import load_agents
from local_bedrock.agent.model import PlanContext
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import candidates
from local_bedrock.runtime import MANIFEST_NAME, offline_model_factory
from local_bedrock.store.seed import SampleData, generate

Sample = tuple[Mapping[str, float], str, Sequence[str]]


def expected(case: dict[str, Any], writes: set[str]) -> str | None:
    """The candidate a case expects first, None when it expects none of them."""
    expect = case["expect"]
    if "guardrail" in expect or case.get("before"):
        return None
    if expect.get("kb") and not expect.get("calls"):
        return candidates.KNOWLEDGE
    if expect.get("calls"):
        return None if expect["calls"][0] in writes else candidates.READ
    if expect.get("declined") or expect.get("calls") == []:
        return candidates.REFUSAL
    return None


def harvest(paths: Sequence[Path]) -> list[Sample]:
    """(evidence, expected candidate, allowed candidates) of every first turn that counts."""
    seen: dict[str, Any] = {}
    asked = candidates.best

    def spy(evidence: Mapping[str, float], allowed: Any, routed: str, weights: Any = None) -> str:
        seen.update(evidence=dict(evidence), allowed=list(allowed))
        return asked(evidence, allowed, routed, weights)

    candidates.best = spy  # read what the planner compares, change nothing
    samples: list[Sample] = []
    try:
        for path in paths:
            header = suite_header(path)
            agents = load_agents(header.root, header.root / MANIFEST_NAME)
            writes = {op.operation_id for agent in agents.values() for op in agent.operations if op.mutating}
            sample = generate() if header.root == REPO_ROOT else SampleData(catalog=[], customers=[])
            planner = offline_model_factory(header.root, agents, sample, lambda: WRITTEN)(None)
            for case in load_cases(sample, path):
                wanted = expected(case, writes)
                if wanted is None:
                    continue
                seen.clear()
                agent = agents[case.get("agent") or header.default_agent]
                planner.decide(PlanContext(agent, case["say"], [], [], {}, {}))
                if seen and wanted in seen["allowed"]:
                    samples.append((seen["evidence"], wanted, seen["allowed"]))
    finally:
        candidates.best = asked
    return samples


def weights_source(weights: Mapping[str, Mapping[str, float]]) -> str:
    lines = ["WEIGHTS: dict[str, dict[str, float]] = {"]
    for candidate in candidates.CANDIDATES:
        kept = {k: round(v, 2) for k, v in sorted(weights[candidate].items()) if abs(round(v, 2)) >= 0.01}
        lines.append(f"    {candidate.upper()}: {kept},")
    return "\n".join([*lines, "}"])


def main(argv: Sequence[str] | None = None) -> int:
    paths = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print(__doc__)
        return 2
    samples = harvest(paths)
    print(f"# {len(samples)} first turns")
    print(weights_source(candidates.fit(samples)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
