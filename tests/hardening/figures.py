"""The figures the hardening run publishes: how many cases each area tried.

Tests add to these counters as they run; ``conftest.py`` prints them at the end of the pytest run,
so ``make hardening`` shows the numbers docs/security-and-reliability.md quotes (hypothesis runs
derandomized, so a run on the same code tries the same cases).

Security figures count only tests that can fail. A check whose outcome the offline planner fixes in
advance (its answers come from templates; a planner rule matches the phrasing) is a *structural*
check of the offline model: ``tried(..., structural=True)`` lists it apart, and it is not counted in
the security total.
"""

from __future__ import annotations

from collections import Counter

CASES: Counter[str] = Counter()
STRUCTURAL: Counter[str] = Counter()


def tried(area: str, count: int = 1, *, structural: bool = False) -> None:
    (STRUCTURAL if structural else CASES)[area] += count


def _lines(counts: Counter[str], unit: str, width: int) -> list[str]:
    lines = [f"  {area:<{width}}  {count:>6} {unit}" for area, count in sorted(counts.items())]
    return [*lines, f"  {'total':<{width}}  {sum(counts.values()):>6} {unit}"]


def summary() -> list[str]:
    width = max((len(area) for area in (*CASES, *STRUCTURAL)), default=0)
    lines = _lines(CASES, "cases", width) if CASES else []
    if STRUCTURAL:
        lines += ["  structural checks of the offline model (not security figures):"]
        lines += _lines(STRUCTURAL, "checks", width)
    return lines
