"""The local DynamoDB as a process of its own: moto (with ``moto_adapter``) served on loopback.

Every Lambda execution environment, the endpoint process, tests and the AWS CLI reach it over HTTP,
as they would reach DynamoDB; its work runs on a core of its own instead of competing with the
endpoint's threads for one interpreter lock. It starts while the caller does other work::

    with StoreProcess(items_file) as store:      # starts the process at once
        ...                                      # build the agents meanwhile
        store.environment()                      # waits until the data is loaded

    python -m local_bedrock.store.served --tables '{"store": ..., "idempotency": ...}' [--items FILE]

The process prints one JSON line when ready (``{"endpoint": ..., "items": n, "frozen": n}``) and
serves until its standard input closes (the parent ends it, or dies).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO

from local_bedrock.store.environment import LOCAL_REGION, LOCAL_TABLES, local_environment, served_environment
from local_bedrock.store.tables import tables_file

READY_SECONDS = 120.0
SERVER_THREADS = 8  # one per concurrent caller the benchmarks use (8 clients); moto serialises calls


class StoreProcessError(RuntimeError):
    """The store process could not start."""


class StoreProcess:
    def __init__(self, items_file: Path | None, tables: Mapping[str, str] = LOCAL_TABLES) -> None:
        self.tables = dict(tables)
        region = local_environment(self.tables)["AWS_DEFAULT_REGION"]
        command = [sys.executable, "-m", "local_bedrock.store.served", "--tables", json.dumps(self.tables)]
        command += ["--region", region, "--definitions", str(tables_file())]
        if items_file is not None:
            command += ["--items", str(items_file)]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)  # noqa: S603
        self._endpoint: str | None = None
        self.items = 0
        self.frozen = 0  # objects the process keeps out of the garbage collector's sight once loaded

    @property
    def endpoint(self) -> str:
        """The store's URL, once it has loaded its data (waits for it)."""
        if self._endpoint is None:
            stdout: IO[bytes] = self._process.stdout  # type: ignore[assignment]
            line = stdout.readline()
            if not line:
                code = self._process.wait(timeout=READY_SECONDS)
                raise StoreProcessError(f"The local DynamoDB exited with status {code} before it was ready.")
            ready = json.loads(line)
            self._endpoint, self.items = ready["endpoint"], int(ready["items"])
            self.frozen = int(ready["frozen"])
        return self._endpoint

    @property
    def pid(self) -> int:
        return self._process.pid

    def environment(self) -> dict[str, str]:
        return served_environment(self.endpoint, self.tables)

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()

    def __enter__(self) -> StoreProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


@contextmanager
def store_process_for(data: object, tables: Mapping[str, str] = LOCAL_TABLES) -> Iterator[StoreProcess]:
    """A store process loaded with ``data`` (a SampleData), through a temporary items file."""
    from local_bedrock.store.items_file import write_items_file

    with tempfile.TemporaryDirectory(prefix="local-store-") as folder:
        items = write_items_file(data, Path(folder) / "items.jsonl")  # type: ignore[arg-type]
        with StoreProcess(items, tables) as store:
            store.endpoint  # noqa: B018 - loaded before the temporary file goes
            yield store


def _start_server() -> str:
    """moto's DynamoDB handler (``local_bedrock.store.wsgi``) on waitress: HTTP/1.1 keep-alive and
    TCP_NODELAY (waitress's default socket options), requests handled by a pool of threads.

    werkzeug's development server, used before, answers every request with ``Connection: close``
    (werkzeug/serving.py, ``WSGIRequestHandler.run_wsgi``: "Always close the connection"), so every
    store call paid a new TCP connection and a new server thread; with keep-alive and without
    Flask a call costs about half as much (docs/performance.md, issue 15)."""
    import logging
    import threading

    from waitress.server import create_server

    from local_bedrock.store.wsgi import application

    logging.getLogger("waitress").setLevel(logging.ERROR)  # no "Serving on ..." line
    server = create_server(application, host="127.0.0.1", port=0, threads=SERVER_THREADS)
    threading.Thread(target=server.run, name="local-dynamodb", daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}"


def _serve(tables: dict[str, str], items_file: str | None, region: str, definitions: str | None) -> None:
    import gc
    import os

    from local_bedrock.store.application_client import ApplicationClient
    from local_bedrock.store.items_file import read_sized_items
    from local_bedrock.store.moto_adapter import bulk_put_sized, prepare_moto
    from local_bedrock.store.tables import create_tables
    from local_bedrock.store.tables import definitions as read_definitions
    from local_bedrock.store.wsgi import application

    prepare_moto()
    endpoint = _start_server()
    # The tables are created through the served application in this process: the same requests and
    # answers as a client's over loopback, without building a boto3 client (``application_client``).
    client = ApplicationClient(application, region)
    create_tables(client, tables, read_definitions(Path(definitions)) if definitions else None)
    count = bulk_put_sized(tables["store"], read_sized_items(Path(items_file))) if items_file else 0
    # Everything loaded so far lives as long as the process: out of the collector's sight, so a full
    # collection no longer walks every item (about 0.15 s each, at a random request; 0.5 ms per order
    # turn on average, docs/performance.md, issue 15, sixth pass).
    gc.freeze()
    ready = {"endpoint": endpoint, "items": count, "frozen": gc.get_freeze_count()}
    print(json.dumps(ready), flush=True)
    sys.stdin.read()  # serve until the parent closes our input
    os._exit(0)  # everything is in memory: nothing to flush or close


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local_bedrock.store.served", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tables", default=json.dumps(LOCAL_TABLES), help="logical -> physical table names")
    parser.add_argument(
        "--items", default=None, help="DynamoDB-JSON items, one per line, for the store table"
    )
    parser.add_argument(
        "--region", default=LOCAL_REGION, help="the region clients name (default %(default)s)"
    )
    parser.add_argument(
        "--definitions", default=None, help="action_groups/tables.json (default: the checkout's)"
    )
    args = parser.parse_args(argv)
    _serve(json.loads(args.tables), args.items, args.region, args.definitions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
