"""Fill an operation's parameters from the user's words, guided only by the parameter schemas:
patterns find ids, `format: date` finds dates, integers find numbers, "one of: ..." descriptions
find allowed values, and free-text parameters take the product words of the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation, Parameter
from local_bedrock.planner import knowledge
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import number_words_to_digits
from local_bedrock.planner.language import words as language_words
from local_bedrock.planner.lexicon import says_state
from local_bedrock.planner.numbers import UNIT_ORDINALS
from local_bedrock.planner.per_agent import per_agent
from local_bedrock.planner.replies import words_of
from textnorm import STOP_WORDS, singular

_ANCHORS = re.compile(r"^\^|\$$")


def kind_of(parameter: Parameter) -> str:
    """The kind of thing a parameter names: "order", "product", "customer", or its own name."""
    name = parameter.name.lower()
    for kind, fragments in (
        ("order", ("order", "purchase")),
        ("product", ("product",)),
        ("customer", ("customer",)),
    ):
        if any(f in name for f in fragments):
            return kind
    return name


def _segments(pattern: str) -> list[str]:
    """The pattern split at its literal separators ("^[A-Z]{2}-[0-9]{4}$" -> "[A-Z]{2}", "[0-9]{4}"),
    never inside a character class or a group."""
    core = _ANCHORS.sub("", pattern)
    segments, current, depth = [], "", 0
    i = 0
    while i < len(core):
        char = core[i]
        if char == "\\" and i + 1 < len(core):
            current += core[i : i + 2]
            i += 2
            continue
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char in "-_" and depth == 0:
            segments.append(current)
            current = ""
        else:
            current += char
        i += 1
    return [*segments, current]


def _separators(pattern: str) -> list[str]:
    core = _ANCHORS.sub("", pattern)
    return [c for c in re.findall(r"\[[^\]]*\]|\\.|[-_]", core) if c in ("-", "_")]


# A part of a pattern that is one class repeated a fixed number of times ("[0-9]{5}"), and a part
# that opens with literal letters before its classes ("C[0-9]{4}").
_FIXED_RUN = re.compile(r"(\[[^\]]+\])\{(\d+)\}")
_LETTERS_FIRST = re.compile(r"([A-Za-z]+)(\[.*)")


def _as_typed(part: str) -> str:
    """A part of an id as people type it: a fixed run of four or more may carry one dash inside
    ("41-203" for "[0-9]{5}", "7K3-F9Q" for "[0-9A-Z]{6}": an id read out in groups), and literal
    letters may stand apart from what follows ("C 0042" for "C[0-9]{4}"). These are guesses at how
    ids are typed (the formats are the OpenAPI patterns; nothing documents how people write them)."""
    run = _FIXED_RUN.fullmatch(part)
    if run and int(run.group(2)) >= 4:
        cls, n = run.group(1), int(run.group(2))
        grouped = "|".join(f"{cls}{{{k}}}-{cls}{{{n - k}}}" for k in range(2, n - 1))
        return f"{part}|{grouped}"
    letters = _LETTERS_FIRST.fullmatch(part)
    if letters:
        return f"{letters.group(1)}[-_ ]?(?:{letters.group(2)})"
    return part


# Where an id ends: no letter or digit next, nor another dashed group (a date: "2026-05-01").
_ENDS = r"(?![A-Za-z0-9]|-[A-Za-z0-9])"


def _cased(text: str, pattern: str) -> str:
    """Upper case unless the pattern allows lower-case letters."""
    return text if re.search(r"a-z|\\w", pattern) else text.upper()


def id_finder(pattern: str) -> re.Pattern[str]:
    """A search pattern for ids of this format in free text: case-insensitive, with or without the
    separators the pattern declares ("bk1013", "BK 1013", "ord-7k3f9q" for "^[A-Z]{2}-[0-9]{4}$"
    and "^ORD-[0-9A-Z]{6}$"), each part captured as typed (``_as_typed``)."""
    parts = _segments(pattern)
    body = "[-_ ]?".join(f"({_as_typed(part)})" for part in parts)
    return re.compile(rf"(?<![A-Za-z0-9]){body}{_ENDS}", re.IGNORECASE)


def canonical_id(match: re.Match[str], pattern: str) -> str:
    """The id as the pattern writes it: its separators back in place (and none inside a part),
    upper case unless the pattern allows lower-case letters."""
    separators = _separators(pattern)
    parts = [re.sub(r"[-_ ]", "", part) for part in match.groups()]
    text = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=False))
    text = _cased(text, pattern)
    return text if re.fullmatch(_ANCHORS.sub("", pattern), text) else match.group(0)


def find_ids(text: str, parameter: Parameter) -> list[str]:
    pattern = parameter.schema.get("pattern")
    if not pattern:
        return []
    found = [
        canonical_id(m, pattern)
        for m in id_finder(pattern).finditer(text)
        if not _spaced_word(m) and not _letter_apart_after_a_word(text, m)
    ]
    return found or _without_prefix(text, parameter, pattern)


# Words after which an id's letter may stand apart from its digits ("for c 0042", "customer c 0042").
_BEFORE_AN_ID = frozenset("for of to customer member account id number no is and".split())


def _letter_apart_after_a_word(text: str, match: re.Match[str]) -> bool:
    """An id's opening letter typed apart from its digits, after a word that names no id ("vitamin
    c 1000 tablets"): a product's name, not an id (review of round 28)."""
    first = match.group(1)
    if " " not in first:
        return False
    before = re.findall(r"[a-z]+", text[: match.start()].lower())
    return bool(before) and text[: match.start()].endswith(" ") and before[-1] not in _BEFORE_AN_ID


# A number and its unit ("1000ml", "12inch", "20000mah"): a size, never an id (review of round 28).
_MEASURE = re.compile(
    r"\d+(?:ml|l|cl|g|kg|mg|oz|lb|lbs|in|inch|inches|cm|mm|m|ft|w|kw|v|mah|gb|tb|mb|pack|pk|pcs|pc|hz|mp|k)",
    re.IGNORECASE,
)


def _without_prefix(text: str, parameter: Parameter, pattern: str) -> list[str]:
    """Ids typed without the letters the format opens with, right after the noun the parameter
    names them by ("purchase 7K3F9Q" for "^ORD-[0-9A-Z]{6}$", "customer 0042" for "^C[0-9]{4}$",
    "loan 41203"), holding a digit (so "order status" is no id), typed whole (an id without its
    letters and in groups, "order 4471-XB", is too far from the format). A guess at how people type
    ids."""
    core = _ANCHORS.sub("", pattern)
    opening = re.match(r"([A-Za-z]+)[-_]?", core)
    nouns = [w for w in words_of(parameter.name).split() if w != "id"]
    if opening is None or not nouns:
        return []
    rest = core[opening.end() :]
    said = "|".join(re.escape(n) for n in nouns)
    finder = re.compile(
        rf"\b(?:{said})s? (?:#|no\.? ?|number )?((?=[a-z]*[0-9])(?:{rest})){_ENDS}",
        re.IGNORECASE,
    )
    separator = core[len(opening.group(1)) : opening.end()]
    ids = (
        _cased(f"{opening.group(1)}{separator}{re.sub('[-_ ]', '', m.group(1))}", pattern)
        for m in finder.finditer(text)
        if not _MEASURE.fullmatch(m.group(1))
    )
    return [i for i in ids if re.fullmatch(core, i)]


def _spaced_word(match: re.Match[str]) -> bool:
    """A word followed by a number ("in 2025", "at 1015") is no id, though the format fits."""
    parts = match.group(0).split(" ")
    return len(parts) > 1 and any(p.lower() in STOP_WORDS for p in parts[:-1])


# Declarations are fixed, so what is read from them is kept (by their text: immutable) for every
# turn; the bound is well above the parameters and values of the agents a runtime serves.
DECLARED = 4096


@per_agent
def declared_value_words(agent: AgentDefinition) -> frozenset[str]:
    """The words, singular, of every value the agent's parameters allow ("dvd", "riverside"): a kind
    of the agent's own things or a place it names, never something else (bookable.py) nor a person
    (refusals.py). Read once per agent definition."""
    return frozenset(
        singular(w)
        for op in agent.operations
        for p in op.parameters
        for v in allowed_values(p)
        for w in language_words(v.lower())
    )


def allowed_values(parameter: Parameter) -> list[str]:
    """The values a description lists after "one of:" (remarks in parentheses left out)."""
    return list(_listed(parameter.description))


@lru_cache(maxsize=DECLARED)
def _listed(description: str) -> tuple[str, ...]:
    described = re.sub(r"\([^)]*\)", "", description)
    match = re.search(r"one of:\s*(.+?)\.?$", described, re.IGNORECASE)
    return tuple(v.strip() for v in match.group(1).split(",") if v.strip()) if match else ()


@lru_cache(maxsize=DECLARED)
def _finders(value: str) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """Searches for an allowed value in a message: the whole value, and each of its longer words."""
    main = [w for w in re.findall(r"[a-z]+", value.lower()) if len(w) > 3]
    whole = value.lower()
    said = "|".join(_apart(whole)) if re.fullmatch(r"[a-z]{4,}", whole) else re.escape(whole)
    return re.compile(rf"\b(?:{said})s?\b"), tuple(re.compile(rf"\b{w}s?\b") for w in main)


def _apart(word: str) -> list[str]:
    """The ways a one-word value of a compound may be written: whole, hyphenated at one letter
    ("e-book"), or apart once into a one-letter prefix or two parts of four letters or more ("audio
    books"); not split at any letter ("off ice" is no "office": review14)."""
    ways = [word]
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        ways.append(f"{left}-{right}")
        if i == 1 or (len(left) >= 4 and len(right) >= 4):
            ways.append(f"{left} {right}")
    return ways


# What must or should still happen to a thing ("when must it *be returned*", "what do I *need to
# bring back*") is no state it is in: a bare "be" with a participle only follows a modal or "to",
# and so does the verb after a modal of obligation.
_TO_HAPPEN = re.compile(
    r"\bbe [a-z]+(?:ed|en)\b|\b(?:must|should|ought to|has to|have to|need to|needs to|supposed to|meant to)"
    r" (?:be )?[a-z]+(?: (?:back|in|off))?\b"
)


_DID = re.compile(r"\bdid (i|we) ([a-z]{3,}?)e?\b")


def find_allowed(text: str, parameter: Parameter, to_happen: bool = False) -> str | None:
    """The allowed value the text names, the longest first ("audiobook" is not "book"), or, failing
    that, the state it says in other words ("late" for "overdue", lexicon.STATES). Unless
    ``to_happen``, a value said of what must still happen ("when must it be returned") is none."""
    if not to_happen:
        text = _TO_HAPPEN.sub(" ", text)
    # "what did I return": the past the question asks about is the participle ("returned").
    text = _DID.sub(lambda m: f"{m.group(1)} {m.group(2)}ed", text)
    found = []
    for value in _listed(parameter.description):
        value_finder, word_finders = _finders(value)
        whole = value_finder.search(text)
        if whole or any(w.search(text) for w in word_finders):
            found.append((bool(whole), len(value), value))
    if found:
        return max(found)[2]
    return next((v for v in _listed(parameter.description) if says_state(v, text)), None)


def says_a_value(operation: Operation, text: str) -> bool:
    """Does the text name a value one of the operation's parameters declares ("pet supplies"), or
    what must still happen to a thing in its words ("when must it be returned")?"""
    return any(_listed(p.description) and find_allowed(text, p, to_happen=True) for p in operation.parameters)


def integers(text: str, exclude: list[str]) -> list[int]:
    cleaned = text
    for item in exclude:
        cleaned = cleaned.replace(item.lower(), " ")
    cleaned = re.sub(
        r"\b\d{4}-\d{1,2}-\d{1,2}\b|\$\s?\d+(\.\d+)?|\b\d+(\.\d+)? ?(dollars|usd|mah|w|gb|l|ft|inch|quart)\b",
        " ",
        cleaned,
    )
    cleaned = re.sub(r"\b(20\d\d)\b", " ", cleaned)
    # A count written with a times sign ("x3", "3x"), not a size ("4x4").
    cleaned = re.sub(r"(?<![\w.-])(?:x(\d{1,2})|(\d{1,2})x)(?![\w.-])", r" \1\2 ", cleaned)
    # "one" standing for a thing ("the cheaper one", "that one") is not a count.
    cleaned = re.sub(rf"\b(?:{_POINTING}) one\b", " ", cleaned)
    return [int(n) for n in re.findall(r"(?<![\w.-])(\d{1,3})(?![\w.-])", number_words_to_digits(cleaned))]


_POINTING_WORDS = "the that this which another each every other same last next final".split()
_POINTING = "|".join([*_POINTING_WORDS, *UNIT_ORDINALS, r"[a-z]{2,}(?:er|est)"])


@dataclass
class Filled:
    values: dict[str, Any] = field(default_factory=dict)
    missing: list[Parameter] = field(default_factory=list)


_DUE_WHEN = re.compile(r"\bdue (?:this|next|by|before|on|in|within|today|tomorrow|soon)\b")


def fill(
    operation: Operation,
    text: str,
    *,
    today: date,
    product_words: str,
    ids_in_text: list[str],
    directory: Path | None = None,
) -> Filled:
    """Values the sentence itself provides; required parameters it does not provide are `missing`.
    ``directory``: the agent's documents, where a change's value may be named by its section's
    heading instead (a branch's street for the branch: knowledge.value_by_heading; round 22)."""
    result = Filled()
    since, until = date_range(text, today)
    numbers = integers(text, ids_in_text)
    # The words of a declared value said apart ("audio books" for "audiobook") name no thing to look for.
    apart = {
        w
        for p in operation.parameters
        for v in _listed(p.description)
        if (m := _finders(v)[0].search(text)) and " " in m.group(0)
        for w in m.group(0).split()
    }
    product_words = " ".join(w for w in product_words.split() if w not in apart)
    for parameter in operation.parameters:
        value = _value(parameter, text, since, until, numbers, product_words)
        if value is None and operation.mutating and directory is not None and allowed_values(parameter):
            value = knowledge.value_by_heading(text, tuple(allowed_values(parameter)), directory)
        if value is not None:
            result.values[parameter.name] = value
        elif parameter.required or names_other_value(parameter, text):
            result.missing.append(parameter)
    return result


def names_other_value(parameter: Parameter, text: str) -> bool:
    """Does the text name a value the parameter does not allow ("Eastgate *branch*", when
    the branches are Central, Riverside and Hillcrest)? Then the user is asked, not defaulted."""
    if not allowed_values(parameter) or find_allowed(text, parameter):
        return False
    noun = re.sub(r"([a-z])([A-Z])", r"\1 \2", parameter.name).lower().split()[-1]
    said = re.search(rf"\b([a-z]+) {re.escape(noun)}\b", text)
    return said is not None and said.group(1) not in STOP_WORDS and len(said.group(1)) > 2


def _value(
    parameter: Parameter,
    text: str,
    since: date | None,
    until: date | None,
    numbers: list[int],
    product_words: str,
) -> Any:
    schema = parameter.schema
    name = parameter.name.lower()
    if schema.get("pattern"):
        found = find_ids(text, parameter)
        return found[0] if found else None
    if schema.get("format") == "date":
        if _DUE_WHEN.search(text) and "due" not in parameter.description.lower():
            return None  # "which are due this week": a due date, not the date this parameter filters by
        if any(k in name for k in ("since", "from", "after", "start")):
            return since.isoformat() if since else None
        return until.isoformat() if until else None
    if parameter.type == "integer":
        if parameter.required:
            return numbers[0] if numbers else None
        # An optional count is a page size: only "last 3", "top 5", "3 suggestions", "ten of my
        # purchases" set it (a number before a plural noun), kept inside the allowed range.
        # "the first one" points at one thing: it is not a count of one.
        unpointed = re.sub(rf"\b(?:{_POINTING}) one\b", " ", text)
        match = re.search(
            r"\b(?:last|top|first|latest|recent|newest|(?:show|give|get)(?: me)?) (\d{1,3})\b|\b(\d{1,3}) "
            r"(?:of )?(?:my |the |your |their |his |her )?(?!(?:days|weeks|months|years)\b)"
            r"(?:[a-z]+ ){0,2}[a-z]+s\b|\b(\d{1,3}) of (?:them|those|these)\b",  # "3 of them"
            number_words_to_digits(unpointed),
        )
        # "only three", "just two", "only the single newest": a count said as a limit.
        limited = re.search(
            r"\b(?:only|just)(?: the| my)? (?:(\d{1,3})|(single))\b"
            # not "just one more question", "only one thing" (review14)
            r"(?! (?:more|other|thing|question|sec|second|minute|moment)s?\b)",
            number_words_to_digits(unpointed),
        )
        if match:
            value = int(match.group(1) or match.group(2) or match.group(3))
        elif limited:
            value = int(limited.group(1)) if limited.group(1) else 1
        else:
            return None
        return max(int(schema.get("minimum", value)), min(int(schema.get("maximum", value)), value))
    if allowed_values(parameter):
        return find_allowed(text, parameter)
    if parameter.type == "string" and "token" not in name and product_words:
        return product_words
    return None
