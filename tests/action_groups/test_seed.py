from __future__ import annotations

from collections import Counter

from action_groups.categories import CATEGORIES
from action_groups.store.text import tokens
from local_bedrock.store.seed import generate
from local_bedrock.store.seed.__main__ import main


def test_generation_is_deterministic() -> None:
    first, second = generate(), generate()
    assert first.items() == second.items()
    assert generate(seed=1).items() != first.items()


def test_catalog_is_big_varied_and_typeable() -> None:
    data = generate()
    assert len(data.catalog) >= 200
    assert {p.category for p in data.catalog} == set(CATEGORIES)
    assert min(Counter(p.category for p in data.catalog).values()) >= 20
    assert len({p.name for p in data.catalog}) == len(data.catalog)
    assert all(p.price_cents > 0 for p in data.catalog)
    assert any(p.stock == 0 for p in data.catalog) and any(0 < p.stock <= 5 for p in data.catalog)
    # Every product is findable by at least two words of its own name.
    assert all(len(tokens(p.name)) >= 2 for p in data.catalog)


def test_customers_have_histories_with_co_purchase_structure() -> None:
    data = generate()
    assert len(data.customers) >= 50
    assert all(len(c.orders) >= 4 for c in data.customers)
    statuses = Counter(o.status for c in data.customers for o in c.orders)
    assert {"DELIVERED", "SHIPPED", "PROCESSING", "CANCELLED"} <= set(statuses)
    # Products of the same interest group are bought together far more often than chance.
    same = other = 0
    for customer in data.customers:
        for order in customer.orders:
            products = [line.product for line in order.lines]
            for i, a in enumerate(products):
                for b in products[i + 1 :]:
                    if set(a.groups) & set(b.groups):
                        same += 1
                    else:
                        other += 1
    assert same > 2 * other


def test_first_customers_have_an_order_in_flight() -> None:
    data = generate()
    for customer in data.customers[:10]:
        assert any(o.status in ("PLACED", "PROCESSING") for o in customer.orders)


def test_cli_preview_runs_without_any_table(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--customers", "3"]) == 0
    out = capsys.readouterr().out
    assert "223 products in 9 categories, 3 customers" in out
