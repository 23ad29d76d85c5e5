"""Errors the emulated control planes answer with: one class per modeled error shape name.

The HTTP status and wire form come from the service's botocore model (``protocol.py``); a handler
only raises ``ValidationException("...")`` etc. ``NotImplementedByLocalAws`` is for modeled
operations this emulation does not serve: the caller learns which, instead of a silent success.
"""

from __future__ import annotations

from local_bedrock.backend import (
    AccessDeniedError,
    ApiError,
    ConflictError,
    InternalServerError,
    ResourceNotFoundError,
    ValidationFailedError,
)

# One hierarchy with the runtime endpoint's errors (local_bedrock/backend.py), named here as the
# control-plane models name their error shapes.
ServiceError = ApiError
ValidationException = ValidationFailedError
ResourceNotFoundException = ResourceNotFoundError
ConflictException = ConflictError
AccessDeniedException = AccessDeniedError
InternalServerException = InternalServerError


class ServiceQuotaExceededException(ApiError):
    code = "ServiceQuotaExceededException"


class NotImplementedByLocalAws(ApiError):
    """A modeled operation the local AWS does not emulate (HTTP 501, so no SDK retries it)."""

    code = "NotImplementedException"
    status = 501


class UnknownOperation(ApiError):
    """No modeled operation matches the request's method and path (or target)."""

    code = "UnknownOperationException"
    status = 404


class EmulationError(ApiError):
    """A bug of this emulation (e.g. an output its own model rejects). Answered 400, not 500, so no
    SDK retries a call whose first attempt may already have changed state: the message surfaces."""

    code = "LocalAwsEmulationError"
    status = 400
