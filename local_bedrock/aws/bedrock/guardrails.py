"""Guardrails and their numbered versions (the ``bedrock`` control plane).

API reference CreateGuardrail/CreateGuardrailVersion/GetGuardrail; statuses from GuardrailStatus
and the provider's guardrail.go / guardrail_version.go waiters: a guardrail is CREATING -> READY,
UPDATING -> READY, DELETING -> gone; a version CREATING -> READY. Versions are immutable snapshots
numbered 1, 2, ... per guardrail; deleting the guardrail (no version given) deletes every version.

The policy is kept in the CreateGuardrail request form (``topicPolicyConfig.topicsConfig`` ...), the
form ``local_bedrock.guardrail.policy.GuardrailPolicy`` reads, so a version is what the local
guardrail engine enforces. GetGuardrail answers the response form (``topicPolicy.topics`` ...).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from local_bedrock.aws.errors import ConflictException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.params import settings_from
from local_bedrock.aws.tags import tag_map
from local_bedrock.aws.transitions import Lifecycle, new_id, now

POLICY_FIELDS = (
    "topicPolicyConfig",
    "contentPolicyConfig",
    "wordPolicyConfig",
    "sensitiveInformationPolicyConfig",
    "contextualGroundingPolicyConfig",
    "automatedReasoningPolicyConfig",
    "crossRegionConfig",
)
SETTINGS = (
    "name",
    "description",
    "blockedInputMessaging",
    "blockedOutputsMessaging",
    "kmsKeyId",
    *POLICY_FIELDS,
)
# Request member -> response member (botocore shapes GuardrailTopicPolicyConfig -> GuardrailTopicPolicy ...).
_RESPONSE_NAMES = {
    "topicPolicyConfig": "topicPolicy",
    "contentPolicyConfig": "contentPolicy",
    "wordPolicyConfig": "wordPolicy",
    "sensitiveInformationPolicyConfig": "sensitiveInformationPolicy",
    "contextualGroundingPolicyConfig": "contextualGroundingPolicy",
    "topicsConfig": "topics",
    "filtersConfig": "filters",
    "wordsConfig": "words",
    "managedWordListsConfig": "managedWordLists",
    "piiEntitiesConfig": "piiEntities",
    "regexesConfig": "regexes",
    "tierConfig": "tier",
    "tierName": "tierName",
}


def response_form(value: Any) -> Any:
    if isinstance(value, dict):
        return {_RESPONSE_NAMES.get(k, k): response_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [response_form(v) for v in value]
    return value


@dataclass
class GuardrailVersion:
    number: str
    settings: dict[str, Any]
    lifecycle: Lifecycle
    created_at: datetime
    description: str | None


@dataclass
class Guardrail:
    guardrail_id: str
    arn: str
    settings: dict[str, Any]
    lifecycle: Lifecycle
    created_at: datetime
    updated_at: datetime
    versions: dict[str, GuardrailVersion] = field(default_factory=dict)
    next_version: int = 1

    def to_api(self, version: GuardrailVersion | None = None) -> dict[str, Any]:
        settings = version.settings if version else self.settings
        result: dict[str, Any] = {
            "guardrailId": self.guardrail_id,
            "guardrailArn": self.arn,
            "version": version.number if version else "DRAFT",
            "status": (version.lifecycle if version else self.lifecycle).settle(),
            "createdAt": version.created_at if version else self.created_at,
            "updatedAt": version.created_at if version else self.updated_at,
        }
        for key, value in settings.items():
            if key == "kmsKeyId":
                result["kmsKeyArn"] = value
            elif key in ("crossRegionConfig", "automatedReasoningPolicyConfig"):
                continue
            else:
                result[_RESPONSE_NAMES.get(key, key)] = response_form(copy.deepcopy(value))
        if version and version.description is not None:
            result["description"] = version.description
        return result


class GuardrailOperations:
    guardrails: dict[str, Guardrail]
    tags: dict[str, dict[str, str]]

    def _guardrail(self, identifier: str) -> Guardrail:
        guardrail_id = identifier.rsplit("/", 1)[-1]  # an id or an ARN
        guardrail = self.guardrails.get(guardrail_id)
        if guardrail is None or guardrail.lifecycle.settle() == "DELETED":
            raise not_found("guardrail", identifier)
        return guardrail

    def _version(self, guardrail: Guardrail, number: str | None) -> GuardrailVersion | None:
        if number in (None, "DRAFT"):
            return None
        version = guardrail.versions.get(str(number))
        if version is None or version.lifecycle.settle() == "DELETED":
            raise not_found("guardrail version", f"{guardrail.guardrail_id}:{number}")
        return version

    def create_guardrail(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        name = params["name"]
        if any(
            g.settings["name"] == name and g.lifecycle.settle() != "DELETED"
            for g in list(self.guardrails.values())
        ):
            # API reference CreateGuardrail: ConflictException when a guardrail of that name
            # exists (botocore's model lists it); the wording is a guess.
            raise ConflictException(f"A guardrail named {name} already exists.")
        guardrail_id = new_id(12).lower()
        at = now()
        guardrail = Guardrail(
            guardrail_id,
            f"arn:aws:bedrock:{call.region}:{call.account_id}:guardrail/{guardrail_id}",
            settings_from(params, SETTINGS),
            Lifecycle("CREATING"),
            at,
            at,
        )
        guardrail.lifecycle.begin("CREATING", "READY")
        self.guardrails[guardrail_id] = guardrail
        if params.get("tags"):
            self.tags[guardrail.arn] = tag_map(params["tags"])
        return {
            "guardrailId": guardrail_id,
            "guardrailArn": guardrail.arn,
            "version": "DRAFT",
            "createdAt": at,
        }

    def get_guardrail(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        guardrail = self._guardrail(params["guardrailIdentifier"])
        return guardrail.to_api(self._version(guardrail, params.get("guardrailVersion")))

    def list_guardrails(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("guardrailIdentifier"):
            guardrail = self._guardrail(params["guardrailIdentifier"])
            items = [guardrail.to_api()] + [guardrail.to_api(v) for v in list(guardrail.versions.values())]
        else:
            items = [g.to_api() for g in list(self.guardrails.values()) if g.lifecycle.settle() != "DELETED"]
        chunk, token = page(items, params)
        keys = ("status", "name", "description", "version", "createdAt", "updatedAt")
        summaries = [
            {"id": i["guardrailId"], "arn": i["guardrailArn"], **{k: i[k] for k in keys if k in i}}
            for i in chunk
        ]
        return with_token({"guardrails": summaries}, token)

    def update_guardrail(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        guardrail = self._guardrail(params["guardrailIdentifier"])
        guardrail.settings = settings_from(params, SETTINGS)
        guardrail.updated_at = now()
        guardrail.lifecycle.begin("UPDATING", "READY")
        return {
            "guardrailId": guardrail.guardrail_id,
            "guardrailArn": guardrail.arn,
            "version": "DRAFT",
            "updatedAt": guardrail.updated_at,
        }

    def create_guardrail_version(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        guardrail = self._guardrail(params["guardrailIdentifier"])
        number = str(guardrail.next_version)
        guardrail.next_version += 1
        version = GuardrailVersion(
            number, copy.deepcopy(guardrail.settings), Lifecycle("CREATING"), now(), params.get("description")
        )
        version.lifecycle.begin("CREATING", "READY")
        guardrail.versions[number] = version
        return {"guardrailId": guardrail.guardrail_id, "version": number}

    def delete_guardrail(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        guardrail = self._guardrail(params["guardrailIdentifier"])
        version = self._version(guardrail, params.get("guardrailVersion"))
        if version is not None:
            drop = version.number

            def version_gone() -> None:
                guardrail.versions.pop(drop, None)

            version.lifecycle.begin("DELETING", "DELETED", then=version_gone)
            return {}

        def gone() -> None:
            self.guardrails.pop(guardrail.guardrail_id, None)
            self.tags.pop(guardrail.arn, None)

        guardrail.lifecycle.begin("DELETING", "DELETED", then=gone)
        return {}

    def policy(self, identifier: str, number: str) -> dict[str, Any]:
        """The CreateGuardrail-form policy of a READY version (what the local runtime enforces)."""
        guardrail = self._guardrail(identifier)
        version = self._version(guardrail, number)
        return copy.deepcopy(version.settings if version else guardrail.settings)
