"""OpenSearch Serverless security policies (encryption, network) and data access policies.

Documents and rules follow the developer guide ("Encryption in Amazon OpenSearch Serverless",
"Network access", "Data access control"): a rule names resources as ``collection/<name>`` or
``index/<collection>/<index>`` with ``*`` wildcards. A collection can only be created when an
encryption policy matches its name ("you must create an encryption policy before you create a
collection"; CreateCollection otherwise answers ValidationException). The collection endpoint is
reachable from this machine only through a network policy with ``AllowFromPublic`` (the local
caller is never a VPC endpoint or an AWS service); index operations need a data access policy
granting the permission on the index. Principals are not evaluated (no IAM evaluation locally).
"""

from __future__ import annotations

import base64
import copy
import fnmatch
import json
import time
from dataclasses import dataclass
from typing import Any

from local_bedrock.aws.errors import ConflictException, ValidationException
from local_bedrock.aws.paging import not_found, page, with_token

SECURITY_TYPES = ("encryption", "network")


def millis() -> int:
    return int(time.time() * 1000)


@dataclass
class Policy:
    kind: str  # encryption | network | data
    name: str
    document: Any
    description: str | None
    version: int
    created: int
    modified: int

    @property
    def policy_version(self) -> str:
        # Opaque, changes with every update; the model asks for 20-1024 characters.
        return base64.b64encode(f"{self.created}:{self.version:04d}".encode()).decode()

    def detail(self) -> dict[str, Any]:
        result = {
            "type": self.kind,
            "name": self.name,
            "policyVersion": self.policy_version,
            "policy": copy.deepcopy(self.document),
            "createdDate": self.created,
            "lastModifiedDate": self.modified,
        }
        if self.description is not None:
            result["description"] = self.description
        return result

    def summary(self) -> dict[str, Any]:
        detail = self.detail()
        del detail["policy"]
        return detail


def _document(kind: str, text: str) -> Any:
    # The shapes checked come from the developer guide pages in the module docstring; the type is
    # botocore's (Create/UpdateSecurityPolicy and CreateAccessPolicy list ValidationException). The
    # messages are ours (a guess at AWS's wording, which no source quotes).
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ValidationException(f"Policy json is invalid: {error}") from None
    rules_holders = document if isinstance(document, list) else [document]
    if kind == "encryption":
        if not isinstance(document, dict) or not document.get("Rules"):
            raise ValidationException("An encryption policy is one object with Rules.")
        if not document.get("AWSOwnedKey") and not document.get("KmsARN"):
            raise ValidationException("An encryption policy needs AWSOwnedKey true or a KmsARN.")
    elif not isinstance(document, list) or not all(
        isinstance(r, dict) and r.get("Rules") for r in rules_holders
    ):
        raise ValidationException(f"A {kind} policy is a list of objects with Rules.")
    for holder in rules_holders:
        for rule in holder["Rules"]:
            if rule.get("ResourceType") not in ("collection", "index", "dashboard"):
                raise ValidationException(
                    f"Unknown ResourceType {rule.get('ResourceType')!r} in policy rules."
                )
            if not rule.get("Resource"):
                raise ValidationException("Every policy rule names its Resource.")
    return document


def _matches(rule: dict[str, Any], resource: str) -> bool:
    return any(fnmatch.fnmatchcase(resource, pattern) for pattern in rule.get("Resource", []))


class PolicyStore:
    def __init__(self) -> None:
        self.policies: dict[tuple[str, str], Policy] = {}

    def create(self, kind: str, name: str, text: str, description: str | None) -> Policy:
        if (kind, name) in self.policies:
            raise ConflictException(f"Policy with name {name} and type {kind} already exists")
        stamp = millis()
        policy = Policy(kind, name, _document(kind, text), description, 1, stamp, stamp)
        self.policies[(kind, name)] = policy
        return policy

    def get(self, kind: str, name: str) -> Policy:
        policy = self.policies.get((kind, name))
        if policy is None:
            raise not_found(f"{kind} policy", name)
        return policy

    def update(self, kind: str, name: str, version: str, text: str | None, description: str | None) -> Policy:
        policy = self.get(kind, name)
        if version != policy.policy_version:
            # API reference UpdateSecurityPolicy: policyVersion must be the current one.
            raise ValidationException(f"Policy version {version} is not the latest version of policy {name}.")
        if text is not None:
            policy.document = _document(kind, text)
        if description is not None:
            policy.description = description
        policy.version += 1
        policy.modified = millis()
        return policy

    def delete(self, kind: str, name: str) -> None:
        self.get(kind, name)
        del self.policies[(kind, name)]

    def listing(self, kinds: tuple[str, ...], kind: str, params: dict[str, Any], key: str) -> dict[str, Any]:
        if kind not in kinds:
            raise ValidationException(f"type must be one of {', '.join(kinds)}")
        chosen = [p for p in list(self.policies.values()) if p.kind == kind]
        if params.get("resource"):
            chosen = [p for p in chosen if any(self._names(p, r) for r in params["resource"])]
        chunk, token = page(chosen, params)
        return with_token({key: [p.summary() for p in chunk]}, token)

    def _names(self, policy: Policy, resource: str) -> bool:
        holders = policy.document if isinstance(policy.document, list) else [policy.document]
        return any(_matches(rule, resource) for h in holders for rule in h["Rules"])

    def _rules(self, kind: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        found = []
        for policy in list(self.policies.values()):
            if policy.kind == kind:
                holders = policy.document if isinstance(policy.document, list) else [policy.document]
                found += [(holder, rule) for holder in holders for rule in holder["Rules"]]
        return found

    # ------------------------------------------------------------------ decisions
    def encryption_for(self, collection: str) -> dict[str, Any] | None:
        for holder, rule in self._rules("encryption"):
            if rule.get("ResourceType") == "collection" and _matches(rule, f"collection/{collection}"):
                return holder
        return None

    def public_access(self, collection: str) -> bool:
        return any(
            holder.get("AllowFromPublic") is True
            for holder, rule in self._rules("network")
            if rule.get("ResourceType") == "collection" and _matches(rule, f"collection/{collection}")
        )

    def index_permission(self, collection: str, index: str, permission: str) -> bool:
        for _, rule in self._rules("data"):
            if rule.get("ResourceType") == "index" and _matches(rule, f"index/{collection}/{index}"):
                granted = rule.get("Permission", [])
                if permission in granted or "aoss:*" in granted:
                    return True
        return False
