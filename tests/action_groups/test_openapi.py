"""The committed schemas are what the code generates, and they are the subset Bedrock accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from deploy.openapi.generate import generate_all, render
from deploy.openapi.postprocess import clean_schema
from local_bedrock.agent.definition import load_agents
from local_bedrock.manifest import REPO_ROOT, action_groups

GENERATED = generate_all()
GROUPS = sorted(GENERATED)
MUTATING = {"post", "put", "patch", "delete"}
FORBIDDEN_KEYWORDS = {
    "enum",
    "const",
    "examples",
    "$ref",
    "prefixItems",
    "$schema",
    "contentMediaType",
    "$defs",
}


def _walk(node: Any) -> list[tuple[str, Any]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((key, value))
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items() for method, op in item.items()]


@pytest.mark.parametrize("group", GROUPS)
def test_committed_schema_matches_the_code(group: str) -> None:
    path, document = GENERATED[group]
    committed = (REPO_ROOT / path).read_text()
    assert committed == render(document), f"{path} is stale: run `make openapi` and commit it"


@pytest.mark.parametrize("group", GROUPS)
def test_schema_is_valid_openapi_3_0(group: str) -> None:
    _, document = GENERATED[group]
    assert document["openapi"].startswith("3.0.")
    validate(document)


@pytest.mark.parametrize("group", GROUPS)
def test_bedrock_subset_rules(group: str) -> None:
    _, document = GENERATED[group]
    operations = _operations(document)
    assert 0 < len(operations) <= 11
    for _path, method, operation in operations:
        assert operation["operationId"] and operation["description"]
        assert "422" not in operation["responses"]
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (
                f"{operation['operationId']}.{parameter['name']} has no description"
            )
            assert not isinstance(parameter["schema"].get("type"), list)
        if method in MUTATING:
            assert operation.get("x-requireConfirmation") == "ENABLED", operation["operationId"]
    keys = {key for key, _ in _walk(document)}
    assert not keys & (FORBIDDEN_KEYWORDS - {"enum"})
    for _path, _method, operation in operations:
        # What the model sends: Bedrock documents `enum` as unsupported for parameter values.
        sent = [operation.get("parameters", []), operation.get("requestBody", {})]
        assert "enum" not in {key for key, _ in _walk(sent)}, operation["operationId"]
    for key, value in _walk(document):
        if key in ("exclusiveMinimum", "exclusiveMaximum"):
            assert isinstance(value, bool)
        if key == "type":
            assert isinstance(value, str) and value != "null"


STATUSES = ["PLACED", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED"]


def _status_schemas(node: Any) -> list[dict[str, Any]]:
    return [value for key, value in _walk(node) if key == "status" and isinstance(value, dict)]


@pytest.mark.parametrize("group", GROUPS)
def test_every_status_in_a_response_is_an_enum_of_the_order_statuses(group: str) -> None:
    _, document = GENERATED[group]
    responses = [op["responses"] for _, _, op in _operations(document)]
    statuses = _status_schemas(responses)
    assert statuses, f"{group} returns no status"
    assert all(s == {"type": "string", "enum": STATUSES} for s in statuses), statuses


def test_choices_are_folded_for_parameters_and_kept_for_responses() -> None:
    choice = {"type": "string", "enum": ["a", "b"], "description": "Kind."}
    assert clean_schema(choice) == {"type": "string", "description": "Kind. One of: a, b."}
    assert clean_schema(choice, fold_choices=False) == choice
    assert clean_schema({"const": "x", "type": "string"}, fold_choices=False) == {
        "type": "string",
        "enum": ["x"],
    }


def test_operation_ids_are_the_contract() -> None:
    ids = {g: sorted(op["operationId"] for _, _, op in _operations(GENERATED[g][1])) for g in GROUPS}
    assert ids == {
        "orders": ["cancelOrder", "getOrderStatus", "placeOrder", "searchProducts"],
        "purchase_history": ["getPurchaseDetails", "getRecentPurchases", "getRecommendedPurchases"],
        "support": [
            "getCustomerOrder",
            "getCustomerPurchaseDetails",
            "getCustomerRecentPurchases",
            "getCustomerRecommendations",
        ],
    }


def test_every_group_in_the_manifest_has_a_schema_file() -> None:
    for name, group in action_groups().items():
        assert (REPO_ROOT / group.schema_path).is_file(), name
        assert Path(group.schema_path).name == f"{name}.json"


def test_postprocessing_folds_3_1_isms_into_3_0() -> None:
    cleaned = clean_schema(
        {
            "title": "X",
            "anyOf": [{"type": "string", "enum": ["a", "b"], "description": "Kind."}, {"type": "null"}],
            "examples": ["a"],
        }
    )
    assert cleaned == {"type": "string", "description": "Kind. One of: a, b.", "nullable": True}
    assert clean_schema({"type": "number", "exclusiveMinimum": 0.0}) == {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
    }
    assert clean_schema({"const": "x", "type": "string"}) == {"type": "string", "description": "One of: x."}


def test_post_processing_makes_schemas_smaller() -> None:
    from deploy.openapi.generate import raw_schema

    for name, group in action_groups().items():
        before = len(json.dumps(raw_schema(group.module), separators=(",", ":")))
        after = len(json.dumps(GENERATED[name][1], separators=(",", ":")))
        assert after < before, name


def test_a_parameter_that_names_where_its_value_comes_from_names_an_operation_of_its_own_agent() -> None:
    """A model (and the offline planner, intents.source_of) looks an id up with the operation its
    description names; the support agent's purchase ids once named the assistant's getRecentPurchases,
    which the support agent does not have (round 28)."""
    for name, agent in load_agents().items():
        own = {op.operation_id for op in agent.operations}
        named = {
            (op.operation_id, p.name, p.source_operation)
            for op in agent.operations
            for p in op.parameters
            if p.source_operation is not None
        }
        assert named, name
        assert {n for n in named if n[2] not in own} == set(), name
