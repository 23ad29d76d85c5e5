"""OpenSearch Serverless: policies (``policies.py``), collections and their endpoint.

Collections are CREATING -> ACTIVE and DELETING -> gone (API reference CollectionStatus; the
provider's collection.go waitCollectionCreated/waitCollectionDeleted). Each collection gets an
endpoint on this server (``<base>/collections/<id>``; AWS: ``https://<id>.<region>.aoss.amazonaws.com``)
that answers the index calls the vector-index step makes (OpenSearch REST: ``PUT /<index>`` with a
mapping, ``GET``/``HEAD``/``DELETE /<index>``), behind the network and data access policies.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

from local_bedrock.aws.errors import ConflictException, ValidationException
from local_bedrock.aws.http import Call
from local_bedrock.aws.opensearchserverless.indexes import ENDPOINT_PATH, IndexOperations
from local_bedrock.aws.opensearchserverless.policies import SECURITY_TYPES, PolicyStore, millis
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.params import settings_from
from local_bedrock.aws.tags import TagStore, tag_map, tag_pairs
from local_bedrock.aws.transitions import Lifecycle, new_id

SERVICE = "opensearchserverless"


@dataclass(frozen=True)
class _Family:
    kinds: tuple[str, ...]
    detail: str
    summaries: str


SECURITY = _Family(SECURITY_TYPES, "securityPolicyDetail", "securityPolicySummaries")
ACCESS = _Family(("data",), "accessPolicyDetail", "accessPolicySummaries")


@dataclass
class Collection:
    collection_id: str
    name: str
    arn: str
    settings: dict[str, Any]
    kms_key_arn: str | None
    lifecycle: Lifecycle
    created: int
    modified: int
    indexes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def detail(self, endpoint: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": self.collection_id,
            "name": self.name,
            "status": self.lifecycle.settle(),
            "arn": self.arn,
            "createdDate": self.created,
            "lastModifiedDate": self.modified,
            "type": self.settings.get("type", "SEARCH"),  # API reference: the default type is SEARCH
            "standbyReplicas": self.settings.get("standbyReplicas", "ENABLED"),
        }
        if "description" in self.settings:
            result["description"] = self.settings["description"]
        if self.kms_key_arn:
            result["kmsKeyArn"] = self.kms_key_arn
        if endpoint:
            result["collectionEndpoint"] = endpoint
            result["dashboardEndpoint"] = endpoint + "/_dashboards"
        return result


class OpenSearchServerlessService(IndexOperations):
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.policies = PolicyStore()
        self.collections: dict[str, Collection] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.base_url = ""  # set once the server is listening
        self._tagging = TagStore(
            self.tags, lambda arn: any(c.arn == arn for c in list(self.collections.values()))
        )

    def endpoint(self, collection: Collection) -> str:
        return f"{self.base_url}{ENDPOINT_PATH}{collection.collection_id}"

    # ------------------------------------------------------------------ policies
    # Security policies (encryption, network) and access policies (data) have the same five calls;
    # a family names its types and the response members (botocore shapes *PolicyDetail, *Summaries).
    def _checked(self, family: _Family, kind: str) -> str:
        if kind not in family.kinds:
            raise ValidationException(f"type must be one of {', '.join(family.kinds)}")
        return kind

    def _create(self, family: _Family, params: dict[str, Any]) -> dict[str, Any]:
        kind = self._checked(family, params["type"])
        policy = self.policies.create(kind, params["name"], params["policy"], params.get("description"))
        return {family.detail: policy.detail()}

    def _get(self, family: _Family, params: dict[str, Any]) -> dict[str, Any]:
        return {
            family.detail: self.policies.get(self._checked(family, params["type"]), params["name"]).detail()
        }

    def _update(self, family: _Family, params: dict[str, Any]) -> dict[str, Any]:
        kind = self._checked(family, params["type"])
        policy = self.policies.update(
            kind, params["name"], params["policyVersion"], params.get("policy"), params.get("description")
        )
        return {family.detail: policy.detail()}

    def _delete(self, family: _Family, params: dict[str, Any]) -> dict[str, Any]:
        self.policies.delete(self._checked(family, params["type"]), params["name"])
        return {}

    def create_security_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._create(SECURITY, params)

    def get_security_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._get(SECURITY, params)

    def update_security_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._update(SECURITY, params)

    def delete_security_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete(SECURITY, params)

    def list_security_policies(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self.policies.listing(SECURITY.kinds, params["type"], params, SECURITY.summaries)

    def create_access_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._create(ACCESS, params)

    def get_access_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._get(ACCESS, params)

    def update_access_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._update(ACCESS, params)

    def delete_access_policy(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete(ACCESS, params)

    def list_access_policies(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self.policies.listing(ACCESS.kinds, params["type"], params, ACCESS.summaries)

    # ------------------------------------------------------------------ collections
    def _live(self) -> list[Collection]:
        return [c for c in list(self.collections.values()) if c.lifecycle.settle() != "DELETED"]

    def create_collection(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        name = params["name"]
        if any(c.name == name for c in self._live()):
            # botocore's ConflictException (opensearchserverless): "thrown when a resource with the
            # same name already exists or is being created". The wording is a guess.
            raise ConflictException(f"A collection named {name} already exists.")
        encryption = self.policies.encryption_for(name)
        if encryption is None:
            raise ValidationException(
                f"No matching security policy of encryption type found for collection name: {name}."
            )
        collection_id = new_id(20).lower()
        stamp = millis()
        collection = Collection(
            collection_id,
            name,
            f"arn:aws:aoss:{call.region}:{call.account_id}:collection/{collection_id}",
            settings_from(params, ("type", "description", "standbyReplicas")),
            encryption.get("KmsARN") or "auto",
            Lifecycle("CREATING"),
            stamp,
            stamp,
        )
        collection.lifecycle.begin("CREATING", "ACTIVE")
        self.collections[collection_id] = collection
        if params.get("tags"):
            self.tags[collection.arn] = tag_map(params["tags"])
        return {"createCollectionDetail": collection.detail()}

    def batch_get_collection(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        details, errors = [], []
        live = self._live()
        for key, field_name in (("ids", "collection_id"), ("names", "name")):
            for wanted in params.get(key, []):
                found = [c for c in live if getattr(c, field_name) == wanted]
                details += [c.detail(self.endpoint(c)) for c in found]
                if not found:
                    errors.append(
                        {
                            field_name.replace("collection_", ""): wanted,
                            "errorCode": "NOT_FOUND",
                            "errorMessage": f"Collection {wanted} not found",
                        }
                    )
        return {"collectionDetails": details, "collectionErrorDetails": errors}

    def list_collections(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        live = self._live()
        wanted = params.get("collectionFilters", {})
        live = [
            c
            for c in live
            if wanted.get("name") in (None, c.name) and wanted.get("status") in (None, c.lifecycle.status)
        ]
        chunk, token = page(live, params)
        keys = ("id", "name", "status", "arn", "kmsKeyArn")
        return with_token(
            {"collectionSummaries": [{k: v for k, v in c.detail().items() if k in keys} for c in chunk]},
            token,
        )

    def _collection(self, collection_id: str) -> Collection:
        collection = self.collections.get(collection_id)
        if collection is None or collection.lifecycle.settle() == "DELETED":
            raise not_found("collection", collection_id)
        return collection

    def update_collection(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._collection(params["id"])
        if "description" in params:
            collection.settings["description"] = params["description"]
        collection.modified = millis()
        keys = (
            "id",
            "name",
            "status",
            "type",
            "description",
            "arn",
            "kmsKeyArn",
            "createdDate",
            "lastModifiedDate",
        )
        return {"updateCollectionDetail": {k: v for k, v in collection.detail().items() if k in keys}}

    def _forget(self, collection: Collection) -> None:
        self.collections.pop(collection.collection_id, None)
        self.tags.pop(collection.arn, None)

    def delete_collection(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._collection(params["id"])
        collection.lifecycle.begin("DELETING", "DELETED", then=lambda: self._forget(collection))
        return {
            "deleteCollectionDetail": {
                "id": collection.collection_id,
                "name": collection.name,
                "status": "DELETING",
            }
        }

    # ------------------------------------------------------------------ tags
    def list_tags_for_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": tag_pairs(self._tagging.tags(params["resourceArn"]))}

    def tag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.tag(params["resourceArn"], tag_map(params["tags"]))

    def untag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.untag(params["resourceArn"], params["tagKeys"])

    # ------------------------------------------------------------------ what bedrock-agent asks
    def index_mapping(self, collection_arn: str, index: str) -> dict[str, Any] | None:
        with self.lock:
            for collection in self._live():
                if collection.arn == collection_arn and collection.lifecycle.status == "ACTIVE":
                    mapping = collection.indexes.get(index)
                    return copy.deepcopy(mapping) if mapping is not None else None
            return None
