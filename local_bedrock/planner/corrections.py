"""A message that corrects itself as it goes ("track ORD-1AAAAA, oops, I meant ORD-2BBBBB", "orders
from march, wait, I mean may", "three of those mugs, no make that two"): what the user
means is the message with the value after the correction in place of the last value of the same kind
before it, the correction's words gone. People typing to a chat correct themselves this way rather
than edit what they typed; a model reads the last value as the one meant.

General English, not a documented rule: the words that announce a correction and the kinds of value
corrected (an id, a code of letters and digits, a month with or without its day, a number) are a
guess at how people write, measured on the tunable suites (round 20). A correction whose value has no
value of its kind before it ("my loans, sorry, just those past due") leaves the message as it is:
what it replaces is not a value this module can see.
"""

from __future__ import annotations

import calendar
import re

from local_bedrock import english
from local_bedrock.planner import lexicon
from local_bedrock.planner.language import MONTH_ALTERNATION
from local_bedrock.planner.numbers import APPROXIMATE, TENS, UNITS

# The words that announce a correction, in any order and number ("oops", "ah sorry I meant", "no hold
# on"), after a comma, a dash or a space. At least one of them must be a word that only a
# correction says: "no" or "actually" alone say other things too ("no longer", "I actually need").
_ONLY_CORRECTIONS = (
    "sorry|wait|hang on|hold on|scratch that|correction|my bad|oops|or rather|i mean|i meant|"
    "make it|make that"
)
_SAYS = f"(?:{_ONLY_CORRECTIONS})"
_FILLER = f"(?:no|nope|oh|ah|um|uh|er|erm|actually|{_ONLY_CORRECTIONS})"
MARKER = re.compile(
    rf"(?:\s*[,;.!-]+\s*|\s+)(?:{_FILLER}[,.!]?\s+)*{_SAYS}[,.!]?\s+(?:{_FILLER}[,.!]?\s+)*", re.IGNORECASE
)
# Words that may stand between the correction and its value ("wait, *it's* ORD-1", "sorry I meant
# *the* 5th"): a few short ones.
_LEAD = re.compile(
    r"(?:(?:it'?s|it is|it was|that is|the|a|an|order|customer|number|loan|item|just|from|in|on|typo,?)"
    r"\s+){0,3}",
    re.IGNORECASE,
)

_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_COUNT = "|".join(sorted([*APPROXIMATE, *UNITS, *TENS], key=len, reverse=True))
# The kinds of value a correction replaces, most specific first; each match is one value.
KINDS: tuple[re.Pattern[str], ...] = (
    # An id with a prefix and a dash ("ORD-QQQQQQ", "ord-1a2b3c"): upper case, or with a digit.
    re.compile(r"\b[A-Z]{1,5}-[A-Z0-9]{3,}\b|\b[a-z]{1,5}-(?=[a-z]*\d)[a-z0-9]{3,}\b", re.IGNORECASE),
    # A code of letters then digits ("C1234", "M9876").
    re.compile(r"\b[a-z]{1,3}\d{3,}\b", re.IGNORECASE),
    # A month, with its day before or after ("june", "12 july", "march the 3rd").
    re.compile(
        rf"\b(?:(?:the )?{_DAY} (?:of )?)?(?:{MONTH_ALTERNATION})\b(?: (?:the )?{_DAY}\b)?", re.IGNORECASE
    ),
    # A day of the week ("due friday, no wait, thursday"; round 27).
    re.compile(r"\b(?:" + "|".join(calendar.day_name) + r")\b", re.IGNORECASE),
    # A day of the month on its own ("the 10th").
    re.compile(r"\b(?:the )?\d{1,2}(?:st|nd|rd|th)\b", re.IGNORECASE),
    # A number, in digits or words ("5", "five", "a couple").
    re.compile(rf"\b(?:\d+|{_COUNT})\b", re.IGNORECASE),
)


def corrected(text: str) -> str:
    """``text`` with each correction applied: the value after the correction's words takes the place
    of the last value of its kind before them; the message is unchanged where there is none."""
    for _ in range(3):  # a message seldom corrects itself more than once or twice
        changed = _first_correction(text)
        if changed is None:
            return text
        text = changed
    return text


def _first_correction(text: str) -> str | None:
    for marker in MARKER.finditer(text):
        before, after = text[: marker.start()], text[marker.end() :]
        lead = _LEAD.match(after)
        start = lead.end() if lead else 0
        for kind in KINDS:
            value = kind.match(after, start)
            if value is None:
                continue
            replaced = list(kind.finditer(before))
            if not replaced:
                return None
            last = replaced[-1]
            return before[: last.start()] + value.group(0) + before[last.end() :] + after[value.end() :]
        named = _renamed(before, after)
        if named is not None:
            return named
    return None


# The verbs with no group in the lexicon that still open a request ("do you *have* kites").
_LIGHT_VERBS = frozenset({"have", "get", "want", "need"})
# A subject makes the words after a correction a clause, not a name ("the ones I've handed back").
_SUBJECTS = frozenset({"i", "i've", "i'm", "i'd", "we", "we've", "you", "it's"})
_PREPOSITION = re.compile(r"\b(?:as|for|in|on|at|with|from|to|by)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'-]*", re.IGNORECASE)
# The most words a name given as a correction has ("the left hand of darkness").
_NAME_WORDS = 6
# Phrases that take back what was typed instead of naming something ("sorry, my mistake", "oops, wrong
# chat", "wait, never mind", "sorry, typo"): no name (round 27). Whole phrases only: "Never Let Me
# Go" and "My Antonia" are titles.
_TAKEN_BACK = re.compile(
    r"^(?:my (?:mistake|bad|error)|never ?mind|wrong (?:chat|window|person|thread|tab)|typo|"
    r"ignore (?:that|this|me)|disregard(?: that| this)?|forget (?:it|that))$",
    re.IGNORECASE,
)
_TYPO = re.compile(r"^typo\b[,:;]?\s+(?=\S)", re.IGNORECASE)


def _renamed(before: str, after: str) -> str | None:
    """A name given as the correction ("extend emma, oops, I meant the odyssey", "do you have kites,
    sorry, beach balls?"): the request's object, everything after its verb, is the name instead.
    Only a name: a few words ending the message, no verb among them ("actually, draft
    a poem" is another request) and not "the <everyday word> one" ("the printed one" names
    the same title in another form, which this cannot put in place; round 26)."""
    after = _TYPO.sub("", after.strip())
    name = after.rstrip("?!.").strip()
    said = _WORD.findall(name)
    if not said or len(said) > _NAME_WORDS or len(said) != len(name.split()):
        return None
    if any(_a_verb(w) or w.lower() in _SUBJECTS for w in said) or said[0].lower() in ("just", "only"):
        return None
    if said[-1].lower() == "one" and all(english.listed(w.lower()) for w in said[1:-1]):
        return None
    if _TAKEN_BACK.match(" ".join(said)):
        return None
    verbs = [m for m in _WORD.finditer(before) if _a_verb(m.group(0))]
    if not verbs:
        return None
    verb = verbs[0]
    # An object that holds more than a name ("dune as an ebook", "dune the book for me"): the
    # correction may be of its form or its recipient, not of the thing (round 26).
    if _PREPOSITION.search(before[verb.end() :]):
        return None
    return f"{before[: verb.end()]} {name}{after.strip()[len(name) :]}"


def _a_verb(word: str) -> bool:
    word = word.lower()
    return word in _LIGHT_VERBS or word in lexicon.CREATIVE_VERBS or len(lexicon.group_of(word)) > 1
