"""Execution environments for concurrency tests: a pool of worker processes, each one a Lambda
execution environment that imports the handler and reaches the store over HTTP.

The workers start from a fork server, not by forking the test process: that process runs the
store's server threads, and forking a multi-threaded process may deadlock the child (Python 3.12+
warns about it). So the workers do not inherit the store's environment; the initializer sets it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def _set_environment(environment: dict[str, str]) -> None:
    os.environ.update(environment)


@contextmanager
def lambda_pool(workers: int, environment: dict[str, str]) -> Iterator[ProcessPoolExecutor]:
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=_set_environment,
        initargs=(environment,),
    ) as pool:
        yield pool
