"""A PII detector is skipped only on a text it cannot match (local_bedrock/guardrail/anchors.py).

Three checks: the anchors read from small hand-written patterns are what those patterns need and
nothing optional; every string hypothesis generates from a detector's own regex passes its anchors
(a skipped scan would have found nothing); and ``detect_pii`` finds the same things with and without
the anchors over suite utterances, knowledge-base paragraphs, the PII tests' texts and read-turn
answers, in mixed case, with accents and with the characters IGNORECASE folds into ASCII letters.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evals.planner.suite import suite_document
from local_bedrock.guardrail import pii
from local_bedrock.guardrail.anchors import DIGIT, Text, needs
from local_bedrock.guardrail.pii_patterns import DETECTORS
from local_bedrock.manifest import REPO_ROOT
from tests.local_bedrock.test_guardrail_pii import FOUND, NOT_PII

SUITES = ("evals/planner/planner_utterances.yaml", "evals/planner/planner_dev4.yaml")  # never blind ones
ANSWERS = (
    "Here are 5 purchases:\n1. ORD-SJJABS · Tinker Bay Cooperative Board Game — placed at 2026-10-31, "
    "status PROCESSING, item count 1, total $39.99\n2. ORD-2F4Z8V · Auralis USB-C Fast Charger 65W",
    "Your purchase ORD-SJJABS is processing (PROCESSING).\nplaced at 2026-10-31; total $39.99.",
    "Call 555-867-5309 or write to jo@example.com; ship it to 12 Elm Street, Springfield, IL 62704.",
    "card 4111 1111 1111 1111 exp 12/27 cvv 123, routing 011000015, account 12345678, my pin is 4321",
    "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ssn 123-45-6789 P.O. Box 123",
    "password: hunter2! IBAN DE89 3704 0044 0532 0130 00, live at 221B Baker St, London",
)


def _first(pattern: str, flags: int = 0) -> list[list[str]]:
    return [list(need) for need in needs(re.compile(pattern, flags))]


def test_literals_alternatives_and_digits_are_read() -> None:
    assert _first(r"\bfoo(?:bar|baz)\d") == [["foobar", "foobaz"], [DIGIT]]
    assert _first(r"(?<!\w)(?:cvv2?|cid)[ \t]*(?P<v>\d{3})", re.I) == [["cid", "cvv"], [DIGIT]]
    assert _first(r"Card", re.I) == [["card"]]  # lowered: the text is lowered too
    assert _first(r"x+@y") == [["@y"], ["x"]]  # a repeat at least once needs what it repeats


def test_what_a_match_may_skip_is_never_needed() -> None:
    assert _first(r"a?b*(?:c|)") == []  # optional, zero or more, an empty branch
    assert _first(r"(?=abc)\w+") == []  # a lookahead consumes nothing
    assert _first(r"(?:abc|\w+)") == []  # one branch needs nothing
    assert _first(r"(?i:abc)") == []  # a group that changes flags is not read
    assert _first(r"[^0-9]x") == [["x"]]  # a negated class is no digit
    assert _first(r"([ab])\1") == [["a", "b"]]  # the group is read, the back-reference adds nothing
    assert _first(r"\\d") == [["\\"], ["d"]]  # a literal backslash-d is not the digit marker
    assert _first(r"\u0130x", re.I) == [["x"]]  # a non-ASCII letter ignoring case is not read


@pytest.mark.parametrize("index", range(len(DETECTORS)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_a_detector_can_make_passes_its_anchors(index: int, data: st.DataObject) -> None:
    pattern = DETECTORS[index].pattern
    found = data.draw(st.from_regex(pattern))
    assert pattern.search(found)
    assert Text(found).may_match(pattern)
    assert Text(f"Re: {found.upper()} ·").may_match(pattern) or not pattern.search(f"Re: {found.upper()} ·")


def _corpus() -> list[str]:
    said = [c["say"] for name in SUITES for c in suite_document(REPO_ROOT / name)["cases"]]
    documents = [
        p for f in sorted((REPO_ROOT / "knowledge_base").glob("*.md")) for p in f.read_text().split("\n\n")
    ]
    tested = [text for text, *_ in FOUND] + list(NOT_PII)
    base = [*ANSWERS, *tested, *said, *documents]
    rng = random.Random(15)
    mixed = ["".join(c.swapcase() if rng.random() < 0.3 else c for c in t) for t in base]
    accented = [f"Ça — {t} · naïve ẞ Σας ΐ ٣" for t in base[:200]]
    lookalike = [t.replace("s", "\u017f").replace("i", "\u0130", 1).replace("k", "\u212a") for t in base]
    return [*base, *mixed, *accented, *lookalike]


def _every_detector(text: str) -> list[pii.Finding]:
    """detect_pii as it was: every detector scans the text."""
    found: list[pii.Finding] = []
    for detector in DETECTORS:
        if detector.needs_card and not any(f.type == "CREDIT_DEBIT_CARD_NUMBER" for f in found):
            continue
        for start, end, value in pii._candidates(detector, text):
            if not pii._overlaps(start, end, found):
                found.append(pii.Finding(detector.type, start, end, value))
    return sorted(found, key=lambda f: f.start)


def test_detect_pii_finds_what_every_detector_scanning_finds() -> None:
    corpus = _corpus()
    assert len(corpus) > 1500
    differing = [t for t in corpus if pii.detect_pii(t) != _every_detector(t)]
    assert differing == []
    assert sum(bool(_every_detector(t)) for t in corpus) > 60  # the corpus does hold PII


def test_most_detectors_are_skipped_on_a_read_turn() -> None:
    text = Text(ANSWERS[0])
    skipped = [d.type for d in DETECTORS if not text.may_match(d.pattern)]
    assert len(skipped) >= 8 and "CREDIT_DEBIT_CARD_CVV" in skipped and "EMAIL" in skipped
