"""The local runtime for ``make eval``: fresh sample data in a moto DynamoDB, the real agents behind
the InvokeAgent server on an ephemeral 127.0.0.1 port.

Every run starts from the seeded data, so scenarios that change it (``mutates``) or rely on it
(``seeded-state``) behave the same on every run. To use an already running ``make serve`` instead,
pass ``ENDPOINT_URL``.

With the offline planner the store is moto in process. A model that calls AWS itself (Bedrock
Converse) gets moto over HTTP on loopback instead: in-process moto intercepts every AWS call made in
the process, Bedrock's included ("The converse action has not been implemented"), and signs them
with its own placeholder keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def local_endpoint(model: Any = "offline") -> Iterator[str]:
    """The URL of a local endpoint serving the repository's agents on fresh sample data; ``model``
    is what ``build_backend`` takes: "offline", "bedrock" or a model factory."""
    from local_bedrock.runtime import quiet_lambdas

    quiet_lambdas()  # before the handlers are imported
    from local_bedrock.runtime import build_backend
    from local_bedrock.server import running
    from local_bedrock.store.moto_store import moto_server_store, moto_store
    from local_bedrock.store.seed import generate

    if model == "offline":
        with moto_store(generate()) as sample:
            backend, knowledge = build_backend(sample, model=model)
            with running(backend, knowledge) as local:
                yield local.url
        return
    with moto_server_store(generate()) as (_dynamodb, sample):
        backend, knowledge = build_backend(sample, model=model)
        with running(backend, knowledge) as local:
            yield local.url
