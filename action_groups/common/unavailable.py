"""Failures that mean DynamoDB is busy or unreachable right now, after the client's own retries, as
opposed to a bug: the agent should tell the customer to try again, not that something broke.

Powertools' idempotency wraps what its persistence layer raised (``IdempotencyPersistenceLayerError``
from the original error), so the causes are followed too.
"""

from __future__ import annotations

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError

# DynamoDB's throttling and server-side error codes (botocore's standard retry mode retries these).
BUSY_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "TransactionInProgressException",
        "InternalServerError",
        "ServiceUnavailable",
    }
)

BUSY_READ = "The store is busy right now. Please try again in a moment."
BUSY_WRITE = (
    "The store is busy right now, so I couldn't confirm whether this went through. Please try again "
    "in a moment: trying again never places or cancels an order twice."
)


def store_unavailable(error: BaseException) -> bool:
    """True if ``error`` or what caused it is throttling, a DynamoDB server error, a timeout or a
    connection failure."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, HTTPClientError | BotocoreConnectionError):
            return True  # read timeouts, connection resets; connect timeouts, unreachable endpoint
        if isinstance(current, ClientError):
            code = current.response.get("Error", {}).get("Code", "")
            status = current.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            return code in BUSY_CODES or status >= 500
        current = current.__cause__ or current.__context__
    return False
