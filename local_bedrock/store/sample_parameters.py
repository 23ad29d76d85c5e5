"""The standard sample data's parameters (a module of its own, light to import: the sample cache keys
on them before anything generates data)."""

from datetime import UTC, datetime

DEFAULT_SEED = 20261101
DEFAULT_CUSTOMERS = 60
# Histories end here (not "now") so every run, on any day, produces identical data.
DEFAULT_ANCHOR = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
