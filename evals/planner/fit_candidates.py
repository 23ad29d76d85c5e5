"""Fit the weights of the planner's comparison of candidates (local_bedrock/planner/candidates.py).

    python -m evals.planner.fit_candidates --write [--margin 0.1]
    python -m evals.planner.fit_candidates evals/planner/planner_dev3.yaml <more suites>

``--write`` fits on the first turns of every tunable suite (evals/planner/suite.py's TUNABLE), with
the agreement pieces, and writes candidates.FITTED: the weights, the margin, the suites and the agents
(by their operations) they were fitted on (round 29, decision 0079). Named suites: the weights of
the pieces any agent declares, fitted on those suites and printed as the module's WEIGHTS.

Name only suites that may be tuned on (evals/planner/suite.py's TUNABLE): a suite held out or judged
must not be fitted on. Each case without earlier turns counts where the planner compares candidates
(it asks ``candidates.best``) and its expected first step is one of them: the knowledge base (`kb`
without `calls`), a read (the first expected call does not change anything) or a refusal
(`declined`, or no calls, and no question back; a case expecting the planner to ask, "whose
orders?", is a read short of a value since round 29). Cases expecting a guardrail intervention are
left out: the guardrail decides those, not the route. The runtime keeps only the weights and the
scoring; the training is here (round 10, decision 0045), and evals/planner/crossval.py chooses the
margin with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from evals.planner.suite import TUNABLE, WRITTEN, load_cases, suite_header
from local_bedrock.agent.definition import load_agents
from local_bedrock.agent.model import PlanContext
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import candidates
from local_bedrock.runtime import offline_model_factory
from local_bedrock.store.seed import SampleData, generate

FITTED_NAME = candidates.FITTED.name
# The fit's penalty on every weight: leaving one tunable suite out in turn, 0.01 got 3,299 first turns
# of 3,462 right, 0.03 got 3,290 (python -m evals.planner.crossval --l2, round 29, decision 0079).
L2 = 0.01


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
        # A question back on a turn that asks for no change is a read short of a value ("which customer
        # id?"): the read's candidate, which goes on to ask (round 29; round 12 left these turns out,
        # and the fitted agreement pieces then declined the support agent's "what did <name> buy").
        return candidates.READ
    if expect.get("declined") or expect.get("calls") == []:
        return candidates.REFUSAL
    return None


def harvest(paths: Sequence[Path], later: bool = False) -> list[Sample]:
    """Every first turn that counts (and, with ``later``, every last turn after earlier ones), from
    the suites named, in their order."""
    return [s for path in paths for s in (*harvest_suite(path), *(harvest_later(path) if later else ()))]


def harvest_suite(path: Path) -> list[Sample]:
    header = suite_header(path)
    agents = header.definitions()
    writes = {op.operation_id for agent in agents.values() for op in agent.operations if op.mutating}
    sample = generate() if header.root == REPO_ROOT else SampleData(catalog=[], customers=[])
    turns = (
        (agents[case.get("agent") or header.default_agent], case["say"], expected(case, writes))
        for case in load_cases(sample, path)
    )
    return _first_turns(header.root, agents, sample, turns)


def harvest_questions(splits: Sequence[str] | None = None) -> list[Sample]:
    """The knowledge-base evaluation's questions (evals/kb) of the tunable splits, each asked of the
    assistant as a first turn: every one expects the documents (round 29: fitted on the utterance
    suites alone, the agreement pieces sent questions of the knowledge-base evaluation elsewhere)."""
    from evals.kb.questions import DEFAULT_AGENT, TUNABLE_SPLITS, load_split

    agents = load_agents()
    sample = generate()
    turns = (
        (agents[DEFAULT_AGENT], q.question, candidates.KNOWLEDGE)
        for split in (TUNABLE_SPLITS if splits is None else splits)
        for q in load_split(split)
    )
    return _first_turns(REPO_ROOT, agents, sample, turns)


def _first_turns(
    root: Path, agents: Mapping[str, Any], sample: SampleData, turns: Iterable[tuple[Any, str, str | None]]
) -> list[Sample]:
    """What the planner compares on each (agent, message, expected candidate) as a first turn, where it
    compares candidates and the expected one is allowed."""
    seen: dict[str, Any] = {}
    asked = candidates.best

    def spy(evidence: Mapping[str, float], allowed: Any, routed: str, *rest: Any, **named: Any) -> str:
        seen.update(evidence=dict(evidence), allowed=tuple(allowed), routed=routed)
        return asked(evidence, allowed, routed, *rest, **named)

    candidates.best = spy  # read what the planner compares, change nothing
    samples: list[Sample] = []
    try:
        planner = offline_model_factory(root, dict(agents), sample, lambda: WRITTEN)(None)
        for agent, text, wanted in turns:
            if wanted is None:
                continue
            seen.clear()
            planner.decide(PlanContext(agent, text, [], [], {}, {}))
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
    rounds: int = 600,
    rate: float = 0.05,
    l2: float = L2,
) -> Weights:
    """Multinomial logistic regression over (evidence, expected candidate, the candidates allowed for
    it): the softmax runs over each sample's allowed candidates only, with an L2 penalty ``l2`` on every
    weight. Since round 29 the steps are Adam's (Kingma and Ba 2015: moments 0.9 and 0.999, step
    ``rate``), not plain gradient descent: the 768 agreement pieces (candidates._agreement) made the
    fixed step of rounds 9 to 28 (0.5) overshoot, and Adam scales each weight's step by its own
    gradients; its epsilon is 1e-6, so a gradient of rounding noise (1e-17, evidence that tells
    nothing) moves nothing. On numpy matrices (samples x
    pieces of evidence)."""
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
    first, second = np.zeros(w.shape), np.zeros(w.shape)
    for step in range(1, rounds + 1):
        scored = np.where(allowed, x @ w.T, -np.inf)
        exp = np.exp(scored - scored.max(axis=1, keepdims=True))
        error = (exp / exp.sum(axis=1, keepdims=True) - wanted) * allowed
        gradient = (error.T @ x) / len(samples) + l2 * w
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        w -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-6)
    return {c: dict(zip(names, map(float, w[i]), strict=True)) for i, c in enumerate(candidates.CANDIDATES)}


def triples(samples: Sequence[Sample]) -> list[tuple[Mapping[str, float], str, Sequence[str]]]:
    return [(s.evidence, s.expected, s.allowed) for s in samples]


def weights_source(weights: Mapping[str, Mapping[str, float]]) -> str:
    lines = ["WEIGHTS: dict[str, dict[str, float]] = {"]
    for candidate in candidates.CANDIDATES:
        kept = {k: round(v, 2) for k, v in sorted(weights[candidate].items()) if abs(round(v, 2)) >= 0.01}
        lines.append(f"    {candidate.upper()}: {kept},")
    return "\n".join([*lines, "}"])


def is_agreement(piece: str) -> bool:
    """Whether a piece of evidence is one of candidates._agreement's coordinates."""
    return piece.partition(".")[0] in candidates.AGREEMENT


def declared_only(samples: Sequence[Sample]) -> list[Sample]:
    """The samples without the agreement pieces: what WEIGHTS are fitted on."""
    return [
        s._replace(evidence={k: v for k, v in s.evidence.items() if not is_agreement(k)}) for s in samples
    ]


def fitted_file(margin: float, paths: Sequence[Path] = TUNABLE) -> dict[str, Any]:
    """What candidates.FITTED holds, fitted on the first turns of ``paths``."""
    from evals.kb.questions import TUNABLE_SPLITS

    samples = [*harvest(paths), *harvest_questions(TUNABLE_SPLITS)]
    weights = fit(triples(samples))
    agents = {
        name: sorted(op.operation_id for op in agent.operations)
        for path in paths
        for name, agent in suite_header(path).definitions().items()
    }
    return {
        "about": "Weights of the offline planner's comparison of candidates, with the agreement pieces; "
        "written by python -m evals.planner.fit_candidates --write (decision 0079). Do not edit.",
        "fitted": {
            "suites": [p.stem for p in paths],
            "knowledge_base_splits": list(TUNABLE_SPLITS),
            "first_turns": len(samples),
            "rounds": 600,
            "l2": L2,
        },
        "agents": dict(sorted(agents.items())),
        "margin": margin,
        "weights": {
            c: {f: round(w, 4) for f, w in sorted(weights[c].items()) if abs(w) >= 5e-5}
            for c in candidates.CANDIDATES
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.planner.fit_candidates")
    parser.add_argument("suites", nargs="*", type=Path)
    parser.add_argument(
        "--write", action="store_true", help=f"fit on every tunable suite, write {FITTED_NAME}"
    )
    parser.add_argument(
        "--margin", type=float, default=None, help="the margin to write (default: the file's)"
    )
    args = parser.parse_args(argv)
    if args.write:
        margin = args.margin if args.margin is not None else candidates.fitted().margin
        saved = fitted_file(margin)
        candidates.FITTED.write_text(json.dumps(saved, indent=1) + "\n")
        print(f"{candidates.FITTED}: {saved['fitted']['first_turns']} first turns, margin {margin:g}")
        return 0
    if not args.suites:
        print(__doc__)
        return 2
    samples = declared_only(harvest(args.suites))
    print(f"# {len(samples)} first turns")
    print(weights_source(fit(triples(samples))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
