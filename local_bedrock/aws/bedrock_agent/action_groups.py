"""The DRAFT's action groups and knowledge-base associations (only the DRAFT changes: the model's
``DraftVersion`` shape admits nothing else for these operations' agentVersion).

Changing them never prepares the agent: only PrepareAgent does (user guide, "Prepare an agent";
hashicorp/terraform-provider-aws#39400 and #38660 show deployments serving a DRAFT without its newest
action group or knowledge base until someone prepares). While the agent is busy (preparing,
versioning ...) they are refused like an update (provider changelog 6.3, #43232: creation, update
and deletion of action groups and knowledge-base associations are retried on "operation can't be
performed on Agent when it is in Preparing state").
"""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml

from local_bedrock.aws.bedrock_agent.base import ServiceBase
from local_bedrock.aws.errors import ConflictException, ValidationException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.params import settings_from
from local_bedrock.aws.transitions import new_id, now

_GROUP_FIELDS = ("description", "actionGroupExecutor", "apiSchema", "functionSchema", "actionGroupState")


def parse_api_schema(payload: str) -> dict[str, Any]:
    """The OpenAPI document of an ``apiSchema.payload`` (API reference, APISchema: "The JSON or
    YAML-formatted payload defining the OpenAPI schema"); Bedrock agents take OpenAPI 3 (user
    guide, "Define OpenAPI schemas for your agent's action groups"). The messages are a guess."""
    try:
        document = json.loads(payload)
    except ValueError:
        try:
            document = yaml.safe_load(payload)
        except yaml.YAMLError as error:
            raise ValidationException(f"The apiSchema payload is neither JSON nor YAML: {error}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3."):
        raise ValidationException(
            "The apiSchema payload must be an OpenAPI 3 document (an 'openapi': '3.x' field)."
        )
    if not isinstance(document.get("paths"), dict) or not document["paths"]:
        raise ValidationException("The apiSchema payload defines no paths.")
    return document


class ActionGroupOperations(ServiceBase):
    # ------------------------------------------------------------------ action groups
    def create_agent_action_group(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Create")
        name = params["actionGroupName"]
        # Names are unique within an agent version (guess: the exact error is not documented; the
        # provider's #42845 reports the retry failing on the duplicate name).
        if any(g["actionGroupName"] == name for g in list(agent.action_groups.values())):
            raise ConflictException(
                f"An action group named {name} already exists in agent {agent.agent_id} DRAFT."
            )
        if "payload" in params.get("apiSchema", {}):
            parse_api_schema(params["apiSchema"]["payload"])
        at = now()
        group: dict[str, Any] = {
            "agentId": agent.agent_id,
            "agentVersion": "DRAFT",
            "actionGroupId": new_id(),
            "actionGroupName": name,
            "createdAt": at,
            "updatedAt": at,
            "actionGroupState": "ENABLED",  # API reference: the state defaults to ENABLED
            **settings_from(params, _GROUP_FIELDS),
        }
        if "parentActionGroupSignature" in params:
            group["parentActionSignature"] = params["parentActionGroupSignature"]
        if "clientToken" in params:
            group["clientToken"] = params["clientToken"]
        agent.action_groups[group["actionGroupId"]] = group
        return {"agentActionGroup": copy.deepcopy(group)}

    def _group(self, params: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        agent = self._agent(params["agentId"])
        version = params["agentVersion"]
        groups = (
            agent.action_groups
            if version == "DRAFT"
            else {g["actionGroupId"]: g for g in self._snapshot_groups(agent, version)}
        )
        group = groups.get(params["actionGroupId"])
        if group is None:
            raise not_found("action group", params["actionGroupId"])
        return agent, group

    def _snapshot_groups(self, agent: Any, version: str) -> list[dict[str, Any]]:
        stored = agent.versions.get(version)
        if stored is None:
            raise not_found("agent version", f"{agent.agent_id}/{version}")
        return list(stored.snapshot.action_groups)

    def get_agent_action_group(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"agentActionGroup": copy.deepcopy(self._group(params)[1])}

    def list_agent_action_groups(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        version = params["agentVersion"]
        groups = (
            list(agent.action_groups.values())
            if version == "DRAFT"
            else self._snapshot_groups(agent, version)
        )
        chunk, token = page(groups, params)
        summaries = [
            {
                k: g[k]
                for k in ("actionGroupId", "actionGroupName", "actionGroupState", "description", "updatedAt")
                if k in g
            }
            for g in chunk
        ]
        return with_token({"actionGroupSummaries": summaries}, token)

    def update_agent_action_group(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        self._idle_agent(params["agentId"], "Update")
        _, group = self._group(params)
        if "payload" in params.get("apiSchema", {}):
            parse_api_schema(params["apiSchema"]["payload"])
        for key in _GROUP_FIELDS:
            group.pop(key, None)
        group.update(settings_from(params, _GROUP_FIELDS))
        group["actionGroupName"] = params["actionGroupName"]
        group.setdefault("actionGroupState", "ENABLED")
        group["updatedAt"] = now()
        return {"agentActionGroup": copy.deepcopy(group)}

    def delete_agent_action_group(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Delete")
        _, group = self._group(params)
        # API reference, DeleteAgentActionGroup: without skipResourceInUseCheck, deletion stops if
        # the action group is in use; an ENABLED group is taken as in use (guess).
        if not params.get("skipResourceInUseCheck") and group.get("actionGroupState") == "ENABLED":
            raise ConflictException(
                f"Action group {group['actionGroupName']} is ENABLED: disable it first, "
                "or set skipResourceInUseCheck."
            )
        del agent.action_groups[group["actionGroupId"]]
        return {}

    # ------------------------------------------------------------------ knowledge-base associations
    def associate_agent_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Associate")
        kb_id = params["knowledgeBaseId"]
        if kb_id not in self.state.knowledge_bases:
            raise not_found("knowledge base", kb_id)
        if kb_id in agent.knowledge_bases:
            # Guess: one association per KB and agent version (botocore lists ConflictException).
            raise ConflictException(
                f"Knowledge base {kb_id} is already associated with agent {agent.agent_id}."
            )
        at = now()
        association = {
            "agentId": agent.agent_id,
            "agentVersion": "DRAFT",
            "knowledgeBaseId": kb_id,
            "description": params["description"],
            "createdAt": at,
            "updatedAt": at,
            "knowledgeBaseState": params.get("knowledgeBaseState", "ENABLED"),
        }
        agent.knowledge_bases[kb_id] = association
        return {"agentKnowledgeBase": copy.deepcopy(association)}

    def _association(self, params: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        agent = self._agent(params["agentId"])
        version = params["agentVersion"]
        if version == "DRAFT":
            bases = agent.knowledge_bases
        else:
            stored = agent.versions.get(version)
            if stored is None:
                raise not_found("agent version", f"{agent.agent_id}/{version}")
            bases = {k["knowledgeBaseId"]: k for k in stored.snapshot.knowledge_bases}
        association = bases.get(params["knowledgeBaseId"])
        if association is None:
            raise not_found("agent knowledge base", params["knowledgeBaseId"])
        return agent, association

    def get_agent_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"agentKnowledgeBase": copy.deepcopy(self._association(params)[1])}

    def list_agent_knowledge_bases(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        version = params["agentVersion"]
        if version == "DRAFT":
            bases = list(agent.knowledge_bases.values())
        else:
            stored = agent.versions.get(version)
            if stored is None:
                raise not_found("agent version", f"{agent.agent_id}/{version}")
            bases = list(stored.snapshot.knowledge_bases)
        chunk, token = page(bases, params)
        keys = ("knowledgeBaseId", "description", "knowledgeBaseState", "updatedAt")
        return with_token({"agentKnowledgeBaseSummaries": [{k: b[k] for k in keys} for b in chunk]}, token)

    def update_agent_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        self._idle_agent(params["agentId"], "Update")
        _, association = self._association(params)
        for key in ("description", "knowledgeBaseState"):
            if key in params:
                association[key] = params[key]
        association["updatedAt"] = now()
        return {"agentKnowledgeBase": copy.deepcopy(association)}

    def disassociate_agent_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Disassociate")
        self._association(params)
        del agent.knowledge_bases[params["knowledgeBaseId"]]
        return {}
