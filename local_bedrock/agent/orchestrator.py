"""The local agent backend: one InvokeAgent turn, as Bedrock Agents run it.

guardrail on input -> pre-processing -> orchestration steps (model decides; action groups and the
knowledge base answer; mutations stop for user confirmation via returnControl) -> post-processing
-> guardrail on output -> the answer chunk, with citations when the knowledge base was used.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.invoker import ActionGroupFailure, ActionGroupInvoker, functions_for
from local_bedrock.agent.model import (
    FinalAnswer,
    KnowledgeQuery,
    Model,
    Observation,
    PlanContext,
    Step,
    ToolCall,
    estimate_tokens,
)
from local_bedrock.agent.trace_builder import TraceBuilder, metadata, now, parameters_list
from local_bedrock.backend import (
    AgentRef,
    DependencyFailedError,
    InvokeRequest,
    ResourceNotFoundError,
    ValidationFailedError,
)
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.guardrail.trace import guardrail_trace
from local_bedrock.retriever import Retriever, citation, retrieved_references
from local_bedrock.retriever.passages import cited
from local_bedrock.sessions import Session, Turn

MAX_STEPS = 8
KNOWLEDGE_RESULTS = 5
GAVE_UP = "Sorry, I couldn't finish that request. Could you rephrase it or break it into smaller steps?"
PENDING = "pending_turn"
BLOCKED_INPUT = "(message blocked by the guardrail)"
MEMORY = "model_memory"


@dataclass
class PendingTurn:
    user_text: str
    steps: list[Step]
    call: ToolCall
    operation: Operation
    invocation_id: str


class LocalAgentBackend:
    """Implements local_bedrock.backend.AgentBackend for the repository's agents.

    With ``lambda_environment`` (the variables every action group's function gets: the store's
    endpoint, table names, Powertools settings) each action group runs in execution environments of
    its own (worker processes); without it, in this process, one event at a time (for a store in
    this process). ``invokers[agent_id].functions[group]`` can be replaced, e.g. by a function whose
    code comes from an unpacked code zip."""

    def __init__(
        self,
        agents: dict[str, AgentDefinition],
        model_for: Callable[[AgentDefinition], Model],
        guardrail: GuardrailEngine,
        retriever: Retriever | None,
        *,
        lambda_environment: Mapping[str, str] | None = None,
    ) -> None:
        self.agents = {a.agent_id: a for a in agents.values()}
        self.models = {a.agent_id: model_for(a) for a in agents.values()}
        isolated = lambda_environment is not None
        self.invokers = {
            a.agent_id: ActionGroupInvoker(a, functions_for(a, lambda_environment), isolated=isolated)
            for a in agents.values()
        }
        self.guardrail = guardrail
        self.retriever = retriever

    def close(self) -> None:
        """Stop every action group's execution environments."""
        for invoker in self.invokers.values():
            invoker.close()

    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        agent = self.agents.get(agent_id)
        if agent is None:
            raise ResourceNotFoundError(
                f"Agent {agent_id} was not found. Local agents: {', '.join(self.agents)}."
            )
        if alias_id not in agent.aliases:
            known = ", ".join(agent.aliases)
            raise ResourceNotFoundError(
                f"Alias {alias_id} of agent {agent_id} was not found. Local aliases: {known}."
            )
        return AgentRef(agent_id=agent_id, alias_id=alias_id, agent_name=agent.name)

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        agent = self.agents[request.agent.agent_id]
        yield from TurnRun(self, agent, request, session).run()


class TurnRun:
    """One turn's state; run() yields the ResponseStream events."""

    def __init__(
        self, backend: LocalAgentBackend, agent: AgentDefinition, request: InvokeRequest, session: Session
    ):
        self.backend = backend
        self.agent = agent
        self.request = request
        self.session = session
        self.model = backend.models[agent.agent_id]
        self.traces = TraceBuilder(request.agent, request.session_id, secrets.token_hex(4))
        self.step_number = 0
        self.references: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ the turn
    def run(self) -> Iterator[dict[str, Any]]:
        pending: PendingTurn | None = self.session.state.pop(PENDING, None)
        if self.request.resumed is not None:
            if pending is None:
                raise ValidationFailedError("There is no action waiting for confirmation in this session.")
            user_text, steps = pending.user_text, pending.steps
            yield from self._resume(pending, steps)
        else:
            user_text = self.request.input_text
            checked = self.backend.guardrail.assess(user_text, "INPUT")
            yield self.traces.guardrail(guardrail_trace(checked, self.traces.trace_id("gin")))
            if checked.blocked:
                # The blocked text never reaches the model, later prompts or the session history.
                yield from self._finish(BLOCKED_INPUT, checked.text, [], guard_output=False)
                return
            user_text = checked.text
            steps = []
            context = self._context(user_text, steps)
            pre = self.model.preprocess(context)
            if pre is not None:
                meta = metadata(now(), now(), pre.input_tokens, pre.output_tokens)
                yield from self.traces.pre_processing(
                    pre.prompt, self.model.model_id, pre.raw_response, pre.valid, pre.rationale, meta
                )
                if not pre.valid:
                    yield from self._finish(user_text, pre.answer, steps)
                    return
        yield from self._orchestrate(user_text, steps)

    def _resume(self, pending: PendingTurn, steps: list[Step]) -> Iterator[dict[str, Any]]:
        answer = self.request.results[0] if self.request.results else None
        confirmed = answer is not None and answer.confirmation_state == "CONFIRM"
        if confirmed:
            yield from self._call_action(pending.call, pending.operation, steps, execution="LAMBDA")
        else:
            text = f"The user declined: {pending.operation.operation_id} was not called."
            steps.append(
                Step(pending.call, Observation("DENIED", 403, {"message": text}, text), pending.operation)
            )
            yield self.traces.action_output(self._next_step(), text, metadata(now(), now()))

    def _orchestrate(self, user_text: str, steps: list[Step]) -> Iterator[dict[str, Any]]:
        for _ in range(MAX_STEPS):
            step = self._next_step()
            started = now()
            output = self.model.decide(self._context(user_text, steps))
            yield self.traces.model_input(step, output.prompt, self.model.model_id)
            yield self.traces.model_output(
                step, output.raw_response, metadata(started, now(), output.input_tokens, output.output_tokens)
            )
            decision = output.decision
            if decision.rationale:
                yield self.traces.rationale(step, decision.rationale)
            if isinstance(decision, FinalAnswer):
                yield self.traces.final(step, decision.text, decision.kind, metadata(started, now()))
                yield from self._finish(user_text, decision.text, steps)
                return
            if isinstance(decision, KnowledgeQuery):
                yield from self._lookup(step, decision, steps)
                continue
            yield from self._tool(step, decision, steps, user_text)
            if PENDING in self.session.state:
                return
        yield from self._finish(user_text, GAVE_UP, steps)

    # ------------------------------------------------------------------ steps
    def _next_step(self) -> int:
        self.step_number += 1
        return self.step_number

    def _context(self, user_text: str, steps: list[Step]) -> PlanContext:
        return PlanContext(
            agent=self.agent,
            user_text=user_text,
            history=list(self.session.history),
            steps=steps,
            session_attributes=dict(self.session.session_attributes),
            prompt_session_attributes=dict(self.session.prompt_session_attributes),
            memory=self.session.state.setdefault(MEMORY, {}),
        )

    def _tool(self, step: int, call: ToolCall, steps: list[Step], user_text: str) -> Iterator[dict[str, Any]]:
        try:
            operation = self.agent.operation(call.operation_id)
        except KeyError:
            text = f"There is no operation named {call.operation_id}. Use one of the listed tools."
            steps.append(Step(call, Observation("REPROMPT", 400, {"message": text}, text)))
            yield self.traces.reprompt(step, text)
            return
        if operation.requires_confirmation:
            invocation_id = str(uuid.uuid4())
            yield self.traces.action_input(step, operation, call.arguments, "RETURN_CONTROL", invocation_id)
            self.session.state[PENDING] = PendingTurn(user_text, steps, call, operation, invocation_id)
            yield {"returnControl": self._return_control(invocation_id, operation, call.arguments)}
            return
        yield from self._call_action(call, operation, steps, execution="LAMBDA", step=step)

    def _return_control(
        self, invocation_id: str, operation: Operation, arguments: dict[str, Any]
    ) -> dict[str, Any]:
        api: dict[str, Any] = {
            "actionGroup": operation.group,
            "actionInvocationType": "USER_CONFIRMATION",
            "agentId": self.agent.agent_id,
            "apiPath": operation.path,
            "httpMethod": operation.method,
            "parameters": parameters_list(arguments, operation, "query"),
        }
        body = parameters_list(arguments, operation, "body")
        if body:
            api["requestBody"] = {"content": {"application/json": {"properties": body}}}
        return {"invocationId": invocation_id, "invocationInputs": [{"apiInvocationInput": api}]}

    def _call_action(
        self,
        call: ToolCall,
        operation: Operation,
        steps: list[Step],
        *,
        execution: str,
        step: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        number = step if step is not None else self._next_step()
        yield self.traces.action_input(number, operation, call.arguments, execution)
        started = now()
        try:
            result = self.backend.invokers[self.agent.agent_id].invoke(
                operation,
                call.arguments,
                session_id=self.request.session_id,
                alias_id=self.request.agent.alias_id,
                input_text=self.request.input_text,
                session_attributes=self.session.session_attributes,
                prompt_session_attributes=self.session.prompt_session_attributes,
            )
        except ActionGroupFailure as failure:
            yield self.traces.failure(str(failure), metadata(started, now()))
            raise DependencyFailedError(f"{failure} while handling {operation.operation_id}.") from failure
        if result.session_attributes is not None:
            self.session.session_attributes = dict(result.session_attributes)
        # The downstream (Lambda) request id: the REPORT log line with its duration (and init) names it.
        meta = {**metadata(started, now()), "clientRequestId": result.report.request_id}
        yield self.traces.action_output(number, result.body_text, meta)
        steps.append(
            Step(call, Observation("ACTION_GROUP", result.status, result.body, result.body_text), operation)
        )

    def _lookup(self, step: int, query: KnowledgeQuery, steps: list[Step]) -> Iterator[dict[str, Any]]:
        knowledge_base = self.agent.knowledge_base_id
        if knowledge_base is None or self.backend.retriever is None:
            text = "This agent has no knowledge base."
            steps.append(Step(query, Observation("REPROMPT", 400, {"message": text}, text)))
            yield self.traces.reprompt(step, text)
            return
        yield self.traces.knowledge_input(step, knowledge_base, query.query)
        started = now()
        results = self.backend.retriever.retrieve(query.query, KNOWLEDGE_RESULTS)
        references = retrieved_references(results)
        yield self.traces.knowledge_output(step, references, metadata(started, now()))
        self.references.extend(results)
        steps.append(
            Step(
                query,
                Observation(
                    "KNOWLEDGE_BASE", 200, results, "\n\n".join(r["content"]["text"] for r in results)
                ),
            )
        )

    # ------------------------------------------------------------------ the answer
    def _finish(
        self, user_text: str, text: str, steps: list[Step], guard_output: bool = True
    ) -> Iterator[dict[str, Any]]:
        started = now()
        yield from self.traces.post_processing(
            text, self.model.model_id, metadata(started, now(), estimate_tokens(text), estimate_tokens(text))
        )
        answer = text
        if guard_output:
            checked = self.backend.guardrail.assess(text, "OUTPUT")
            yield self.traces.guardrail(guardrail_trace(checked, self.traces.trace_id("gout")))
            answer = checked.text
            if self.references and not checked.blocked:
                # Contextual grounding of a knowledge-base answer against what was retrieved for it
                # (local_bedrock/guardrail/grounding.py says how the service's check is approximated).
                sources = [str(r["content"]["text"]) for r in self.references]
                grounded = self.backend.guardrail.check_grounding(answer, sources, user_text)
                if grounded is not None and grounded.blocked:
                    yield self.traces.guardrail(guardrail_trace(grounded, self.traces.trace_id("ggr")))
                    answer = grounded.text
        chunk: dict[str, Any] = {"bytes": answer.encode()}
        if self.references and answer == text:
            chunk["attribution"] = {"citations": [citation(answer, cited(answer, self.references))]}
        # The texts are what later prompts use; of the steps only what ran is kept (the observations
        # stay in the traces: a session holds up to max_history turns, and the store 1,000 sessions).
        ran = [getattr(step.decision, "operation_id", type(step.decision).__name__) for step in steps]
        self.session.append(Turn(user_text=user_text, agent_text=answer, details={"steps": ran}))
        yield {"chunk": chunk}
