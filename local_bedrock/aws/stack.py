"""The whole local AWS in one process: moto's server for the services it implements faithfully,
this package's emulation for the rest, and the local InvokeAgent runtime over what was applied.

    with local_aws(work_dir) as endpoints:            # ephemeral ports unless given
        os.environ.update(endpoints.environment())   # every AWS SDK and Terraform now talks to it

One endpoint per service (``endpoints.environment()``: ``AWS_ENDPOINT_URL`` for moto and
``AWS_ENDPOINT_URL_<SERVICE>`` for the others, the SDKs' service-specific endpoint settings, which
the Terraform AWS provider honours too).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import boto3
from moto.core import DEFAULT_ACCOUNT_ID
from moto.server import ThreadedMotoServer

from local_bedrock.aws.bedrock.service import BedrockService
from local_bedrock.aws.bedrock_agent.base import Peers
from local_bedrock.aws.bedrock_agent.service import BedrockAgentService
from local_bedrock.aws.chatbot.service import ChatbotService
from local_bedrock.aws.http import ServiceApp, serving
from local_bedrock.aws.opensearchserverless.service import OpenSearchServerlessService
from local_bedrock.aws.runtime.backend import AppliedRuntime, ModelFactory
from local_bedrock.aws.runtime.lambda_code import LambdaCode
from local_bedrock.server import running

REGION = "us-east-1"
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local-aws", "AWS_SECRET_ACCESS_KEY": "local-aws"}


@dataclass(frozen=True)
class Endpoints:
    moto: str
    bedrock_agent: str
    bedrock: str
    opensearchserverless: str
    chatbot: str
    bedrock_agent_runtime: str

    def environment(self) -> dict[str, str]:
        """What points boto3, the AWS CLI and Terraform's AWS provider at this local AWS."""
        return {
            **LOCAL_CREDENTIALS,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ENDPOINT_URL": self.moto,
            "AWS_ENDPOINT_URL_BEDROCK_AGENT": self.bedrock_agent,
            "AWS_ENDPOINT_URL_BEDROCK": self.bedrock,
            "AWS_ENDPOINT_URL_OPENSEARCHSERVERLESS": self.opensearchserverless,
            "AWS_ENDPOINT_URL_CHATBOT": self.chatbot,
            "AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": self.bedrock_agent_runtime,
        }

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def s3_reader(moto_url: str) -> Any:
    """Read a data source's documents from the local S3: {key: bytes} under the prefixes."""
    s3 = boto3.client(
        "s3",
        endpoint_url=moto_url,
        region_name=REGION,
        aws_access_key_id=LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )

    def read(bucket_arn: str, prefixes: list[str]) -> dict[str, bytes]:
        bucket = bucket_arn.rsplit(":", 1)[-1]
        found: dict[str, bytes] = {}
        for prefix in prefixes:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    found[item["Key"]] = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        return found

    return read


def offline_models(definitions: dict[str, Any]) -> Any:
    """The offline planner, as the repository runtime builds it (the sample catalog and the
    repository's documents are its vocabulary: it stands in for the model, not for the stack)."""
    from local_bedrock.manifest import REPO_ROOT
    from local_bedrock.runtime import offline_model_factory
    from local_bedrock.store.seed import generate

    return offline_model_factory(REPO_ROOT, definitions, generate())


def bedrock_models(definitions: dict[str, Any]) -> Any:
    from local_bedrock.runtime import bedrock_model_factory

    return bedrock_model_factory()


def _prepare_process(moto_url: str) -> None:
    """The in-process Lambda handlers reach the local DynamoDB; their metrics and logs stay quiet."""
    from local_bedrock.aws import moto_fixes
    from local_bedrock.runtime import quiet_lambdas
    from local_bedrock.store.moto_adapter import prepare_moto

    moto_fixes.apply()
    prepare_moto()  # atomic, item-level DynamoDB transactions, as on AWS (moto_store.py)
    quiet_lambdas()
    os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = moto_url
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    for name, value in LOCAL_CREDENTIALS.items():
        os.environ.setdefault(name, value)


@contextmanager
def local_aws(
    work_dir: Path, host: str = "127.0.0.1", base_port: int = 0, models: ModelFactory = offline_models
) -> Iterator[Endpoints]:
    """Start everything; ``base_port`` 0 picks ephemeral ports, N uses N (moto) .. N+5."""
    work_dir.mkdir(parents=True, exist_ok=True)

    def port(offset: int) -> int:
        return base_port + offset if base_port else 0

    moto = ThreadedMotoServer(ip_address=host, port=port(0), verbose=False)
    moto.start()
    moto_host, moto_port = moto.get_host_and_port()
    moto_url = f"http://{moto_host}:{moto_port}"
    _prepare_process(moto_url)
    aoss = OpenSearchServerlessService()
    agents = BedrockAgentService(Peers(vector_index=aoss.index_mapping, read_documents=s3_reader(moto_url)))
    guardrails = BedrockService()
    runtime = AppliedRuntime(agents, guardrails, LambdaCode(work_dir), models)
    try:
        with ExitStack() as stack:
            urls = {}
            for offset, (name, service) in enumerate(
                (
                    ("bedrock-agent", agents),
                    ("bedrock", guardrails),
                    ("opensearchserverless", aoss),
                    ("chatbot", ChatbotService()),
                ),
                start=1,
            ):
                app = ServiceApp(name, service, DEFAULT_ACCOUNT_ID)
                if service is aoss:
                    app.unrouted = aoss.collection_endpoint
                urls[name] = stack.enter_context(serving(app, host, port(offset), name))
            aoss.base_url = urls["opensearchserverless"]
            invoke = stack.enter_context(running(runtime, runtime, host=host, port=port(5)))
            yield Endpoints(
                moto_url,
                urls["bedrock-agent"],
                urls["bedrock"],
                urls["opensearchserverless"],
                urls["chatbot"],
                invoke.url,
            )
    finally:
        moto.stop()
