"""scripts/one_provider.sh (make tf-validate and tf-test): the command runs with TF_REATTACH_PROVIDERS
naming the one provider process the script started in debug mode, the provider is stopped with the
command, and the command's exit status is the script's. A stand-in provider prints what
`terraform-provider-aws -debug` prints (terraform-plugin-go tf5server's managed debug mode)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
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


def test_a_provider_that_exits_before_listening_leaves_the_command_to_terraform(tmp_path: Path) -> None:
    # The script is a speed-up only: without the shared process the command still runs, unattached.
    tf_dir, platform = _tf_dir(tmp_path)
    provider = platform / f"terraform-provider-aws_v{VERSION}_x5"
    provider.write_text("#!/usr/bin/env bash\necho 'no plugin for you'\nexit 1\n")
    result = _run(tf_dir, "A=1", "bash", "-c", 'echo "ran ${TF_REATTACH_PROVIDERS-unset} $A"; exit 4')
    assert result.returncode == 4
    assert result.stdout.strip() == "ran unset 1"
    assert "no plugin for you" in result.stderr and "-debug exited" in result.stderr


def test_without_a_lock_file_the_command_runs_as_it_is(tmp_path: Path) -> None:
    tf_dir, _ = _tf_dir(tmp_path)
    (tf_dir / ".terraform.lock.hcl").unlink()
    result = _run(tf_dir, "bash", "-c", 'echo "${TF_REATTACH_PROVIDERS-unset}"')
    assert (result.returncode, result.stdout.strip()) == (0, "unset")


def test_the_provider_stops_when_the_script_is_killed(tmp_path: Path) -> None:
    # SIGKILL runs no trap (a CI timeout, the OOM killer): the watchdog interrupts the provider.
    tf_dir, platform = _tf_dir(tmp_path)
    started = tmp_path / "started"  # holds the command's pid once it runs
    script = subprocess.Popen(
        [
            "bash",
            str(SCRIPT),
            str(tf_dir),
            "bash",
            "-c",
            f"echo $$ > {started}.tmp; mv {started}.tmp {started}; exec sleep 60",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            if started.exists():
                break
            time.sleep(0.1)
        assert started.exists(), "the command never started"
        script.kill()
        script.wait(timeout=10)
        for _ in range(300):
            if (platform / "stopped").exists():
                break
            time.sleep(0.1)
        assert (platform / "stopped").read_text().strip() == "interrupted"
    finally:
        script.kill()
        if started.exists():
            os.kill(int(started.read_text()), signal.SIGKILL)  # the orphaned command
