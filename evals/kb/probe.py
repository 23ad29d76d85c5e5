"""Ask the target: Retrieve for the passages, InvokeAgent for the answer. Same code for both targets.

Retrieve is ``bedrock-agent-runtime`` ``retrieve`` (the local endpoint serves it too); the answer is
one InvokeAgent turn with the trace on, read from botocore's ResponseStream shapes:
``chunk.bytes`` (the text), ``chunk.attribution.citations[]`` (``generatedResponsePart`` span and
``retrievedReferences``), ``trace.orchestrationTrace.observation.knowledgeBaseLookupOutput``
(what the agent retrieved) and ``trace.guardrailTrace.action``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from agent_client.invoke import closing_stream
from evals.runner.retry import RetryPolicy


@dataclass(frozen=True)
class KbTarget:
    """Where the knowledge base and the agent that answers from it are."""

    kind: str  # local | aws
    region: str
    knowledge_base_id: str
    agent_id: str
    alias_id: str
    endpoint_url: str | None = None
    session_attributes: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        where = self.endpoint_url or f"AWS {self.region}"
        return f"{where}, knowledge base {self.knowledge_base_id}, agent {self.agent_id}/{self.alias_id}"


@dataclass(frozen=True)
class Citation:
    span: str  # the generated text the citation attributes to its references
    documents: tuple[str, ...]  # S3 URIs of the cited references, in order


@dataclass
class Answer:
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[dict[str, Any]] = field(default_factory=list)  # RetrievedReference items
    guardrail: str = "NONE"
    retries: int = 0


def retrieve(
    client: Any, target: KbTarget, question: str, k: int, retry: RetryPolicy
) -> list[dict[str, Any]]:
    """The top-k ``retrievalResults`` for ``question``."""

    def call() -> Any:
        return client.retrieve(
            knowledgeBaseId=target.knowledge_base_id,
            retrievalQuery={"text": question},
            retrievalConfiguration={"vectorSearchConfiguration": {"numberOfResults": k}},
        )

    response, _ = retry.call(call)
    return list(response.get("retrievalResults", []))


def _uri(reference: dict[str, Any]) -> str:
    return str(reference.get("location", {}).get("s3Location", {}).get("uri", ""))


def fold(events: Any, answer: Answer) -> Answer:
    """Read one InvokeAgent completion stream into ``answer``."""
    for event in events:
        if "chunk" in event:
            chunk = event["chunk"]
            raw = chunk.get("bytes", b"")
            answer.text += raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            for cited in chunk.get("attribution", {}).get("citations", []):
                span = cited.get("generatedResponsePart", {}).get("textResponsePart", {}).get("text", "")
                uris = tuple(_uri(r) for r in cited.get("retrievedReferences", []))
                answer.citations.append(Citation(str(span), uris))
        elif "trace" in event:
            trace = event["trace"].get("trace", {})
            if "guardrailTrace" in trace and trace["guardrailTrace"].get("action") == "INTERVENED":
                answer.guardrail = "INTERVENED"
            observation = trace.get("orchestrationTrace", {}).get("observation", {})
            lookup = observation.get("knowledgeBaseLookupOutput", {})
            answer.retrieved.extend(lookup.get("retrievedReferences", []))
    return answer


def ask(client: Any, target: KbTarget, question: str, retry: RetryPolicy) -> Answer:
    """One InvokeAgent turn in a fresh session; the whole stream is read inside the retry."""

    def call() -> Answer:
        response = client.invoke_agent(
            agentId=target.agent_id,
            agentAliasId=target.alias_id,
            sessionId=f"kbeval-{uuid.uuid4().hex}",
            inputText=question,
            enableTrace=True,
            sessionState={"sessionAttributes": dict(target.session_attributes)},
        )
        with closing_stream(response["completion"]) as completion:
            return fold(completion, Answer())

    answer, retries = retry.call(call)
    answer.retries = retries
    return answer
