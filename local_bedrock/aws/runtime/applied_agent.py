"""An applied agent version as the local runtime runs it: the control plane's snapshot turned into
an ``AgentDefinition`` (instruction, operations from the action groups' OpenAPI payloads, handlers
from their Lambda functions), its guardrail policy and its knowledge base's retriever.

Only ENABLED action groups and knowledge bases count (API reference, ActionGroupState /
KnowledgeBaseState). The identity mode the planner needs is derived from the schemas: an agent
whose operations take a ``customerId`` serves staff naming customers (DESIGN.md, the identity rule:
customer-facing operations never take a person's id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation, parse_operations
from local_bedrock.aws.bedrock_agent.action_groups import parse_api_schema
from local_bedrock.aws.bedrock_agent.resources import Snapshot
from local_bedrock.aws.runtime.lambda_code import FunctionCode, LambdaCode
from local_bedrock.guardrail.policy import GuardrailPolicy

# An agent without a guardrail is assessed against an empty policy: nothing ever intervenes.
NO_GUARDRAIL = GuardrailPolicy(
    blockedInputMessaging="(no guardrail)", blockedOutputsMessaging="(no guardrail)"
)


@dataclass(frozen=True)
class AppliedAgent:
    definition: AgentDefinition
    functions: list[FunctionCode]
    guardrail: tuple[str, str] | None  # (identifier, version)
    knowledge_base_id: str | None


def _identity(operations: list[Operation]) -> str:
    return "explicit" if any(op.parameter("customerId") for op in operations) else "session"


def applied_agent(agent_id: str, snapshot: Snapshot, lambdas: LambdaCode) -> AppliedAgent:
    operations: list[Operation] = []
    schemas: dict[str, dict[str, Any]] = {}
    handlers: dict[str, str] = {}
    code_dirs: dict[str, str] = {}
    functions: list[FunctionCode] = []
    for group in snapshot.action_groups:
        if group.get("actionGroupState", "ENABLED") != "ENABLED" or "payload" not in group.get(
            "apiSchema", {}
        ):
            continue
        name = group["actionGroupName"]
        schemas[name] = parse_api_schema(group["apiSchema"]["payload"])
        operations += parse_operations(name, schemas[name])
        executor = group.get("actionGroupExecutor", {})
        if "lambda" in executor:
            function = lambdas.function(executor["lambda"])
            functions.append(function)
            handlers[name] = function.handler
            code_dirs[name] = str(function.code_dir)
    bases = [
        k["knowledgeBaseId"] for k in snapshot.knowledge_bases if k.get("knowledgeBaseState") == "ENABLED"
    ]
    settings = snapshot.settings
    guardrail = settings.get("guardrailConfiguration") or {}
    definition = AgentDefinition(
        name=str(settings["agentName"]),
        agent_id=agent_id,
        description=str(settings.get("description", "")),
        instruction=str(settings.get("instruction", "")),
        identity=_identity(operations),
        operations=tuple(operations),
        handlers=handlers,
        knowledge_base_id=bases[0] if bases else None,
        schemas=schemas,
        code_dirs=code_dirs,
    )
    pair = (
        (guardrail["guardrailIdentifier"], str(guardrail.get("guardrailVersion", "DRAFT")))
        if guardrail
        else None
    )
    return AppliedAgent(definition, functions, pair, definition.knowledge_base_id)
