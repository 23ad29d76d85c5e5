"""The gate runs the eval runner against the fake agent, like tests/evals."""

from tests.evals.conftest import fake, fake_target

__all__ = ["fake", "fake_target"]
