"""The benchmarks' baseline store: an in-memory dict in place of DynamoDB, inside the Lambda.

A handler wrapped by ``lambda_handler`` (set ``DICT_STORE_HANDLER`` to the real handler) runs its
DynamoDB calls against a dict: the first invocation of each operation (apiPath + method) goes to the
real store and every answer is kept, keyed by the operation and the call's position in it; later
invocations of that operation get the kept answers from the dict, in order, without any HTTP, store
or response parsing. The handler's own work (validation, Powertools, request building, pydantic,
the response) is unchanged, so a turn against this baseline costs everything but the store.
"""

from __future__ import annotations

import copy
import importlib
import os
from typing import Any

from botocore.awsrequest import AWSResponse

Key = tuple[str, str, int]

_answers: dict[Key, tuple[int, dict[str, Any]]] = {}
_position: dict[str, Any] = {"operation": ("", ""), "call": 0}
_REPLAYED = "replayed"


def _key() -> Key:
    path, method = _position["operation"]
    return path, method, int(_position["call"])


def _answer(context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
    kept = _answers.get(_key())
    if kept is None:
        return None
    _position["call"] += 1
    context[_REPLAYED] = True
    status, parsed = kept
    return AWSResponse(None, status, {}, None), copy.deepcopy(parsed)  # errors replay as errors


def _keep(parsed: dict[str, Any], http_response: Any, context: dict[str, Any], **_: Any) -> None:
    if context.get(_REPLAYED):
        return
    _answers.setdefault(_key(), (http_response.status_code, copy.deepcopy(parsed)))
    _position["call"] += 1


def _hook(client: Any) -> None:
    client.meta.events.register_first("before-call.dynamodb", _answer)
    client.meta.events.register_last("after-call.dynamodb", _keep)


def _handler() -> Any:
    module, name = os.environ["DICT_STORE_HANDLER"].rsplit(".", 1)
    handler = getattr(importlib.import_module(module), name)
    from action_groups.common.config import dynamodb
    from action_groups.orders.commands import _persistence

    _hook(dynamodb())
    _hook(_persistence().client)
    return handler


_real: list[Any] = []


def lambda_handler(event: dict[str, Any], context: Any) -> Any:
    if not _real:
        _real.append(_handler())
    _position["operation"], _position["call"] = (event.get("apiPath", ""), event.get("httpMethod", "")), 0
    return _real[0](event, context)
