"""Turn Powertools' generated OpenAPI into the lean 3.0 subset Bedrock Agents accept.

Powertools stamps 3.0.3 but leaves 3.1-isms and FastAPI boilerplate in place. Here we:
inline every $ref and drop components; drop the 422 validation-error responses; drop titles,
summaries, servers and duplicated descriptions; flatten single-member anyOf; convert numeric
exclusiveMinimum/Maximum to the 3.0 boolean form; fold enum/const of parameters and request bodies
into the description, keep enum in response schemas (see ENUM below); drop examples; render
whole-number floats as ints.
"""

from __future__ import annotations

import copy
from typing import Any

OPENAPI_VERSION = "3.0.0"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
DROP_SCHEMA_KEYS = ("title", "examples", "example", "additionalProperties")
MAX_RESPONSE_DEPTH = 3

# ENUM. Bedrock's action-group schema page lists `enum` among the OpenAPI features agents do not
# support, and names what it is about: restricting *parameter* values to a fixed set, which the
# schema should state in the parameter's description instead ("Define OpenAPI schemas for your
# agent's action groups in Amazon Bedrock", the note under the introduction:
# https://docs.aws.amazon.com/bedrock/latest/userguide/agents-api-schema.html). So choices of
# parameters and request-body properties (what the model sends) are folded into the description.
# The page says nothing against `enum` in response schemas (what the Lambda returns, which the
# model only reads), so the statuses there keep their `enum`. That last part is our reading of the
# page, not a documented guarantee: if CreateAgentActionGroup ever rejects it, set this to False.
ENUM_IN_RESPONSES = True


def _resolve(node: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                raise ValueError(f"Recursive schema {name} cannot be inlined for Bedrock")
            merged = {**components[name], **{k: v for k, v in node.items() if k != "$ref"}}
            return _resolve(merged, components, (*seen, name))
        return {k: _resolve(v, components, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, components, seen) for v in node]
    return node


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _choices(schema: dict[str, Any], *, fold: bool) -> None:
    """Fold enum/const into the description, or keep them as an enum (a const is a one-value enum)."""
    if fold:
        _fold_choices(schema)
    elif "const" in schema:
        schema["enum"] = [schema.pop("const")]


def _fold_choices(schema: dict[str, Any]) -> None:
    choices = schema.pop("enum", None)
    if "const" in schema:
        choices = [schema.pop("const")]
    if choices:
        words = ", ".join(str(c) for c in choices)
        schema["description"] = (schema.get("description", "") + f" One of: {words}.").strip()


def clean_schema(schema: Any, *, fold_choices: bool = True) -> Any:
    """Recursively clean one JSON schema object (property names are never touched). With
    fold_choices, enum and const become words of the description; without, const becomes a
    one-value enum."""
    if not isinstance(schema, dict):
        return schema

    def clean(node: Any) -> Any:
        return clean_schema(node, fold_choices=fold_choices)

    node = {k: v for k, v in schema.items() if k not in DROP_SCHEMA_KEYS}
    any_of = node.get("anyOf")
    if isinstance(any_of, list):
        members = [m for m in any_of if m.get("type") != "null"]
        if len(members) == 1:
            node.pop("anyOf")
            node = {**clean(members[0]), **{k: v for k, v in node.items()}}
            if len(members) < len(any_of):
                node["nullable"] = True
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), int | float) and not isinstance(node.get(bound), bool):
            node[flag] = node.pop(bound)
            node[bound] = True
    _choices(node, fold=fold_choices)
    for numeric in ("minimum", "maximum", "default"):
        if numeric in node:
            node[numeric] = _number(node[numeric])
    if "properties" in node:
        node["properties"] = {name: clean(prop) for name, prop in node["properties"].items()}
    if "items" in node:
        node["items"] = clean(node["items"])
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in node:
            node[combinator] = [clean(m) for m in node[combinator]]
    return node


def lean_response(schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """Response shapes only: names, types, allowed values (enum, see ENUM) and the few descriptions
    that carry meaning (units). The model sees the real JSON in the observation; validation rules
    would only cost tokens on every orchestration step."""
    node = clean_schema(schema, fold_choices=not ENUM_IN_RESPONSES)
    lean: dict[str, Any] = {"type": node.get("type", "object")}
    if "enum" in node:
        lean["enum"] = node["enum"]
    if "description" in node and depth > 0:
        lean["description"] = node["description"]
    if node.get("nullable"):
        lean["nullable"] = True
    if "properties" in node and depth < MAX_RESPONSE_DEPTH:
        lean["properties"] = {k: lean_response(v, depth + 1) for k, v in node["properties"].items()}
    if "items" in node:
        lean["items"] = lean_response(node["items"], depth + 1)
    return lean


def _clean_operation(operation: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": operation["operationId"],
        "description": operation["description"],
    }
    parameters = []
    for parameter in operation.get("parameters", []):
        schema = clean_schema(parameter["schema"])
        description = parameter.get("description") or schema.get("description")
        schema.pop("description", None)
        parameters.append(
            {
                "name": parameter["name"],
                "in": parameter["in"],
                "description": description,
                "required": bool(parameter.get("required", False)),
                "schema": schema,
            }
        )
    if parameters:
        result["parameters"] = parameters
    if "requestBody" in operation:
        body = operation["requestBody"]
        content = {
            media: {"schema": {k: v for k, v in clean_schema(spec["schema"]).items() if k != "description"}}
            for media, spec in body["content"].items()
        }
        result["requestBody"] = {
            "description": body.get("description", ""),
            "required": True,
            "content": content,
        }
    responses = {}
    for status, response in operation.get("responses", {}).items():
        if str(status) == "422":
            continue
        cleaned: dict[str, Any] = {"description": response.get("description", "Successful response")}
        if "content" in response:
            cleaned["content"] = {
                media: {"schema": lean_response(spec["schema"])}
                for media, spec in response["content"].items()
            }
        responses[str(status)] = cleaned
    result["responses"] = responses
    for key, value in operation.items():
        if key.startswith("x-"):
            result[key] = value
    return result


def postprocess(document: dict[str, Any], *, title: str, description: str) -> dict[str, Any]:
    source = copy.deepcopy(document)
    components = source.get("components", {}).get("schemas", {})
    inlined = _resolve(source.get("paths", {}), components)
    paths: dict[str, Any] = {}
    for path, item in sorted(inlined.items()):
        paths[path] = {m: _clean_operation(op) for m, op in item.items() if m in HTTP_METHODS}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": "1.0.0", "description": description},
        "paths": paths,
    }
