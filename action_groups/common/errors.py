"""Business errors an action group reports to the agent: an HTTP status and one readable sentence."""

from __future__ import annotations


class ActionError(Exception):
    """Base class: the message is shown to the model verbatim, so it must be one clear sentence."""

    status: int = 400
    code: str = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, str]:
        return {"error": self.code, "message": self.message}


class NotFound(ActionError):
    status = 404
    code = "not_found"


class Conflict(ActionError):
    status = 409
    code = "conflict"


class Unprocessable(ActionError):
    status = 422
    code = "invalid_request"


class IdentityMissing(ActionError):
    status = 403
    code = "not_signed_in"


class ServiceBusy(ActionError):
    status = 503
    code = "busy"
