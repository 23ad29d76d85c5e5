"""Synthetic customers and their purchase histories, with real co-purchase structure.

Each customer has two to four interests (catalog groups). An order mostly draws one to four products
from one interest, so products of the same interest are bought together across many customers;
one order in five adds an impulse item from anywhere. Everything comes from one seeded RNG.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from action_groups.common.clock import iso
from local_bedrock.store.seed.catalog import CatalogProduct

FIRST = (
    "Ava Liam Noah Emma Olivia Mia Lucas Amelia Ethan Sofia Mateo Harper Elijah Aria Kai Zoe Leo Nora "
    "Omar Priya Hana Diego Chloe Ravi Grace Jonah Ines Felix Maya Tariq"
).split()
LAST = (
    "Garcia Chen Patel Okafor Novak Rossi Silva Kim Nguyen Haddad Larsen Costa Ibrahim Walsh Moreau "
    "Tanaka Fischer Reyes Quinn Ahmed"
).split()
CITIES = (
    "Seattle",
    "Austin",
    "Denver",
    "Chicago",
    "Boston",
    "Portland",
    "Atlanta",
    "Phoenix",
    "Miami",
    "Madison",
)
CARRIERS = ("UPS", "FedEx", "USPS")
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
HISTORY_DAYS = 730


@dataclass
class Line:
    product: CatalogProduct
    quantity: int


@dataclass
class Order:
    order_id: str
    placed_at: datetime
    status: str
    lines: list[Line]
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    tracking: dict[str, str] | None = None


@dataclass
class Customer:
    customer_id: str
    name: str
    email: str
    city: str
    interests: list[str]
    orders: list[Order] = field(default_factory=list)


def _order_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        candidate = "ORD-" + "".join(rng.choice(ID_ALPHABET) for _ in range(6))
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _status(rng: random.Random, order: Order, anchor: datetime) -> None:
    age = (anchor - order.placed_at).days
    if rng.random() < 0.05 and age > 1:
        order.status, order.cancelled_at = "CANCELLED", order.placed_at + timedelta(hours=rng.randint(1, 20))
        return
    if age < 1:
        order.status = "PLACED"
        return
    if age < 3:
        order.status = "PROCESSING"
        return
    order.shipped_at = order.placed_at + timedelta(days=1, hours=rng.randint(0, 20))
    order.tracking = {"carrier": rng.choice(CARRIERS), "number": f"1Z{rng.randrange(10**15):015d}"}
    if age < 6:
        order.status = "SHIPPED"
        return
    order.status, order.delivered_at = "DELIVERED", order.shipped_at + timedelta(days=rng.randint(1, 4))


def _basket(
    rng: random.Random, by_group: dict[str, list[CatalogProduct]], interest: str, pool: list[CatalogProduct]
):
    group = by_group[interest]
    picks = rng.sample(group, k=min(len(group), rng.choice((1, 1, 2, 2, 3, 4))))
    if rng.random() < 0.2:
        picks.append(rng.choice(pool))
    unique = {p.product_id: p for p in picks}
    return [Line(p, 1 if p.price_cents > 5000 else rng.choice((1, 1, 1, 2, 3))) for p in unique.values()]


def build_customers(
    rng: random.Random, catalog: list[CatalogProduct], count: int, anchor: datetime
) -> list[Customer]:
    by_group: dict[str, list[CatalogProduct]] = {}
    for product in catalog:
        for group in product.groups:
            by_group.setdefault(group, []).append(product)
    interests_pool = sorted(g for g, members in by_group.items() if len(members) >= 3)
    taken: set[str] = set()
    customers = []
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        customer = Customer(
            customer_id=f"C{number:04d}",
            name=f"{first} {last}",
            email=f"{first}.{last}{number}@example.com".lower(),
            city=rng.choice(CITIES),
            interests=rng.sample(interests_pool, k=rng.randint(2, 4)),
        )
        weights = [1.0 / (i + 1) for i in range(len(customer.interests))]
        for _ in range(rng.randint(4, 40)):
            interest = rng.choices(customer.interests, weights=weights)[0]
            placed = anchor - timedelta(days=rng.uniform(0, HISTORY_DAYS))
            order = Order(
                _order_id(rng, taken),
                placed.replace(microsecond=0),
                "",
                _basket(rng, by_group, interest, catalog),
            )
            _status(rng, order, anchor)
            customer.orders.append(order)
        if number <= 10:
            # The first customers always have something in flight: demos and evals cancel it.
            lines = _basket(rng, by_group, customer.interests[0], catalog)
            recent = Order(_order_id(rng, taken), anchor - timedelta(hours=30), "PROCESSING", lines)
            customer.orders.append(recent)
        customer.orders.sort(key=lambda o: o.placed_at, reverse=True)
        customers.append(customer)
    return customers


def order_record(customer: Customer, order: Order) -> dict[str, object]:
    lines = [
        {
            "product_id": line.product.product_id,
            "name": line.product.name,
            "category": line.product.category,
            "quantity": line.quantity,
            "unit_price_cents": line.product.price_cents,
        }
        for line in order.lines
    ]
    return {
        "order_id": order.order_id,
        "customer_id": customer.customer_id,
        "placed_at": iso(order.placed_at),
        "status": order.status,
        "lines": lines,
        "total_cents": sum(line.quantity * line.product.price_cents for line in order.lines),
        "item_count": sum(line.quantity for line in order.lines),
        "shipped_at": iso(order.shipped_at) if order.shipped_at else None,
        "delivered_at": iso(order.delivered_at) if order.delivered_at else None,
        "cancelled_at": iso(order.cancelled_at) if order.cancelled_at else None,
        "tracking": order.tracking,
    }
