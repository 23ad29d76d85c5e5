"""Baseline for the benchmarks: a one-route Powertools resolver importing the same libraries as the
action groups (Powertools event handler, Logger, Metrics, Tracer, pydantic, boto3)."""

from typing import Any

import boto3  # noqa: F401 - imported for a like-for-like cold start
import pydantic  # noqa: F401
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import BedrockAgentResolver

logger = Logger()
metrics = Metrics(namespace="Bench")
tracer = Tracer()
app = BedrockAgentResolver()


@app.get("/ping", description="Answer pong.")
def ping() -> dict[str, str]:
    return {"message": "pong"}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
