"""How a quotable unit answers the figures a question states ("I spent $800", "my 18-month-old",
"the three-year plan"), for the knowledge-base answer composer (``knowledge``).

A unit that limits a kind of quantity the question states ("$500 to $1,499", "children under 3")
answers the situation, the more so when its limit holds the customer's figure; a unit stating the
very quantity the question states ("3 years" for "three-year") answers it too. Each counts like a
word's IDF over the units at hand: a rarely limited kind (a count) more than a common one (a
duration). Quantities are read by ``local_bedrock.retriever.quantities``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from local_bedrock.retriever import quantities

QUANTITY_BONUS = 1.0  # times the IDF of units limiting that kind of quantity, when the limit holds
SAME_KIND_SHARE = 0.5  # ... and this share of it when the limit does not hold the question's figure
# a unit stating the very quantity the question states ("3 years" for "the three-year plan"): this
# share of QUANTITY_BONUS times the IDF of the units stating it (round 5, composer alone: 0.5 raised
# blind2 by one question and lowered none; 1.0 won two and lost two)
EQUAL_SHARE = 0.5


class Figures:
    """The figures of one question, weighed against the units (their texts) it is answered from."""

    def __init__(self, question: str, texts: Sequence[str]) -> None:
        self.stated = quantities.stated(question)
        count = len(texts)
        kinds = {f.dimension for f in self.stated}
        limiting = {k: sum(1 for t in texts if any(b.dimension == k for b in _bounds(t))) for k in kinds}
        self.limit_weights = {k: math.log(1 + count / n) for k, n in limiting.items() if n}
        values = {(f.dimension, round(f.value, 1)) for f in self.stated}
        stating = {v: sum(1 for t in texts if v in _values(t)) for v in values}
        self.equal_weights = {
            v: QUANTITY_BONUS * EQUAL_SHARE * math.log(1 + count / n) for v, n in stating.items() if n
        }

    def bonus(self, text: str) -> tuple[float, bool]:
        """(bonus, whether a limit of the unit holds a figure of the question). Among the rows of a
        table, the one whose range holds the figure answers it best."""
        best, holds = 0.0, False
        for bound in _bounds(text):
            for figure in self.stated:
                if bound.dimension == figure.dimension:
                    held = bound.holds(figure)
                    holds |= held
                    share = 1.0 if held else SAME_KIND_SHARE
                    best = max(best, QUANTITY_BONUS * share * self.limit_weights.get(bound.dimension, 0.0))
        equal = (w for value, w in self.equal_weights.items() if value in _values(text))
        return max([best, *equal]), holds


@lru_cache(maxsize=4096)
def _values(text: str) -> frozenset[tuple[str, float]]:
    return frozenset((q.dimension, round(q.value, 1)) for q in quantities.stated(text))


@lru_cache(maxsize=4096)
def _bounds(text: str) -> tuple[quantities.Bound, ...]:
    return tuple(quantities.bounds(text))
