"""Numbers written in words, as people write them: cardinals ("twenty-five", "a hundred and
twelve"), years ("twenty twenty five", "two thousand and thirty-one", "nineteen ninety-nine"),
ordinals ("twentieth", "thirty first") and the approximate counts of everyday speech ("a couple
of", "a dozen"). Each function returns the text with those words replaced by digits, so that the
patterns for numbers and dates (slots.py, dates.py) only ever read digits."""

from __future__ import annotations

import re

from local_bedrock.planner.per_message import per_message

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000}
UNIT_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}  # fmt: skip
TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30}
# Counts of everyday speech, longest first where one contains another.
APPROXIMATE = {
    "half a dozen": 6, "a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2, "pair of": 2,
    "a few": 3, "a dozen": 12, "a single": 1,
}  # fmt: skip
NUMBER_WORDS = frozenset({*UNITS, *TENS, *SCALES, *UNIT_ORDINALS, *TENS_ORDINALS})
# The words of those counts ("dozen", "couple"): words of number, never misspellings of others.
COUNT_WORDS = frozenset(w for phrase in APPROXIMATE for w in phrase.split() if len(w) > 2)

_NUMBER = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
# A run of number words, joined by spaces, hyphens or "and" ("two thousand and twenty-five").
_RUN = re.compile(rf"\b(?:a |one )?(?:{_NUMBER})(?:(?:[- ]| and )(?:{_NUMBER}))*\b")
_ORDINAL_RUN = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(TENS)})[- ])?(?P<unit>{'|'.join(UNIT_ORDINALS)})\b"
    rf"|\b(?P<round>{'|'.join(TENS_ORDINALS)})\b"
)


def _groups(words: list[str]) -> list[int] | None:
    """Two-digit groups ("twenty five" = [25], "twenty twenty five" = [20, 25]), or None when a
    scale word ("hundred", "thousand") makes it an ordinary cardinal."""
    if any(w in SCALES for w in words):
        return None
    groups: list[int] = []
    pending_tens = False
    for word in words:
        if word in TENS:
            groups.append(TENS[word])
            pending_tens = True
        elif pending_tens and 0 < UNITS[word] < 10:
            groups[-1] += UNITS[word]
            pending_tens = False
        else:
            groups.append(UNITS[word])
            pending_tens = False
    return groups


def _cardinal(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word in TENS:
            current += TENS[word]
        else:
            current += UNITS[word]
    return total + current


def value_of(phrase: str) -> int | None:
    """The number a run of number words says; years are said in pairs ("twenty twenty five")."""
    words = [w for w in re.split(r"[- ]+", phrase) if w and w not in ("and", "a")]
    if words and words[0] == "one" and len(words) > 1 and words[1] in SCALES:
        words = words[1:]
    if not words:
        return None
    groups = _groups(words)
    pair = groups is not None and len(groups) == 2 and groups[0] >= 10 and 10 <= groups[1] < 100
    if pair and groups is not None:
        return groups[0] * 100 + groups[1]  # "nineteen ninety nine", "twenty twenty"
    if groups is not None and len(groups) > 1:
        return None  # "two three": not one number
    return _cardinal(words)


# Each everyday count as a whole phrase, the longest first, with the number it stands for.
_APPROXIMATE_PHRASES = tuple(
    (re.compile(rf"\b{phrase}\b"), str(APPROXIMATE[phrase]))
    for phrase in sorted(APPROXIMATE, key=len, reverse=True)
)


@per_message
def cardinals_to_digits(text: str) -> str:
    """``text`` with spelled numbers and everyday counts as digits ("the last two" -> "the last 2")."""
    for phrase, number in _APPROXIMATE_PHRASES:
        text = phrase.sub(number, text)

    def replace(match: re.Match[str]) -> str:
        phrase = match.group(0)
        if phrase.startswith("a ") and not re.search(r"\b(hundred|thousand)\b", phrase):
            return "a " + replace_rest(phrase[2:])  # "a two-pack": the article is not a number
        return replace_rest(phrase)

    def replace_rest(phrase: str) -> str:
        value = value_of(phrase)
        return str(value) if value is not None else phrase

    return _RUN.sub(replace, text)


@per_message
def ordinals_to_digits(text: str) -> str:
    """``text`` with ordinal words as digits ("the twenty-first" -> "the 21st")."""

    def replace(match: re.Match[str]) -> str:
        if match.group("round"):
            return f"{TENS_ORDINALS[match.group('round')]}th"
        value = UNIT_ORDINALS[match.group("unit")] + (TENS[match.group("tens")] if match.group("tens") else 0)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10 if value // 10 != 1 else 0, "th")
        return f"{value}{suffix}"

    return _ORDINAL_RUN.sub(replace, text)
