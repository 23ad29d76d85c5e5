"""Before anything is built: are AWS credentials configured at all? Standard library only.

`make deploy` runs this first, with the system Python, so a machine without credentials stops in a
second with instructions instead of after building `.venv` and the Lambda packages. It only looks
where botocore's default credential chain looks (botocore credentials.py, create_credential_resolver:
environment, web identity, shared credentials and config files, SSO, credential_process, container,
instance metadata); `deploy.credentials` then asks STS whether AWS accepts them, once `.venv` exists.
"""

from __future__ import annotations

import configparser
import os
import sys
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

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

# Keys that make a profile a source of credentials (botocore's providers for each).
PROFILE_KEYS = {
    "aws_access_key_id": "access key",
    "sso_session": "SSO",
    "sso_start_url": "SSO",
    "credential_process": "credential_process",
    "role_arn": "assumed role",
    "web_identity_token_file": "web identity",
}


def _profile_source(path: Path, section: str, label: str) -> str | None:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return None
    if not parser.has_section(section):
        return None
    kinds = sorted({kind for key, kind in PROFILE_KEYS.items() if parser.has_option(section, key)})
    return f"{label} {path} [{section}] ({', '.join(kinds)})" if kinds else None


def imds_reachable(timeout: float = 1.0) -> bool:
    """An EC2 instance metadata service answers the IMDSv2 token request (how botocore finds it)."""
    request = urllib.request.Request(
        "http://169.254.169.254/latest/api/token",
        method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "21600"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed link-local URL
            return bool(response.status == 200)
    except OSError:
        return False


def sources(environ: Mapping[str, str], home: Path, imds: Callable[[], bool] = imds_reachable) -> list[str]:
    """Where botocore would find credentials, in its order; empty when nowhere."""
    found = []
    if environ.get("AWS_ACCESS_KEY_ID") and environ.get("AWS_SECRET_ACCESS_KEY"):
        found.append("environment (AWS_ACCESS_KEY_ID)")
    if environ.get("AWS_WEB_IDENTITY_TOKEN_FILE") and environ.get("AWS_ROLE_ARN"):
        found.append("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)")
    profile = environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE") or "default"
    credentials = Path(environ.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials")
    config = Path(environ.get("AWS_CONFIG_FILE") or home / ".aws" / "config")
    config_section = "default" if profile == "default" else f"profile {profile}"
    for source in (
        _profile_source(credentials, profile, "credentials file"),
        _profile_source(config, config_section, "config file"),
    ):
        if source:
            found.append(source)
    if environ.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") or environ.get(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI"
    ):
        found.append("container credentials endpoint")
    if not found and environ.get("AWS_EC2_METADATA_DISABLED", "").lower() != "true" and imds():
        found.append("EC2 instance metadata")
    return found


def main() -> int:
    found = sources(os.environ, Path.home())
    if not found:
        reason = (
            "none found (environment, shared credentials or config file, SSO, container or instance role)."
        )
        print(HOW_TO.format(reason=reason), file=sys.stderr)
        return 2
    print(f"==> AWS credentials configured: {found[0]} (AWS checks them once .venv exists)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
