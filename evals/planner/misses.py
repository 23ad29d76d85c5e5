"""Where the planner's first turns miss, by the stage that decided wrongly (round 14).

    python -m evals.planner.misses [--cases] [SUITE.yaml ...]     # default: every tunable suite

Each suite runs as `python -m evals.planner` runs it (a fresh local runtime, boto3 through the
endpoint), one process per suite (a second domain's handlers keep module state), and every failed
case without earlier turns gets one class, read from what the case expects, what the turn did and
what the planner decided on the way (its goal for the message, and whether the comparison of
candidates, candidates.py, was reached and overruled the ordered rules):

- ``false decline``: an operation or the documents expected, the message declined (out of scope, or
  no operation's);
- ``false accept``: a refusal expected, an operation called or the documents asked;
- ``documents vs operation``: the documents expected and an operation called, or the other way;
- ``which operation``: another operation than the one expected;
- ``arguments``: the right operation with a value missing, wrong, or asked for;
- ``identity/confirmation``: an identity refusal where none was due, or a confirmation where a
  refusal was;
- ``answer``: the right steps, with an answer lacking what the case expects (or the guardrail's).

Each class's count is followed by how many of its misses reached the comparison of candidates (the
comparison chose wrong); the others the ordered rules decided before it.

Prints the counts per suite and the total (``--cases`` adds every miss, class and id, for reading
the tunable suites only: never run it on a held-out or judged suite).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.planner.suite import NOT_TUNABLE, TUNABLE, load_cases, run_case, suite_header, suite_runtime
from local_bedrock.planner import candidates, planner
from local_bedrock.planner.goals import Goal

CLASSES = (
    "false decline",
    "false accept",
    "documents vs operation",
    "which operation",
    "arguments",
    "identity/confirmation",
    "answer",
)


def classify(expect: dict[str, Any], did: dict[str, Any]) -> str:
    """One class for a failed first turn (the module's docstring lists them); ``did``: the turn's
    calls, knowledge-base look-up, confirmation, question back and the planner's goal category."""
    calls, kb, confirm = did["calls"], did["kb"], did["confirm"]
    wanted_calls = expect.get("calls")
    did_something = bool(calls or kb or confirm)
    if did.get("category") == "A" or (expect.get("declined") and confirm and not calls):
        return "identity/confirmation"
    if expect.get("declined") or wanted_calls == []:
        return "false accept" if did_something else "answer"
    if expect.get("kb") and not wanted_calls:
        if kb:
            return "answer"
        return "documents vs operation" if did_something else "false decline"
    if wanted_calls or expect.get("confirm"):
        first = (wanted_calls or [expect.get("confirm")])[0]
        if not did_something:
            return "arguments" if did.get("kind") == "operation" else "false decline"
        if kb and not calls:
            return "documents vs operation"
        if first not in calls and first != confirm:
            return "which operation"
        if wanted_calls and calls != wanted_calls and set(calls) - set(wanted_calls):
            return "which operation"
        if "confirm" in expect and confirm != expect["confirm"]:
            return "identity/confirmation"
        return "arguments" if expect.get("args") or calls != wanted_calls else "answer"
    return "answer"


def misses(path: Path, outcomes: dict[str, bool]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(class, case id, message, what the turn did) of every failed case without earlier turns of
    one suite; every case's pass or fail goes into ``outcomes``."""
    seen: dict[str, Any] = {}
    understood = planner.OfflinePlanner._understand
    asked = candidates.best

    def spy_goal(self: planner.OfflinePlanner, context: Any, message: Any) -> Goal:
        goal = understood(self, context, message)
        seen["goal"] = goal
        return goal

    def spy_best(evidence: Any, allowed: Any, routed: str, *rest: Any, **named: Any) -> str:
        winner = asked(evidence, allowed, routed, *rest, **named)
        seen.update(routed=routed, winner=winner)
        return winner

    planner.OfflinePlanner._understand = spy_goal  # type: ignore[method-assign]
    candidates.best = spy_best
    found = []
    try:
        header = suite_header(path)
        with suite_runtime(path) as runtime:
            client = runtime.client()
            for case in load_cases(runtime.sample, path):
                seen.clear()
                result = run_case(client, case, header)
                outcomes[case["id"]] = result.passed
                if result.passed or case.get("before"):
                    continue
                r, goal = result.record, seen.get("goal")
                did = {
                    "calls": r.calls,
                    "kb": r.kb,
                    "confirm": r.confirm,
                    "asked": r.asked,
                    "kind": goal.kind if goal else "",
                    "category": goal.category if goal else "",
                    "compared": "winner" in seen,
                    "overruled": seen.get("winner") != seen.get("routed"),
                }
                found.append((classify(case["expect"], did), case["id"], case["say"], did))
    finally:
        planner.OfflinePlanner._understand = understood  # type: ignore[method-assign]
        candidates.best = asked
    return found


def _line(kinds: Sequence[tuple[str, bool]]) -> str:
    """ "<class> N (compared M), ...": how many of each class, and of them how many reached the
    comparison of candidates."""
    counts = Counter(k for k, _ in kinds)
    compared = Counter(k for k, c in kinds if c)
    return ", ".join(f"{c} {counts[c]} ({compared[c]})" for c in CLASSES if counts[c])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    show = "--cases" in args
    paths = [Path(a) for a in args if a != "--cases"] or list(TUNABLE)
    if show and any(p.resolve() in {q.resolve() for q in NOT_TUNABLE} for p in paths):
        print("--cases is for tunable suites only")
        return 2
    if len(paths) == 1:
        outcomes: dict[str, bool] = {}
        found = misses(paths[0], outcomes)
        kept = found if show else [(k, did["compared"]) for k, _, _, did in found]
        print(json.dumps({"suite": paths[0].stem, "misses": kept, "outcomes": outcomes}))
        return 0
    total: list[tuple[str, bool]] = []
    for path in paths:  # one process per suite, as evals.planner runs them
        command = [sys.executable, "-m", "evals.planner.misses", *(["--cases"] if show else []), str(path)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        report = json.loads(out.strip().splitlines()[-1])
        kinds = [(m[0], m[3]["compared"]) if show else (m[0], m[1]) for m in report["misses"]]
        total += kinds
        passed = sum(report["outcomes"].values())
        score = f"{passed}/{len(report['outcomes'])}"
        print(f"{report['suite']} {score}; first-turn misses {len(kinds)}: {_line(kinds)}")
        if show:
            for kind, case_id, say, did in report["misses"]:
                print(f"    [{kind}{', compared' if did['compared'] else ''}] {case_id}: {say}")
    print(f"total first-turn misses {len(total)}: {_line(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
