"""Extras that match the imports: `pip install .[extra]` gives each package every distribution its
source imports, so an installed package never fails with ImportError where the checkout works."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.packaging.source_imports import BASE, Extras, top_level_imports, undeclared

REPO = Path(__file__).resolve().parents[2]
EXTRAS = Extras(REPO / "pyproject.toml")

# Which install each top-level folder runs from (docs/development.md, "Extras", has this table).
PACKAGE_EXTRA = {
    "textnorm": BASE,  # the Lambdas' own set: project.dependencies, bundled into the layer
    "action_groups": BASE,
    "local_bedrock": "local",
    "agent_client": "local",
    "console": "local",
    "deploy": "local",
    "evals": "evals",
    "release": "evals",
    "tests": "dev",
    "bench": "dev",
}

# tests/ and bench/ also import their own helper modules by file name (rootdir imports, sys.path).
HELPER_MODULES = {path.stem for folder in ("tests", "bench") for path in (REPO / folder).rglob("*.py")}


def test_every_shipped_package_has_its_extra() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    shipped = {p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    layered = set(pyproject["tool"]["importlinter"]["root_packages"])
    on_disk = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert shipped == layered == on_disk - {"tests", "bench"}
    assert shipped | {"tests", "bench"} == set(PACKAGE_EXTRA)


@pytest.mark.parametrize("package", sorted(PACKAGE_EXTRA))
def test_a_package_imports_only_what_its_extra_declares(package: str) -> None:
    extra = PACKAGE_EXTRA[package]
    first_party = set(PACKAGE_EXTRA) | (HELPER_MODULES if extra == "dev" else set())
    problems = undeclared(REPO / package, EXTRAS.declared(extra), first_party)
    label = "project.dependencies" if extra == BASE else f"the {extra!r} extra"
    assert not problems, f"{package} (installed with {label}) imports: " + "; ".join(
        f"{module}: {why}" for module, why in sorted(problems.items())
    )


@pytest.mark.parametrize("package", sorted(PACKAGE_EXTRA))
def test_a_package_installs_the_extras_of_the_packages_it_imports(package: str) -> None:
    installs = EXTRAS.includes(PACKAGE_EXTRA[package])
    imported = set(top_level_imports(REPO / package)) & set(PACKAGE_EXTRA)
    missing = {q: PACKAGE_EXTRA[q] for q in imported - {package} if PACKAGE_EXTRA[q] not in installs}
    assert not missing, f"{package} imports packages whose extras its own does not include: {missing}"


def test_the_lambda_set_is_what_the_handlers_import_and_no_more() -> None:
    """project.dependencies go into the Lambda layer: every one is imported by the Lambda code."""
    imported = set()
    for package in ("action_groups", "textnorm"):
        imported |= set(top_level_imports(REPO / package))
    declared = EXTRAS.declared(BASE)
    assert declared == {"aws-lambda-powertools", "pydantic", "boto3", "botocore", "snowballstemmer"}
    assert imported - set(PACKAGE_EXTRA) == {
        "aws_lambda_powertools",
        "pydantic",
        "boto3",
        "botocore",
        "snowballstemmer",
    }


def test_the_check_finds_an_undeclared_import_and_ignores_type_checking_ones(tmp_path: Path) -> None:
    package = tmp_path / "shipped"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helper.py").write_text("X = 1\n")
    (package / "mod.py").write_text(
        "from __future__ import annotations\n"
        "import json\n"
        "from typing import TYPE_CHECKING\n"
        "import helper\n"
        "import pydantic\n"
        "if TYPE_CHECKING:\n"
        "    from moto import mock_aws\n"
        "else:\n"
        "    import botocore\n"
        "def later():\n"
        "    import yaml\n"
        "    import not_a_distribution_anywhere\n"
    )
    problems = undeclared(package, EXTRAS.declared(BASE), {"helper"})
    assert set(problems) == {"yaml", "not_a_distribution_anywhere"}
    assert "pyyaml" in problems["yaml"].lower()
    assert "no installed distribution" in problems["not_a_distribution_anywhere"]
    assert undeclared(package, EXTRAS.declared("evals"), {"helper"}).keys() == {"not_a_distribution_anywhere"}


def test_extras_that_name_the_project_are_followed() -> None:
    assert EXTRAS.includes("dev") == {BASE, "local", "evals", "dev"}
    assert "moto" in EXTRAS.declared("evals")
    assert "moto" not in EXTRAS.declared(BASE)
    assert EXTRAS.project not in EXTRAS.declared("dev")
