"""`make deploy`'s one retry, run for real with a recording `terraform` and `python`: after a failed
apply, `python -m deploy.adopt` runs before the second apply, and a second failure stops the deploy
before anything is uploaded."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.deploy.make_env import outside_make
from tests.local_aws.local_aws_process import REPO

FAKE_TERRAFORM = """#!/bin/sh
echo "terraform $*" >> {log}
case "$*" in
  *" apply "*) if [ -e {failures} ] && [ "$(cat {failures})" -gt 0 ]; then
      echo $(( $(cat {failures}) - 1 )) > {failures}; echo "Error: already associated" >&2; exit 1; fi ;;
  *" output -json"*) echo '{{}}' ;;
esac
exit 0
"""
FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> {log}
case "$*" in *deploy.adopt*) exit {adopt_status} ;; esac
exit 0
"""


def deploy(
    tmp_path: Path, failing_applies: int, adopt_status: int = 0
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    log, failures = tmp_path / "calls", tmp_path / "failures"
    failures.write_text(str(failing_applies))
    fakes = {}
    for name, script in (("terraform", FAKE_TERRAFORM), ("python", FAKE_PYTHON)):
        fakes[name] = tmp_path / name
        fakes[name].write_text(script.format(log=log, failures=failures, adopt_status=adopt_status))
        fakes[name].chmod(0o755)
    env = outside_make()
    env |= {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret"}
    done = subprocess.run(
        ["make", "--no-print-directory", "deploy", f"TF={fakes['terraform']} -chdir=terraform",
         f"PY={fakes['python']}", "DEPLOY_RETRY_PAUSE=0",
         # build/terraform stays the round trip's (make test runs it beside pytest): outputs go here
         f"TF_BUILD={tmp_path / 'build'}", f"TF_OUTPUTS={tmp_path / 'outputs.json'}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    calls = log.read_text().splitlines() if log.exists() else []
    return done, [step for call in calls if (step := label(call))]


def label(call: str) -> str:
    """The steps that matter, in order: applies, adoption, and the upload that follows an apply."""
    if call.startswith("terraform") and " apply " in f"{call} ":
        return "apply"
    if "-m deploy.adopt --chdir terraform --plan-out" in call and re.search(
        r"adopt\.tfplan --since \d+$", call
    ):
        return "adopt"
    return "upload" if "-m deploy knowledge-base" in call else ""


def test_a_failed_apply_is_followed_by_adoption_then_one_retry(tmp_path: Path) -> None:
    done, steps = deploy(tmp_path, failing_applies=1)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert steps == ["apply", "adopt", "apply", "upload"]
    assert "retrying once in 0 s" in done.stdout


def test_a_second_failure_stops_the_deploy_before_the_upload(tmp_path: Path) -> None:
    done, steps = deploy(tmp_path, failing_applies=2)
    assert done.returncode != 0
    assert steps == ["apply", "adopt", "apply"]


def test_a_first_apply_that_succeeds_adopts_nothing(tmp_path: Path) -> None:
    done, steps = deploy(tmp_path, failing_applies=0)
    assert done.returncode == 0, done.stderr[-2000:]
    assert steps == ["apply", "upload"]


def test_a_failed_adoption_never_stops_the_retry(tmp_path: Path) -> None:
    """No read permission for adopt's checks, or a plan that fails: the retry runs as it did before."""
    done, steps = deploy(tmp_path, failing_applies=1, adopt_status=1)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert steps == ["apply", "adopt", "apply", "upload"]
    assert "adoption failed (above); retrying the apply anyway" in done.stdout
