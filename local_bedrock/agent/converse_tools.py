"""Converse tool specifications derived from an agent's OpenAPI operations, and the way back.

Each operation becomes one ``toolSpec``: the name is the operationId (made safe for Converse, whose
tool names match ``[a-zA-Z0-9_-]+`` and are at most 64 characters), the description is the
operation's, and the input schema is a JSON Schema object with one property per path, query and body
parameter. A knowledge base adds ``search_knowledge_base``. ``Toolbox.arguments`` turns a model's
tool input back into typed arguments of the operation.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation, Parameter

KNOWLEDGE_BASE_TOOL = "search_knowledge_base"
KNOWLEDGE_BASE_DESCRIPTION = (
    "Search the store's policy documents (returns, shipping, warranty, payment, loyalty points, "
    "product care, privacy). Returns the most relevant passages with their source; answer policy "
    "questions only from them and say which document the answer comes from."
)
CONFIRMATION_NOTE = " The application asks the user to confirm before this runs."
_TOOL_NAME_MAX = 64
_UNSAFE_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")
# JSON Schema keywords an OpenAPI 3.0 parameter schema shares with JSON Schema. Everything else
# (nullable, example(s), x-*) is OpenAPI-only and left out.
_SCHEMA_KEYWORDS = frozenset(
    {
        "type",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "default",
        "enum",
        "items",
        "properties",
        "required",
        "description",
    }
)


def tool_name(operation_id: str) -> str:
    """The Converse tool name for an operationId."""
    return _UNSAFE_NAME_CHARS.sub("_", operation_id)[:_TOOL_NAME_MAX] or "_"


def json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema part of an OpenAPI 3.0 schema (recursively for items and properties)."""
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _SCHEMA_KEYWORDS:
            continue
        if key == "items" and isinstance(value, dict):
            result[key] = json_schema(value)
        elif key == "properties" and isinstance(value, dict):
            result[key] = {name: json_schema(prop) for name, prop in value.items()}
        else:
            result[key] = copy.deepcopy(value)
    return result


def input_schema(operation: Operation) -> dict[str, Any]:
    """A JSON Schema object whose properties are the operation's parameters."""
    properties: dict[str, Any] = {}
    for parameter in operation.parameters:
        if parameter.name in properties:
            raise ValueError(
                f"{operation.operation_id}: parameter {parameter.name!r} appears in more than one "
                "location; Converse tools take one flat object"
            )
        properties[parameter.name] = json_schema(parameter.schema) | {"description": parameter.description}
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [p.name for p in operation.parameters if p.required]
    if required:
        schema["required"] = required
    return schema


def _coerce(parameter: Parameter, value: Any) -> Any:
    """The value in the parameter's declared type when it converts cleanly, else unchanged.

    Models sometimes send ``"2"`` for an integer or ``2`` for a string id; the handler validates
    what is left and answers with a readable 422 the model can act on.
    """
    kind = parameter.type
    try:
        if kind == "integer" and not isinstance(value, bool):
            number = float(value) if isinstance(value, str) else value
            if isinstance(number, int | float) and float(number).is_integer():
                return int(number)
        elif kind == "number" and not isinstance(value, bool) and isinstance(value, str | int | float):
            return float(value)
        elif kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        elif kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    except ValueError:
        return value
    return value


@dataclass(frozen=True)
class Toolbox:
    """The tools offered to the model for one agent, and the operations behind their names."""

    specs: tuple[dict[str, Any], ...]
    operations: dict[str, Operation]  # tool name -> operation
    knowledge_base: bool

    @classmethod
    def for_agent(cls, agent: AgentDefinition) -> Toolbox:
        specs: list[dict[str, Any]] = []
        operations: dict[str, Operation] = {}
        for operation in agent.operations:
            name = tool_name(operation.operation_id)
            if name in operations or name == KNOWLEDGE_BASE_TOOL:
                raise ValueError(f"{agent.name}: two tools would be named {name!r}")
            operations[name] = operation
            description = operation.description.strip() or operation.operation_id
            if operation.requires_confirmation:
                description += CONFIRMATION_NOTE
            specs.append(
                {
                    "toolSpec": {
                        "name": name,
                        "description": description,
                        "inputSchema": {"json": input_schema(operation)},
                    }
                }
            )
        knowledge_base = agent.knowledge_base_id is not None
        if knowledge_base:
            specs.append(
                {
                    "toolSpec": {
                        "name": KNOWLEDGE_BASE_TOOL,
                        "description": KNOWLEDGE_BASE_DESCRIPTION,
                        "inputSchema": {
                            "json": {
                                "type": "object",
                                "properties": {
                                    "query": {
                                        "type": "string",
                                        "description": "What to look up, in the user's words",
                                    }
                                },
                                "required": ["query"],
                                "additionalProperties": False,
                            }
                        },
                    }
                }
            )
        return cls(tuple(specs), operations, knowledge_base)

    @property
    def names(self) -> list[str]:
        return [spec["toolSpec"]["name"] for spec in self.specs]

    def name_for(self, operation_id: str) -> str:
        return tool_name(operation_id)

    def arguments(self, operation: Operation, tool_input: dict[str, Any]) -> dict[str, Any]:
        """The operation's arguments from a tool input: known parameters only, in their types.

        Anything the operation does not declare is dropped, so a model cannot smuggle in, say, a
        customer id that the operation takes from the session.
        """
        arguments: dict[str, Any] = {}
        for name, value in tool_input.items():
            parameter = operation.parameter(name)
            if parameter is not None and value is not None:
                arguments[name] = _coerce(parameter, value)
        return arguments
