"""Parameter values drawn from the OpenAPI schemas, and what the schema says about each value.

Bedrock hands every value to the Lambda as a string, whatever the model produced, so values are
strings: valid ones, values on and just past every bound, and invalid ones (wrong type, wrong
format, empty, oversized, control characters, unpaired surrogates, i.e. text that was not valid
UTF-8 in the JSON Bedrock sent).

``verdict`` is the oracle, computed from the schema and the value alone:

- ``VALID``: the schema accepts it; the handler must too.
- ``INVALID``: the schema rejects it; the handler must answer 422 naming the parameter.
- ``LENIENT``: not the canonical form, but the handler may read it as a valid value (ids in lower
  case or with spaces around them, numbers written ``+5``, `` 5 `` or ``5.0``, dates with a zero
  time): accepting and rejecting are both fine, crashing is not.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import cache
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from local_bedrock.agent.definition import Parameter

VALID, LENIENT, INVALID = "valid", "lenient", "invalid"


def derandomized(examples: int) -> settings:
    """Hypothesis settings for CI: a fixed seed (the same cases every run), no example database, no
    deadline (moto's speed varies), no shrinking (a failure reports the case as drawn)."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )


OVERSIZED = 20_000
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CANONICAL_INT = re.compile(r"-?(0|[1-9][0-9]*)")

_surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_controls = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("\x7f\u200b\u202e\ufeff")
_any_text = st.text(max_size=30)
_junk = st.one_of(
    _any_text,
    st.just(""),
    st.text(_controls, min_size=1, max_size=5),
    st.tuples(_any_text, _surrogates, _any_text).map("".join),
    st.sampled_from(["null", "None", "true", "[]", "{}", '{"$ne": null}', "' OR '1'='1", "../../etc/passwd"]),
    st.integers(min_value=1, max_value=4).map(lambda n: "x" * (OVERSIZED * n)),
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(value: str) -> bool:
    return _SURROGATE.search(value) is not None  # in C: the oversized values run to 80,000 characters


# ------------------------------------------------------------------------------------- the oracle


def verdict(parameter: Parameter, value: str | None) -> str:
    if value is None:
        return INVALID if parameter.required else VALID
    if _has_surrogate(value):
        return INVALID
    schema = parameter.schema
    if schema.get("type") == "integer":
        return _integer_verdict(schema, value)
    if "pattern" in schema:
        if re.fullmatch(schema["pattern"], value):
            return VALID
        return LENIENT if re.fullmatch(schema["pattern"], value.strip().upper()) else INVALID
    if schema.get("format") == "date":
        return _date_verdict(value)
    low, high = schema.get("minLength", 0), schema.get("maxLength", math.inf)
    return VALID if low <= len(value) <= high else INVALID


def _integer_verdict(schema: dict[str, Any], value: str) -> str:
    low, high = schema.get("minimum", -math.inf), schema.get("maximum", math.inf)
    if _CANONICAL_INT.fullmatch(value):
        if len(value) > 30:  # far past any bound here (and past Python's int-from-text digit limit)
            return INVALID
        return VALID if low <= int(value) <= high else INVALID
    try:
        number = float(value)  # Python's reading: " 5 ", "+5", "5.0", "1_0", full-width digits
    except (ValueError, OverflowError):
        return INVALID
    if not math.isfinite(number) or not number.is_integer() or not low <= number <= high:
        return INVALID
    return LENIENT


def _date_verdict(value: str) -> str:
    if _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            return INVALID  # the shape of a date, not a day of the calendar: 2026-02-30
        return VALID
    if not re.search(r"[0-9]", value) or len(value) > 64:
        return INVALID
    return LENIENT  # 2026-01-01T00:00:00, a Unix timestamp of a midnight, ...


# ------------------------------------------------------------------------------------- the values


def values(parameter: Parameter, known: list[str] | None = None) -> st.SearchStrategy[str | None]:
    """Valid, boundary and invalid values for ``parameter`` (None: left out); ``known`` adds values
    that exist in the store (product ids, order ids, page tokens).

    One strategy object for each schema and list of known values, built once per process: the tests
    draw from it inside every example, and hypothesis checks a strategy it has not seen before
    (``validate``, ``is_empty``: regular expressions turned into strategies, one-of branches
    walked) before the first draw: 44 % of test_generated_event_inputs.py's CPU (py-spy, 2026-12-02),
    part of which stays (that test still filters the kept strategy in every example). The events
    drawn were byte-identical with and without it (docs/development.md, round 15); an edited schema
    or another known value is another key (tests/hardening/test_values_kept.py)."""
    return _values(json.dumps(parameter.schema, sort_keys=True), tuple(known or ()))


@cache
def _values(schema_text: str, known: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    schema = json.loads(schema_text)
    if schema.get("type") == "integer":
        typed = _integers(schema)
    elif "pattern" in schema:
        typed = _patterned(schema["pattern"])
    elif schema.get("format") == "date":
        typed = _dates()
    else:
        typed = _bounded_text(schema.get("minLength", 0), schema.get("maxLength", 1000))
    choices = [typed, typed, _junk, st.none()]
    if known:
        choices.append(st.sampled_from(known))
    return st.one_of(*choices)


def _integers(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = schema.get("minimum", -1000), schema.get("maximum", 1000)
    edges = [low - 1, low, high, high + 1, 0, -1, 2**31, -(2**63)]
    exact = st.one_of(st.integers(low, high), st.sampled_from(edges), st.integers()).map(str)
    loose = st.integers(low, high).flatmap(
        lambda n: st.sampled_from([f" {n} ", f"+{n}", f"0{n}", f"{n}.0", f"{n}.5", f"{n}e0", f"{n}_0"])
    )
    huge = st.integers(30, 6000).map(lambda digits: "9" * digits)
    return st.one_of(exact, exact, loose, huge, st.floats().map(str))


def _patterned(pattern: str) -> st.SearchStrategy[str]:
    valid = st.from_regex(pattern, fullmatch=True)
    mutated = valid.flatmap(
        lambda v: st.sampled_from(
            [v.lower(), f" {v} ", v[:-1], v + "0", v[::-1], v.replace("-", "_"), v.replace("-", ""), v + "\n"]
        )
    )
    foreign_digits = valid.map(lambda v: re.sub(r"[0-9]", lambda m: chr(0x0660 + int(m.group())), v))
    return st.one_of(valid, valid, mutated, foreign_digits)


def _dates() -> st.SearchStrategy[str]:
    impossible = st.sampled_from(["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "2026-04-31"])
    other_shapes = st.dates().flatmap(
        lambda d: st.sampled_from(
            [
                d.strftime("%Y/%m/%d"),
                d.strftime("%d-%m-%Y"),
                d.strftime("%Y%m%d"),
                f"{d}T00:00:00",
                f"{d}T10:30:00",
            ]
        )
    )
    words = st.sampled_from(["yesterday", "last month", "March", "today", "2026", "Q1 2026"])
    return st.one_of(
        st.dates().map(date.isoformat), st.dates().map(date.isoformat), impossible, other_shapes, words
    )


def _bounded_text(low: int, high: int) -> st.SearchStrategy[str]:
    within = st.text(min_size=low, max_size=high)
    edges = [n for n in (low - 1, low, high, high + 1) if n >= 0]
    at_edges = st.sampled_from(edges).flatmap(lambda n: st.text(min_size=n, max_size=n))
    words = st.sampled_from(["tent", "yoga mat", "wireless headphones", "Northwind", "ab"])
    return st.one_of(within, at_edges, words)
