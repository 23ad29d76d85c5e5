"""Play one scenario: one InvokeAgent call per turn in one fresh session, judged turn by turn.

A ``confirm`` turn answers the confirmation the previous call requested (``returnControl``) with
``sessionState.invocationId`` + ``returnControlInvocationResults`` and empty ``inputText``, exactly
as an application would. After a turn that could not run (an API error), later turns are skipped.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from agent_client.confirmation import confirmation_results
from agent_client.invoke import closing_stream
from evals.catalog import Catalog
from evals.runner.judge import MissingVariable, check_turn, interpolate
from evals.runner.observe import Observation, observe_event
from evals.runner.results import ScenarioResult, TurnResult
from evals.runner.retry import RetryPolicy
from evals.runner.target import AgentAddress
from evals.spec.load import LoadedScenario
from evals.spec.model import Turn


@dataclass
class Played:
    result: ScenarioResult
    traces: list[dict[str, Any]] = field(default_factory=list)  # per turn: request, events' traces


@dataclass
class _Call:
    observation: Observation
    first_event_ms: float | None


def _invoke(client: Any, cat: Catalog, request: dict[str, Any]) -> _Call:
    started = time.perf_counter()
    first: float | None = None
    observation = Observation()
    with closing_stream(client.invoke_agent(**request)["completion"]) as completion:
        for event in completion:
            if first is None:
                first = (time.perf_counter() - started) * 1000
            observe_event(cat, event, observation)
    return _Call(observation, first)


def _request(address: AgentAddress, session_id: str, text: str, attributes: dict[str, str]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "agentId": address.agent_id,
        "agentAliasId": address.alias_id,
        "sessionId": session_id,
        "inputText": text,
        "enableTrace": True,
    }
    if attributes:
        request["sessionState"] = {"sessionAttributes": attributes}
    return request


def _error_text(error: Exception) -> str:
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        return f"{response['Error'].get('Code')}: {response['Error'].get('Message')}"
    return f"{type(error).__name__}: {error}"


def _turn_result(index: int, turn: Turn, text: str | None) -> TurnResult:
    return TurnResult(index=index, input=text, confirm=turn.confirm)


def _record(result: TurnResult, call: _Call) -> None:
    obs = call.observation
    result.output = obs.text
    result.calls = [c.describe() for c in obs.calls]
    result.confirmation_requests = [c.describe() for c in obs.confirmations]
    result.knowledge_lookups = obs.knowledge_lookups
    result.cited_sources = obs.cited_sources
    result.guardrail = obs.guardrail
    result.first_event_ms = call.first_event_ms
    result.input_tokens, result.output_tokens = obs.input_tokens, obs.output_tokens
    result.models = obs.models


def play(
    loaded: LoadedScenario, client: Any, address: AgentAddress, cat: Catalog, retry: RetryPolicy
) -> Played:
    scenario = loaded.scenario
    session_id = f"eval-{scenario.id}-{uuid.uuid4().hex[:8]}"[:100]
    result = ScenarioResult(
        id=scenario.id,
        description=scenario.description,
        agent=scenario.agent,
        tags=scenario.tags,
        source=str(loaded.source),
        session_id=session_id,
    )
    played = Played(result)
    variables: dict[str, str] = {}
    pending: dict[str, Any] | None = None
    last: Observation | None = None
    started = time.perf_counter()
    for index, turn in enumerate(scenario.turns):
        attributes = (scenario.session_attributes if index == 0 else {}) | (turn.session_attributes or {})
        try:
            text = interpolate(turn.input, variables) if turn.input is not None else ""
        except MissingVariable as exc:
            turn_result = _turn_result(index, turn, turn.input)
            turn_result.error = str(exc)
            result.turns.append(turn_result)
            break
        turn_result = _turn_result(index, turn, text if turn.input is not None else None)
        request = _request(address, session_id, text, attributes)
        if turn.confirm is not None:
            if pending is None and turn.optional and last is not None:
                verdict = check_turn(turn.expect, last, variables)
                variables |= verdict.captures
                turn_result.skipped = "no confirmation was requested; checked against the previous answer"
                turn_result.failures, turn_result.passed = verdict.failures, verdict.passed
                result.turns.append(turn_result)
                continue
            if pending is None:
                turn_result.error = "nothing to confirm: the previous turn did not request a confirmation"
                result.turns.append(turn_result)
                break
            request["sessionState"] = {
                **request.get("sessionState", {}),
                **confirmation_results(pending, turn.confirm),
            }
        call_started = time.perf_counter()
        try:
            call, turn_result.throttle_retries = retry.call(partial(_invoke, client, cat, request))
        except Exception as error:  # any API or transport failure ends the scenario, with its reason
            turn_result.latency_ms = (time.perf_counter() - call_started) * 1000
            turn_result.error = _error_text(error)
            result.turns.append(turn_result)
            break
        turn_result.latency_ms = (time.perf_counter() - call_started) * 1000
        _record(turn_result, call)
        pending, last = call.observation.return_control, call.observation
        verdict = check_turn(turn.expect, call.observation, variables)
        variables |= verdict.captures
        turn_result.failures = verdict.failures
        turn_result.passed = verdict.passed
        result.turns.append(turn_result)
        played.traces.append({"turn": index, "request": request, "trace": call.observation.traces})
    result.duration_ms = (time.perf_counter() - started) * 1000
    _conclude(result, len(scenario.turns))
    return played


def _conclude(result: ScenarioResult, expected_turns: int) -> None:
    for turn in result.turns:
        if turn.error:
            result.failures.append(f"turn {turn.index + 1}: {turn.error}")
        result.failures += [f"turn {turn.index + 1}: {failure}" for failure in turn.failures]
    skipped = expected_turns - len(result.turns)
    if skipped > 0:
        result.failures.append(f"{skipped} later turn(s) not run")
    result.passed = not result.failures
