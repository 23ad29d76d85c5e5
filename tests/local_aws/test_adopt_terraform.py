"""deploy.adopt with Terraform's AWS provider against the local AWS: an IAM policy, a KMS alias, a
Lambda permission and an event source mapping that exist but are not in the state (as after a create
whose answer was lost) are imported with the provider's import IDs, and the next plan is empty.
Before the adoption, the apply fails as on AWS: each create conflicts with what exists."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from deploy import adopt
from tests.local_aws.local_aws_process import local_aws_process
from tests.local_aws.test_terraform_fidelity import terraform

FIXTURE = Path(__file__).parent / "terraform" / "adopt" / "main.tf"
LOST = (
    "aws_iam_policy.guardrail",
    "aws_kms_alias.main",
    "aws_lambda_permission.bedrock",
    "aws_lambda_event_source_mapping.recommender",
)
VALUES = {"name": "adopt2", "agent_arn": "arn:aws:bedrock:us-east-1:000000000000:agent/AGENT12345"}
VARIABLES = [arg for name, value in VALUES.items() for arg in ("-var", f"{name}={value}")]


@pytest.mark.usefixtures("in_process_aws")  # no endpoint of the session's store (its DynamoDB) for Terraform
def test_lost_creates_are_imported_and_the_next_plan_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "configuration"
    directory.mkdir()
    shutil.copy(FIXTURE, directory / "main.tf")
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
    (directory / "function.zip").write_bytes(code.getvalue())
    with local_aws_process(tmp_path / "local-aws") as env:
        aws_env = {k: v for k, v in env.items() if k.startswith("AWS_")}
        started = int(time.time())  # the apply whose answers are lost starts
        for args in (("init", "-input=false"), ("apply", "-auto-approve", "-input=false", *VARIABLES)):
            done = terraform(directory, aws_env, *args, "-no-color")
            assert done.returncode == 0, done.stdout + done.stderr
        done = terraform(directory, aws_env, "state", "rm", *LOST)  # as if their creates' answers were lost
        assert done.returncode == 0, done.stdout + done.stderr

        # The retry fails as on AWS. Not the permission's: the provider retries AddPermission's
        # conflict for five minutes (lambdaPropagationTimeout, internal/service/lambda/permission.go);
        # test_repeated_creates.py has that conflict.
        targets = [f"-target={address}" for address in LOST if address != "aws_lambda_permission.bedrock"]
        retried = terraform(
            directory, aws_env, "apply", "-auto-approve", "-input=false", "-no-color", *targets, *VARIABLES
        )
        assert retried.returncode != 0
        conflicts = " ".join((retried.stdout + retried.stderr).split())
        for refusal in ("EntityAlreadyExists", "AlreadyExistsException", "provided mapping already exists"):
            assert refusal in conflicts, conflicts

        # deploy.adopt's own Terraform commands and boto3 read the caller's environment
        for name, value in {**aws_env, "TF_IN_AUTOMATION": "1"}.items():
            monkeypatch.setenv(name, value)
        for name, value in VALUES.items():
            monkeypatch.setenv(f"TF_VAR_{name}", value)
        plan_out = tmp_path / "adopt.tfplan"
        since = ["--since", str(started)]
        assert adopt.main(["--chdir", str(directory), "--plan-out", str(plan_out), *since]) == 0
        said = capsys.readouterr().out
        assert sorted(
            line.split()[2] for line in said.splitlines() if line.startswith("==> importing")
        ) == sorted(LOST)

        planned = terraform(
            directory, aws_env, "plan", "-detailed-exitcode", "-input=false", "-no-color", *VARIABLES
        )
        assert planned.returncode == 0, planned.stdout + planned.stderr  # 0: no changes
