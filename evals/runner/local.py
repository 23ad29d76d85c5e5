"""The local runtime for ``make eval``: fresh sample data in an in-process moto DynamoDB, the real
agents (offline planner) behind the InvokeAgent server on an ephemeral 127.0.0.1 port.

Every run starts from the seeded data, so scenarios that change it (``mutates``) or rely on it
(``seeded-state``) behave the same on every run. To use an already running ``make serve`` instead,
pass ``ENDPOINT_URL``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_QUIET = {  # the action groups log and emit metrics as JSON for CloudWatch; here that is noise
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_TRACE_DISABLED": "true",
}


@contextmanager
def local_endpoint(model: str = "offline") -> Iterator[str]:
    """Yield the URL of a local endpoint serving the repository's agents on fresh sample data."""
    for name, value in _QUIET.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    from action_groups.seed import generate
    from action_groups.seed.moto_store import moto_store
    from console.runtime.local import build_backend
    from console.runtime.server import running

    with moto_store(generate()) as sample:
        backend, knowledge = build_backend(sample, model=model)
        with running(backend, knowledge) as local:
            yield local.url
