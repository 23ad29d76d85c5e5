"""Run an action group's Lambda with exactly the event Bedrock would send, in an execution
environment like Lambda's (``environments``): by default a pool of worker processes per function, so
concurrent turns run their handlers in parallel with no lock between them.

``functions_for`` describes each action group's function (handler, environment variables, an
optional code directory); a runtime whose store lives in this process (which worker processes
cannot reach) passes ``isolated=False`` to run handlers here instead, one event at a time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.environments import (
    EnvironmentPool,
    Function,
    FunctionConfig,
    FunctionError,
    InProcessFunction,
    Report,
)
from local_bedrock.agent.lambda_events import action_group_event


def functions_for(
    agent: AgentDefinition, environment: Mapping[str, str] | None = None
) -> dict[str, FunctionConfig]:
    """Each action group's function, from the agent's handlers, with these environment variables
    (and, as terraform/lambda.tf sets it, POWERTOOLS_SERVICE_NAME naming the action group)."""
    return {
        group: FunctionConfig.of(
            f"local-{group.replace('_', '-')}",
            handler,
            {"POWERTOOLS_SERVICE_NAME": group, **(environment or {})},
            code_dir=agent.code_dirs.get(group),  # the uploaded Lambda code, for an applied agent
        )
        for group, handler in agent.handlers.items()
    }


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
    report: Report


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
    def __init__(
        self,
        agent: AgentDefinition,
        functions: Mapping[str, FunctionConfig] | None = None,
        *,
        isolated: bool = True,
    ) -> None:
        self.agent = agent
        self.functions = dict(functions) if functions is not None else functions_for(agent)
        self.isolated = isolated
        self._running: dict[FunctionConfig, Function] = {}
        self._lock = threading.Lock()

    def function(self, group: str) -> Function:
        """The running function of an action group (its environments are created on demand)."""
        config = self.functions[group]
        with self._lock:
            if config not in self._running:
                self._running[config] = (
                    EnvironmentPool(config) if self.isolated else InProcessFunction(config)
                )
            return self._running[config]

    def stats(self) -> dict[str, dict[str, int]]:
        """Invocations, cold starts and live environments of each action group's function."""
        return {group: self.function(group).stats() for group in self.functions}

    def close(self) -> None:
        with self._lock:
            running, self._running = list(self._running.values()), {}
        for function in running:
            function.close()

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
        try:
            raw, report = self.function(operation.group).invoke(event)
        except FunctionError as error:
            raise ActionGroupFailure(f"The {operation.group} Lambda failed: {error.kind}") from error
        return _parse(event, raw, report)


def _parse(event: dict[str, Any], raw: Any, report: Report) -> Invocation:
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
        report=report,
    )
