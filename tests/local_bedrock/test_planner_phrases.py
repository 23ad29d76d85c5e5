"""No phrase of an utterance suite is copied into the planner's source: the planner must understand
requests from what the agent declares and from general language, not from lists that mirror the
suites it is measured on (issue 14). Every string literal of local_bedrock/planner/*.py (docstrings
and regular expressions included) is compared, as word 4-grams, with every suite's utterances."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from evals.planner.suite import ALL_SUITES, suite_document
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import refusals

PLANNER = REPO_ROOT / "local_bedrock" / "planner"
N = 4
# Shared 4-grams tolerated in all. Today (2026-12-04, after round 28's registration): the
# guardrail's classic injection opening, which knowledge.py's docstring quotes to explain why such
# sentences of a document are never quoted; and general-English phrases already in the planner that
# blind suites written after that code happen to use: "whether there are any" (situations.py,
# library_blind17), "can i give my" (someone_close.py, round 17; planner_blind20) and "a copy of the"
# (planner.py's docstring "on a copy of the session's memory"). The code cannot have copied them.
MAX_SHARED = 4
# What the planner answers, which a user may quote back to it: a message of library_blind27
# (2026-12-04, written after this answer, in a round whose styles include quoting "an earlier
# reply") shares five 4-grams with the identity refusal, whose words the suites' expectations ask
# for ("only help with your own"). The planner says it; it cannot have copied it. (Known from the
# filtered 4-gram report only; the message itself was not read.)
ANSWERS = frozenset({refusals.ONLY_YOURS})
_WORD = re.compile(r"[a-z0-9]+")


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def utterances(path: Path) -> list[str]:
    said = []
    for case in suite_document(path)["cases"]:
        said += [case["say"], *case.get("before", [])]
    return said


def literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def shared_ngrams() -> dict[tuple[str, ...], list[str]]:
    suites: dict[tuple[str, ...], str] = {}
    for suite in ALL_SUITES:
        for utterance in utterances(suite):
            for gram in ngrams(utterance):
                suites.setdefault(gram, f"{suite.name}: {utterance}")
    found: dict[tuple[str, ...], list[str]] = {}
    for source in sorted(PLANNER.glob("*.py")):
        for literal in literals(source):
            if literal in ANSWERS:
                continue
            for gram in ngrams(literal) & suites.keys():
                found.setdefault(gram, []).append(f"{source.name} ({suites[gram]})")
    return found


def test_planner_source_copies_no_suite_phrase() -> None:
    shared = shared_ngrams()
    report = "\n".join(f"{' '.join(g)}: {', '.join(sorted(set(w)))}" for g, w in sorted(shared.items()))
    assert len(shared) <= MAX_SHARED, f"{len(shared)} word 4-grams of the suites in the planner:\n{report}"


def test_the_comparison_finds_a_copied_phrase() -> None:
    copied = utterances(ALL_SUITES[0])[0]
    assert ngrams(copied) and ngrams(copied) <= ngrams(f"x = {copied!r}")
    assert not ngrams("show me") and len(ngrams("one two three four five")) == 2
