"""The local runtime for ``make eval``: fresh sample data in a local moto DynamoDB, the real agents
(offline planner) behind the InvokeAgent server on an ephemeral 127.0.0.1 port.

Every run starts from the seeded data, so scenarios that change it (``mutates``) or rely on it
(``seeded-state``) behave the same on every run. To use an already running ``make serve`` instead,
pass ``ENDPOINT_URL``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def local_endpoint(model: str = "offline") -> Iterator[str]:
    """Yield the URL of a local endpoint serving the repository's agents on fresh sample data."""
    from local_bedrock.runtime import local_runtime

    with local_runtime(model=model) as runtime:
        yield runtime.url
