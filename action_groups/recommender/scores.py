"""Item-to-item co-purchase scores: the arithmetic, shared by the seed and the stream consumer.

counts[a][b] = number of customers who bought both a and b; buyers[a] = customers who bought a.
score(a, b) = counts / sqrt(buyers[a] * buyers[b])  (cosine similarity of the buyer sets)
              * counts / (counts + SHRINK)          (shrinks scores resting on one or two customers)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

SHRINK = 2.0
TOP_NEIGHBOURS = 20

Counts = dict[str, dict[str, int]]


def similarity(together: int, buyers_a: int, buyers_b: int) -> float:
    if together <= 0 or buyers_a <= 0 or buyers_b <= 0:
        return 0.0
    return together / math.sqrt(buyers_a * buyers_b) * together / (together + SHRINK)


def neighbours(
    counts: Mapping[str, int], buyers: Mapping[str, int], buyers_self: int
) -> list[dict[str, object]]:
    """The TOP_NEIGHBOURS products most often bought with one product, best first (ties by id)."""
    scored = [
        (round(similarity(n, buyers_self, buyers.get(other, 0)), 4), other)
        for other, n in counts.items()
        if n > 0
    ]
    scored = [(s, other) for s, other in scored if s > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [{"product_id": other, "score": s} for s, other in scored[:TOP_NEIGHBOURS]]


def ownership_delta(before: Iterable[str], after: Iterable[str]) -> tuple[dict[str, int], Counts]:
    """What one customer's ownership change adds: +1 buyer per new product, +1 per new (a, b) pair."""
    old, new_set = set(before), set(after)
    added = new_set - old
    buyers = dict.fromkeys(sorted(added), 1)
    pairs: Counts = defaultdict(dict)
    for product in added:
        for other in new_set - {product}:
            pairs[product][other] = pairs[product].get(other, 0) + 1
            if other not in added:
                pairs[other][product] = pairs[other].get(product, 0) + 1
    return buyers, dict(pairs)


def totals(ownerships: Iterable[Iterable[str]]) -> tuple[dict[str, int], Counts]:
    """Buyer and pair counts over many customers' owned sets (used to seed from scratch)."""
    buyers: dict[str, int] = defaultdict(int)
    pairs: Counts = defaultdict(lambda: defaultdict(int))
    for owned in ownerships:
        add_buyers, add_pairs = ownership_delta((), owned)
        for product, n in add_buyers.items():
            buyers[product] += n
        for product, others in add_pairs.items():
            for other, n in others.items():
                pairs[product][other] += n
    return dict(buyers), {p: dict(o) for p, o in pairs.items()}
