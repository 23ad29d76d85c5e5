"""Estimated cost of a turn from its token usage and the committed price table (console/pricing.json).

Model ids in traces may be a base model id (``anthropic.claude-haiku-4-5-20251001-v1:0``), an
inference profile id (``global.``/``us.``/``eu.``/``apac.`` prefix) or an ARN of either; all resolve to
the base model's row. The offline planner costs nothing and is labelled "offline".
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from console.trace_steps import Usage

PRICE_FILE = Path(__file__).with_name("pricing.json")
_PROFILE_PREFIXES = ("global.", "us.", "us-gov.", "eu.", "apac.", "jp.", "au.", "ca.")
_PER_TOKENS = 1_000_000


class ModelPrice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: float = Field(ge=0, description="USD per million input tokens")
    output: float = Field(ge=0, description="USD per million output tokens")
    offline: bool = False


class PriceTable(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    as_of: str = Field(alias="asOf")
    currency: str
    unit: str
    source: str
    models: dict[str, ModelPrice]

    @classmethod
    def load(cls, path: Path = PRICE_FILE) -> PriceTable:
        return cls.model_validate(json.loads(path.read_text()))

    def price(self, model_id: str) -> ModelPrice | None:
        return self.models.get(base_model_id(model_id))

    def estimate(self, usage: dict[str, Usage]) -> CostEstimate:
        usd = 0.0
        unpriced: list[str] = []
        offline = bool(usage)
        for model, used in usage.items():
            price = self.price(model)
            if price is None:
                unpriced.append(model)
                offline = False
                continue
            offline = offline and price.offline
            usd += (used.input_tokens * price.input + used.output_tokens * price.output) / _PER_TOKENS
        return CostEstimate(usd=usd, offline=offline, unpriced=unpriced, as_of=self.as_of)


class CostEstimate(BaseModel):
    usd: float  # of the models with a price
    offline: bool  # every model used was the offline planner
    unpriced: list[str]  # models without a row in the table
    as_of: str

    @property
    def label(self) -> str:
        if self.offline:
            return "offline ($0)"
        if self.unpriced:
            known = f"${self.usd:.4f} + " if self.usd else ""
            return f"{known}unknown (no price for {', '.join(self.unpriced)})"
        return f"${self.usd:.4f}" if self.usd >= 0.0001 or self.usd == 0 else f"${self.usd:.6f}"


def base_model_id(model_id: str) -> str:
    """``arn:aws:bedrock:us-east-1:1234:inference-profile/us.anthropic.x`` -> ``anthropic.x``."""
    model = model_id.rsplit("/", 1)[-1] if model_id.startswith("arn:") else model_id
    for prefix in _PROFILE_PREFIXES:
        if model.startswith(prefix):
            return model[len(prefix) :]
    return model


@lru_cache(maxsize=1)
def default_prices() -> PriceTable:
    return PriceTable.load()
