"""The figures the hardening run prints keep structural checks of the offline model apart (issue 13,
point 7): a check whose outcome the offline planner's templates fix in advance is not a security
figure, and is neither listed nor counted with them."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.hardening import figures


def test_structural_checks_are_listed_apart_and_left_out_of_the_security_total(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(figures, "CASES", Counter())
    monkeypatch.setattr(figures, "STRUCTURAL", Counter())
    figures.tried("malformed events", 3)
    figures.tried("instructions asked for (offline planner)", 7, structural=True)
    lines = figures.summary()
    security = lines[: lines.index(next(line for line in lines if "structural" in line.lower()))]
    assert any("malformed events" in line and "3 cases" in line for line in security)
    assert any("total" in line and "3 cases" in line for line in security)
    assert not any("instructions asked for" in line for line in security)
    assert any("instructions asked for" in line and "7 checks" in line for line in lines)
