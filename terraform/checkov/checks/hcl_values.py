"""Helpers shared by the custom checkov checks: read checkov's parsed HCL and, for the guardrail,
the JSON policy file that its dynamic blocks are generated from.

checkov does not evaluate ``jsondecode(file(...))``: a guardrail built with dynamic blocks from
``guardrail_policy.json`` reaches a check as unresolved ``<iterator>.value.<field>`` strings. The
guardrail checks then read the JSON file named in the resource (CreateGuardrail field names),
resolving ``${path.module}`` against the scanned file's directory. Run checkov with ``-d .`` from
the directory being scanned (the Makefile does), so relative paths resolve.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

_FILE_CALL = re.compile(r'file\("(?P<path>[^"]+\.json)"\)')


def first(value: Any) -> Any:
    """checkov wraps every attribute value in a one-element list."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def blocks(conf: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Nested blocks named ``name`` as a list of dicts, whatever shape checkov gave them."""
    raw = conf.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            out.append(item)
        elif isinstance(item, list):
            out.extend(i for i in item if isinstance(i, dict))
    return out


def as_json(value: Any) -> Any:
    """A policy attribute: checkov gives jsonencode() as a dict/list and heredocs as a string."""
    value = first(value)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _is_literal(value: Any) -> bool:
    return isinstance(value, str) and "." not in value and "${" not in value


def _static_entries(
    conf: dict[str, Any], outer: str, inner: str, fields: dict[str, str]
) -> list[dict[str, str]] | None:
    """Entries of ``outer { inner { ... } }`` with literal values, renamed to API field names.

    Returns None when any value is unresolved (a dynamic block or an expression).
    """
    entries: list[dict[str, str]] = []
    for outer_block in blocks(conf, outer):
        for entry in blocks(outer_block, inner):
            renamed = {api: first(entry.get(hcl)) for hcl, api in fields.items()}
            if not all(_is_literal(v) for v in renamed.values()):
                return None
            entries.append(renamed)
    return entries


def _json_policy(conf: dict[str, Any], scanned_file: str) -> dict[str, Any] | None:
    """The JSON policy file read by the resource via jsondecode(file(...)), if any."""
    module_dir = os.path.dirname(os.path.join(os.getcwd(), scanned_file.lstrip("/")))
    for match in _FILE_CALL.finditer(json.dumps(conf, default=str).replace('\\"', '"')):
        path = match.group("path").replace("${path.module}", module_dir).replace("${path.root}", os.getcwd())
        full = path if os.path.isabs(path) else os.path.join(module_dir, path)
        if os.path.isfile(full):
            with open(full, encoding="utf-8") as handle:
                loaded = json.load(handle)
            return loaded if isinstance(loaded, dict) else None
    return None


def guardrail_entries(
    conf: dict[str, Any],
    scanned_file: str,
    hcl_path: tuple[str, str],
    api_path: tuple[str, str],
    fields: dict[str, str],
) -> list[dict[str, str]] | None:
    """Entries of one guardrail policy list (e.g. content filters), from literal HCL or the JSON file.

    ``fields`` maps HCL attribute names to CreateGuardrail field names. None: cannot be determined.
    """
    static = _static_entries(conf, hcl_path[0], hcl_path[1], fields)
    if static:
        return static
    policy = _json_policy(conf, scanned_file)
    if policy is None:
        return static
    section = policy.get(api_path[0]) or {}
    items = section.get(api_path[1]) if isinstance(section, dict) else None
    if not isinstance(items, list):
        return []
    return [
        {api: str(item.get(api, "")) for api in fields.values()} for item in items if isinstance(item, dict)
    ]
