"""Stop early, with a helpful message, when AWS rejects the configured credentials (or there are none).

`deploy.credential_sources` checks, without `.venv`, that some are configured at all; this asks STS."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from deploy.credential_sources import HOW_TO


class CredentialsMissing(RuntimeError):
    """Raised with the full how-to message."""


def caller_arn(session: boto3.session.Session | None = None) -> str:
    """The ARN of the configured identity, or CredentialsMissing with instructions."""
    session = session or boto3.session.Session()
    if session.get_credentials() is None:
        reason = "none found (environment, profile, SSO or instance role)."
        raise CredentialsMissing(HOW_TO.format(reason=reason))
    try:
        identity = session.client("sts", region_name=session.region_name or "us-east-1").get_caller_identity()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        raise CredentialsMissing(HOW_TO.format(reason=f"AWS rejected them ({code}).")) from error
    except BotoCoreError as error:
        raise CredentialsMissing(HOW_TO.format(reason=f"{error}.")) from error
    return str(identity["Arn"])
