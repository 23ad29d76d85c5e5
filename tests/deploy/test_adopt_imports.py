"""deploy/adopt.py's generated file of `import` blocks: what it holds, when it is written, that an old
one is never planned with, and that Terraform itself reads it back (terraform_data, Terraform's
built-in resource, imports any id: no provider, no AWS)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from deploy import adopt

# A permission of an agent whose key holds a quote, in a function whose key holds a template start:
# Terraform writes such keys HCL-quoted in a plan's addresses (checked against Terraform below).
ADDRESS = 'module.agent["a\\"b"].aws_lambda_permission.bedrock["c$${d}"]'


def test_a_block_keeps_terraforms_address_and_quotes_the_id_as_hcl() -> None:
    block = adopt.import_block(adopt.Orphan(ADDRESS, 'f"n\\1 ${x} %{y}\n'))
    assert block == f'import {{\n  to = {ADDRESS}\n  id = "f\\"n\\\\1 $${{x}} %%{{y}}\\n"\n}}\n'


@pytest.mark.parametrize(
    "address",
    [
        'aws_iam_role.r["a"]\nresource "x" "y" {}',  # a newline would end the block early
        'aws_iam_role.r["a"b"]',  # an unescaped quote
        "aws_iam_role",  # no resource name
        'data.aws_iam_role.r["a"] extra',
    ],
)
def test_what_is_not_an_address_is_never_written(address: str) -> None:
    with pytest.raises(ValueError, match="not a resource instance address"):
        adopt.import_block(adopt.Orphan(address, "id"))


def planned_create(
    address: str, after: dict[str, Any], unknown: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "address": address,
        "mode": "managed",
        "type": "terraform_data",
        "change": {"actions": ["create"], "after": after, "after_unknown": unknown or {}},
    }


@pytest.fixture
def existing(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """terraform_data as a covered type: it "exists" when its planned input is in the returned set,
    and its import ID is that input."""
    found: set[str] = set()
    monkeypatch.setitem(
        adopt.ADOPTERS,
        "terraform_data",
        adopt.Adopter(
            keys=("input",),
            find=lambda client, planned: (
                {"created": datetime.now(UTC)} if planned["input"] in found else None
            ),
            ours=(),
            import_id=lambda values: str(values["input"]),
        ),
    )
    return found


def no_aws(plan: dict[str, Any]) -> Callable[[str], Any]:
    def client(service: str) -> Any:
        raise AssertionError(f"{service} was called")

    return client


class Plans:
    """A stand-in for `terraform plan`: each call answers the next plan, and records the generated
    file as Terraform would have read it."""

    def __init__(self, chdir: Path, *plans: dict[str, Any] | Exception) -> None:
        self.path, self.plans, self.seen = chdir / adopt.IMPORTS, list(plans), list[str | None]()

    def __call__(self, chdir: Path, plan_out: Path) -> dict[str, Any]:
        self.seen.append(self.path.read_text() if self.path.exists() else None)
        answer = self.plans.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def rounds(
    tmp_path: Path, plans: Plans, since: datetime | None = None
) -> tuple[list[adopt.Orphan], list[str]]:
    return adopt.adopt_rounds(tmp_path, tmp_path / "adopt.tfplan", since, plan=plans, clients=no_aws)


def test_nothing_proven_writes_nothing_and_an_old_file_is_removed_before_the_plan(
    tmp_path: Path, existing: set[str]
) -> None:
    (tmp_path / adopt.IMPORTS).write_text('import {\n  to = terraform_data.old\n  id = "gone"\n}\n')
    plans = Plans(tmp_path, {"resource_changes": [planned_create("terraform_data.a", {"input": "a"})]})
    assert rounds(tmp_path, plans) == ([], [])
    assert plans.seen == [None]  # the old blocks were never planned with
    assert not (tmp_path / adopt.IMPORTS).exists()


def test_a_second_round_adopts_what_an_import_made_known(tmp_path: Path, existing: set[str]) -> None:
    """The mapping's case: its function's ARN is unknown while the function is a planned create, and
    known once the plan imports the function."""
    existing |= {"fn", "mapping of fn"}
    function = planned_create('terraform_data.fn["r"]', {"input": "fn"})
    first = {"resource_changes": [function, planned_create("terraform_data.m", {}, {"input": True})]}
    second = {"resource_changes": [planned_create("terraform_data.m", {"input": "mapping of fn"})]}
    plans = Plans(tmp_path, first, second)
    since = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    adopted, left = rounds(tmp_path, plans, since)
    assert [(o.address, o.import_id) for o in adopted] == [
        ('terraform_data.fn["r"]', "fn"),
        ("terraform_data.m", "mapping of fn"),
    ]
    assert left == []
    assert plans.seen[0] is None
    assert plans.seen[1] is not None and plans.seen[1].endswith(
        '\nimport {\n  to = terraform_data.fn["r"]\n  id = "fn"\n}\n'
    )
    text = (tmp_path / adopt.IMPORTS).read_text()
    assert text.count("import {") == 2 and "\n# deploy.adopt --since 1796202000\n" in text
    assert adopt.left_since(tmp_path / adopt.IMPORTS) == (True, since)


def test_no_second_plan_when_nothing_waits_on_an_import(tmp_path: Path, existing: set[str]) -> None:
    existing.add("a")
    plans = Plans(tmp_path, {"resource_changes": [planned_create("terraform_data.a", {"input": "a"})]})
    adopted, _ = rounds(tmp_path, plans)
    assert [o.import_id for o in adopted] == ["a"] and len(plans.seen) == 1
    assert adopt.left_since(tmp_path / adopt.IMPORTS) == (True, None)


def test_a_plan_that_fails_with_the_blocks_leaves_no_file(tmp_path: Path, existing: set[str]) -> None:
    existing.add("a")
    first = {
        "resource_changes": [
            planned_create("terraform_data.a", {"input": "a"}),
            planned_create("terraform_data.b", {}, {"input": True}),
        ]
    }
    plans = Plans(
        tmp_path, first, RuntimeError("terraform plan failed: Cannot import non-existent remote object")
    )
    with pytest.raises(RuntimeError, match="non-existent"):
        rounds(tmp_path, plans)
    assert plans.seen[1] is not None  # the second plan had the block ...
    assert not (tmp_path / adopt.IMPORTS).exists()  # ... and the retry will not


def test_again_does_nothing_without_a_left_file_and_proves_one_with_its_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[datetime | None] = []

    def record(chdir: Path, plan_out: Path, since: datetime | None) -> tuple[list[adopt.Orphan], list[str]]:
        calls.append(since)
        return [], []

    monkeypatch.setattr(adopt, "adopt_rounds", record)
    assert adopt.main(["--again", "--chdir", str(tmp_path)]) == 0
    assert calls == [] and capsys.readouterr().out == ""
    since = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    (tmp_path / adopt.IMPORTS).write_text(adopt.imports_text([adopt.Orphan("a.b", "c")], since, since))
    assert adopt.main(["--again", "--chdir", str(tmp_path), "--since", "1"]) == 0
    assert calls == [since]  # the file's --since, not the one given
    out = capsys.readouterr().out
    assert "is left from an adoption whose apply did not finish" in out and "2026-12-02 09:00:00 UTC" in out


def test_a_retry_keeps_the_older_since_of_blocks_left_before_its_first_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review13 F5: make deploy proved left blocks (--again, their older --since), its first apply
    failed before recording them, and the retry's adoption (--since this failure) must still take
    them: the older time holds. A file with a newer time changes nothing."""
    calls: list[datetime | None] = []

    def record(chdir: Path, plan_out: Path, since: datetime | None) -> tuple[list[adopt.Orphan], list[str]]:
        calls.append(since)
        return [], []

    monkeypatch.setattr(adopt, "adopt_rounds", record)
    older = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    (tmp_path / adopt.IMPORTS).write_text(adopt.imports_text([adopt.Orphan("a.b", "c")], older, older))
    now = int(datetime(2026, 12, 2, 11, 0, tzinfo=UTC).timestamp())
    assert adopt.main(["--chdir", str(tmp_path), "--since", str(now)]) == 0
    assert calls == [older]
    earlier = int(datetime(2026, 12, 2, 8, 0, tzinfo=UTC).timestamp())
    (tmp_path / adopt.IMPORTS).write_text(adopt.imports_text([adopt.Orphan("a.b", "c")], older, older))
    assert adopt.main(["--chdir", str(tmp_path), "--since", str(earlier)]) == 0
    assert calls[-1] == datetime.fromtimestamp(earlier, UTC)


# The real Terraform: keys with quotes, backslashes and template sequences, in a module instance too.
CONFIGURATION = r"""
resource "terraform_data" "fn" {
  for_each = toset(["plain", "quote\"d", "back\\slash", "tem$${plate}"])
  input    = "id of ${each.key}"
}
module "agent" {
  source   = "./agent"
  for_each = toset(["a\"b"])
  function = terraform_data.fn["quote\"d"].id
}
"""
MODULE = r"""
variable "function" {
  type = string
}
# unknown while the function is a planned create, known once the plan imports it
resource "terraform_data" "permission" {
  input = "permission on ${var.function}"
}
"""


def terraform(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")} | {"TF_IN_AUTOMATION": "1"}
    return subprocess.run(
        ["terraform", f"-chdir={directory}", *args, "-no-color"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_terraform_reads_the_blocks_back_and_imports_each_where_it_was_planned(
    tmp_path: Path, existing: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [name for name in os.environ if name.startswith("TF_")]:  # deploy.adopt's plans too
        monkeypatch.delenv(name)
    (tmp_path / "agent").mkdir()
    (tmp_path / "main.tf").write_text(CONFIGURATION)
    (tmp_path / "agent" / "main.tf").write_text(MODULE)
    init = terraform(tmp_path, "init", "-input=false", "-backend=false")
    assert init.returncode == 0, init.stderr
    keys = ["plain", 'quote"d', "back\\slash", "tem${plate}"]
    existing |= {f"id of {key}" for key in keys} | {'permission on id of quote"d'}

    adopted, left = adopt.adopt_rounds(tmp_path, tmp_path / "adopt.tfplan", None, clients=no_aws)
    assert left == []
    imports = {o.address: o.import_id for o in adopted}
    assert imports == {
        'terraform_data.fn["plain"]': "id of plain",
        'terraform_data.fn["quote\\"d"]': 'id of quote"d',
        'terraform_data.fn["back\\\\slash"]': "id of back\\slash",
        'terraform_data.fn["tem$${plate}"]': "id of tem${plate}",
        'module.agent["a\\"b"].terraform_data.permission': 'permission on id of quote"d',
    }
    formatted = terraform(tmp_path, "fmt", "-check", "-diff")
    assert formatted.returncode == 0, formatted.stdout  # as `make tf-check` wants every .tf file
    applied = terraform(tmp_path, "apply", "-auto-approve", "-input=false")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Resources: 5 imported, 0 added" in applied.stdout
    state = json.loads(terraform(tmp_path, "show", "-json").stdout)
    resources = state["values"]["root_module"]["resources"] + [
        resource
        for child in state["values"]["root_module"]["child_modules"]
        for resource in child["resources"]
    ]
    assert {r["address"]: r["values"]["id"] for r in resources} == imports
