"""The local runtime for ``make eval``: fresh sample data in a local moto DynamoDB, the real agents
behind the InvokeAgent server on an ephemeral 127.0.0.1 port.

Every run starts from the seeded data, so scenarios that change it (``mutates``) or rely on it
(``seeded-state``) behave the same on every run. To use an already running ``make serve`` instead,
pass ``ENDPOINT_URL``.

The store is moto in a process of its own, reached over loopback (``local_bedrock.runtime``), so a
model that calls AWS itself (Bedrock Converse) reaches AWS with the caller's credentials: nothing
in this process intercepts AWS calls (in-process moto would, Bedrock's included, and sign them with
its own placeholder keys).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_bedrock.runtime import ModelFactory


@contextmanager
def local_endpoint(model: str | ModelFactory = "offline") -> Iterator[str]:
    """The URL of a local endpoint serving the repository's agents on fresh sample data; ``model``
    is what ``build_backend`` takes: "offline", "bedrock" or a model factory."""
    from local_bedrock.runtime import local_runtime

    with local_runtime(model=model) as runtime:
        yield runtime.url
