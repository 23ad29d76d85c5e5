"""Reading a request's parameters, as every emulated service does."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any


def settings_from(params: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The named parameters the request carries, deep-copied: what a resource keeps as its settings
    (the caller's objects are never shared with the stored resource)."""
    return {name: copy.deepcopy(params[name]) for name in names if name in params}
