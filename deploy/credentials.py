"""Stop early, with a helpful message, when no usable AWS credentials are configured."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError

HOW_TO = """\
No usable AWS credentials: {reason}

make deploy needs an AWS account. Configure credentials in one of the usual ways, then run it again:
  aws configure                      # access key and secret, stored in ~/.aws/credentials
  aws configure sso && export AWS_PROFILE=<profile>   # IAM Identity Center
  export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... [AWS_SESSION_TOKEN=...]
Check with: aws sts get-caller-identity

No account? Everything also runs offline, with no AWS at all:
  make demo        # the local InvokeAgent runtime, console and sample data
  make test        # every offline check, including terraform test against a mock provider
"""


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
