"""Lambda execution environments for the local runtime: a pool of worker processes per function.

How Lambda runs a function (Lambda developer guide, "Understanding the Lambda execution environment
lifecycle" and "Understanding Lambda function scaling"): an execution environment handles one
invocation at a time; an invocation that arrives while every environment of the function is busy gets
a new environment, which first runs the init phase (imports the handler module): a cold start. Idle
environments are reused. Locally an environment is a process (``lambda_worker``), started on demand
and kept while the runtime runs; at most ``max_environments`` per function (the reserved concurrency).
Beyond that an invocation waits for a free environment; Lambda would throttle instead (a local
choice: waiting is kinder to a console on a small machine).

Where cold starts show: InvokeAgent's trace has no cold-start field (botocore's bedrock-agent-runtime
model: ``Metadata`` holds clientRequestId, startTime, endTime, totalTimeMs, operationTotalTimeMs,
usage). An action group's observation carries ``metadata.clientRequestId``, "a unique identifier
associated with the downstream invocation ... identifying specific invocations in customer logs", and
``totalTimeMs``, which on a cold start includes the init; Lambda itself reports the init as "Init
Duration" in the invocation's REPORT log line. The local runtime does the same: the request id in the
trace, the init inside totalTimeMs, a REPORT line (logger ``local_bedrock.lambda``), and counts of
invocations, cold starts and environments per function (``stats()``). That clientRequestId is the
Lambda request id is our reading of the model's documentation, not a documented guarantee.
"""

from __future__ import annotations

import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from local_bedrock.agent.lambda_events import LocalLambdaContext
from local_bedrock.agent.lambda_worker import load_handler

log = logging.getLogger("local_bedrock.lambda")

DEFAULT_MAX_ENVIRONMENTS = max(2, 2 * (os.cpu_count() or 1))
INIT_TIMEOUT_SECONDS = (
    60.0  # Lambda's init phase may take up to 10 s (then it is retried); a slow laptop more
)
# Passed through from the runtime's own environment, so the worker's interpreter starts as ours does
# (PYTHONPYCACHEPREFIX: where a user keeps bytecode, see local_bedrock.bytecode).
INHERITED = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "SYSTEMROOT",
    "PYTHONPYCACHEPREFIX",
)


@dataclass(frozen=True)
class FunctionConfig:
    """What Lambda knows about a function, as far as running it locally goes."""

    name: str
    handler: str  # "package.module.function", as Lambda's handler setting
    code_dir: str | None = None  # put first on sys.path: e.g. an unpacked code zip
    environment: tuple[tuple[str, str], ...] = ()  # the function's environment variables
    timeout_seconds: float = 30.0
    memory_mb: int = 256
    max_environments: int = DEFAULT_MAX_ENVIRONMENTS
    python: str = sys.executable

    @classmethod
    def of(
        cls, name: str, handler: str, environment: Mapping[str, str] | None = None, **options: Any
    ) -> FunctionConfig:
        return cls(
            name=name, handler=handler, environment=tuple(sorted((environment or {}).items())), **options
        )

    def context(self, request_id: str) -> dict[str, Any]:
        """The Lambda context an invocation gets (LocalLambdaContext's fields)."""
        return {
            "function_name": self.name,
            "memory_limit_in_mb": self.memory_mb,
            "invoked_function_arn": f"arn:aws:lambda:us-east-1:123456789012:function:{self.name}",
            "aws_request_id": request_id,
            "log_group_name": f"/aws/lambda/{self.name}",
            "timeout_millis": int(self.timeout_seconds * 1000),
        }

    def process_environment(self) -> dict[str, str]:
        reserved = {  # a few of Lambda's reserved variables ("Defined runtime environment variables")
            "_HANDLER": self.handler,
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb),
        }
        inherited = {name: os.environ[name] for name in INHERITED if name in os.environ}
        return {**inherited, **dict(self.environment), **reserved}


@dataclass(frozen=True)
class Report:
    """What Lambda's REPORT log line says about one invocation."""

    request_id: str
    duration_ms: float
    init_ms: float | None = None  # set on a cold start

    def line(self) -> str:
        text = f"REPORT RequestId: {self.request_id}\tDuration: {self.duration_ms:.2f} ms"
        return text + (f"\tInit Duration: {self.init_ms:.2f} ms" if self.init_ms is not None else "")


class FunctionError(Exception):
    """The function failed (Lambda's FunctionError): errorType and errorMessage, as Lambda reports them."""

    def __init__(self, kind: str, message: str, report: Report | None = None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind, self.message, self.report = kind, message, report


class Function(Protocol):
    def invoke(self, event: dict[str, Any]) -> tuple[Any, Report]: ...

    def stats(self) -> dict[str, int]: ...

    def close(self) -> None: ...


class _Ended(Exception):
    """The environment is gone (its process exited, or it was stopped at the timeout)."""


class _Environment:
    """One worker process: started (and initialised) on construction."""

    def __init__(self, config: FunctionConfig) -> None:
        command = [config.python, "-m", "local_bedrock.agent.lambda_worker", config.handler]
        command += [config.code_dir] if config.code_dir else []
        self._process = subprocess.Popen(  # noqa: S603 - our own worker module, no shell
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=config.process_environment()
        )
        try:
            ready = self._read(INIT_TIMEOUT_SECONDS)
        except _Ended as ended:
            raise FunctionError("Runtime.ExitError", f"the environment ended during init ({ended})") from None
        if "init_error" in ready:
            self.kill()
            raise FunctionError(ready["init_error"]["errorType"], ready["init_error"]["errorMessage"])
        self.init_ms = float(ready["ready"]["init_ms"])

    def _read(self, timeout: float) -> dict[str, Any]:
        out: IO[bytes] = self._process.stdout  # type: ignore[assignment]
        readable, _, _ = select.select([out], [], [], timeout)
        if not readable:
            self.kill()
            raise _Ended(f"Task timed out after {timeout:.2f} seconds")
        line = out.readline()
        if not line:
            code = self._process.wait()
            raise _Ended(f"Runtime exited with status {code}")
        message: dict[str, Any] = json.loads(line)
        return message

    def invoke(self, event: dict[str, Any], context: dict[str, Any], timeout: float) -> dict[str, Any]:
        channel: IO[bytes] = self._process.stdin  # type: ignore[assignment]
        try:
            channel.write(json.dumps({"event": event, "context": context}).encode() + b"\n")
            channel.flush()
        except (BrokenPipeError, ValueError):
            raise _Ended("Runtime exited") from None
        return self._read(timeout)

    @property
    def pid(self) -> int:
        return self._process.pid

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream:
                stream.close()


@dataclass
class _Counts:
    invocations: int = 0
    cold_starts: int = 0
    alive: int = 0


@dataclass
class EnvironmentPool:
    """The execution environments of one function (see the module docstring)."""

    config: FunctionConfig
    _idle: list[_Environment] = field(default_factory=list)
    _counts: _Counts = field(default_factory=_Counts)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _closed: bool = False

    def _acquire(self) -> tuple[_Environment, float | None]:
        with self._changed:
            while not self._idle and self._counts.alive >= self.config.max_environments and not self._closed:
                self._changed.wait()
            if self._closed:
                raise FunctionError("Runtime.Unavailable", "the local runtime is shutting down")
            self._counts.invocations += 1
            if self._idle:
                return self._idle.pop(), None  # the most recently used: the warmest
            self._counts.alive += 1
            self._counts.cold_starts += 1
        try:
            environment = _Environment(self.config)
        except BaseException:
            self._discard(None)
            raise
        return environment, environment.init_ms

    def _release(self, environment: _Environment) -> None:
        with self._changed:
            if self._closed:
                environment.kill()
                self._counts.alive -= 1
            else:
                self._idle.append(environment)
            self._changed.notify()

    def _discard(self, environment: _Environment | None) -> None:
        if environment is not None:
            environment.kill()
        with self._changed:
            self._counts.alive -= 1
            self._changed.notify()

    def invoke(self, event: dict[str, Any]) -> tuple[Any, Report]:
        request_id = str(uuid.uuid4())
        environment, init_ms = self._acquire()
        started = time.perf_counter()
        try:
            reply = environment.invoke(event, self.config.context(request_id), self.config.timeout_seconds)
        except _Ended as ended:
            self._discard(environment)
            report = Report(request_id, (time.perf_counter() - started) * 1000, init_ms)
            log.info(report.line())
            raise FunctionError("Runtime.ExitError", str(ended), report) from None
        self._release(environment)
        report = Report(request_id, float(reply["duration_ms"]), init_ms)
        log.info(report.line())
        if "error" in reply:
            raise FunctionError(reply["error"]["errorType"], reply["error"]["errorMessage"], report)
        return reply["result"], report

    def stats(self) -> dict[str, int]:
        with self._changed:
            return {
                "invocations": self._counts.invocations,
                "cold_starts": self._counts.cold_starts,
                "environments": self._counts.alive,
            }

    def idle_pids(self) -> list[int]:
        """Process ids of the idle environments (for measuring them)."""
        with self._changed:
            return [environment.pid for environment in self._idle]

    def close(self) -> None:
        with self._changed:
            self._closed = True
            idle, self._idle = self._idle, []
            self._counts.alive -= len(idle)
            self._changed.notify_all()
        for environment in idle:
            environment.kill()


_ONE_EVENT_AT_A_TIME = threading.Lock()


@dataclass
class InProcessFunction:
    """The handler run in this process, for a store that lives in this process (tests with an
    in-process moto). Powertools keeps the current event on a class attribute shared by every
    resolver in a process (``BaseRouter.current_event``), so events run one at a time, for all
    functions together; the first invocation imports the handler (its cold start)."""

    config: FunctionConfig
    _handler: Any = None
    _counts: _Counts = field(default_factory=_Counts)

    def invoke(self, event: dict[str, Any]) -> tuple[Any, Report]:
        request_id = str(uuid.uuid4())
        with _ONE_EVENT_AT_A_TIME:
            init_ms = None
            self._counts.invocations += 1
            if self._handler is None:
                started = time.perf_counter()
                self._handler = load_handler(self.config.handler, self.config.code_dir)
                init_ms = (time.perf_counter() - started) * 1000
                self._counts.cold_starts, self._counts.alive = 1, 1
            started = time.perf_counter()
            try:
                result = self._handler(event, LocalLambdaContext(**self.config.context(request_id)))
            except Exception as error:
                report = Report(request_id, (time.perf_counter() - started) * 1000, init_ms)
                raise FunctionError(type(error).__name__, str(error), report) from error
        return result, Report(request_id, (time.perf_counter() - started) * 1000, init_ms)

    def stats(self) -> dict[str, int]:
        return {
            "invocations": self._counts.invocations,
            "cold_starts": self._counts.cold_starts,
            "environments": self._counts.alive,
        }

    def close(self) -> None:
        self._handler = None
