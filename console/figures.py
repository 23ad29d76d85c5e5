"""Per-turn figures: latency, input and output tokens, estimated cost for the models in use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from console.pricing import CostEstimate, PriceTable, default_prices
from console.trace_steps import usage_by_model


class TurnFigures(BaseModel):
    latency_ms: int  # wall clock of the turn's InvokeAgent calls, as the client saw them
    input_tokens: int
    output_tokens: int
    models: list[str]
    cost: CostEstimate

    @property
    def line(self) -> str:
        return (
            f"{self.latency_ms:,} ms · {self.input_tokens:,} tokens in / {self.output_tokens:,} out"
            f" · {self.cost.label}"
        )

    def view(self) -> dict[str, Any]:
        return {
            "latencyMs": self.latency_ms,
            "inputTokens": self.input_tokens,
            "outputTokens": self.output_tokens,
            "models": self.models,
            "cost": self.cost.label,
            "costUsd": self.cost.usd,
            "offline": self.cost.offline,
            "pricesAsOf": self.cost.as_of,
            "line": self.line,
        }


def turn_figures(
    parts: Iterable[Mapping[str, Any]], latency_ms: int, prices: PriceTable | None = None
) -> TurnFigures:
    usage = usage_by_model(parts)
    table = prices or default_prices()
    return TurnFigures(
        latency_ms=latency_ms,
        input_tokens=sum(u.input_tokens for u in usage.values()),
        output_tokens=sum(u.output_tokens for u in usage.values()),
        models=sorted(usage),
        cost=table.estimate(usage),
    )
