"""Deterministic judging: one turn's observation against its ``expect`` block.

Each failed check yields one sentence saying what was expected and what was seen; an empty list
means the turn passed. No model is involved, so the verdict is reproducible offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evals.runner.observe import Call, Observation
from evals.spec.model import Expect, KnowledgeExpect, OperationExpect, Regex, ValueMatch


class MissingVariable(Exception):
    pass


_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Replace ``${name}`` with a captured value; any other ``$`` (as in "$35") stays as it is."""

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in variables:
            raise MissingVariable(f"${{{match.group(1)}}} was never captured")
        return variables[match.group(1)]

    return _VARIABLE.sub(value, text)


@dataclass
class TurnVerdict:
    failures: list[str] = field(default_factory=list)
    captures: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.failures


def _value_matches(expected: ValueMatch, actual: str, variables: dict[str, str]) -> bool:
    if isinstance(expected, Regex):
        return re.fullmatch(expected.regex, actual, re.IGNORECASE) is not None
    if isinstance(expected, bool):
        return actual.strip().lower() == str(expected).lower()
    if isinstance(expected, int | float):
        try:
            return float(actual) == float(expected)
        except ValueError:
            return False
    return actual.strip().casefold() == interpolate(expected, variables).strip().casefold()


def _describe(expected: OperationExpect, variables: dict[str, str]) -> str:
    def show(value: ValueMatch) -> str:
        if isinstance(value, Regex):
            return f"/{value.regex}/"
        return interpolate(value, variables) if isinstance(value, str) else str(value)

    args = ", ".join(f"{k}={show(v)}" for k, v in expected.parameters.items())
    return f"{expected.operation}({args})"


def _call_matches(expected: OperationExpect, call: Call, variables: dict[str, str]) -> bool:
    if call.operation != expected.operation:
        return False
    return all(
        name in call.parameters and _value_matches(value, call.parameters[name], variables)
        for name, value in expected.parameters.items()
    )


def _seen(calls: list[Call]) -> str:
    return ", ".join(c.describe() for c in calls) or "none"


def _operations(expect: Expect, obs: Observation, variables: dict[str, str]) -> list[str]:
    failures = []
    position = 0
    for expected in expect.operations:
        index = next(
            (i for i in range(position, len(obs.calls)) if _call_matches(expected, obs.calls[i], variables)),
            None,
        )
        if index is None:
            anywhere = any(_call_matches(expected, c, variables) for c in obs.calls)
            why = "called, but out of the expected order" if anywhere else "not called"
            failures.append(
                f"expected call {_describe(expected, variables)} {why}; calls: {_seen(obs.calls)}"
            )
        else:
            position = index + 1
    everything = [*obs.calls, *obs.confirmations]
    for name in expect.forbidden_operations:
        hits = [c for c in everything if name in ("*", c.operation)]
        if hits:
            failures.append(f"forbidden operation {name} was called or requested: {_seen(hits)}")
    for forbidden in expect.forbidden_values:
        needle = interpolate(forbidden, variables).casefold()
        hits = [c for c in everything if any(needle in v.casefold() for v in c.parameters.values())]
        if hits:
            failures.append(f"forbidden value {forbidden!r} was passed to: {_seen(hits)}")
    return failures


def _confirmation(expect: Expect, obs: Observation, variables: dict[str, str]) -> list[str]:
    if expect.confirmation is False and obs.confirmations:
        return [f"expected no confirmation request; got one for {_seen(obs.confirmations)}"]
    if isinstance(expect.confirmation, OperationExpect) and not any(
        _call_matches(expect.confirmation, c, variables) for c in obs.confirmations
    ):
        wanted = _describe(expect.confirmation, variables)
        return [f"expected a confirmation request for {wanted}; got: {_seen(obs.confirmations)}"]
    return []


def _knowledge(expected: KnowledgeExpect | None, obs: Observation) -> list[str]:
    if expected is None:
        return []
    failures = []
    if expected.lookup and not obs.knowledge_lookups:
        failures.append("expected a knowledge-base lookup; there was none")
    if not expected.lookup and obs.knowledge_lookups:
        failures.append(f"expected no knowledge-base lookup; searched for {obs.knowledge_lookups}")
    if len(obs.cited_sources) < expected.min_citations:
        failures.append(
            f"expected at least {expected.min_citations} citation(s); got {len(obs.cited_sources)}"
        )
    for source in expected.sources:
        if not any(source.casefold() in cited.casefold() for cited in obs.cited_sources):
            failures.append(
                f"expected a citation of {source!r}; cited: {sorted(set(obs.cited_sources)) or 'none'}"
            )
    return failures


def _text(expect: Expect, text: str, variables: dict[str, str]) -> list[str]:
    failures = []
    folded = text.casefold()
    quoted = text if len(text) <= 240 else text[:237] + "..."
    for phrase in expect.contains:
        wanted = interpolate(phrase, variables)
        if wanted.casefold() not in folded:
            failures.append(f"answer lacks {wanted!r}: {quoted!r}")
    if expect.contains_any and not any(
        interpolate(p, variables).casefold() in folded for p in expect.contains_any
    ):
        failures.append(f"answer has none of {expect.contains_any}: {quoted!r}")
    for phrase in expect.not_contains:
        wanted = interpolate(phrase, variables)
        if wanted.casefold() in folded:
            failures.append(f"answer must not contain {wanted!r}: {quoted!r}")
    for pattern in expect.matches:
        if not re.search(interpolate(pattern, variables), text, re.IGNORECASE):
            failures.append(f"answer does not match /{pattern}/: {quoted!r}")
    for pattern in expect.not_matches:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            failures.append(f"answer must not match /{pattern}/ (found {found.group(0)!r})")
    return failures


def check_turn(expect: Expect, obs: Observation, variables: dict[str, str]) -> TurnVerdict:
    verdict = TurnVerdict()
    try:
        verdict.failures += _operations(expect, obs, variables)
        verdict.failures += _confirmation(expect, obs, variables)
        verdict.failures += _text(expect, obs.text, variables)
    except MissingVariable as exc:
        verdict.failures.append(str(exc))
    verdict.failures += _knowledge(expect.knowledge_base, obs)
    if expect.guardrail is not None and obs.guardrail != expect.guardrail:
        verdict.failures.append(
            f"expected guardrail {expect.guardrail}; got {obs.guardrail} "
            f"({obs.guardrail_actions or 'no guardrail trace'})"
        )
    for name, pattern in expect.capture.items():
        found = re.search(pattern, obs.text, re.IGNORECASE)
        if found is None:
            verdict.failures.append(f"could not capture {name} with /{pattern}/ from the answer")
        else:
            verdict.captures[name] = found.group(1)
    return verdict
