"""Everyday English for the planner: normalization, spelling correction, numbers, ordinals, dates."""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

CONTRACTIONS = {
    "what's": "what is",
    "where's": "where is",
    "when's": "when is",
    "how's": "how is",
    "that's": "that is",
    "it's": "it is",
    "i'd": "i would",
    "i'll": "i will",
    "i've": "i have",
    "i'm": "i am",
    "don't": "do not",
    "doesn't": "does not",
    "didn't": "did not",
    "can't": "cannot",
    "won't": "will not",
    "haven't": "have not",
    "isn't": "is not",
    "wasn't": "was not",
    "let's": "let us",
    "you've": "you have",
    "whats": "what is",
    "wheres": "where is",
    "dont": "do not",
    "didnt": "did not",
    "im": "i am",
    "ive": "i have",
    "wanna": "want to",
    "gonna": "going to",
    "pls": "please",
    "plz": "please",
    "u": "you",
}
NUMBER_WORDS = {
    "one": 1, "a single": 1, "two": 2, "a couple of": 2, "a couple": 2, "couple of": 2, "pair of": 2,
    "a pair of": 2, "three": 3, "a few": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
}  # fmt: skip
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def normalize(text: str) -> str:
    """Lowercase, straight quotes, expanded contractions, single spaces."""
    lowered = (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    for short, long in CONTRACTIONS.items():
        lowered = re.sub(rf"\b{re.escape(short)}\b", long, lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


class Speller:
    """Corrects misspelt words against a vocabulary (catalog names, documents, tool descriptions)."""

    def __init__(self, vocabulary: Iterable[str], fold: Callable[[str], str] = lambda w: w) -> None:
        self.vocabulary = {w for w in vocabulary if len(w) > 2}
        self.fold = fold  # e.g. a plural stemmer: "cats" is fine when "cat" is known
        self.folded = {fold(w) for w in self.vocabulary}
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_initial.setdefault(word[0], []).append(word)

    def correct(self, word: str) -> str:
        if len(word) < 4 or word in self.vocabulary or not word.isalpha() or self.fold(word) in self.folded:
            return word
        cutoff = 0.8 if len(word) < 7 else 0.75
        pool = self._by_initial.get(word[0], [])
        match = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        if not match:  # a slip on the first letter ("hedphones" keeps h; "eadphones" does not)
            match = difflib.get_close_matches(word, self.vocabulary, n=1, cutoff=0.86)
        return match[0] if match else word

    def correct_text(self, text: str) -> str:
        return _TOKEN.sub(lambda m: self.correct(m.group(0)), text)


def number_words_to_digits(text: str) -> str:
    for phrase in sorted(NUMBER_WORDS, key=len, reverse=True):
        text = re.sub(rf"\b{phrase}\b", str(NUMBER_WORDS[phrase]), text)
    return text


def ordinal_reference(text: str) -> int | None:
    """1-based position the user points at ("the second one", "#3", "number 2"), -1 for "the last
    one", or None."""
    if re.search(r"\b(second to last|penultimate)\b", text):
        return -2
    if re.search(r"\b(the )?(last|final|bottom) (one|item|option)\b", text):
        return -1
    match = re.search(r"(?:#|\bnumber |\bno\. ?|\boption |\bitem )(\d{1,2})\b", text)
    if match:
        return int(match.group(1))
    for word, position in ORDINALS.items():
        if re.search(rf"\b{word}\b(?! (time|order of|half))", text):
            return position
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _explicit_dates(text: str, today: date) -> list[date]:
    found: list[tuple[int, date]] = []
    for match in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text):
        d = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if d:
            found.append((match.start(), d))
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    for match in re.finditer(rf"\b({month_names})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b", text):
        year = int(match.group(3)) if match.group(3) else today.year
        d = _date(year, MONTHS[match.group(1)], int(match.group(2)))
        if d:
            found.append((match.start(), d if match.group(3) or d <= today else d.replace(year=year - 1)))
    for match in re.finditer(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({month_names})\.?(?: (\d{{4}}))?\b", text):
        year = int(match.group(3)) if match.group(3) else today.year
        d = _date(year, MONTHS[match.group(2)], int(match.group(1)))
        if d:
            found.append((match.start(), d if match.group(3) or d <= today else d.replace(year=year - 1)))
    return [d for _, d in sorted(found)]


def date_range(text: str, today: date) -> tuple[date | None, date | None]:
    """(since, until) for the time the user talks about, or (None, None)."""
    explicit = _explicit_dates(text, today)
    if len(explicit) >= 2 and re.search(r"\b(between|from)\b", text):
        return min(explicit[:2]), max(explicit[:2])
    if explicit:
        if re.search(r"\b(before|until|till|up to|prior to)\b", text):
            return None, explicit[0] - timedelta(days=1) if "before" in text else explicit[0]
        if re.search(r"\b(on)\b", text) and not re.search(r"\b(since|after|from)\b", text):
            return explicit[0], explicit[0]
        return (explicit[0] + timedelta(days=1) if "after" in text else explicit[0]), None
    relative = _relative_range(text, today)
    if relative:
        return relative
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    month = re.search(rf"\b(?:in|during|from|since) ({month_names})\b(?: (\d{{4}}))?", text)
    if month:
        number = MONTHS[month.group(1)]
        year = (
            int(month.group(2))
            if month.group(2)
            else (today.year if number <= today.month else today.year - 1)
        )
        start, end = _month_range(year, number)
        return (start, None) if "since" in text else (start, end)
    in_year = re.search(r"\b(?:in|during|since|from) (20\d\d)\b", text)
    if in_year:
        start, end = date(int(in_year.group(1)), 1, 1), date(int(in_year.group(1)), 12, 31)
        return (start, None) if "since" in text else (start, end)
    return None, None


def _relative_range(text: str, today: date) -> tuple[date | None, date | None] | None:
    if re.search(r"\btoday\b", text):
        return today, today
    if re.search(r"\byesterday\b", text):
        day = today - timedelta(days=1)
        return day, day
    if re.search(r"\bthis (week)\b", text):
        return today - timedelta(days=today.weekday()), None
    if re.search(r"\blast week\b", text):
        start = today - timedelta(days=today.weekday() + 7)
        return start, start + timedelta(days=6)
    if re.search(r"\bthis month\b", text):
        return today.replace(day=1), None
    if re.search(r"\blast month\b", text):
        first = today.replace(day=1) - timedelta(days=1)
        return _month_range(first.year, first.month)
    if re.search(r"\bthis year\b", text):
        return date(today.year, 1, 1), None
    if re.search(r"\blast year\b", text):
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    match = re.search(r"\b(?:past|last|previous) (\d+) (day|week|month|year)s?\b", text)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
        return today - timedelta(days=days), None
    return None
