"""Pagination and error wording shared by the emulated services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from local_bedrock.aws.errors import ResourceNotFoundException, ValidationException

T = TypeVar("T")
DEFAULT_PAGE = 100

# The message Bedrock answers for an unknown id (as quoted in public bug reports of InvokeAgent
# and GetAgent, e.g. acwwat/amazon-bedrock-agent-test-ui#1).
NOT_FOUND = (
    "Failed to retrieve resource because it doesn't exist. "
    "Retry the request with a different resource identifier."
)


def not_found(kind: str, identifier: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"{NOT_FOUND} ({kind} {identifier})")


def page(
    items: Sequence[T], params: dict[str, Any], default: int = DEFAULT_PAGE
) -> tuple[list[T], str | None]:
    """One page of ``items`` per ``maxResults``/``nextToken`` (the token is an opaque offset)."""
    token = params.get("nextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        # botocore lists ValidationException for every List operation here; the wording is a guess.
        raise ValidationException(f"Invalid nextToken {token!r}") from None
    size = int(params.get("maxResults") or default)
    chunk = list(items[start : start + size])
    following = start + size
    return chunk, (str(following) if following < len(items) else None)


def with_token(output: dict[str, Any], token: str | None) -> dict[str, Any]:
    if token is not None:
        output["nextToken"] = token
    return output
