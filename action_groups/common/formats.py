"""Identifier formats: one place for the pattern, the words that describe it and an example.

Schemas (field descriptions, patterns) and validation messages are both built from these, so the
model reads the same rule it is later told it broke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, StringConstraints


@dataclass(frozen=True)
class IdFormat:
    label: str
    pattern: str
    words: str
    example: str

    def matches(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value) is not None


ORDER_ID = IdFormat("order id", r"^ORD-[0-9A-Z]{6}$", "ORD- followed by 6 letters or digits", "ORD-7K3F9Q")
PRODUCT_ID = IdFormat("product id", r"^PRD-[0-9]{4}$", "PRD- followed by 4 digits", "PRD-0042")
CUSTOMER_ID = IdFormat("customer id", r"^C[0-9]{4}$", "C followed by 4 digits", "C0007")

ALL_FORMATS = (ORDER_ID, PRODUCT_ID, CUSTOMER_ID)


def _normalize_id(value: object) -> object:
    """Models often add spaces or lowercase an id; accept those, reject everything else."""
    return value.strip().upper() if isinstance(value, str) else value


NormalizedId = BeforeValidator(_normalize_id)

# Annotated string types ready for pydantic fields and Powertools params. The pattern sits inside
# the normalizer so that both validation and the generated JSON schema carry it.
OrderIdStr = Annotated[str, StringConstraints(pattern=ORDER_ID.pattern), NormalizedId]
ProductIdStr = Annotated[str, StringConstraints(pattern=PRODUCT_ID.pattern), NormalizedId]
CustomerIdStr = Annotated[str, StringConstraints(pattern=CUSTOMER_ID.pattern), NormalizedId]


def describe_pattern(pattern: str) -> str | None:
    """Words for a known id pattern, for validation messages."""
    for fmt in ALL_FORMATS:
        if fmt.pattern == pattern:
            return f"{fmt.words}, for example {fmt.example}"
    return None
