"""The local AWS: ``python -m local_bedrock.aws serve|start|stop [--dir build/local-aws]``.

serve  runs it in the foreground (``make local-aws``) until Ctrl+C, printing its endpoints;
start  runs it in the background unless it already runs (``make deploy-local``);
stop   stops the background one (``make destroy-local``).

Either way it writes into ``--dir``: ``aws.env`` (endpoints and local credentials, for any AWS SDK,
the AWS CLI or Terraform), ``terraform.env`` (this repository's stack: its own state and provider
directory under ``--dir``, quick polling) and ``endpoints.json``. State lives in memory: it ends
with the process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from local_bedrock.paths import REPO_ROOT

if TYPE_CHECKING:
    from local_bedrock.aws.stack import Endpoints

DEFAULT_DIR = Path("build/local-aws")
PLUGIN_CACHE = REPO_ROOT / "build" / "terraform" / "plugin-cache"
_STARTUP_SECONDS = 90
_TERRAFORM_COMMANDS = ("plan", "apply", "destroy", "output", "refresh", "import")


def _files(directory: Path) -> dict[str, Path]:
    return {
        name: directory / name
        for name in ("endpoints.json", "aws.env", "terraform.env", "local-aws.pid", "local-aws.log")
    }


def terraform_environment(directory: Path) -> dict[str, str]:
    """Apply this repository's (unchanged) root module to the local AWS without touching the state
    or the .terraform directory of a real deployment; poll and settle quickly (nothing propagates)."""
    state = (directory / "terraform.tfstate").resolve()
    env = {f"TF_CLI_ARGS_{command}": f"-state={state}" for command in _TERRAFORM_COMMANDS}
    env["TF_DATA_DIR"] = str((directory / "terraform-data").resolve())
    # One provider download/copy per checkout, linked into each TF_DATA_DIR (Terraform's plugin cache).
    env["TF_PLUGIN_CACHE_DIR"] = str(PLUGIN_CACHE)
    PLUGIN_CACHE.mkdir(parents=True, exist_ok=True)
    env["VECTOR_INDEX_SETTLE_SECONDS"] = "0"
    env["DEPLOY_POLL_SECONDS"] = "0.5"
    env["DEPLOY_RETRY_PAUSE"] = "1"  # make deploy's pause before its one retry (terraform/terraform.mk)
    return env


def retire_stale_state(directory: Path) -> Path | None:
    """A new local AWS starts empty (state lives in memory), so a Terraform state left in
    ``directory`` by an earlier one describes resources that no longer exist: move it aside to
    ``terraform.tfstate.stale`` (returned) so the next apply starts from nothing, as the AWS does."""
    state = directory / "terraform.tfstate"
    if not state.exists():
        return None
    stale = directory / "terraform.tfstate.stale"
    state.replace(stale)
    (directory / "terraform.tfstate.backup").unlink(missing_ok=True)
    return stale


def _write_env(path: Path, values: dict[str, str]) -> None:
    path.write_text("".join(f"{k}={v}\n" for k, v in sorted(values.items())), encoding="utf-8")


def describe(endpoints: Endpoints, directory: Path) -> str:
    rows = (
        ("moto: IAM, STS, KMS, S3, DynamoDB+Streams, Lambda, SQS, SNS, CloudWatch, Logs", endpoints.moto),
        ("bedrock-agent: agents, action groups, aliases, versions, knowledge bases", endpoints.bedrock_agent),
        ("bedrock: guardrails and their versions, invocation logging", endpoints.bedrock),
        ("opensearchserverless: policies, collections, indexes", endpoints.opensearchserverless),
        ("chatbot: Slack channel configurations", endpoints.chatbot),
        (
            "bedrock-agent-runtime: InvokeAgent, Retrieve over what was applied",
            endpoints.bedrock_agent_runtime,
        ),
    )
    lines = "\n".join(f"  {what:<78} {url}" for what, url in rows)
    return (
        f"Local AWS (state in memory; it ends when this process stops)\n{lines}\n"
        f"Point any AWS SDK, the AWS CLI or your own Terraform at it:\n"
        f"  set -a; . {directory / 'aws.env'}; set +a"
    )


def serve(directory: Path, base_port: int, model: str) -> int:
    # Imported here: moto, the control plane and the runtime take about 2 s of CPU to import, which
    # `start` and `stop` (twice each in `make test`'s round trip) do not need.
    from local_bedrock.aws.stack import bedrock_models, local_aws, offline_models

    files = _files(directory)
    directory.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("local_bedrock.aws").setLevel(logging.INFO)  # one line per control-plane call
    models = bedrock_models if model == "bedrock" else offline_models
    if (stale := retire_stale_state(directory)) is not None:
        print(f"==> the earlier local AWS's Terraform state no longer applies: moved to {stale}", flush=True)
    with local_aws(directory, base_port=base_port, models=models) as endpoints:
        _write_env(files["aws.env"], endpoints.environment())
        _write_env(files["terraform.env"], terraform_environment(directory))
        files["endpoints.json"].write_text(json.dumps({"pid": os.getpid(), **endpoints.to_dict()}, indent=2))
        print(describe(endpoints, directory), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Local AWS stopped.", flush=True)
        finally:
            for name in ("endpoints.json", "aws.env", "terraform.env"):
                files[name].unlink(missing_ok=True)
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def running_endpoints(directory: Path) -> dict[str, Any] | None:
    """The endpoints of a local AWS serving ``directory``, if one is up."""
    path = _files(directory)["endpoints.json"]
    try:
        info: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return info if _alive(int(info.get("pid", 0))) else None


def start(directory: Path, base_port: int, model: str) -> int:
    files = _files(directory)
    if (info := running_endpoints(directory)) is not None:
        print(f"==> local AWS already running (pid {info['pid']}); endpoints in {files['aws.env']}")
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    files["endpoints.json"].unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "local_bedrock.aws",
        "serve",
        "--dir",
        str(directory),
        "--base-port",
        str(base_port),
        "--model",
        model,
    ]
    with files["local-aws.log"].open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    files["local-aws.pid"].write_text(str(process.pid))
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(f"local AWS failed to start; see {files['local-aws.log']}", file=sys.stderr)
            return 1
        if (info := running_endpoints(directory)) is not None and info["pid"] == process.pid:
            print(
                f"==> local AWS started in the background (pid {process.pid}, log {files['local-aws.log']})"
            )
            return 0
        time.sleep(0.2)
    print(
        f"local AWS did not come up within {_STARTUP_SECONDS} s; see {files['local-aws.log']}",
        file=sys.stderr,
    )
    return 1


def stop(directory: Path) -> int:
    files = _files(directory)
    try:
        pid = int(files["local-aws.pid"].read_text())
    except (OSError, ValueError):
        print("==> no background local AWS to stop")
        return 0
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while _alive(pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
    files["local-aws.pid"].unlink(missing_ok=True)
    print(f"==> local AWS stopped (pid {pid})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_bedrock.aws", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("serve", "start", "stop"))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the env files and state go")
    parser.add_argument("--base-port", type=int, default=0, help="0: ephemeral ports; N: N (moto) .. N+5")
    parser.add_argument(
        "--model", choices=("offline", "bedrock"), default=os.environ.get("LOCAL_AGENT_MODEL", "offline")
    )
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve(args.dir, args.base_port, args.model)
    if args.command == "start":
        return start(args.dir, args.base_port, args.model)
    return stop(args.dir)


if __name__ == "__main__":
    sys.exit(main())
