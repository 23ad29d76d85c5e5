"""A customer's next-purchase suggestions from co-purchase neighbours: the arithmetic, shared by the
seed and the stream consumer that keep each customer's precomputed list.

Seeds are the products of the customer's newest orders (cancelled ones skipped), most recent first.
Each seed's neighbours vote with their co-purchase score, weighted down the older the seed; products
the customer owns are left out; each suggestion names the seed that contributed most.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

SEED_ORDERS = 5
MAX_SEEDS = 10
RECENCY_DECAY = 0.25
TOP_SUGGESTIONS = 20  # kept per customer: twice the largest page, so stock-outs still leave enough


class Seed(NamedTuple):
    product_id: str
    name: str
    category: str


def seeds(orders: Iterable[Mapping[str, Any]]) -> list[Seed]:
    """The distinct products of ``orders`` (newest first), skipping cancelled orders."""
    seen: dict[str, Seed] = {}
    for order in orders:
        if order.get("status") == "CANCELLED":
            continue
        for line in order.get("lines", []):
            pid = line["product_id"]
            seen.setdefault(pid, Seed(pid, line["name"], line["category"]))
    return list(seen.values())[:MAX_SEEDS]


def co_purchased(
    chosen: list[Seed], neighbour_lists: Mapping[str, Sequence[Mapping[str, Any]]], owned: set[str]
) -> list[dict[str, str]]:
    """The best TOP_SUGGESTIONS products bought with the seeds: ``{product_id, reason}``, best first."""
    score: dict[str, float] = defaultdict(float)
    because: dict[str, tuple[float, str]] = {}
    for rank, seed in enumerate(chosen):
        weight = 1.0 / (1.0 + RECENCY_DECAY * rank)
        for neighbour in neighbour_lists.get(seed.product_id, []):
            other = str(neighbour["product_id"])
            if other in owned:
                continue
            contribution = float(neighbour["score"]) * weight
            score[other] += contribution
            if contribution > because.get(other, (0.0, ""))[0]:
                because[other] = (contribution, seed.name)
    ranked = sorted(score.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_SUGGESTIONS]
    return [{"product_id": pid, "reason": f"Often bought with {because[pid][1]}"} for pid, _ in ranked]


def categories(chosen: list[Seed]) -> list[str]:
    """The seeds' categories, most recent first: where best sellers are looked for first."""
    return list(dict.fromkeys(seed.category for seed in chosen))
