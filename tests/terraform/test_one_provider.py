"""scripts/one_provider.sh (make tf-validate and tf-test): the command runs with TF_REATTACH_PROVIDERS
naming the one provider process the script started in debug mode, the provider is stopped with the
command, and the command's exit status is the script's. A stand-in provider prints what
`terraform-provider-aws -debug` prints (terraform-plugin-go tf5server's managed debug mode)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "one_provider.sh"
VERSION = "5.100.0"
REATTACH = {"registry.terraform.io/hashicorp/aws": {"Protocol": "grpc", "ProtocolVersion": 5, "Test": True}}

LINE = f"\tTF_REATTACH_PROVIDERS='{json.dumps(REATTACH)}'"
# Prints the reattach line as the real provider does, then waits to be interrupted and says so
# (SIGINT handled explicitly: a background command starts with it ignored, as the Go provider does).
STAND_IN = f"""#!{sys.executable}
import pathlib, signal, sys, time
if sys.argv[1:] != ["-debug"]:
    sys.exit(3)
def stop(*_):
    (pathlib.Path(sys.argv[0]).parent / "stopped").write_text("interrupted")
    sys.exit(0)
signal.signal(signal.SIGINT, stop)
print("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable")
print()
print({LINE!r}, flush=True)
while True:
    time.sleep(0.05)
"""


def _tf_dir(tmp_path: Path, with_provider: bool = True) -> tuple[Path, Path]:
    tf_dir = tmp_path / "terraform"
    tf_dir.mkdir()
    (tf_dir / ".terraform.lock.hcl").write_text(
        f'provider "registry.terraform.io/hashicorp/aws" {{\n  version     = "{VERSION}"\n}}\n'
    )
    platform = tf_dir / ".terraform/providers/registry.terraform.io/hashicorp/aws" / VERSION / "linux_amd64"
    platform.mkdir(parents=True)
    if with_provider:
        provider = platform / f"terraform-provider-aws_v{VERSION}_x5"
        provider.write_text(STAND_IN)
        provider.chmod(0o755)
    return tf_dir, platform


def _run(tf_dir: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), str(tf_dir), *command], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_command_attaches_to_the_one_provider_which_stops_with_it(tmp_path: Path) -> None:
    tf_dir, platform = _tf_dir(tmp_path)
    seen = tmp_path / "seen.json"
    script = f'echo "$TF_REATTACH_PROVIDERS" > {seen}; echo "$GREETING"'
    result = _run(tf_dir, "GREETING=hello", "bash", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello"  # NAME=value before the command is an assignment, as in $(TF)
    assert json.loads(seen.read_text()) == REATTACH
    assert (platform / "stopped").read_text().strip() == "interrupted"


def test_the_commands_failure_is_the_scripts(tmp_path: Path) -> None:
    tf_dir, platform = _tf_dir(tmp_path)
    result = _run(tf_dir, "bash", "-c", "exit 7")
    assert result.returncode == 7
    assert (platform / "stopped").read_text().strip() == "interrupted"


def test_without_an_initialised_provider_the_command_runs_as_it_is(tmp_path: Path) -> None:
    tf_dir, _ = _tf_dir(tmp_path, with_provider=False)
    result = _run(tf_dir, "A=1", "bash", "-c", 'echo "${TF_REATTACH_PROVIDERS-unset} $A"')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unset 1"


def test_a_provider_that_exits_before_listening_fails_the_script(tmp_path: Path) -> None:
    tf_dir, platform = _tf_dir(tmp_path)
    provider = platform / f"terraform-provider-aws_v{VERSION}_x5"
    provider.write_text("#!/usr/bin/env bash\necho 'no plugin for you'\nexit 1\n")
    result = _run(tf_dir, "bash", "-c", "echo ran")
    assert result.returncode == 1
    assert "ran" not in result.stdout
    assert "no plugin for you" in result.stderr and "-debug exited" in result.stderr
