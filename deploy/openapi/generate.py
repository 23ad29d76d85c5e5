"""Generate each action group's schema from its Powertools resolver, then post-process it."""

from __future__ import annotations

import importlib
import json
import os
from typing import Any

from deploy.openapi.postprocess import postprocess
from local_bedrock.manifest import action_groups


def raw_schema(module: str) -> dict[str, Any]:
    # Importing a handler reads no settings and makes no AWS call, but Powertools wants a region.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    app = importlib.import_module(module).app
    document: dict[str, Any] = json.loads(app.get_openapi_json_schema(title=module))
    return document


def generate_all() -> dict[str, tuple[str, dict[str, Any]]]:
    result = {}
    for name, group in action_groups().items():
        document = postprocess(raw_schema(group.module), title=name, description=group.description)
        result[name] = (group.schema_path, document)
    return result


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
