"""Bedrock Converse failures as the runtime's API errors, each saying what to do about it.

Throttling is retried by botocore (standard retry mode, see ``converse_client``); what reaches this
module has exhausted its attempts or cannot succeed by retrying.
"""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    NoCredentialsError,
    PartialCredentialsError,
    SSOError,
    TokenRetrievalError,
)

from local_bedrock.backend import (
    AccessDeniedError,
    ApiError,
    DependencyFailedError,
    ThrottlingError,
    ValidationFailedError,
)

MODEL_ENV = "LOCAL_AGENT_MODEL_ID"
_CREDENTIAL_ERRORS = (
    NoCredentialsError,
    PartialCredentialsError,
    CredentialRetrievalError,
    SSOError,
    TokenRetrievalError,
)
_RETRY_LATER = "{where} is not available right now ({code}): {message} Retry shortly."
_MODEL_FAILED = "{where} failed ({code}): {message} Retry the turn."
_THROTTLED = (
    "Bedrock is throttling {where} ({attempts} attempts): {message} Wait a moment and retry, "
    "or request a higher on-demand quota for the model."
)
# Error code -> (what to raise, what to say). Placeholders: model, where, code, message, attempts.
_BY_CODE: dict[str, tuple[type[ApiError], str]] = {
    "AccessDeniedException": (
        AccessDeniedError,
        "Bedrock denied access to {where}: {message} Enable model access for {model} in the Bedrock "
        "console (Model access), allow bedrock:InvokeModel on it for these credentials, or choose "
        f"another model with {MODEL_ENV}.",
    ),
    "ValidationException": (
        ValidationFailedError,
        "Bedrock rejected the Converse request for {where}: {message}",
    ),
    "ResourceNotFoundException": (
        ValidationFailedError,
        f"Model {{where}} was not found: {{message}} Check {MODEL_ENV} and AWS_REGION: the model "
        "(or inference profile) must be offered in that region.",
    ),
    "ThrottlingException": (ThrottlingError, _THROTTLED),
    "ServiceQuotaExceededException": (ThrottlingError, _THROTTLED),
    "ModelNotReadyException": (DependencyFailedError, _RETRY_LATER),
    "ModelTimeoutException": (DependencyFailedError, _RETRY_LATER),
    "ServiceUnavailableException": (DependencyFailedError, _RETRY_LATER),
    "ModelErrorException": (DependencyFailedError, _MODEL_FAILED),
    "InternalServerException": (DependencyFailedError, _MODEL_FAILED),
}
_UNKNOWN = (DependencyFailedError, "Converse with {where} failed ({code}): {message}")


def _on_demand_hint(model_id: str) -> str:
    return (
        f" {model_id} cannot be invoked on demand: use an inference profile id such as "
        f"global.{model_id} or us.{model_id} (aws bedrock list-inference-profiles lists them) "
        f"and set {MODEL_ENV}."
    )


def api_error(error: ClientError | BotoCoreError, model_id: str, region: str | None) -> ApiError:
    """The ``ApiError`` to raise for a failed ``converse`` call."""
    where = f"{model_id} in {region or 'the default region'}"
    if isinstance(error, _CREDENTIAL_ERRORS):
        return AccessDeniedError(
            f"No usable AWS credentials for Bedrock ({error}). Configure or refresh them (AWS_PROFILE, "
            "aws configure, aws sso login), or run without them to use the offline planner."
        )
    if not isinstance(error, ClientError):
        return DependencyFailedError(
            f"Could not reach Bedrock for {where}: {error}. Check the network and AWS_REGION."
        )
    code = error.response.get("Error", {}).get("Code", "") or "unknown error"
    message = error.response.get("Error", {}).get("Message", "") or str(error)
    attempts = error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) + 1
    kind, template = _BY_CODE.get(code, _UNKNOWN)
    text = template.format(model=model_id, where=where, code=code, message=message, attempts=attempts)
    if code == "ValidationException" and "on-demand throughput" in message:
        text += _on_demand_hint(model_id)
    return kind(text)
