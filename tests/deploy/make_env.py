"""The environment for a `make` a test starts."""

from __future__ import annotations

import os

# Set by the make that runs the tests (make test): inherited, they would make the test's make a
# sub-make of it (its jobserver and flags, -n or -j included).
PARENT_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def outside_make() -> dict[str, str]:
    """This process's environment without the variables of the make that may be running the tests."""
    return {k: v for k, v in os.environ.items() if k not in PARENT_MAKE}
