"""`python -m deploy <step>`: the steps of `make deploy` (see `make help`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import boto3

from deploy import credentials, knowledge_base, package, slack_steps, smoke
from deploy.outputs import load_outputs

REPO = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__)
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("check-credentials", help="stop with instructions when no AWS credentials are usable")
    pkg = steps.add_parser("package", help="build deterministic code.zip and layer.zip")
    pkg.add_argument("--out", type=Path, default=REPO / "build" / "lambda")
    pkg.add_argument("--code-only", action="store_true", help="skip the dependency layer")
    for name, text in (
        ("knowledge-base", "upload knowledge_base/*.md and ingest with progress"),
        ("smoke", "check each agent's DRAFT is prepared and InvokeAgent it once (test alias)"),
        ("slack-steps", "print the Slack steps for this deployment"),
    ):
        step = steps.add_parser(name, help=text)
        step.add_argument("--outputs", type=Path, required=True, help="saved `terraform output -json`")
        step.add_argument("--docs", type=Path, default=REPO / "knowledge_base")
        step.add_argument("--customer", default="C0001", help="customerId for the assistant smoke question")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.step == "check-credentials":
        try:
            print(f"==> AWS identity: {credentials.caller_arn()}")
        except credentials.CredentialsMissing as missing:
            print(missing, file=sys.stderr)
            return 2
        return 0
    if args.step == "package":
        print(f"  code.zip  sha256 {package.build_code(REPO, args.out)}")
        if not args.code_only:
            print(f"  layer.zip sha256 {package.build_layer(REPO, args.out)}")
        return 0
    outputs = load_outputs(args.outputs)
    session = boto3.session.Session(region_name=outputs.region)
    if args.step == "knowledge-base":
        if outputs.knowledge_base is None:
            print("==> knowledge base disabled (knowledge_base.enabled = false): nothing to upload")
            return 0
        kb = outputs.knowledge_base
        print(f"==> uploading {args.docs} to s3://{kb.bucket_name}/documents/")
        knowledge_base.upload_documents(session.client("s3"), kb.bucket_name, args.docs)
        print(f"==> ingesting into knowledge base {kb.knowledge_base_id}")
        # DEPLOY_POLL_SECONDS: how often to poll the job (the local AWS sets it short; AWS: 5 s).
        interval = float(os.environ.get("DEPLOY_POLL_SECONDS", "5"))
        knowledge_base.ingest(
            session.client("bedrock-agent"), kb.knowledge_base_id, kb.data_source_id, interval=interval
        )
    elif args.step == "smoke":
        runtime = session.client("bedrock-agent-runtime", config=smoke.RUNTIME_CONFIG)
        control = session.client("bedrock-agent")
        smoke.smoke(runtime, control, outputs.agents, customer=args.customer)
    else:
        print(slack_steps.slack_steps(outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
