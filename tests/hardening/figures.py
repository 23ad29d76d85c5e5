"""The figures the hardening run publishes: how many cases each area tried.

Tests add to these counters as they run; ``conftest.py`` prints them at the end of the pytest run,
so ``make hardening`` shows the numbers the README quotes (hypothesis runs derandomized, so a run
on the same code tries the same cases).
"""

from __future__ import annotations

from collections import Counter

CASES: Counter[str] = Counter()


def tried(area: str, count: int = 1) -> None:
    CASES[area] += count


def summary() -> list[str]:
    width = max((len(area) for area in CASES), default=0)
    lines = [f"  {area:<{width}}  {count:>6} cases" for area, count in sorted(CASES.items())]
    return [*lines, f"  {'total':<{width}}  {sum(CASES.values()):>6} cases"]
