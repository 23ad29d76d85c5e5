"""Refit the weights of the planner's comparison of candidates (local_bedrock/planner/candidates.py)
on the first turns of the suites named, and print them as the module's WEIGHTS.

    python -m evals.planner.fit_candidates evals/planner/planner_dev3.yaml <more suites>

Name only suites that may be tuned on (evals/planner/suite.py's TUNABLE): a suite held out or judged
must not be fitted on. Each case without earlier turns counts where the planner compares candidates
(it asks ``candidates.best``) and its expected first step is one of them: the knowledge base (`kb`
without `calls`), a read (the first expected call does not change anything) or a refusal
(`declined`, or no calls, and no question back: a case expecting the planner to ask, "whose
orders?", is none of them, round 12). Cases expecting a guardrail intervention are left out: the guardrail
decides those, not the route. The runtime keeps only the weights and the scoring; the training is
here (round 10, decision 0045), and evals/planner/crossval.py chooses the margin with it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from evals.planner.suite import WRITTEN, load_cases, suite_header
from local_bedrock.agent.model import PlanContext
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import candidates
from local_bedrock.runtime import offline_model_factory
from local_bedrock.store.seed import SampleData, generate


class Sample(NamedTuple):
    """One turn the planner compares candidates on: its evidence, the candidate the case expects, the
    candidates allowed, the one the ordered rules chose, and whether earlier turns came before it."""

    evidence: Mapping[str, float]
    expected: str
    allowed: Sequence[str]
    routed: str
    later: bool = False


Weights = dict[str, dict[str, float]]


def expected(case: dict[str, Any], writes: set[str], later: bool = False) -> str | None:
    """The candidate a case expects first, None when it expects none of them (or, unless ``later``,
    when the case has earlier turns)."""
    expect = case["expect"]
    if "guardrail" in expect or (case.get("before") and not later):
        return None
    if expect.get("kb") and not expect.get("calls"):
        return candidates.KNOWLEDGE
    if expect.get("calls"):
        return None if expect["calls"][0] in writes else candidates.READ
    if expect.get("asks"):
        return None  # a question back ("whose orders?") is none of the three, not a refusal
    if expect.get("declined") or expect.get("calls") == []:
        return candidates.REFUSAL
    return None


def harvest(paths: Sequence[Path], later: bool = False) -> list[Sample]:
    """Every first turn that counts (and, with ``later``, every last turn after earlier ones), from
    the suites named, in their order."""
    return [s for path in paths for s in (*harvest_suite(path), *(harvest_later(path) if later else ()))]


def harvest_suite(path: Path) -> list[Sample]:
    seen: dict[str, Any] = {}
    asked = candidates.best

    def spy(evidence: Mapping[str, float], allowed: Any, routed: str, *rest: Any, **named: Any) -> str:
        seen.update(evidence=dict(evidence), allowed=tuple(allowed), routed=routed)
        return asked(evidence, allowed, routed, *rest, **named)

    candidates.best = spy  # read what the planner compares, change nothing
    samples: list[Sample] = []
    try:
        header = suite_header(path)
        agents = header.definitions()
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
                samples.append(Sample(seen["evidence"], wanted, seen["allowed"], seen["routed"]))
    finally:
        candidates.best = asked
    return samples


def harvest_later(path: Path) -> list[Sample]:
    """The last turn of every case with earlier turns, where the planner compared candidates on it:
    each case runs through a fresh local runtime as the suite runs it (the earlier turns fill the
    session's memory: lists shown, questions asked, offers), and the comparison's evidence on the
    last turn is kept (round 13)."""
    from evals.planner.suite import _invoke as invoke
    from evals.planner.suite import read_turn, suite_runtime  # the runtime only for this harvest

    seen: list[dict[str, Any]] = []
    asked = candidates.best

    def spy(evidence: Mapping[str, float], allowed: Any, routed: str, *rest: Any, **named: Any) -> str:
        seen.append({"evidence": dict(evidence), "allowed": tuple(allowed), "routed": routed})
        return asked(evidence, allowed, routed, *rest, **named)

    header = suite_header(path)
    agents = header.definitions()
    writes = {op.operation_id for agent in agents.values() for op in agent.operations if op.mutating}
    samples: list[Sample] = []
    candidates.best = spy
    try:
        with suite_runtime(path) as runtime:
            client, cat = runtime.client(), header.catalog()
            for case in load_cases(runtime.sample, path):
                wanted = expected(case, writes, later=True) if case.get("before") else None
                if wanted is None:
                    continue
                agent_id = header.agent_id(case.get("agent"))
                signed_in = {header.session_attribute: case.get("customer", header.default_customer)}
                session = f"harvest-{len(samples)}-{case['id']}"
                for earlier in case["before"]:
                    read_turn(invoke(client, agent_id, session, signed_in, earlier), cat)
                seen.clear()
                read_turn(invoke(client, agent_id, session, signed_in, case["say"]), cat)
                if seen and wanted in seen[0]["allowed"]:
                    first = seen[0]
                    samples.append(Sample(first["evidence"], wanted, first["allowed"], first["routed"], True))
    finally:
        candidates.best = asked
    return samples


def fit(
    samples: Sequence[tuple[Mapping[str, float], str, Sequence[str]]],
    rounds: int = 400,
    rate: float = 0.5,
    l2: float = 0.01,
) -> Weights:
    """Multinomial logistic regression by gradient descent over (evidence, expected candidate, the
    candidates allowed for it): the softmax runs over each sample's allowed candidates only. On numpy
    matrices (samples x pieces of evidence) since round 12: the same steps as round 9's loops, to
    2e-16, in a twentieth of the time (the cross-validation fits twenty times per run)."""
    # Imported here, after the encoder (through candidates.py), which asks numpy for one BLAS thread.
    import numpy as np

    names = sorted({f for evidence, _, _ in samples for f in evidence})
    column = {f: i for i, f in enumerate(names)}
    rows = range(len(samples))
    x = np.zeros((len(samples), len(names)))
    allowed = np.zeros((len(samples), len(candidates.CANDIDATES)), dtype=bool)
    wanted = np.zeros(allowed.shape)
    for row, (evidence, want, ok) in zip(rows, samples, strict=True):
        for f, v in evidence.items():
            x[row, column[f]] = v
        allowed[row, [candidates.CANDIDATES.index(c) for c in ok]] = True
        wanted[row, candidates.CANDIDATES.index(want)] = 1.0
    w = np.zeros((len(candidates.CANDIDATES), len(names)))
    for _ in range(rounds):
        scored = np.where(allowed, x @ w.T, -np.inf)
        exp = np.exp(scored - scored.max(axis=1, keepdims=True))
        error = (exp / exp.sum(axis=1, keepdims=True) - wanted) * allowed
        w -= rate * ((error.T @ x) / len(samples) + l2 * w)
    return {c: dict(zip(names, map(float, w[i]), strict=True)) for i, c in enumerate(candidates.CANDIDATES)}


def triples(samples: Sequence[Sample]) -> list[tuple[Mapping[str, float], str, Sequence[str]]]:
    return [(s.evidence, s.expected, s.allowed) for s in samples]


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
    print(weights_source(fit(triples(samples))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
