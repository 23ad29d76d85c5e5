"""Deterministic sample data: the same seed always yields the same catalog, customers and orders."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from local_bedrock.store.sample_parameters import DEFAULT_ANCHOR, DEFAULT_CUSTOMERS, DEFAULT_SEED
from local_bedrock.store.seed.catalog import CatalogProduct, build_catalog
from local_bedrock.store.seed.customers import Customer, build_customers

__all__ = ["DEFAULT_ANCHOR", "DEFAULT_CUSTOMERS", "DEFAULT_SEED", "SampleData", "generate", "load"]


@dataclass(frozen=True)
class SampleData:
    catalog: list[CatalogProduct]
    customers: list[Customer]

    def items(self) -> list[dict[str, Any]]:
        # Imported here: the items are written with the action groups' data model (and so boto3);
        # a start that finds them cached (sample_cache) unpickles SampleData without either.
        from local_bedrock.store.seed.items import all_items

        return list(all_items(self.catalog, self.customers))


def generate(
    seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, anchor: datetime = DEFAULT_ANCHOR
) -> SampleData:
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not security
    catalog = build_catalog(rng)
    return SampleData(catalog, build_customers(rng, catalog, customers, anchor))


def load(client: Any, table: str, data: SampleData, progress: Any = None) -> int:
    from local_bedrock.store.seed.writer import write_items

    return write_items(client, table, data.items(), progress)
