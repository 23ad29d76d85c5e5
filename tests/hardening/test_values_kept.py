"""Round 15 (test CPU): one drawing strategy per schema and list of known values, so hypothesis
checks each strategy once a process rather than once an example; another schema or another known
value is another strategy, never the one kept for the old."""

from __future__ import annotations

import re

from hypothesis import find

from local_bedrock.agent.definition import Parameter
from tests.hardening.schema_values import VALID, values, verdict


def _parameter(schema: dict[str, object], name: str = "ref") -> Parameter:
    return Parameter(name, "path", True, schema, "a reference")


def test_the_same_schema_and_known_values_share_one_strategy() -> None:
    schema = {"type": "string", "pattern": "^Q[0-9]{3}$"}
    kept = values(_parameter(schema), ["Q123"])
    assert values(_parameter(dict(schema), name="other"), ["Q123"]) is kept


def test_an_edited_schema_draws_from_its_own_strategy() -> None:
    before = _parameter({"type": "string", "pattern": "^Q[0-9]{3}$"})
    after = _parameter({"type": "string", "pattern": "^Z[a-c]{2}$"})
    assert values(after) is not values(before)
    drawn = find(values(after), lambda v: v is not None and verdict(after, v) == VALID)
    assert re.fullmatch("Z[a-c]{2}", drawn)


def test_other_known_values_are_drawn_from_a_strategy_of_their_own() -> None:
    parameter = _parameter({"type": "string", "minLength": 1, "maxLength": 8})
    assert values(parameter, ["K-1"]) is not values(parameter, ["K-2"])
    assert find(values(parameter, ["K-2"]), lambda v: v == "K-2") == "K-2"
