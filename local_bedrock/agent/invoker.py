"""Run an action group's Lambda handler in-process with exactly the event Bedrock would send.

Lambda runs one event at a time per execution environment, and Powertools relies on it: the
resolvers keep the current event on a class attribute shared by every resolver in the process
(`BaseRouter.current_event`). So in this one process, handler calls are serialized with one lock
for all action groups and agents; otherwise two groups called at once overwrite each other's event.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
_ONE_EVENT_AT_A_TIME = threading.Lock()


class ActionGroupFailure(Exception):
    """The Lambda failed or answered something Bedrock would reject (the service's
    dependencyFailedException)."""


@dataclass(frozen=True)
class Invocation:
    event: dict[str, Any]
    status: int
    body_text: str
    body: Any
    session_attributes: dict[str, str] | None
    prompt_session_attributes: dict[str, str] | None


def split_arguments(
    operation: Operation, arguments: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Path/query values go in `parameters`, body values in `requestBody` (unknown names dropped)."""
    parameters: dict[str, Any] = {}
    body: dict[str, Any] = {}
    for parameter in operation.parameters:
        if parameter.name in arguments and arguments[parameter.name] is not None:
            (body if parameter.location == "body" else parameters)[parameter.name] = arguments[parameter.name]
    has_body = any(p.location == "body" for p in operation.parameters)
    return parameters, (body if has_body else None)


class ActionGroupInvoker:
    def __init__(self, agent: AgentDefinition) -> None:
        self.agent = agent
        self._handlers: dict[str, Handler] = {}
        self._load_lock = threading.Lock()

    def _handler(self, group: str) -> Handler:
        with self._load_lock:
            if group not in self._handlers:
                module, function = self.agent.handlers[group].rsplit(".", 1)
                code = self.agent.code_dirs.get(group)
                if code:  # the group's uploaded Lambda code comes first, as in its Lambda
                    if code in sys.path:
                        sys.path.remove(code)
                    sys.path.insert(0, code)
                self._handlers[group] = getattr(importlib.import_module(module), function)
            return self._handlers[group]

    def invoke(
        self,
        operation: Operation,
        arguments: Mapping[str, Any],
        *,
        session_id: str,
        alias_id: str,
        input_text: str,
        session_attributes: Mapping[str, str],
        prompt_session_attributes: Mapping[str, str],
    ) -> Invocation:
        parameters, body = split_arguments(operation, arguments)
        event = action_group_event(
            action_group=operation.group,
            api_path=operation.path,
            http_method=operation.method,
            parameters=parameters,
            body=body,
            session_attributes=session_attributes,
            prompt_session_attributes=prompt_session_attributes,
            session_id=session_id,
            input_text=input_text,
            agent_name=self.agent.name,
            agent_id=self.agent.agent_id,
            agent_alias=alias_id,
        )
        handler = self._handler(operation.group)
        try:
            with _ONE_EVENT_AT_A_TIME:
                raw = handler(event, LocalLambdaContext(function_name=f"local-{operation.group}"))
        except Exception as error:
            raise ActionGroupFailure(
                f"The {operation.group} Lambda failed: {type(error).__name__}"
            ) from error
        return _parse(event, raw)


def _parse(event: dict[str, Any], raw: Any) -> Invocation:
    try:
        response = raw["response"]
        echoed = (response["actionGroup"], response["apiPath"], response["httpMethod"])
        body_text = response["responseBody"]["application/json"]["body"]
        status = int(response.get("httpStatusCode", 200))
    except (KeyError, TypeError, ValueError) as error:
        raise ActionGroupFailure("The action group returned a response Bedrock cannot read") from error
    if echoed != (event["actionGroup"], event["apiPath"], event["httpMethod"]):
        raise ActionGroupFailure(
            "The action group response does not echo actionGroup, apiPath and httpMethod"
        )
    try:
        body = json.loads(body_text) if isinstance(body_text, str) else body_text
    except json.JSONDecodeError:
        body = body_text
    return Invocation(
        event=event,
        status=status,
        body_text=body_text if isinstance(body_text, str) else json.dumps(body_text),
        body=body,
        session_attributes=raw.get("sessionAttributes"),
        prompt_session_attributes=raw.get("promptSessionAttributes"),
    )
