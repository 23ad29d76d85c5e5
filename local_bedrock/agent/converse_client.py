"""The ``bedrock-runtime`` client behind ConverseModel: which model, which region, which credentials.

Whether credentials exist is decided from the botocore credential chain *without network calls*:
environment variables, shared credentials/config files, profiles (SSO, assume-role and web identity
are resolved lazily, on first use) and ``credential_process``. The EC2 instance-metadata provider
is left out because it can only answer over the network; the ECS/EKS container provider counts as
available when its environment variables are set, without fetching.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from local_bedrock.agent.converse_errors import MODEL_ENV
from local_bedrock.manifest import default_model_id

logger = logging.getLogger(__name__)

# The repository's one default model (default_model.json), which the deployed agents use too: a
# Claude model through a cross-region inference profile (Claude 4.x models are invoked through
# inference profiles, not on-demand model ids). Fast and inexpensive for a dev loop.
DEFAULT_MODEL_ID = default_model_id()
DEFAULT_REGION = "us-east-1"
REGION_ENV = "LOCAL_AGENT_REGION"
# Throttling and transient errors are retried by botocore with backoff; a model turn can take a while.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 5},
    connect_timeout=10,
    read_timeout=120,
    user_agent_extra="local-agent-runtime",
)
_NETWORK_ONLY_PROVIDERS = ("iam-role", "container-role")
_CONTAINER_ENV = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")


def model_id_from_environment(model_id: str | None = None) -> str:
    return model_id or os.environ.get(MODEL_ENV) or DEFAULT_MODEL_ID


def region_from_environment(region: str | None = None) -> str:
    """The explicit region, else LOCAL_AGENT_REGION, else AWS_REGION, else botocore's region settings
    (AWS_DEFAULT_REGION, the profile's region), else us-east-1."""
    configured = botocore.session.Session().get_config_variable("region")
    return (
        region or os.environ.get(REGION_ENV) or os.environ.get("AWS_REGION") or configured or DEFAULT_REGION
    )


def credentials_available() -> bool:
    """True when the botocore credential chain finds credentials without asking the network.

    A broken configuration (a profile that does not exist, a failing ``credential_process``) counts
    as no credentials, with a warning saying why.
    """
    session = botocore.session.Session()
    try:
        resolver = session.get_component("credential_provider")
        for method in _NETWORK_ONLY_PROVIDERS:
            resolver.remove(method)
        if session.get_credentials() is not None:
            return True
    except BotoCoreError as error:
        logger.warning("AWS credentials are configured but unusable, using none: %s", error)
        return False
    return any(os.environ.get(name) for name in _CONTAINER_ENV)


def bedrock_runtime_client(region: str, session: boto3.session.Session | None = None) -> Any:
    """A ``bedrock-runtime`` client with standard retries: the full credential chain of a new session,
    or of ``session`` (whose credentials may have been resolved earlier, before something changed
    the environment, e.g. a local moto store setting placeholder keys)."""
    return (session or boto3.session.Session()).client(
        "bedrock-runtime", region_name=region, config=CLIENT_CONFIG
    )


class LazyClient:
    """A ``bedrock-runtime`` client created on first use.

    Creating a client resolves credentials, and some providers (the container provider) fetch them
    over the network right away; deferring creation keeps ``converse_model_from_environment``
    free of network calls. Attribute access (``converse``, ``meta``) goes to the real client.
    """

    def __init__(self, region: str, session: boto3.session.Session | None = None) -> None:
        self.region = region
        self.session = session
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = bedrock_runtime_client(self.region, self.session)
            return self._client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)
