"""Converse tool specifications derived from the repository's OpenAPI, and tool input back to arguments."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import jsonschema
import pytest
from botocore_shapes import shape_errors
from converse_fixtures import agents
from hypothesis import given
from hypothesis import strategies as st

from local_bedrock.agent.converse_tools import KNOWLEDGE_BASE_TOOL, Toolbox, tool_name
from local_bedrock.agent.definition import Parameter

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def openapi_operations(agent: str) -> dict[str, dict[str, Any]]:
    """operationId -> OpenAPI operation, read from the raw documents the agent was loaded from."""
    return {
        op["operationId"]: op
        for document in agents()[agent].schemas.values()
        for item in document["paths"].values()
        for op in item.values()
    }


def openapi_parameters(operation: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str, bool]]:
    """name -> (schema, description, required) over path, query and body parameters."""
    found = {
        p["name"]: (p["schema"], p["description"], bool(p.get("required")))
        for p in operation.get("parameters", [])
    }
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    for name, prop in body.get("properties", {}).items():
        found[name] = (prop, prop["description"], name in body.get("required", []))
    return found


def spec(toolbox: Toolbox, name: str) -> dict[str, Any]:
    return next(s["toolSpec"] for s in toolbox.specs if s["toolSpec"]["name"] == name)


@pytest.mark.parametrize("agent", ["assistant", "support"])
def test_tool_config_is_valid_for_the_converse_service_model(agent: str) -> None:
    toolbox = Toolbox.for_agent(agents()[agent])
    assert shape_errors({"tools": list(toolbox.specs)}, "ToolConfiguration", "bedrock-runtime") == []
    assert all(TOOL_NAME.match(name) for name in toolbox.names)


def test_one_tool_per_operation_plus_the_knowledge_base_when_the_agent_has_one() -> None:
    assistant = Toolbox.for_agent(agents()["assistant"])
    support = Toolbox.for_agent(agents()["support"])
    assert sorted(assistant.names) == sorted([*openapi_operations("assistant"), KNOWLEDGE_BASE_TOOL])
    assert sorted(support.names) == sorted(openapi_operations("support"))
    kb = spec(assistant, KNOWLEDGE_BASE_TOOL)
    assert kb["description"].startswith("Search the store's policy documents")
    assert kb["inputSchema"]["json"]["required"] == ["query"]


@pytest.mark.parametrize("agent", ["assistant", "support"])
def test_every_parameter_keeps_its_type_constraints_description_and_required_flag(agent: str) -> None:
    toolbox = Toolbox.for_agent(agents()[agent])
    for operation_id, operation in openapi_operations(agent).items():
        tool = spec(toolbox, operation_id)
        assert tool["description"].startswith(operation["description"])
        schema = tool["inputSchema"]["json"]
        jsonschema.Draft202012Validator.check_schema(schema)
        expected = openapi_parameters(operation)
        assert set(schema["properties"]) == set(expected)
        assert set(schema.get("required", [])) == {n for n, (_, _, required) in expected.items() if required}
        for name, (source, description, _) in expected.items():
            prop = schema["properties"][name]
            assert prop["description"] == description
            for keyword in ("type", "pattern", "minimum", "maximum", "minLength", "maxLength", "format"):
                assert prop.get(keyword) == source.get(keyword), (operation_id, name, keyword)
            assert "nullable" not in prop  # OpenAPI-only; optional parameters are simply left out


def test_input_schema_accepts_what_the_handler_accepts_and_rejects_what_it_rejects() -> None:
    schema = spec(Toolbox.for_agent(agents()["assistant"]), "placeOrder")["inputSchema"]["json"]
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"productId": "PRD-0042", "quantity": 2})
    assert not validator.is_valid({"productId": "PRD-0042", "quantity": 11})
    assert not validator.is_valid({"productId": "headphones", "quantity": 1})
    assert not validator.is_valid({"productId": "PRD-0042"})
    assert not validator.is_valid({"productId": "PRD-0042", "quantity": 1, "customerId": "C0002"})


def test_mutating_operations_say_that_the_user_confirms() -> None:
    toolbox = Toolbox.for_agent(agents()["assistant"])
    confirmed = {
        name for name in toolbox.names if "asks the user to confirm" in spec(toolbox, name)["description"]
    }
    assert confirmed == {"placeOrder", "cancelOrder"}


def test_tool_names_are_made_safe_for_converse() -> None:
    assert tool_name("getRecentPurchases") == "getRecentPurchases"
    assert tool_name("get.thing v2") == "get_thing_v2"
    assert TOOL_NAME.match(tool_name("x" * 80))


def test_a_parameter_in_two_locations_is_refused() -> None:
    agent = agents()["assistant"]
    order = agent.operation("getOrderStatus")
    clash = replace(order, parameters=(*order.parameters, Parameter("orderId", "query", False, {}, "again")))
    with pytest.raises(ValueError, match="more than one location"):
        Toolbox.for_agent(replace(agent, operations=(clash,)))


def test_arguments_keep_declared_parameters_in_their_types() -> None:
    toolbox = Toolbox.for_agent(agents()["assistant"])
    place = agents()["assistant"].operation("placeOrder")
    arguments = toolbox.arguments(place, {"productId": "PRD-0042", "quantity": "2", "customerId": "C0002"})
    assert arguments == {"productId": "PRD-0042", "quantity": 2}
    recent = agents()["assistant"].operation("getRecentPurchases")
    assert toolbox.arguments(recent, {"limit": 3.0, "since": None}) == {"limit": 3}
    assert toolbox.arguments(recent, {"limit": "three"}) == {"limit": "three"}  # the handler answers 422


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_integers_arrive_as_integers_whatever_their_json_form(n: int) -> None:
    toolbox = Toolbox.for_agent(agents()["assistant"])
    recent = agents()["assistant"].operation("getRecentPurchases")
    for sent in (n, str(n), float(n)):
        assert toolbox.arguments(recent, {"limit": sent}) == {"limit": n}
        assert type(toolbox.arguments(recent, {"limit": sent})["limit"]) is int
