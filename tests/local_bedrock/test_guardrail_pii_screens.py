"""PII screens (pii_patterns.Detector.screen): every match a detector can make holds a match of its
screen, so a text without one has nothing to find; detect_pii with the screens finds what it finds
without them on the corpus; and the read turn's answer is screened out of the scans it cannot match."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_bedrock.guardrail import pii
from local_bedrock.guardrail.pii_patterns import DETECTORS, Detector
from tests.local_bedrock.test_guardrail_anchors import _corpus

# The answer of bench.bench_turns' read turn ("What did I buy recently?", customer C0001).
READ_ANSWER = (
    "Here are 5 purchases:\n"
    "1. ORD-SJJABS \u00b7 Tinker Bay Cooperative Board Game Pandemic Rescue \u2014 placed "
    "at 2026-10-31, status PROCESSING, item count 1, total $39.99\n"
    "2. ORD-2F4Z8V \u00b7 Auralis USB-C Fast Charger 65W \u2014 placed at 2026-10-22, "
    "status DELIVERED, item count 1, total $39.99\n"
    "3. ORD-CGE6DB \u00b7 Tinker Bay Cooperative Board Game Pandemic Rescue, Brightblock "
    "Party Card Game, Playforge Strategy Board Game Island Settlers \u2014 placed "
    "at 2026-08-14, status DELIVERED, item count 6, total $204.94\n"
    "4. ORD-C8J4DT \u00b7 Playforge Strategy Board Game Island Settlers, Tinker "
    "Bay Cooperative Board Game Pandemic Rescue, Brightblock Party Card Game "
    "\u2014 placed at 2026-07-14, status DELIVERED, item count 7, total $299.93\n"
    "5. ORD-MVKNEK \u00b7 Inkwell Wireless Inkjet Printer \u2014 placed at 2026-05-31, "
    "status DELIVERED, item count 1, total $129.00\n"
    "There are more: say \u201cshow more\u201d to see them."
)
SCREENED = [i for i, d in enumerate(DETECTORS) if d.screen is not None]
UNSCREENED = tuple(dataclasses.replace(d, screen=None) for d in DETECTORS)


def test_screens_are_plain_runs() -> None:
    assert len(SCREENED) >= 5
    for index in SCREENED:
        screen = DETECTORS[index].screen
        assert screen is not None and "(?<" not in screen.pattern and "(?=" not in screen.pattern
        assert screen.flags == DETECTORS[index].pattern.flags  # the same case rules


@pytest.mark.parametrize("index", SCREENED)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_holds_its_screen(index: int, data: st.DataObject) -> None:
    detector = DETECTORS[index]
    assert detector.screen is not None
    text = data.draw(st.from_regex(detector.pattern))
    found = detector.pattern.search(text)
    assert found is not None
    assert detector.screen.search(found.group(0)) is not None


def test_detect_pii_finds_what_it_finds_without_screens() -> None:
    corpus = _corpus()
    assert len(corpus) > 1500
    assert [pii.detect_pii(t) for t in corpus] == [pii.detect_pii(t, UNSCREENED) for t in corpus]
    found = {f.type for t in corpus for f in pii.detect_pii(t)}
    assert {DETECTORS[i].type for i in SCREENED} <= found  # the corpus holds what each screened finds


def test_the_read_answer_is_screened_out(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[int] = []
    scan = pii._candidates

    def recorded(detector: Detector, text: str) -> Iterable[tuple[int, int, str]]:
        scanned.append([d.pattern for d in DETECTORS].index(detector.pattern))
        return scan(detector, text)

    monkeypatch.setattr(pii, "_candidates", recorded)
    assert pii.detect_pii(READ_ANSWER) == []
    assert scanned and not set(scanned) & set(SCREENED)  # some detectors scan it, no screened one
    scanned.clear()
    assert pii.detect_pii(READ_ANSWER, UNSCREENED) == []
    assert set(SCREENED) <= set(scanned)  # without the screens they would
