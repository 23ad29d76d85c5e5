"""Static rules on terraform/: justified checkov skips, gated provisioners, lock file, shared files."""

from __future__ import annotations

import re
from pathlib import Path

from deploy.adopt import IMPORTS

REPO = Path(__file__).resolve().parents[2]
TF = REPO / "terraform"
# The repository's files: not the import blocks `make adopt` writes for a while (the local AWS round
# trip's, during make test) and removes.
TF_FILES = sorted(p for p in TF.rglob("*.tf") if ".terraform" not in p.parts and p.name != IMPORTS)


def test_every_checkov_skip_is_justified_next_to_its_resource() -> None:
    skips = [(p, line) for p in TF_FILES for line in p.read_text().splitlines() if "checkov:skip=" in line]
    assert skips, "expected the documented skips"
    for path, line in skips:
        match = re.search(r"checkov:skip=(CKV2?_AWS_\d+):(.*)$", line)
        assert match, f"{path.name}: skip without id: {line.strip()}"
        assert len(match.group(2).split()) >= 6, f"{path.name}: {match.group(1)} needs a real justification"


def test_every_provisioner_is_gated_by_a_variable() -> None:
    for path in TF_FILES:
        text = path.read_text()
        for match in re.finditer(r'resource "terraform_data" "(\w+)" \{(.*?)\n\}', text, re.S):
            if "provisioner" in match.group(2):
                gate = r"count\s*=\s*(var|local)\.\w+ == null \? 0 : 1"
                assert re.search(gate, match.group(2)), match.group(1)


def test_every_tftest_turns_local_steps_off_and_mocks_aws() -> None:
    tests = sorted((TF / "tests").glob("*.tftest.hcl"))
    assert len(tests) >= 5
    for path in tests:
        text = path.read_text()
        assert re.search(r"run_local_steps\s*=\s*false", text), path.name
        assert 'mock_provider "aws"' in text, path.name
        # No real aws provider block: scripts/one_provider.sh shares one provider process on the
        # condition that no test configures it.
        assert not re.search(r'^\s*provider\s+"aws"', text, re.M), path.name
        assert text.count("assert {") >= 1 or "expect_failures" in text, path.name


def test_no_provider_other_than_hashicorp_aws() -> None:
    found = {m for p in TF_FILES for m in re.findall(r'\bsource\s*=\s*"([^"]+)"', p.read_text())}
    providers = {s for s in found if not s.startswith(("./", "../"))}  # local modules are fine
    assert providers == {"hashicorp/aws"}
    assert all(s.startswith(("./", "../")) for s in found - providers)


def test_lock_file_pins_aws_with_mirror_and_registry_hashes() -> None:
    lock = (TF / ".terraform.lock.hcl").read_text()
    assert 'provider "registry.terraform.io/hashicorp/aws"' in lock
    assert lock.count("provider ") == 1
    assert len(re.findall(r'"h1:[A-Za-z0-9+/=]+"', lock)) >= 1  # the mirror's unpacked linux_amd64 binary
    assert len(re.findall(r'"zh:[0-9a-f]{64}"', lock)) >= 10  # registry zip hashes, every platform


def test_shared_files_are_read_not_restated() -> None:
    hcl = "\n".join(p.read_text() for p in TF_FILES)
    assert 'file("${path.module}/guardrail_policy.json")' in hcl
    assert "action_groups/tables.json" in hcl
    assert 'file("${local.repo_root}/agents.json")' in hcl  # agents, instructions, schemas, handlers
    assert "purchase_history.handler" not in hcl and "getRecentPurchases" not in hcl
    assert '"pk"' not in hcl and "by_category_sales" not in hcl  # table keys come from tables.json
