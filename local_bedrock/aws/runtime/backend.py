"""InvokeAgent and Retrieve over what the local control plane holds.

``AppliedRuntime`` is an ``AgentBackend`` and a ``KnowledgeBackend`` for ``local_bedrock.server``:
an agent id and alias id resolve to the version the alias routes to (TSTALIASID: the DRAFT as last
prepared), and a turn runs that version's snapshot with the repository's orchestrator: its
instruction, its action groups' OpenAPI payloads and Lambda handlers (from the uploaded zip), its
guardrail version's policy and its knowledge base's ingested documents. A new prepare, version,
alias routing or ingestion is picked up on the next turn; nothing is read from the repository files
except what stands in for the foundation model (the offline planner's vocabulary).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.agent.orchestrator import LocalAgentBackend
from local_bedrock.aws.bedrock.service import BedrockService
from local_bedrock.aws.bedrock_agent.knowledge import KnowledgeBase
from local_bedrock.aws.bedrock_agent.resources import DRAFT, TEST_ALIAS_ID, Snapshot
from local_bedrock.aws.bedrock_agent.service import BedrockAgentService
from local_bedrock.aws.errors import ServiceError
from local_bedrock.aws.runtime.applied_agent import NO_GUARDRAIL, applied_agent
from local_bedrock.aws.runtime.knowledge import knowledge_retriever
from local_bedrock.aws.runtime.lambda_code import LambdaCode
from local_bedrock.backend import AgentRef, InvokeRequest, ResourceNotFoundError, ValidationFailedError
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.guardrail.policy import GuardrailPolicy
from local_bedrock.retriever import Retriever
from local_bedrock.sessions import Session

ModelFactory = Callable[[dict[str, AgentDefinition]], Callable[[AgentDefinition], Any]]


def _fingerprint(kb: KnowledgeBase | None) -> str:
    if kb is None:
        return ""
    digest = hashlib.sha256()
    for source_id in sorted(kb.data_sources):
        for key, content in sorted(kb.data_sources[source_id].documents.items()):
            digest.update(f"{source_id}/{key}/{len(content)}".encode())
            digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


class AppliedRuntime:
    def __init__(
        self,
        agents: BedrockAgentService,
        guardrails: BedrockService,
        lambdas: LambdaCode,
        models: ModelFactory,
    ) -> None:
        self.agents = agents
        self.guardrails = guardrails
        self.lambdas = lambdas
        self.models = models
        self._lock = threading.Lock()
        self._backends: dict[tuple[str, str], tuple[Snapshot, str, LocalAgentBackend]] = {}
        self._retrievers: dict[str, tuple[str, Retriever | None]] = {}

    # ------------------------------------------------------------------ resolution
    def _resolve(self, agent_id: str, alias_id: str) -> tuple[AgentRef, Snapshot]:
        with self.agents.lock:
            agent = self.agents.state.agents.get(agent_id)
            if agent is None or agent.status in ("DELETED", "DELETING"):
                raise ResourceNotFoundError(f"Agent {agent_id} was not found.")
            if alias_id == TEST_ALIAS_ID:
                version, snapshot = DRAFT, agent.prepared
                if snapshot is None:
                    raise ValidationFailedError(
                        f"Agent {agent_id} has not been prepared: call PrepareAgent first."
                    )
            else:
                alias = agent.aliases.get(alias_id)
                if alias is None or alias.lifecycle.settle() in ("DELETED", "DELETING"):
                    raise ResourceNotFoundError(f"Alias {alias_id} of agent {agent_id} was not found.")
                version = alias.version
                stored = agent.versions.get(version)
                if stored is None:
                    raise ResourceNotFoundError(f"Version {version} of agent {agent_id} was not found.")
                snapshot = stored.snapshot
            ttl = int(snapshot.settings.get("idleSessionTTLInSeconds", 600))
            ref = AgentRef(
                agent_id=agent_id,
                alias_id=alias_id,
                agent_name=str(snapshot.settings["agentName"]),
                agent_version=version,
                idle_session_ttl_seconds=ttl,
            )
            return ref, snapshot

    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        return self._resolve(agent_id, alias_id)[0]

    # ------------------------------------------------------------------ turns
    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        ref, snapshot = self._resolve(request.agent.agent_id, request.agent.alias_id)
        yield from self._backend(ref, snapshot).invoke(request, session)

    def _backend(self, ref: AgentRef, snapshot: Snapshot) -> LocalAgentBackend:
        key = (ref.agent_id, ref.agent_version)
        bases = [
            k["knowledgeBaseId"] for k in snapshot.knowledge_bases if k.get("knowledgeBaseState") == "ENABLED"
        ]
        with self._lock:
            with self.agents.lock:
                kb = self.agents.state.knowledge_bases.get(bases[0]) if bases else None
                documents = _fingerprint(kb)
            cached = self._backends.get(key)
            if cached and cached[0] is snapshot and cached[1] == documents:
                return cached[2]
            try:
                with self.agents.lock:
                    applied = applied_agent(ref.agent_id, snapshot, self.lambdas)
                    retriever = self._retriever(kb) if kb else None
            except ServiceError as error:
                raise ValidationFailedError(
                    f"Agent {ref.agent_id} version {ref.agent_version}: {error.message}"
                ) from None
            self.lambdas.activate(applied.functions)
            definition = applied.definition
            backend = LocalAgentBackend(
                {definition.name: definition},
                self.models({definition.name: definition}),
                GuardrailEngine(self._policy(applied.guardrail)),
                retriever,
            )
            self._backends[key] = (snapshot, documents, backend)
            return backend

    def _policy(self, guardrail: tuple[str, str] | None) -> GuardrailPolicy:
        if guardrail is None:
            return NO_GUARDRAIL
        with self.guardrails.lock:
            try:
                policy = self.guardrails.policy(*guardrail)
            except ServiceError as error:
                raise ValidationFailedError(
                    f"The agent's guardrail {guardrail[0]} version {guardrail[1]}: {error.message}"
                ) from None
        return GuardrailPolicy.model_validate(policy)

    # ------------------------------------------------------------------ Retrieve
    def _retriever(self, kb: KnowledgeBase) -> Retriever | None:
        fingerprint = _fingerprint(kb)
        cached = self._retrievers.get(kb.knowledge_base_id)
        if cached is None or cached[0] != fingerprint:
            cached = (fingerprint, knowledge_retriever(kb))
            self._retrievers[kb.knowledge_base_id] = cached
        return cached[1]

    def retrieve(
        self, knowledge_base_id: str, query: str, number_of_results: int, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        kb_id = knowledge_base_id.rsplit("/", 1)[-1]
        with self._lock, self.agents.lock:
            kb = self.agents.state.knowledge_bases.get(kb_id)
            if kb is None or kb.lifecycle.settle() in ("DELETED", "DELETING"):
                raise ResourceNotFoundError(f"Knowledge base {kb_id} was not found.")
            retriever = self._retriever(kb)
        return retriever.retrieve(query, number_of_results, search_type=search_type) if retriever else []
