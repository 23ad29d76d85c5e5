"""Settings from the environment and the AWS clients built from them (created once per container)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

# Standard retry mode retries throttling and transient errors with jittered backoff; timeouts keep a
# stuck call well inside the Lambda timeout so the agent gets an answer rather than a dead Lambda.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 4},
    connect_timeout=2,
    read_timeout=5,
)


class ConfigurationError(RuntimeError):
    """A required setting is missing: raised at first use with the variable to set."""


@dataclass(frozen=True)
class Settings:
    store_table: str
    idempotency_table: str

    @classmethod
    def from_env(cls) -> Settings:
        missing = [
            name for name in ("STORE_TABLE_NAME", "IDEMPOTENCY_TABLE_NAME") if not os.environ.get(name)
        ]
        if missing:
            raise ConfigurationError(
                f"Set the environment variable(s) {', '.join(missing)} to the table name(s)."
            )
        return cls(os.environ["STORE_TABLE_NAME"], os.environ["IDEMPOTENCY_TABLE_NAME"])


@cache
def settings() -> Settings:
    return Settings.from_env()


@cache
def dynamodb() -> Any:
    # AWS_ENDPOINT_URL_DYNAMODB (honoured by botocore) points this at moto or DynamoDB Local.
    return boto3.client("dynamodb", config=CLIENT_CONFIG)


def reset() -> None:
    """Forget cached settings and clients (tests and the local runtime switch endpoints)."""
    settings.cache_clear()
    dynamodb.cache_clear()
