"""Build the sample catalog from catalog_data: ids, names a customer would type, prices, stock."""

from __future__ import annotations

import random
from dataclasses import dataclass

from action_groups.categories import CATEGORIES
from local_bedrock.store.seed.catalog_data import BRANDS, CATALOG


@dataclass(frozen=True)
class CatalogProduct:
    product_id: str
    name: str
    category: str
    price_cents: int
    groups: tuple[str, ...]
    stock: int


def _stock(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.04:
        return 0
    if roll < 0.12:
        return rng.randint(1, 5)
    return rng.randint(20, 150)


def build_catalog(rng: random.Random) -> list[CatalogProduct]:
    products: list[CatalogProduct] = []
    for category in CATEGORIES:
        brands = BRANDS[category]
        for index, row in enumerate(CATALOG[category].strip().splitlines()):
            kind, price, groups = (part.strip() for part in row.split("|"))
            brand = brands[index % len(brands)]
            products.append(
                CatalogProduct(
                    product_id=f"PRD-{len(products) + 1:04d}",
                    name=f"{brand} {kind}".strip(),
                    category=category,
                    price_cents=round(float(price) * 100),
                    groups=tuple(groups.split()),
                    stock=_stock(rng),
                )
            )
    return products
