"""The operations behind the HTTP server: InvokeAgent and Retrieve, independent of the transport.

``Endpoint.handle(method, path, headers, body)`` returns a ``Reply``: a plain body, or an iterator of
event-stream messages for InvokeAgent. ``server.py`` puts it on the wire; the benchmark and tests can
call it directly.

InvokeAgent, step by step: validate the request against the model, reject empty ``inputText`` (unless
return-control results or ``endSession`` are sent), resolve the agent alias (``ResourceNotFound``),
take a concurrency slot (``Throttling``), check the session out (``Conflict`` if a turn of the same
session is running), match ``returnControlInvocationResults`` to the pending invocation
(``Validation`` otherwise), apply ``sessionState``, then pull the backend's first event *before*
answering, so errors raised up front become real HTTP errors; later errors become event-stream
exception messages.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel
from pydantic import BaseModel, ConfigDict, Field

from local_bedrock import eventstream, wire
from local_bedrock.backend import (
    AgentBackend,
    AgentRef,
    ApiError,
    ConflictError,
    InternalServerError,
    InvocationResult,
    InvokeRequest,
    KnowledgeBackend,
    ResourceNotFoundError,
    ThrottlingError,
    ValidationFailedError,
)
from local_bedrock.sessions import PendingInvocation, Session, SessionBusy, SessionKey, SessionStore

log = logging.getLogger(__name__)

DEFAULT_NUMBER_OF_RESULTS = 5  # the service's default for Retrieve


class EndpointConfig(BaseModel):
    """Tunables of the local endpoint."""

    model_config = ConfigDict(frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    max_concurrent_turns: int = Field(default=32, ge=1)
    validate_events: bool = True
    idle_ttl_seconds: float = Field(default=600.0, gt=0)
    max_sessions: int = Field(default=1000, ge=1)
    # Connections open at once; the next one gets a 429 ThrottlingException and is closed.
    max_connections: int = Field(default=128, ge=1)
    # A connection must deliver a whole request within this many seconds of connecting or of its
    # previous answer (keep-alive idle time included); trickling bytes does not extend it.
    request_read_seconds: float = Field(default=60.0, gt=0)


class TurnStream(Iterator[bytes]):
    """The event-stream messages of one turn. ``close()`` always ends the turn (closes the backend's
    generator, releases the session and the concurrency slot), even if it was never iterated."""

    def __init__(self, messages: Generator[bytes, None, None], turn: ExitStack) -> None:
        self._messages = messages
        self._turn = turn

    def __next__(self) -> bytes:
        return next(self._messages)

    def close(self) -> None:
        self._messages.close()
        self._turn.close()


@dataclass
class Reply:
    """An HTTP answer: ``body``, or ``stream`` (sent with chunked transfer encoding, then closed)."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    stream: TurnStream | None = field(default=None)


def error_reply(code: str, message: str) -> Reply:
    status, headers, body = wire.error_response(code, message)
    return Reply(status, headers, body)


def _answers(result: InvocationResult, asked: Mapping[str, Any]) -> bool:
    """Whether a caller's result answers this invocation input the agent emitted.

    The action group must match; apiPath/httpMethod (API results) or function (function results)
    must match when the caller sends them.
    """
    if result.kind == "apiResult":
        compared = {
            "actionGroup": result.action_group,
            "apiPath": result.api_path,
            "httpMethod": result.http_method,
        }
        emitted = asked.get("apiInvocationInput") or {}
    else:
        compared = {"actionGroup": result.action_group, "function": result.function}
        emitted = asked.get("functionInvocationInput") or {}
    return bool(emitted) and all(
        value is None or emitted.get(name) == value for name, value in compared.items()
    )


def _resume(
    session: Session, state: Mapping[str, Any], results: list[InvocationResult]
) -> PendingInvocation | None:
    """The pending invocation these results answer; abandon it if the caller moved on."""
    if not results:
        session.take_pending()
        return None
    pending = session.pending
    if pending is None:
        raise ValidationFailedError("There is no pending return-control invocation in this session.")
    if state.get("invocationId") != pending.invocation_id:
        raise ValidationFailedError(
            f"sessionState.invocationId {state.get('invocationId')!r} does not match the pending "
            f"invocation {pending.invocation_id!r}."
        )
    for result in results:
        if not any(_answers(result, asked) for asked in pending.invocation_inputs):
            raise ValidationFailedError(
                f"The result for action group {result.action_group!r} does not answer any input of "
                f"invocation {pending.invocation_id!r}."
            )
    return session.take_pending()


class Endpoint:
    """bedrock-agent-runtime operations over an ``AgentBackend`` and a ``KnowledgeBackend``."""

    def __init__(
        self,
        backend: AgentBackend,
        knowledge: KnowledgeBackend | None = None,
        config: EndpointConfig | None = None,
        store: SessionStore | None = None,
    ) -> None:
        self.backend = backend
        self.knowledge = knowledge
        self.config = config or EndpointConfig()
        self.store = store or SessionStore(
            idle_ttl_seconds=self.config.idle_ttl_seconds, max_sessions=self.config.max_sessions
        )
        self._slots = threading.BoundedSemaphore(self.config.max_concurrent_turns)
        self._operations: dict[str, Callable[[OperationModel, dict[str, Any]], Reply]] = {
            "InvokeAgent": self._invoke_agent,
            "Retrieve": self._retrieve,
        }

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request; never raises. ``headers`` are keyed in lower case."""
        try:
            reply = self._route(method, path, headers, body)
        except ApiError as exc:
            reply = error_reply(exc.code, exc.message)
        except Exception:
            log.exception("unhandled error serving %s %s", method, path)
            reply = error_reply(InternalServerError.code, "The local runtime failed; see its log.")
        reply.headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
        return reply

    def _route(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Reply:
        route = wire.match_route(method, path)
        if route is None:
            return error_reply(wire.UNKNOWN_OPERATION, f"Unknown operation {method} {path}")
        op, labels = route
        operation = self._operations.get(op.name)
        if operation is None:
            message = f"{op.name} is not implemented by the local runtime"
            return error_reply(wire.UNKNOWN_OPERATION, message)
        params = wire.request_params(op, labels, headers, body)
        wire.validate_request(op, params)
        return operation(op, params)

    # ----------------------------------------------------------------------- InvokeAgent

    def _invoke_agent(self, op: OperationModel, params: dict[str, Any]) -> Reply:
        state: dict[str, Any] = params.get("sessionState", {})
        results = [InvocationResult.from_member(m) for m in state.get("returnControlInvocationResults", [])]
        input_text: str = params.get("inputText", "")
        end_session = bool(params.get("endSession", False))
        if not results and not input_text.strip() and not end_session:
            raise ValidationFailedError(
                "inputText must not be empty unless sessionState.returnControlInvocationResults is given."
            )
        headers = {"Content-Type": eventstream.CONTENT_TYPE}
        headers |= wire.output_headers(
            op,
            {
                "contentType": "application/json",
                "sessionId": params["sessionId"],
                "memoryId": params.get("memoryId"),
            },
        )
        agent = self.backend.resolve_agent(params["agentId"], params["agentAliasId"])
        if not self._slots.acquire(blocking=False):
            raise ThrottlingError("Too many InvokeAgent requests in progress; retry later.")
        turn = ExitStack()
        try:
            turn.callback(self._slots.release)
            session = self._checkout(turn, agent, params)
            request = InvokeRequest(
                agent=agent,
                session_id=params["sessionId"],
                input_text=input_text,
                enable_trace=bool(params.get("enableTrace", False)),
                end_session=end_session,
                memory_id=params.get("memoryId"),
                source_arn=params.get("sourceArn"),
                session_attributes=state.get("sessionAttributes", {}),
                prompt_session_attributes=state.get("promptSessionAttributes", {}),
                results=tuple(results),
                resumed=_resume(session, state, results),
                params=params,
            )
            session.begin_turn(request.session_attributes, request.prompt_session_attributes)
            session.ending = end_session
            events = self._events(request, session) if input_text.strip() or results else iter(())
            turn.callback(getattr(events, "close", lambda: None))  # closed first: LIFO
            first = next(events, None)
            head = b"" if first is None else wire.encode_event(first)
        except BaseException:
            turn.close()
            raise
        return Reply(200, headers, stream=TurnStream(self._stream(head, events, turn), turn))

    def _checkout(self, turn: ExitStack, agent: AgentRef, params: Mapping[str, Any]) -> Session:
        key = SessionKey(agent.agent_id, agent.alias_id, params["sessionId"])
        try:
            return turn.enter_context(
                self.store.checkout(
                    key, idle_ttl_seconds=agent.idle_session_ttl_seconds, memory_id=params.get("memoryId")
                )
            )
        except SessionBusy as exc:
            raise ConflictError(f"{exc}; wait for it to finish.") from None

    def _events(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        """The backend's events: traces dropped unless ``enableTrace``, every event sent checked
        against the model (``validate_events``), and a ``returnControl`` recorded as the session's
        pending invocation (with an ``invocationId`` generated if the backend left it out).

        Traces are dropped before the check: it vouches for the stream the caller reads, and checking
        the traces nobody asked for was a quarter of a read turn's work (docs/performance.md)."""
        for event in self.backend.invoke(request, session):
            if "trace" in event and not request.enable_trace:
                continue  # backends may always trace; callers only see traces they asked for
            if self.config.validate_events:
                errors = wire.event_errors(event)
                if errors:
                    log.error("backend emitted an invalid event: %s", "; ".join(errors))
                    raise InternalServerError("The agent emitted an invalid event: " + "; ".join(errors))
            control = event.get("returnControl")
            if control is None:
                yield event
                continue
            control = {**control, "invocationId": control.get("invocationId") or str(uuid.uuid4())}
            session.pending = PendingInvocation(
                invocation_id=control["invocationId"],
                invocation_inputs=tuple(control.get("invocationInputs", ())),
            )
            yield {"returnControl": control}

    @staticmethod
    def _stream(
        head: bytes, events: Iterator[dict[str, Any]], turn: ExitStack
    ) -> Generator[bytes, None, None]:
        try:
            if head:
                yield head
            for event in events:
                yield wire.encode_event(event)
        except ApiError as exc:
            yield wire.exception_event(exc)
        except Exception:
            log.exception("agent turn failed mid-stream")
            yield wire.exception_event(InternalServerError("The agent failed; see the local runtime log."))
        finally:
            turn.close()  # closes the backend's generator, ends the turn, frees the slot

    # ----------------------------------------------------------------------- Retrieve

    def _retrieve(self, op: OperationModel, params: dict[str, Any]) -> Reply:
        knowledge_base_id = str(params["knowledgeBaseId"]).rsplit("/", 1)[-1]
        if self.knowledge is None:
            raise ResourceNotFoundError(f"Knowledge base {knowledge_base_id} not found.")
        query = params["retrievalQuery"]
        text = query.get("text")
        if query.get("type", "TEXT") != "TEXT" or not text or not text.strip():
            raise ValidationFailedError("retrievalQuery.text must be a non-empty text query.")
        vector = params.get("retrievalConfiguration", {}).get("vectorSearchConfiguration", {})
        number = int(vector.get("numberOfResults", DEFAULT_NUMBER_OF_RESULTS))
        # KnowledgeBaseVectorSearchConfiguration.overrideSearchType (botocore bedrock-agent-runtime
        # service model, SearchType HYBRID | SEMANTIC): a value outside the enum was refused above by
        # validate_request, as the service refuses it (ValidationException).
        search_type = vector.get("overrideSearchType")
        output = {"retrievalResults": self.knowledge.retrieve(knowledge_base_id, text, number, search_type)}
        if self.config.validate_events:
            errors = wire.output_errors(op, output)
            if errors:
                raise InternalServerError("The retriever returned an invalid result: " + "; ".join(errors))
        return Reply(200, {"Content-Type": "application/json"}, body=wire.output_body(op, output))
