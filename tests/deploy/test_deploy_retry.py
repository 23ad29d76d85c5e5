"""`make deploy`'s one retry, run for real with a recording `terraform` and `python`: after a failed
apply, `python -m deploy.adopt` runs before the second apply, which plans with the import blocks it
wrote; a successful apply removes them, a second failure stops the deploy before anything is uploaded
and leaves them, and the next deploy proves them again (`--again`) before its first apply."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from deploy import adopt
from tests.deploy.make_env import outside_make
from tests.local_aws.local_aws_process import REPO

FAKE_TERRAFORM = """#!/bin/sh
echo "terraform $*" >> {log}
case "$*" in
  *" apply "*) [ -e {imports} ] && echo "imports: $(cat {imports})" >> {log}
    if [ -e {failures} ] && [ "$(cat {failures})" -gt 0 ]; then
      echo $(( $(cat {failures}) - 1 )) > {failures}; echo "Error: already associated" >&2; exit 1; fi ;;
  *" output -json"*) echo '{{}}' ;;
esac
exit 0
"""
# deploy.adopt removes what is left, writes the blocks it proved, or fails (adopt_status) with none
FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> {log}
case "$*" in *deploy.adopt*) rm -f {imports}
  [ {adopt_status} = 0 ] && echo "proved by $*" > {imports}; exit {adopt_status} ;; esac
exit 0
"""


def deploy(
    tmp_path: Path, failing_applies: int, adopt_status: int = 0
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    log, failures, imports = tmp_path / "calls", tmp_path / "failures", tmp_path / adopt.IMPORTS
    failures.write_text(str(failing_applies))
    fakes = {}
    for name, script in (("terraform", FAKE_TERRAFORM), ("python", FAKE_PYTHON)):
        fakes[name] = tmp_path / name
        fakes[name].write_text(
            script.format(log=log, failures=failures, adopt_status=adopt_status, imports=imports)
        )
        fakes[name].chmod(0o755)
    env = outside_make()
    env |= {"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret"}
    done = subprocess.run(
        ["make", "--no-print-directory", "deploy", f"TF={fakes['terraform']} -chdir=terraform",
         f"PY={fakes['python']}", "DEPLOY_RETRY_PAUSE=0", f"ADOPT_IMPORTS={imports}",
         # build/terraform stays the round trip's (make test runs it beside pytest): outputs go here
         f"TF_BUILD={tmp_path / 'build'}", f"TF_OUTPUTS={tmp_path / 'outputs.json'}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    calls = log.read_text().splitlines() if log.exists() else []
    return done, [step for call in calls if (step := label(call))]


def label(call: str) -> str:
    """The steps that matter, in order: applies (and the import blocks each saw), adoption, and the
    upload that follows an apply."""
    if call.startswith("terraform") and " apply " in f"{call} ":
        return "apply"
    if call.startswith("imports: proved by "):
        return "(with the blocks)"  # the apply just logged found the generated file
    if "-m deploy.adopt --chdir terraform --plan-out" in call:
        if re.search(r"adopt\.tfplan --since \d+$", call):
            return "adopt"
        if call.endswith("adopt.tfplan --again"):
            return "again"
    return "upload" if "-m deploy knowledge-base" in call else ""


def test_a_failed_apply_is_followed_by_adoption_then_one_retry(tmp_path: Path) -> None:
    done, steps = deploy(tmp_path, failing_applies=1)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # the retry's apply plans with the blocks adoption wrote; the deploy then removes them
    assert steps == ["apply", "adopt", "apply", "(with the blocks)", "upload"]
    assert "retrying once in 0 s" in done.stdout
    assert not (tmp_path / adopt.IMPORTS).exists()


def test_a_second_failure_stops_the_deploy_before_the_upload(tmp_path: Path) -> None:
    done, steps = deploy(tmp_path, failing_applies=2)
    assert done.returncode != 0
    assert steps == ["apply", "adopt", "apply", "(with the blocks)"]
    assert (tmp_path / adopt.IMPORTS).exists()  # left for the next deploy, which proves it again


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


def test_blocks_left_by_a_deploy_that_failed_are_proven_again_before_the_first_apply(tmp_path: Path) -> None:
    (tmp_path / adopt.IMPORTS).write_text("left by a retry that failed")
    done, steps = deploy(tmp_path, failing_applies=0)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # what the first apply plans with is what --again wrote, not what was left
    assert steps == ["again", "apply", "(with the blocks)", "upload"]
    assert not (tmp_path / adopt.IMPORTS).exists()


def test_a_failed_proof_of_left_blocks_never_stops_the_deploy(tmp_path: Path) -> None:
    (tmp_path / adopt.IMPORTS).write_text("left by a retry that failed")
    done, steps = deploy(tmp_path, failing_applies=0, adopt_status=1)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert steps == ["again", "apply", "upload"]  # the left blocks were never applied
    assert "adoption failed (above); applying without it" in done.stdout


def test_the_makefile_removes_the_file_deploy_adopt_writes() -> None:
    """One name in two places: deploy.adopt.IMPORTS in the root module, and ADOPT_IMPORTS."""
    makefile = (REPO / "terraform" / "terraform.mk").read_text()
    assert f"\nADOPT_IMPORTS = $(TF_DIR)/{adopt.IMPORTS}\n" in makefile
    assert "--chdir $(TF_DIR)" in makefile  # where deploy.adopt writes it
    assert f"terraform/{adopt.IMPORTS}*" in (REPO / ".gitignore").read_text().splitlines()


def test_the_local_aws_never_takes_the_import_blocks_a_real_deploy_left(tmp_path: Path) -> None:
    """deploy-local applies the same root module: it would prove a real deploy's left blocks against
    the local AWS, find nothing and drop them (review13 F4). It stops first and says what to do."""
    left = tmp_path / adopt.IMPORTS
    left.write_text('import {\n  to = aws_iam_role.agent\n  id = "real-role"\n}\n')
    fake_python = tmp_path / "python"
    fake_python.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "calls"}\n')
    fake_python.chmod(0o755)
    done = subprocess.run(
        ["make", "--no-print-directory", "deploy-local", f"ADOPT_IMPORTS={left}", f"PY={fake_python}",
         f"LOCAL_AWS_DIR={tmp_path / 'local-aws'}"],
        cwd=REPO, env=outside_make(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "left import blocks for its next run" in done.stdout
    assert "make deploy" in done.stdout
    assert left.exists()  # kept for the deploy that needs it
    assert not (tmp_path / "calls").exists()  # the local AWS was not even started
