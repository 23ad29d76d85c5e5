"""Agents as the repository describes them: agents.json, the instruction files, the committed
OpenAPI schemas and the handlers. Terraform deploys the very same files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_bedrock.manifest import MANIFEST, REPO_ROOT, agents

LOCAL_ALIASES = ("TSTALIASID", "LIVE")  # the draft test alias and the local stand-in for `live`
LOCAL_KNOWLEDGE_BASE_ID = "LOCALKB001"
_OPERATION_REFERENCE = re.compile(r"\b(?i:from|of)\s+([a-z]+[A-Z][A-Za-z]+)\b")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" | "query" | "body"
    required: bool
    schema: dict[str, Any]
    description: str

    @property
    def type(self) -> str:
        return str(self.schema.get("type", "string"))

    @property
    def source_operation(self) -> str | None:
        """The operation the description says this value comes from ("From searchProducts")."""
        match = _OPERATION_REFERENCE.search(self.description)
        return match.group(1) if match else None


@dataclass(frozen=True)
class Operation:
    group: str
    operation_id: str
    method: str
    path: str
    description: str
    parameters: tuple[Parameter, ...]
    requires_confirmation: bool
    summary: str = ""

    @property
    def mutating(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True)
class AgentDefinition:
    name: str
    agent_id: str
    description: str
    instruction: str
    identity: str  # "session": the customer comes from sessionAttributes; "explicit": staff name them
    operations: tuple[Operation, ...]
    handlers: dict[str, str]  # action group -> "module.function"
    knowledge_base_id: str | None
    aliases: tuple[str, ...] = LOCAL_ALIASES
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    # action group -> directory holding its Lambda's unpacked code (the local AWS); none: the checkout
    code_dirs: dict[str, str] = field(default_factory=dict)

    def operation(self, operation_id: str) -> Operation:
        for op in self.operations:
            if op.operation_id == operation_id:
                return op
        raise KeyError(operation_id)


def _body_parameters(operation: dict[str, Any]) -> list[Parameter]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    schema = content["schema"]
    required = set(schema.get("required", []))
    return [
        Parameter(name, "body", name in required, prop, prop.get("description", ""))
        for name, prop in schema.get("properties", {}).items()
    ]


def parse_operations(group: str, document: dict[str, Any]) -> list[Operation]:
    operations = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            params = [
                Parameter(p["name"], p["in"], bool(p.get("required")), p.get("schema", {}), p["description"])
                for p in op.get("parameters", [])
            ]
            operations.append(
                Operation(
                    group=group,
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    description=op["description"],
                    parameters=tuple(params + _body_parameters(op)),
                    requires_confirmation=op.get("x-requireConfirmation") == "ENABLED",
                    summary=op.get("summary", ""),
                )
            )
    return operations


def local_agent_id(name: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", name.upper())[:10]


def load_agents(root: Path = REPO_ROOT, manifest: Path = MANIFEST) -> dict[str, AgentDefinition]:
    result = {}
    for name, spec in agents(manifest).items():
        operations: list[Operation] = []
        schemas = {}
        for group, group_spec in spec.action_groups.items():
            schemas[group] = json.loads((root / group_spec.schema_path).read_text())
            operations += parse_operations(group, schemas[group])
        result[name] = AgentDefinition(
            name=name,
            agent_id=local_agent_id(name),
            description=spec.description,
            instruction=(root / spec.instruction).read_text(),
            identity=spec.identity,
            operations=tuple(operations),
            handlers={group: g.handler for group, g in spec.action_groups.items()},
            knowledge_base_id=LOCAL_KNOWLEDGE_BASE_ID if spec.knowledge_base else None,
            schemas=schemas,
        )
    return result
