"""From nothing to the applied stack and back, against the local AWS only (no credentials needed):
`make deploy-local` (package, apply of the unchanged root module, vector index, KB upload and
ingestion, seed, smoke test, Slack steps), a boto3 InvokeAgent through the `live` alias Terraform
created, `make adopt` of resources the state forgot (a Lambda function among them), an apply that only
imports them, a plan with no changes, then `make destroy-local`."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from deploy import adopt
from tests.local_aws.local_aws_process import REPO, ask, read_env, written_env

OUTPUTS = REPO / "build" / "terraform" / "outputs.json"
ROOT_MODULE = REPO / "terraform"
ASSOCIATION = 'module.agent["assistant"].aws_bedrockagent_agent_knowledge_base_association.this[0]'
RECOMMENDER = 'aws_lambda_function.this["recommender"]'
IMPORTS = ROOT_MODULE / adopt.IMPORTS


def root_module() -> dict[str, str]:
    """Every file of the root module (its own .terraform aside) and the sha256 of its bytes."""
    return {
        str(path.relative_to(ROOT_MODULE)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(ROOT_MODULE.rglob("*"))
        if path.is_file() and ".terraform" not in path.relative_to(ROOT_MODULE).parts
    }


def make(target: str, directory: Path, with_local_aws: bool = False) -> subprocess.CompletedProcess[str]:
    """`make <target>`; with_local_aws: in the local AWS's environment (the -local targets set their own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_"))}
    if with_local_aws:
        env |= written_env(directory)
    env["LOCAL_AWS_TRANSITION_SECONDS"] = "0.5"
    return subprocess.run(
        ["make", "--no-print-directory", target, f"LOCAL_AWS_DIR={directory}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )


def terraform(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **written_env(directory)}
    env["TF_CLI_CONFIG_FILE"] = str(REPO / "build" / "terraform" / "terraformrc")
    return subprocess.run(
        ["terraform", "-chdir=terraform", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_deploy_local_invoke_live_reapply_destroy_local(tmp_path: Path) -> None:
    directory = tmp_path / "local-aws"
    before = root_module()
    try:
        deployed = make("deploy-local", directory)
        log = deployed.stdout + deployed.stderr
        assert deployed.returncode == 0, log[-6000:]
        for progress in (
            "==> uploading",
            "ingestion",
            "COMPLETE",
            "==> smoke: assistant",
            "Local stack deployed",
        ):
            assert progress in log, progress
        # The module applied locally is the one applied to AWS, byte for byte: the endpoints and
        # the local state come from env files under the local AWS directory, not from files here.
        assert root_module() == before
        assert not [name for name in before if "override" in name]
        assert (directory / "aws.env").read_text().count("AWS_ENDPOINT_URL") >= 6

        outputs = {k: v["value"] for k, v in json.loads(OUTPUTS.read_text()).items()}
        assistant = outputs["agents"]["assistant"]
        env = read_env(directory / "aws.env")
        answer, _ = ask(env, assistant["agent_id"], assistant["alias_id"], "What did I buy recently?")
        assert "purchases" in answer and "ORD-" in answer  # what `make demo` answers: the purchase list
        answer, _ = ask(
            env, assistant["agent_id"], assistant["alias_id"], "How long do I have to return headphones?"
        )
        # make demo's answer, from the documents make deploy-local uploaded and ingested
        assert answer.startswith("According to our Returns policy:") and "30 days" in answer, answer

        # Creates whose answers were lost (docs/local-aws.md, "lost answers under load"): the
        # association, the KMS alias, the event source mapping, the agents' Lambda permissions, one
        # of two tables and the function the mapping names exist but the state forgot them, as after
        # the SDK's retry conflicted. `make adopt` (run by make deploy before its retry) writes an
        # import block for each with the provider's import ID; the apply below imports them, and
        # the plan after it has nothing to do.
        state = directory / "terraform.tfstate"  # TF_CLI_ARGS_<command> cannot reach `state rm`
        listed = terraform(directory, "state", "list", f"-state={state}")
        assert listed.returncode == 0, listed.stderr
        # an address ends in <type>.<name>[key], as in
        # module.agent["assistant"].aws_lambda_permission.bedrock["orders"]
        kinds = {"aws_kms_alias", "aws_lambda_event_source_mapping", "aws_lambda_permission"}
        lost = [ASSOCIATION] + [a for a in listed.stdout.splitlines() if a.split(".")[-2] in kinds]
        assert {a.split(".")[-2] for a in lost[1:]} == kinds, listed.stdout
        # one of two tables, so an import meets outputs that index the other (terraform/outputs.tf);
        # and the function the mapping names (its ARN): the configuration indexes the functions by
        # key (lambda.tf, agents.tf, observability.tf), which `terraform import` could not evaluate
        # with one missing, and the mapping's create is known only once the plan imports it
        lost += ['aws_dynamodb_table.this["idempotency"]', RECOMMENDER]
        forgotten = terraform(directory, "state", "rm", f"-state={state}", *lost)
        assert forgotten.returncode == 0, forgotten.stdout + forgotten.stderr
        try:
            adopted = make("adopt", directory, with_local_aws=True)
            assert adopted.returncode == 0, adopted.stdout[-4000:] + adopted.stderr
            assert all(f"==> import block for {address} (" in adopted.stdout for address in lost), (
                adopted.stdout
            )
            written = IMPORTS.read_text()
            assert sorted(re.findall(r"^  to = (.*)$", written, re.M)) == sorted(lost), written

            again = terraform(directory, "apply", "-auto-approve", "-input=false", "-no-color")
            assert again.returncode == 0, again.stdout[-4000:] + again.stderr
            assert f"Resources: {len(lost)} imported, 0 added," in again.stdout, again.stdout[-4000:]
            print(adopted.stdout, again.stdout[again.stdout.rindex("Apply complete!") :].splitlines()[0])
        finally:
            IMPORTS.unlink(missing_ok=True)  # as make deploy does after its apply
        empty = terraform(directory, "plan", "-detailed-exitcode", "-input=false", "-no-color")
        assert empty.returncode == 0, empty.stdout[-4000:] + empty.stderr
        assert "No changes." in empty.stdout
    finally:
        destroyed = make("destroy-local", directory)
        # destroy-local stops the local AWS only after a destroy that succeeded: stop it anyway, so a
        # failed run leaves no server behind (it stops nothing when destroy-local already did).
        subprocess.run(
            [sys.executable, "-m", "local_bedrock.aws", "stop", "--dir", str(directory)],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
    log = destroyed.stdout + destroyed.stderr
    assert destroyed.returncode == 0, log[-6000:]
    assert "Destroy complete!" in log and "local AWS stopped" in log
    left = json.loads((directory / "terraform.tfstate").read_text())["resources"]
    assert left == []
