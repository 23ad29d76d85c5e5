"""Powertools Logger, Metrics and Tracer, configured from the environment, one of each per process as
the Powertools documentation shows; `resolver.lambda_entry` applies their handler decorators.

POWERTOOLS_SERVICE_NAME names the action group; POWERTOOLS_METRICS_NAMESPACE groups the metrics;
POWERTOOLS_METRICS_DISABLED silences metrics.

Tracing is on in Lambda unless POWERTOOLS_TRACE_DISABLED is true (Terraform sets it from the
function's tracing mode) and off everywhere else: Powertools' own rule (`Tracer._is_tracer_disabled`
in aws_lambda_powertools/tracing/tracer.py). Powertools' Tracer imports the X-Ray SDK when it is
built, even disabled (`Tracer._patch_xray_provider`), and outside Lambda the SDK's recorder builds
two botocore clients for centralised sampling. So when tracing is off the Tracer gets a provider that
records nothing (Powertools' documented `provider=` parameter, its `BaseProvider` interface) and the
SDK is never imported; the decorators (`capture_lambda_handler`, `capture_method`) stay as they are.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Generator, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.shared.functions import strtobool
from aws_lambda_powertools.tracing.base import BaseProvider, BaseSegment

NAMESPACE = os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "PurchaseAssistant")


def tracing_enabled() -> bool:
    """Powertools' rule: in Lambda (LAMBDA_TASK_ROOT set, not SAM or Chalice local) and not
    POWERTOOLS_TRACE_DISABLED."""
    if strtobool(os.environ.get("POWERTOOLS_TRACE_DISABLED", "false")):
        return False
    in_lambda = bool(os.environ.get("LAMBDA_TASK_ROOT"))
    return in_lambda and not os.environ.get("AWS_SAM_LOCAL") and not os.environ.get("AWS_CHALICE_CLI_MODE")


class _Unrecorded(BaseSegment):
    """A segment that records nothing."""

    def close(self, end_time: int | None = None) -> None:
        return None

    def add_subsegment(self, subsegment: Any) -> None:
        return None

    def remove_subsegment(self, subsegment: Any) -> None:
        return None

    def put_annotation(self, key: str, value: Any) -> None:
        return None

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        return None

    def add_exception(self, exception: BaseException, stack: list[Any], remote: bool = False) -> None:
        return None


class UntracedProvider(BaseProvider):
    """The Tracer's provider while tracing is off: no X-Ray SDK, nothing recorded, nothing sent."""

    @contextmanager
    def in_subsegment(self, name: str | None = None, **kwargs: Any) -> Generator[BaseSegment, None, None]:
        yield _Unrecorded()

    @asynccontextmanager
    async def in_subsegment_async(
        self, name: str | None = None, **kwargs: Any
    ) -> AsyncGenerator[BaseSegment, None]:
        yield _Unrecorded()

    def put_annotation(self, key: str, value: Any) -> None:
        return None

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        return None

    def patch(self, modules: Sequence[str]) -> None:
        return None

    def patch_all(self) -> None:
        return None


logger = Logger()
metrics = Metrics(namespace=NAMESPACE)
tracer = Tracer() if tracing_enabled() else Tracer(disabled=True, provider=UntracedProvider())
