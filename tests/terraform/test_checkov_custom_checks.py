"""The custom checkov checks fail on bad fixtures and pass on good ones (checkov runs offline)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "checkov_fixtures"
CHECKS_DIR = REPO / "terraform" / "checkov" / "checks"
CUSTOM = ["CKV_PA_1", "CKV_PA_2", "CKV_PA_3", "CKV_PA_4", "CKV_PA_5", "CKV_PA_6", "CKV_PA_10", "CKV_PA_11"]
CHECKOV = Path(os.environ.get("CHECKOV_BIN", REPO / ".venv-checkov" / "bin" / "checkov"))

# One worker runs the module (make test: pytest -n --dist loadgroup), so the fixtures' checkov run
# below happens once, not once per worker that draws one of its tests (7 s of CPU each, 2026-12-01).
pytestmark = pytest.mark.xdist_group("checkov")


def _run_checkov(directory: Path) -> list[tuple[str, str, str]]:
    assert CHECKOV.exists(), f"{CHECKOV} missing: run `make checkov` (or make test) to create .venv-checkov"
    # No bytecode written under terraform/ (as `make checkov`): make test's local AWS round trip, beside
    # pytest since decision 0055, checks that the root module's files are unchanged.
    result = subprocess.run(
        [str(CHECKOV), "-d", ".", "--framework", "terraform", "--skip-download", "-o", "json",
         "--external-checks-dir", str(CHECKS_DIR), "-c", ",".join(CUSTOM)],
        cwd=directory, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    report = json.loads(result.stdout)
    report = report[0] if isinstance(report, list) else report
    rows = []
    for outcome in ("passed_checks", "failed_checks"):
        for item in report["results"][outcome]:
            rows.append((item["check_id"], item["resource"].split(".")[-1], outcome))
    return rows


@pytest.fixture(scope="module")
def fixture_results() -> list[tuple[str, str, str]]:
    return _run_checkov(FIXTURES)


EXPECTED = {
    "CKV_PA_1": {"pass_static", "pass_from_json"},
    "CKV_PA_2": {"pass_static", "pass_from_json"},
    "CKV_PA_3": {"pass_guarded"},
    "CKV_PA_4": {"pass_network"},
    "CKV_PA_5": {"pass_encryption"},
    "CKV_PA_6": {"pass_protected"},
    "CKV_PA_10": {"pass_prepared_once"},
    "CKV_PA_11": {"pass_bedrock_agents_only"},
}
EXPECTED_FAILURES = {
    "CKV_PA_1": {"fail_static_weak", "fail_static_missing", "fail_from_json"},
    "CKV_PA_2": {"fail_static_weak", "fail_static_missing", "fail_from_json"},
    "CKV_PA_3": {"fail_default_admin", "fail_explicit_admin"},
    "CKV_PA_4": {"fail_network_public"},
    "CKV_PA_5": {"fail_encryption_aws_owned"},
    "CKV_PA_6": {"fail_unprotected", "fail_protection_off"},
    "CKV_PA_10": {"fail_prepares_itself", "fail_provider_default"},
    "CKV_PA_11": {"fail_bedrock_account_only"},
}


@pytest.mark.parametrize("check_id", CUSTOM)
def test_check_fails_bad_fixtures(check_id: str, fixture_results: list[tuple[str, str, str]]) -> None:
    failed = {
        name for cid, name, outcome in fixture_results if cid == check_id and outcome == "failed_checks"
    }
    assert failed == EXPECTED_FAILURES[check_id]


@pytest.mark.parametrize("check_id", CUSTOM)
def test_check_passes_good_fixtures(check_id: str, fixture_results: list[tuple[str, str, str]]) -> None:
    passed = {
        name for cid, name, outcome in fixture_results if cid == check_id and outcome == "passed_checks"
    }
    assert passed == EXPECTED[check_id]


def test_stack_passes_every_custom_check() -> None:
    rows = _run_checkov(REPO / "terraform")
    assert {cid for cid, _, outcome in rows if outcome == "passed_checks"} == set(CUSTOM)
    assert [r for r in rows if r[2] == "failed_checks"] == []
