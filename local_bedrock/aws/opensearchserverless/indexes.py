"""OpenSearch Serverless indexes: the index API (CreateIndex, GetIndex, UpdateIndex, DeleteIndex, by
collection id) and the collection endpoint's OpenSearch REST calls on ``/collections/<id>/<index>``
(``PUT`` with a mapping, ``GET``/``HEAD``/``DELETE``), each behind the policies that govern it."""

from __future__ import annotations

import copy
import json
import threading
from typing import TYPE_CHECKING, Any

from local_bedrock.aws.errors import AccessDeniedException, ConflictException
from local_bedrock.aws.http import Call
from local_bedrock.aws.opensearchserverless.policies import PolicyStore
from local_bedrock.aws.paging import not_found
from local_bedrock.aws.protocol import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from local_bedrock.aws.opensearchserverless.service import Collection

ENDPOINT_PATH = "/collections/"


class IndexOperations:
    """Mixed into OpenSearchServerlessService, which provides these."""

    lock: threading.RLock
    policies: PolicyStore
    collections: dict[str, Collection]

    def _collection(self, collection_id: str) -> Collection:  # the service's lookup (raises not found)
        raise NotImplementedError

    # Indexes through the API.
    # CreateIndex/GetIndex/UpdateIndex/DeleteIndex address a collection by id (API reference); the
    # data access policy applies "irrespective of the access mechanism or network source" (API
    # reference, CreateAccessPolicy), the network policy governs the collection endpoint only.
    def _index_target(self, params: dict[str, Any], permission: str) -> Collection:
        collection = self._collection(params["id"])
        if not self.policies.index_permission(collection.name, params["indexName"], permission):
            # Guess: botocore's CreateIndex/GetIndex models list no AccessDeniedException; a denied
            # caller gets the 403 every AWS API answers for missing authorization (its wording too).
            raise AccessDeniedException(
                f"No data access policy grants {permission} on index/{collection.name}/{params['indexName']}."
            )
        return collection

    def create_index(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._index_target(params, "aoss:CreateIndex")
        if params["indexName"] in collection.indexes:
            # ConflictException: botocore's CreateIndex errors; the wording is OpenSearch's own
            # resource_already_exists_exception (a guess that the API passes it through).
            raise ConflictException(f"index [{params['indexName']}] already exists")
        schema = params.get("indexSchema") or {}
        collection.indexes[params["indexName"]] = {
            "settings": schema.get("settings", {}),
            "mappings": schema.get("mappings", {}),
        }
        return {}

    def get_index(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._index_target(params, "aoss:DescribeIndex")
        if params["indexName"] not in collection.indexes:
            raise not_found("index", params["indexName"])
        return {"indexSchema": copy.deepcopy(collection.indexes[params["indexName"]])}

    def update_index(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._index_target(params, "aoss:UpdateIndex")
        if params["indexName"] not in collection.indexes:
            raise not_found("index", params["indexName"])
        schema = params.get("indexSchema") or {}
        collection.indexes[params["indexName"]]["mappings"] = schema.get("mappings", {})
        return {}

    def delete_index(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        collection = self._index_target(params, "aoss:DeleteIndex")
        if collection.indexes.pop(params["indexName"], None) is None:
            raise not_found("index", params["indexName"])
        return {}

    # The collection endpoint (not part of the aoss API model).
    def collection_endpoint(self, request: HttpRequest) -> HttpResponse:
        """OpenSearch index calls on ``/collections/<id>/<index>`` (not part of the aoss API model)."""
        parts = (
            request.path[len(ENDPOINT_PATH) :].strip("/").split("/")
            if request.path.startswith(ENDPOINT_PATH)
            else []
        )
        if len(parts) != 2:
            return _os_error(404, "no_handler_found_exception", f"no handler found for uri [{request.path}]")
        collection_id, index = parts
        with self.lock:
            collection = self.collections.get(collection_id)
            if collection is None or collection.lifecycle.settle() != "ACTIVE":
                return _os_error(404, "not_found", f"collection {collection_id} not found")
            if not self.policies.public_access(collection.name):
                return HttpResponse(403, {"Content-Type": "application/json"}, b'{"message":"Forbidden"}')
            needed = {"PUT": "aoss:CreateIndex", "DELETE": "aoss:DeleteIndex"}.get(
                request.method, "aoss:DescribeIndex"
            )
            if not self.policies.index_permission(collection.name, index, needed):
                return HttpResponse(
                    403,
                    {"Content-Type": "application/json"},
                    json.dumps(
                        {
                            "status": 403,
                            "message": f"User does not have permissions for the requested resource "
                            f"({needed})",
                        }
                    ).encode(),
                )
            return self._index_call(collection, index, request)

    def _index_call(self, collection: Collection, index: str, request: HttpRequest) -> HttpResponse:
        if request.method == "PUT":
            if index in collection.indexes:
                return _os_error(400, "resource_already_exists_exception", f"index [{index}] already exists")
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return _os_error(400, "parse_exception", "request body is not JSON")
            collection.indexes[index] = {
                "settings": body.get("settings", {}),
                "mappings": body.get("mappings", {}),
            }
            return _json(200, {"acknowledged": True, "shards_acknowledged": True, "index": index})
        if index not in collection.indexes:
            return _os_error(404, "index_not_found_exception", f"no such index [{index}]")
        if request.method == "DELETE":
            del collection.indexes[index]
            return _json(200, {"acknowledged": True})
        return _json(200, {index: collection.indexes[index]})


def _json(status: int, body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(status, {"Content-Type": "application/json"}, json.dumps(body).encode())


def _os_error(status: int, kind: str, reason: str) -> HttpResponse:
    """OpenSearch's error body: ``{"error": {"type": ..., "reason": ...}, "status": ...}``."""
    return _json(
        status,
        {
            "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
            "status": status,
        },
    )
