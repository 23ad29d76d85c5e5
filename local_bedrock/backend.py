"""What the endpoint hands to the agent runtime, and what it expects back.

The HTTP endpoint (``server.py``) owns the wire protocol, validation and sessions; an
``AgentBackend`` owns everything an agent does in a turn. The endpoint calls::

    agent = backend.resolve_agent(agent_id, alias_id)      # or raise ResourceNotFoundError
    for event in backend.invoke(request, session):        # request: InvokeRequest
        ...                                              # each event: one ResponseStream member

Events are plain dicts keyed by a ResponseStream member name of botocore's ``bedrock-agent-runtime``
model, exactly as boto3 would hand them to a client (``bytes`` as ``bytes``, timestamps as
``datetime``)::

    {"chunk": {"bytes": b"Hello", "attribution": {...}}}
    {"trace": {"agentId": ..., "sessionId": ..., "trace": {"orchestrationTrace": {...}}}}
    {"returnControl": {"invocationId": "...", "invocationInputs": [{"apiInvocationInput": {...}}]}}

Raising one of the ``ApiError`` subclasses below, before the first event, makes the endpoint answer
with that API error (HTTP status from the model); after the first event it becomes an event-stream
exception message, which boto3 raises as ``EventStreamError``. Any other exception becomes
``InternalServerException``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from local_bedrock.sessions import PendingInvocation, Session

# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    """An error of the bedrock-agent-runtime API; ``code`` is the modeled error shape name.

    Subclass it for any other modeled error (e.g. ``code = "ServiceQuotaExceededException"``): the
    HTTP status and event-stream member are looked up from the model by ``code``.
    """

    code: ClassVar[str] = "InternalServerException"
    status: ClassVar[int | None] = None  # None: the model's httpStatusCode for ``code``

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailedError(ApiError):
    code = "ValidationException"


class ResourceNotFoundError(ApiError):
    code = "ResourceNotFoundException"


class AccessDeniedError(ApiError):
    code = "AccessDeniedException"
    status = 403  # also for services whose model does not list it (IAM denials are never modeled per call)


class ConflictError(ApiError):
    code = "ConflictException"


class ThrottlingError(ApiError):
    code = "ThrottlingException"


class DependencyFailedError(ApiError):
    """An action group's handler failed (the service's ``dependencyFailedException``)."""

    code = "DependencyFailedException"


class InternalServerError(ApiError):
    code = "InternalServerException"


# --------------------------------------------------------------------------- request types


class _AwsModel(BaseModel):
    """Python names, AWS (camelCase) aliases: ``Model.model_validate(aws_dict)`` just works."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class AgentRef(_AwsModel):
    """An agent alias the backend serves."""

    agent_id: str
    alias_id: str
    agent_name: str
    agent_version: str = "DRAFT"
    idle_session_ttl_seconds: int | None = Field(default=None, ge=60, le=3600)


class InvocationResult(_AwsModel):
    """One ``returnControlInvocationResults`` member (``apiResult`` or ``functionResult``)."""

    kind: Literal["apiResult", "functionResult"]
    action_group: str
    agent_id: str | None = None
    api_path: str | None = None
    http_method: str | None = None
    function: str | None = None
    confirmation_state: Literal["CONFIRM", "DENY"] | None = None
    http_status_code: int | None = None
    response_body: dict[str, Any] | None = None
    response_state: Literal["FAILURE", "REPROMPT"] | None = None

    @classmethod
    def from_member(cls, member: dict[str, Any]) -> InvocationResult:
        ((kind, body),) = member.items()
        return cls.model_validate({**body, "kind": kind})


class InvokeRequest(_AwsModel):
    """A validated InvokeAgent call, as the backend sees it.

    ``session_attributes`` / ``prompt_session_attributes`` are what the caller sent this turn; the
    effective values (merged with earlier turns) are on the ``Session``. ``resumed`` is the
    return-control invocation the caller is answering (its ``invocation_id`` matched), with the
    inputs the agent asked for; ``results`` are the caller's answers (``confirmation_state``
    CONFIRM/DENY for confirmations). ``params`` holds the full validated request in AWS names.
    """

    agent: AgentRef
    session_id: str
    input_text: str
    enable_trace: bool = False
    end_session: bool = False
    memory_id: str | None = None
    source_arn: str | None = None
    session_attributes: dict[str, str] = Field(default_factory=dict)
    prompt_session_attributes: dict[str, str] = Field(default_factory=dict)
    results: tuple[InvocationResult, ...] = ()
    resumed: PendingInvocation | None = None
    params: dict[str, Any] = Field(default_factory=dict)


# --------------------------------------------------------------------------- protocols


class AgentBackend(Protocol):
    """The agent runtime (planner, action groups, guardrails, traces) behind InvokeAgent."""

    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        """The agent alias, or raise ``ResourceNotFoundError``."""
        ...

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        """Run one turn, yielding ResponseStream members as they are produced.

        The session is exclusively the caller's during the turn: read and update
        ``session.session_attributes``, append to ``session.history``, keep private state in
        ``session.state``. A yielded ``returnControl`` event is recorded by the endpoint as the
        session's pending invocation. ``trace`` events may always be yielded: the endpoint passes
        them on only when the caller set ``enableTrace``.
        """
        ...


class KnowledgeBackend(Protocol):
    """The retriever behind Retrieve."""

    def retrieve(
        self, knowledge_base_id: str, query: str, number_of_results: int, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        """``KnowledgeBaseRetrievalResult`` dicts, best first; ``ResourceNotFoundError`` if unknown.
        ``search_type`` is the request's ``overrideSearchType`` (HYBRID | SEMANTIC), None when absent."""
        ...
