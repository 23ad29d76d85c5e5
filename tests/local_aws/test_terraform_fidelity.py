"""Terraform's AWS provider against the local AWS: the failure AWS gives, and the working control.

hashicorp/terraform-provider-aws#42845: two action groups of one agent, each with prepare_agent,
unordered. Terraform creates them in parallel, each calls PrepareAgent, and Bedrock refuses the
second while the agent is PREPARING. Mocks (terraform test's mock_provider) accept it; the local AWS
must fail the apply with Bedrock's words. Without per-group prepares the same configuration
applies (the control). The project's own stack, applied twice and destroyed: tests/local_aws/stack.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_bedrock.aws.__main__ import PLUGIN_CACHE
from tests.local_aws.local_aws_process import REPO, local_aws_process

FIXTURE = Path(__file__).parent / "terraform" / "issue_42845" / "main.tf"
TEST_PLUGIN_CACHE = PLUGIN_CACHE.with_name("plugin-cache-pytest")
MIRROR = Path(os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins"))
BEDROCK_REFUSAL = "operation can't be performed on Agent when it is in Preparing state"
# One worker runs both tests, so the module's fixture (a local AWS and a `terraform init`) runs once.
# Split across pytest-xdist's two workers (`--dist loadgroup` spreads ungrouped tests), each worker
# ran its own init into TEST_PLUGIN_CACHE, which re-links the cached provider (remove, then link):
# the other worker's apply, starting the provider in that moment, failed "terraform-provider-aws_
# v5.100.0_x5: no such file or directory" (a clean clone's `make test` at 1ba1087, 2026-12-02).
pytestmark = pytest.mark.xdist_group("terraform-fidelity")


@pytest.fixture(scope="module")
def configuration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """The fixture configuration, initialised once, and the local AWS environment for it."""
    work = tmp_path_factory.mktemp("local-aws")
    # A prepare as long as a quick real one (AWS: seconds to tens of seconds), so that the second
    # group's calls land inside the first group's prepare even on a loaded machine.
    with local_aws_process(work / "local-aws", transition_seconds=5.0) as env:
        directory = work / "configuration"
        directory.mkdir()
        shutil.copy(FIXTURE, directory / "main.tf")
        aws_env = {k: v for k, v in env.items() if k.startswith("AWS_")}
        init = terraform(directory, aws_env, "init", "-input=false", "-no-color")
        assert init.returncode == 0, init.stdout + init.stderr
        yield directory, aws_env


def terraform(directory: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "TF_IN_AUTOMATION": "1", "TF_DATA_DIR": str(directory / ".terraform")}
    # The provider is linked, not copied, per test run, from a cache of this test's own: Terraform's
    # CLI configuration docs ("Provider Plugin Cache"): "the plugin cache directory is not guaranteed
    # to be concurrency safe", and `make test` runs the local AWS round trip (whose inits use
    # PLUGIN_CACHE) beside pytest. Sharing it failed an init on 2026-12-01 ("failed to create
    # directory .../linux_amd64: file exists") while the other init re-linked the same entry.
    TEST_PLUGIN_CACHE.mkdir(parents=True, exist_ok=True)
    full["TF_PLUGIN_CACHE_DIR"] = str(TEST_PLUGIN_CACHE)
    if (MIRROR / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
        rc = directory / "terraformrc"
        rc.write_text(
            (REPO / "terraform" / ".terraformrc.mirror").read_text().replace("/opt/tf-plugins", str(MIRROR))
        )
        full["TF_CLI_CONFIG_FILE"] = str(rc)
    return subprocess.run(
        ["terraform", f"-chdir={directory}", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_two_preparing_action_groups_fail_the_apply_as_on_aws(
    configuration: tuple[Path, dict[str, str]],
) -> None:
    directory, env = configuration
    applied = terraform(
        directory,
        env,
        "apply",
        "-auto-approve",
        "-input=false",
        "-no-color",
        f"-state={directory / 'issue.tfstate'}",
        "-var",
        "name=issue-42845",
        "-var",
        "prepare_groups=true",
    )
    assert applied.returncode != 0, applied.stdout
    output = " ".join((applied.stdout + applied.stderr).split())  # Terraform wraps long lines
    assert BEDROCK_REFUSAL in output
    assert "ValidationException" in output


def test_without_per_group_prepares_the_same_configuration_applies(
    configuration: tuple[Path, dict[str, str]],
) -> None:
    directory, env = configuration
    variables = [
        f"-state={directory / 'control.tfstate'}",
        "-var",
        "name=control",
        "-var",
        "prepare_groups=false",
    ]
    applied = terraform(directory, env, "apply", "-auto-approve", "-input=false", "-no-color", *variables)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Apply complete! Resources: 4 added" in applied.stdout
