"""Find PII spans in a text and mask them the way Bedrock Guardrails does ({EMAIL}, {PHONE} ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from local_bedrock.guardrail.anchors import Text
from local_bedrock.guardrail.pii_patterns import DETECTORS, Detector


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected sensitive value: a PII type (or a custom regex's name) and its span."""

    type: str
    start: int
    end: int
    match: str


def _overlaps(start: int, end: int, taken: Sequence[Finding]) -> bool:
    return any(start < f.end and f.start < end for f in taken)


_GROUP_BREAK = re.compile(r"[ -](?=[^ -]*$)")


def _valid_prefix(detector: Detector, value: str) -> str | None:
    """`value` if valid; else, for `trim_groups` detectors, its longest valid leading groups."""
    while True:
        if detector.validate is None or detector.validate(value):
            return value
        cut = _GROUP_BREAK.search(value) if detector.trim_groups else None
        if cut is None:
            return None
        value = value[: cut.start()]


def _candidates(detector: Detector, text: str) -> Iterable[tuple[int, int, str]]:
    for m in detector.pattern.finditer(text):
        if "q" in detector.pattern.groupindex and m.group("q") is not None:
            yield m.start("q"), m.end("q"), m.group("q")  # a quoted value is taken as it is
            continue
        value = _valid_prefix(detector, m.group("v"))
        if value:
            yield m.start("v"), m.start("v") + len(value), value


def detect_pii(text: str, detectors: Sequence[Detector] = DETECTORS) -> list[Finding]:
    """All PII findings of `text`, in text order. Earlier detectors win overlapping spans."""
    found: list[Finding] = []
    read = Text(text)
    for detector in detectors:
        if detector.needs_card and not any(f.type == "CREDIT_DEBIT_CARD_NUMBER" for f in found):
            continue
        if not read.may_match(detector.pattern):
            continue  # a literal or a digit every match holds is absent (anchors.py): nothing to find
        if detector.screen is not None and detector.screen.search(text) is None:
            continue  # a run every match holds is absent (pii_patterns.Detector.screen)
        for start, end, value in _candidates(detector, text):
            if not _overlaps(start, end, found):
                found.append(Finding(detector.type, start, end, value))
    return sorted(found, key=lambda f: f.start)


def detect_regexes(text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> list[Finding]:
    """Findings of the policy's custom regexes (`regexesConfig`), typed by the regex's name."""
    return [
        Finding(name, m.start(), m.end(), m.group(0))
        for name, pattern in patterns
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]


def anonymize(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding's span with `{TYPE}`; overlapping findings are masked once."""
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < cursor:
            continue
        pieces.append(text[cursor : finding.start])
        pieces.append("{" + finding.type + "}")
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)
