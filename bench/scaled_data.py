"""Sample data at benchmark sizes: a customer with N purchases, a catalog of N products.

Built from the seed's own pieces (catalog, customers, items), so every item is what the store holds
in production shape; only the sizes change.
"""

from __future__ import annotations

import random
from datetime import timedelta

from local_bedrock.store.seed import DEFAULT_ANCHOR, SampleData, generate
from local_bedrock.store.seed.catalog import CatalogProduct, build_catalog
from local_bedrock.store.seed.customers import Customer, Line, Order, build_customers

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VARIANTS = (
    "Cobalt Crimson Sage Graphite Ivory Amber Teal Onyx Coral Slate Mint Sand Plum Olive Pearl "
    "Rust Azure Lilac Copper Fern"
).split()
LOYAL = "C0900"


def order_id(number: int) -> str:
    digits = "".join(ID_ALPHABET[(number >> (5 * i)) & 31] for i in range(6))
    return f"ORD-{digits[::-1]}"


def with_history(purchases: int, seed: int = 7) -> SampleData:
    """The standard sample data plus customer C0900 with ``purchases`` one-line orders (the newest still
    PROCESSING, so it can be cancelled), of products from the first half of the catalog: a long
    history, and still something left to suggest."""
    base = generate()
    rng = random.Random(seed)
    loyal = Customer(LOYAL, "Loyal Customer", "loyal@example.com", "Seattle", ["audio"])
    shelf = base.catalog[: len(base.catalog) // 2]
    for n in range(purchases):
        product = rng.choice(shelf)
        placed = (DEFAULT_ANCHOR - timedelta(hours=n + 1)).replace(microsecond=0)
        status = "PROCESSING" if n == 0 else "DELIVERED"
        loyal.orders.append(Order(order_id(n), placed, status, [Line(product, 1)]))
    return SampleData(base.catalog, [*base.customers, loyal])


MAX_PRODUCTS = 9_999  # product ids are PRD- and 4 digits (action_groups/common/formats.py)


def scaled_catalog(products: int, seed: int = 11) -> list[CatalogProduct]:
    """``products`` products (at most MAX_PRODUCTS): a share of every category of the sample
    catalog, then colour and number variants of its products ("Peakform Yoga Mat Teal 3")."""
    if products > MAX_PRODUCTS:
        raise ValueError(f"at most {MAX_PRODUCTS:,} products: ids are PRD- and 4 digits")
    rng = random.Random(seed)
    base = build_catalog(rng)
    if products <= len(base):
        return [p for n, p in enumerate(base) if n * products // len(base) != (n + 1) * products // len(base)]
    catalog = list(base)
    n = 0
    while len(catalog) < products:
        original = base[n % len(base)]
        variant = f"{VARIANTS[(n // len(base)) % len(VARIANTS)]} {n // (len(base) * len(VARIANTS)) + 1}"
        catalog.append(
            CatalogProduct(
                product_id=f"PRD-{len(catalog) + 1:04d}",
                name=f"{original.name} {variant}",
                category=original.category,
                price_cents=original.price_cents,
                groups=original.groups,
                stock=rng.randint(20, 150),
            )
        )
        n += 1
    return catalog


def with_catalog(products: int, customers: int = 60, seed: int = 13) -> SampleData:
    catalog = scaled_catalog(products)
    return SampleData(catalog, build_customers(random.Random(seed), catalog, customers, DEFAULT_ANCHOR))
