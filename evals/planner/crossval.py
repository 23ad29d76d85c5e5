"""A predictor of the planner's accuracy on suites nobody has seen, from the tunable suites only.

    python -m evals.planner.crossval [--margins 0,0.4,0.8,1.2,inf] [--rounds 600] [--l2 0.01]
                                     [--declared-only] [--without a,b] [--fit-later] [--samples turns.json]

Rounds 3 to 9 each closed about half the misses of the suites they read and moved the next unseen
suites by zero to five cases; round 9 chose the margin of its fitted comparison of candidates
(local_bedrock/planner/candidates.py) by held-out counts. This command measures instead, leaving
each tunable blind suite out in turn (suite.WRITTEN_BLIND that are in suite.TUNABLE, in the order
they were written): the weights are fitted (fit_candidates.fit) on the first turns of every other
tunable suite and scored on the one left out, at each margin, against the ordered rules alone
("rules", the margin infinite). The margin with the most first turns right over all folds is the
one to ship (a tie goes to the larger margin, the smaller change). The rules' column is also the
figure for a change of the rules themselves: run it before and after, and compare the suites that
were fresh this round with the ones read.

A first turn counts as in fit_candidates: it expects the knowledge base, a read or a refusal, and the
planner compared candidates on it. Since round 13 the last turns of cases with earlier turns are
harvested too (fit_candidates.harvest_later) and scored in a table of their own; the fit uses them
only with --fit-later. Judged and held-out suites are never harvested.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from evals.planner.fit_candidates import (
    L2,
    Sample,
    declared_only,
    fit,
    harvest_later,
    harvest_questions,
    harvest_suite,
    triples,
)
from evals.planner.suite import TUNABLE, WRITTEN_BLIND
from local_bedrock.planner import candidates

MARGINS = (0.0, 0.4, 0.8, 1.2, math.inf)
# The knowledge-base evaluation's questions of its tunable splits, all expecting the documents.
QUESTIONS = "kb_questions"


def right(samples: Sequence[Sample], weights: Mapping[str, Mapping[str, float]], margin: float) -> int:
    """How many samples the comparison gets right with these weights and margin."""
    return sum(
        candidates.best(s.evidence, s.allowed, s.routed, weights, margin) == s.expected for s in samples
    )


def cross_validate(
    suites: Mapping[str, Sequence[Sample]],
    folds: Sequence[str],
    margins: Sequence[float] = MARGINS,
    rounds: int = 600,
    fit_later: bool = False,
    score_later: bool = False,
    l2: float = L2,
) -> dict[str, dict[float, int]]:
    """For each fold (a suite's name), its first turns (``score_later``: its later turns) right at
    each margin, fitted on every other suite's first turns (``fit_later``: and later turns)."""
    table: dict[str, dict[float, int]] = {}
    for fold in folds:
        rest = [
            s for name, samples in suites.items() if name != fold for s in samples if fit_later or not s.later
        ]
        weights = fit(triples(rest), rounds=rounds, l2=l2)
        scored = [s for s in suites[fold] if s.later == score_later]
        table[fold] = {m: right(scored, weights, m) for m in margins}
    return table


def totals(table: Mapping[str, Mapping[float, int]], folds: Sequence[str]) -> dict[float, int]:
    """First turns right at each margin, summed over ``folds``."""
    margins = next(iter(table.values())).keys()
    return {m: sum(table[f][m] for f in folds) for m in margins}


def choose(table: Mapping[str, Mapping[float, int]], current: float, fresh: Sequence[str]) -> float:
    """The margin to ship: the one with the most first turns right over all folds (a tie goes to the
    larger margin, the smaller change), unless it gets fewer right than ``current`` on the ``fresh``
    folds. Those are the newest tunable suites, the only ones no rule and no piece of evidence was
    written from: on the older folds the rules' verdict and the evidence were tuned, and their
    figures favour trusting them (round 10 measured it, docs/local-runtime.md)."""
    every, new = totals(table, list(table)), totals(table, fresh)
    top = max(every, key=lambda m: (every[m], m))
    return top if new[top] >= new[current] else current


def render(table: Mapping[str, Mapping[float, int]], sizes: Mapping[str, int], fresh: Sequence[str]) -> str:
    margins = list(next(iter(table.values())).keys())
    heads = ["rules" if math.isinf(m) else f"m={m:g}" for m in margins]
    lines = [f"{'fold':24} {'n':>4} " + " ".join(f"{h:>6}" for h in heads)]
    for fold, row in table.items():
        lines.append(f"{fold:24} {sizes[fold]:>4} " + " ".join(f"{row[m]:>6}" for m in margins))
    for name, folds in (("all folds", list(table)), ("fresh folds", list(fresh))):
        summed = totals(table, folds)
        size = sum(sizes[f] for f in folds)
        lines.append(f"{name:24} {size:>4} " + " ".join(f"{summed[m]:>6}" for m in margins))
    return "\n".join(lines)


def harvested(cache: Path | None) -> dict[str, list[Sample]]:
    """Every tunable suite's first turns; ``cache``, when given, saves them or reads them back (the
    harvest runs the planner over every suite, the fits only arithmetic)."""
    if cache is not None and cache.exists():
        saved = json.loads(cache.read_text())
        return {
            name: [Sample(e, w, tuple(a), r, *rest) for e, w, a, r, *rest in rows]
            for name, rows in saved.items()
        }
    suites = {path.stem: [*harvest_suite(path), *harvest_later(path)] for path in TUNABLE}
    suites[QUESTIONS] = harvest_questions()  # fitted on in every fold, never a fold (round 29)
    if cache is not None:
        cache.write_text(json.dumps({name: [list(s) for s in samples] for name, samples in suites.items()}))
    return suites


def without(suites: Mapping[str, Sequence[Sample]], left_out: set[str]) -> dict[str, list[Sample]]:
    """The samples with the pieces of evidence named left out: what the fit would do without them."""
    return {
        name: [
            s._replace(evidence={k: v for k, v in s.evidence.items() if k not in left_out}) for s in samples
        ]
        for name, samples in suites.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.planner.crossval")
    parser.add_argument("--margins", default=",".join(f"{m:g}" for m in MARGINS))
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--l2", type=float, default=L2, help="the fit's penalty on every weight")
    parser.add_argument("--samples", type=Path, help="JSON: first and later turns, read or saved")
    parser.add_argument("--without", default="", help="pieces of evidence left out of every fit (a,b,...)")
    parser.add_argument(
        "--declared-only", action="store_true", help="leave the agreement pieces out: WEIGHTS' evidence"
    )
    parser.add_argument(
        "--fit-later", action="store_true", help="fit on later turns too, not first turns only"
    )
    args = parser.parse_args(argv)
    # The comparison shipped for the suites' agents: the fitted file's, or WEIGHTS without the agreement.
    weights, margin = (candidates.WEIGHTS, candidates.MARGIN) if args.declared_only else candidates.fitted()
    margins = sorted({*(float(m) for m in args.margins.split(",")), margin})  # the shipped one too
    suites = without(harvested(args.samples), set(filter(None, args.without.split(","))))
    if args.declared_only:
        suites = {name: declared_only(samples) for name, samples in suites.items()}
    folds = [path.stem for path in WRITTEN_BLIND if path in TUNABLE]
    table = cross_validate(suites, folds, margins, args.rounds, args.fit_later, l2=args.l2)
    fresh = folds[-2:]  # the newest pair of tunable blind suites: the assistant's and the library's
    print(render(table, {name: sum(not s.later for s in samples) for name, samples in suites.items()}, fresh))
    later = cross_validate(suites, folds, margins, args.rounds, args.fit_later, score_later=True, l2=args.l2)
    print("later turns (the last turn of a case with earlier ones, where the planner compared candidates):")
    print(render(later, {name: sum(s.later for s in samples) for name, samples in suites.items()}, fresh))
    shipped = {f: right([s for s in suites[f] if not s.later], weights, margin) for f in folds}
    print(
        f"shipped weights (fitted on every fold, so no prediction) at margin {margin:g}: "
        f"{sum(shipped.values())} first turns"
    )
    print(f"chosen margin: {choose(table, margin, fresh):g} (shipped: {margin:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
