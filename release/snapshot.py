"""What a version of an agent is made of, and the readable diff between two versions.

A snapshot holds what changes behaviour: the instruction, the foundation model, the guardrail and
its version, each action group's OpenAPI schema (inline payload, or its S3 location) and executor,
and the associated knowledge bases.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from release.bedrock import AgentApi


@dataclass(frozen=True)
class Snapshot:
    version: str
    instruction: str
    foundation_model: str
    guardrail: str  # "<id> version <n>" or "none"
    action_groups: dict[str, str] = field(default_factory=dict)  # name -> schema text (pretty JSON)
    executors: dict[str, str] = field(default_factory=dict)  # name -> Lambda ARN or custom control
    knowledge_bases: list[str] = field(default_factory=list)  # "<id> (ENABLED)"


def _schema_text(group: dict[str, Any]) -> str:
    schema = group.get("apiSchema") or {}
    if "payload" in schema:
        try:
            return json.dumps(json.loads(schema["payload"]), indent=2, sort_keys=True)
        except json.JSONDecodeError:
            return str(schema["payload"])
    if "s3" in schema:
        s3 = schema["s3"]
        return f"s3://{s3.get('s3BucketName')}/{s3.get('s3ObjectKey')}"
    if group.get("functionSchema"):
        return json.dumps(group["functionSchema"], indent=2, sort_keys=True, default=str)
    return "(no schema)"


def _executor(group: dict[str, Any]) -> str:
    executor = group.get("actionGroupExecutor") or {}
    return str(executor.get("lambda") or executor.get("customControl") or "(none)")


def snapshot(api: AgentApi, agent_id: str, version: str) -> Snapshot:
    details = api.version(agent_id, version)
    guardrail = details.get("guardrailConfiguration") or {}
    guardrail_text = (
        f"{guardrail['guardrailIdentifier']} version {guardrail.get('guardrailVersion', '?')}"
        if guardrail.get("guardrailIdentifier")
        else "none"
    )
    groups = [
        g for g in api.action_groups(agent_id, version) if g.get("actionGroupState", "ENABLED") == "ENABLED"
    ]
    return Snapshot(
        version=version,
        instruction=str(details.get("instruction", "")),
        foundation_model=str(details.get("foundationModel", "")),
        guardrail=guardrail_text,
        action_groups={g["actionGroupName"]: _schema_text(g) for g in groups},
        executors={g["actionGroupName"]: _executor(g) for g in groups},
        knowledge_bases=sorted(
            f"{kb['knowledgeBaseId']} ({kb['knowledgeBaseState']})"
            for kb in api.knowledge_bases(agent_id, version)
        ),
    )


def _unified(old: str, new: str, label: str, old_version: str, new_version: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            fromfile=f"{label} @ version {old_version}",
            tofile=f"{label} @ version {new_version}",
            lineterm="",
        )
    )


def diff(old: Snapshot, new: Snapshot) -> str:
    """Everything that differs between two versions, as text; 'no changes' when nothing does."""
    lines: list[str] = []
    if old.foundation_model != new.foundation_model:
        lines.append(f"foundation model: {old.foundation_model} -> {new.foundation_model}")
    if old.guardrail != new.guardrail:
        lines.append(f"guardrail: {old.guardrail} -> {new.guardrail}")
    if old.knowledge_bases != new.knowledge_bases:
        lines.append(f"knowledge bases: {old.knowledge_bases or 'none'} -> {new.knowledge_bases or 'none'}")
    lines += _unified(old.instruction, new.instruction, "instruction", old.version, new.version)
    for name in sorted(set(old.action_groups) | set(new.action_groups)):
        if name not in new.action_groups:
            lines.append(f"action group {name}: removed")
            continue
        if name not in old.action_groups:
            lines.append(f"action group {name}: added")
        if old.executors.get(name, new.executors[name]) != new.executors[name]:
            lines.append(f"action group {name} executor: {old.executors[name]} -> {new.executors[name]}")
        lines += _unified(
            old.action_groups.get(name, ""),
            new.action_groups[name],
            f"schema {name}",
            old.version,
            new.version,
        )
    header = f"changes from version {old.version} to version {new.version}:"
    return "\n".join([header, *lines]) if lines else f"{header} no changes"
