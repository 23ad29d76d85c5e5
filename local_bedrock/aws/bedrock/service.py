"""The ``bedrock`` control plane: guardrails (``guardrails.py``), tags, and the account's model
invocation logging configuration (one setting per account and region: API reference
PutModelInvocationLoggingConfiguration). moto has the logging configuration too, but one endpoint
serves all of ``bedrock``, so it is kept here."""

from __future__ import annotations

import copy
import threading
from typing import Any

from local_bedrock.aws.bedrock.guardrails import Guardrail, GuardrailOperations
from local_bedrock.aws.http import Call
from local_bedrock.aws.tags import TagStore, tag_map, tag_pairs

SERVICE = "bedrock"


class BedrockService(GuardrailOperations):
    def __init__(self) -> None:
        self.guardrails: dict[str, Guardrail] = {}
        self.tags: dict[str, dict[str, str]] = {}
        self.logging: dict[str, dict[str, Any]] = {}  # region -> loggingConfig
        self.lock = threading.RLock()  # readers outside the HTTP layer (the local runtime) take it too
        self._tagging = TagStore(
            self.tags, lambda arn: any(g.arn == arn for g in list(self.guardrails.values()))
        )

    # ------------------------------------------------------------------ tags (list of {key, value})
    def list_tags_for_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        tags = self._tagging.tags(params["resourceARN"])
        return {"tags": tag_pairs(tags)}

    def tag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.tag(params["resourceARN"], tag_map(params["tags"]))

    def untag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.untag(params["resourceARN"], params["tagKeys"])

    # ------------------------------------------------------------------ model invocation logging
    def put_model_invocation_logging_configuration(
        self, call: Call, params: dict[str, Any]
    ) -> dict[str, Any]:
        self.logging[call.region] = copy.deepcopy(params["loggingConfig"])
        return {}

    def get_model_invocation_logging_configuration(
        self, call: Call, params: dict[str, Any]
    ) -> dict[str, Any]:
        config = self.logging.get(call.region)
        return {"loggingConfig": copy.deepcopy(config)} if config else {}

    def delete_model_invocation_logging_configuration(
        self, call: Call, params: dict[str, Any]
    ) -> dict[str, Any]:
        self.logging.pop(call.region, None)
        return {}
