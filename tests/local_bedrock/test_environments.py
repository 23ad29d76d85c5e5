"""Execution environments as Lambda runs them: one invocation at a time per environment, a new one
(a cold start) only when all are busy, reuse when idle, errors reported as Lambda reports them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local_bedrock.agent.environments import EnvironmentPool, FunctionConfig, FunctionError

HANDLERS = "tests.local_bedrock.lambdas"


@pytest.fixture
def pools() -> Iterator[list[EnvironmentPool]]:
    made: list[EnvironmentPool] = []
    yield made
    for pool in made:
        pool.close()


def _pool(pools: list[EnvironmentPool], handler: str, **options: Any) -> EnvironmentPool:
    config = FunctionConfig.of(
        "local-test", f"{HANDLERS}.{handler}", options.pop("environment", None), **options
    )
    pools.append(EnvironmentPool(config))
    return pools[-1]


def _at_once(pool: EnvironmentPool, events: list[dict[str, Any]]) -> list[Any]:
    results: list[Any] = [None] * len(events)
    start = threading.Barrier(len(events))

    def run(n: int) -> None:
        start.wait()
        results[n] = pool.invoke(events[n])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(events))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_an_idle_environment_is_reused_warm(pools: list[EnvironmentPool]) -> None:
    pool = _pool(pools, "echo", environment={"STORE_TABLE_NAME": "the-store"})
    (first, cold), (second, warm) = pool.invoke({"n": 1}), pool.invoke({"n": 2})
    assert first["pid"] == second["pid"]
    assert cold.init_ms is not None and cold.init_ms > 0 and "Init Duration" in cold.line()
    assert warm.init_ms is None and "Init Duration" not in warm.line()
    assert (first["request_id"], second["request_id"]) == (cold.request_id, warm.request_id)
    assert first["event"] == {"n": 1} and first["function_name"] == "local-test"
    assert first["store_table"] == "the-store"
    assert pool.stats() == {"invocations": 2, "cold_starts": 1, "environments": 1}


def test_concurrent_invocations_get_environments_of_their_own(pools: list[EnvironmentPool]) -> None:
    pool = _pool(pools, "sleeps", max_environments=3)
    results = _at_once(pool, [{"seconds": 0.5}] * 3)
    assert all(result == {"slept": True} for result, _ in results)
    assert sum(report.init_ms is not None for _, report in results) == 3
    assert pool.stats() == {"invocations": 3, "cold_starts": 3, "environments": 3}


def test_beyond_the_reserved_concurrency_invocations_wait(pools: list[EnvironmentPool]) -> None:
    pool = _pool(pools, "sleeps", max_environments=1)
    results = _at_once(pool, [{"seconds": 0.2}] * 3)
    assert [result for result, _ in results] == [{"slept": True}] * 3
    assert pool.stats() == {"invocations": 3, "cold_starts": 1, "environments": 1}


def test_a_function_error_is_reported_and_the_environment_lives_on(pools: list[EnvironmentPool]) -> None:
    pool = _pool(pools, "out_of_memory")
    with pytest.raises(FunctionError) as error:
        pool.invoke({})
    assert (error.value.kind, error.value.message) == ("MemoryError", "out of memory")
    assert error.value.report is not None and error.value.report.init_ms is not None
    assert pool.stats()["environments"] == 1


@pytest.mark.parametrize(
    ("handler", "options", "kind", "words"),
    [
        ("exits", {}, "Runtime.ExitError", "Runtime exited with status 3"),
        ("sleeps", {"timeout_seconds": 0.5}, "Runtime.ExitError", "Task timed out after 0.50 seconds"),
        ("unserializable", {}, "Runtime.MarshalError", "Unable to marshal response"),
    ],
)
def test_runtime_failures_are_named_as_lambda_names_them(
    pools: list[EnvironmentPool], handler: str, options: dict[str, Any], kind: str, words: str
) -> None:
    pool = _pool(pools, handler, **options)
    with pytest.raises(FunctionError) as error:
        pool.invoke({"seconds": 5})
    assert error.value.kind == kind and words in error.value.message
    alive = 1 if kind == "Runtime.MarshalError" else 0  # an exit or a timeout ends the environment
    assert pool.stats()["environments"] == alive


def test_a_handler_that_cannot_be_imported_fails_the_init(pools: list[EnvironmentPool]) -> None:
    pool = _pool(pools, "no_such_function")
    with pytest.raises(FunctionError) as error:
        pool.invoke({})
    assert error.value.kind.startswith("Runtime.ImportModuleError")
    assert pool.stats()["environments"] == 0


def test_the_code_directory_comes_first_and_nothing_else_leaks_in(
    pools: list[EnvironmentPool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "unzipped_handler.py").write_text(
        "import os\n"
        "def lambda_handler(event, context):\n"
        "    return {'source': __file__, 'leak': os.environ.get('ONLY_IN_THE_RUNTIME')}\n"
    )
    monkeypatch.setenv("ONLY_IN_THE_RUNTIME", "secret")
    config = FunctionConfig.of("local-zip", "unzipped_handler.lambda_handler", code_dir=str(tmp_path))
    pools.append(EnvironmentPool(config))
    result, _ = pools[-1].invoke({})
    assert result == {"source": str(tmp_path / "unzipped_handler.py"), "leak": None}
