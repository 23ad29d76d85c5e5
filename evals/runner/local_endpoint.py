"""The local runtime for ``make eval``: fresh sample data in an in-process moto DynamoDB, the real
agents (offline planner) behind the InvokeAgent server on an ephemeral 127.0.0.1 port.

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
    from local_bedrock.runtime import quiet_lambdas

    quiet_lambdas()  # before the handlers are imported
    from local_bedrock.runtime import build_backend
    from local_bedrock.server import running
    from local_bedrock.store.moto_store import moto_store
    from local_bedrock.store.seed import generate

    with moto_store(generate()) as sample:
        backend, knowledge = build_backend(sample, model=model)
        with running(backend, knowledge) as local:
            yield local.url
