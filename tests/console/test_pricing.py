"""Estimated cost: the price table, model ids as traces name them, and the arithmetic."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from console.figures import turn_figures
from console.pricing import PRICE_FILE, PriceTable, base_model_id, default_prices
from console.trace_steps import Usage

HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"


def test_the_committed_table_is_dated_and_complete() -> None:
    table = default_prices()
    date.fromisoformat(table.as_of)
    assert table.currency == "USD" and "1,000,000" in table.unit
    offline = [m for m, p in table.models.items() if p.offline]
    assert offline == ["local.offline-planner-v1"]
    paid = [p for p in table.models.values() if not p.offline]
    assert paid and all(p.input > 0 and p.output >= p.input for p in paid)
    assert set(json.loads(PRICE_FILE.read_text())["models"]) == set(table.models)


@pytest.mark.parametrize(
    "model_id",
    [
        HAIKU_45,
        f"global.{HAIKU_45}",
        f"us.{HAIKU_45}",
        f"eu.{HAIKU_45}",
        f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU_45}",
        f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{HAIKU_45}",
    ],
)
def test_model_ids_resolve_to_the_base_model(model_id: str) -> None:
    assert base_model_id(model_id) == HAIKU_45
    assert default_prices().price(model_id) == default_prices().models[HAIKU_45]


def test_cost_arithmetic() -> None:
    table = default_prices()
    one_million = table.estimate({f"global.{HAIKU_45}": Usage(1_000_000, 1_000_000)})
    price = table.models[HAIKU_45]
    assert one_million.usd == pytest.approx(price.input + price.output)
    small = table.estimate({HAIKU_45: Usage(1923, 340), "amazon.nova-micro-v1:0": Usage(1000, 100)})
    nova = table.models["amazon.nova-micro-v1:0"]
    expected = (1923 * price.input + 340 * price.output + 1000 * nova.input + 100 * nova.output) / 1e6
    assert small.usd == pytest.approx(expected)
    assert not small.offline and small.unpriced == []
    assert small.label == f"${expected:.4f}"


def test_labels_for_offline_unknown_and_tiny_costs() -> None:
    table = default_prices()
    assert table.estimate({"local.offline-planner-v1": Usage(5000, 500)}).label == "offline ($0)"
    mixed = table.estimate({"local.offline-planner-v1": Usage(10, 1), "acme.mystery-v1": Usage(10, 1)})
    assert not mixed.offline and mixed.unpriced == ["acme.mystery-v1"]
    assert mixed.label == "unknown (no price for acme.mystery-v1)"
    assert table.estimate({}).label == "$0.0000" and not table.estimate({}).offline
    tiny = table.estimate({"amazon.nova-micro-v1:0": Usage(100, 10)})
    assert tiny.label == f"${(100 * 0.035 + 10 * 0.14) / 1e6:.6f}"


def _with_model(parts: list[dict[str, Any]], model: str) -> list[dict[str, Any]]:
    changed = copy.deepcopy(parts)
    for part in changed:
        for stage in part["trace"].values():
            if "modelInvocationInput" in stage:
                stage["modelInvocationInput"]["foundationModel"] = model
    return changed


def test_turn_figures_on_a_recorded_turn(recorded: list[dict[str, Any]]) -> None:
    offline = turn_figures(recorded[0]["parts"], latency_ms=120)
    assert (offline.input_tokens, offline.output_tokens) == (1923, 340)
    assert offline.cost.label == "offline ($0)"
    assert offline.line == "120 ms · 1,923 tokens in / 340 out · offline ($0)"

    table = PriceTable.load()
    priced = turn_figures(_with_model(recorded[0]["parts"], f"global.{HAIKU_45}"), 120, table)
    price = table.models[HAIKU_45]
    assert priced.models == [f"global.{HAIKU_45}"]
    assert priced.cost.usd == pytest.approx((1923 * price.input + 340 * price.output) / 1e6)
    assert priced.view()["cost"] == priced.cost.label and priced.view()["pricesAsOf"] == table.as_of
