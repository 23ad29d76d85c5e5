"""Errors the emulated control planes answer with: one class per modeled error shape name.

The HTTP status and wire form come from the service's botocore model (``protocol.py``); a handler
only raises ``ValidationException("...")`` etc. ``NotImplementedByLocalAws`` is for modeled
operations this emulation does not serve: the caller learns which, instead of a silent success.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(Exception):
    """An error of the emulated service; ``code`` is the modeled error shape name."""

    code: ClassVar[str] = "InternalServerException"
    status: ClassVar[int | None] = None  # None: the model's httpStatusCode for ``code``

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationException(ServiceError):
    code = "ValidationException"


class ResourceNotFoundException(ServiceError):
    code = "ResourceNotFoundException"


class ConflictException(ServiceError):
    code = "ConflictException"


class ServiceQuotaExceededException(ServiceError):
    code = "ServiceQuotaExceededException"


class AccessDeniedException(ServiceError):
    code = "AccessDeniedException"
    status = 403  # also for services whose model does not list it (IAM denials are never modeled per call)


class InternalServerException(ServiceError):
    code = "InternalServerException"


class NotImplementedByLocalAws(ServiceError):
    """A modeled operation the local AWS does not emulate (HTTP 501, so no SDK retries it)."""

    code = "NotImplementedException"
    status = 501


class UnknownOperation(ServiceError):
    """No modeled operation matches the request's method and path (or target)."""

    code = "UnknownOperationException"
    status = 404


class EmulationError(ServiceError):
    """A bug of this emulation (e.g. an output its own model rejects). Answered 400, not 500, so no
    SDK retries a call whose first attempt may already have changed state: the message surfaces."""

    code = "LocalAwsEmulationError"
    status = 400
