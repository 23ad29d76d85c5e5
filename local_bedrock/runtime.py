"""Assemble the local runtime from the repository: agents, guardrail, knowledge base, sample data.

with local_runtime() as runtime:          # moto DynamoDB seeded, endpoint on an ephemeral port
    client = runtime.client()             # boto3 bedrock-agent-runtime pointed at it

The store runs in a process of its own (``local_bedrock.store.served``), each action group in
execution environments of its own (``local_bedrock.agent.environments``); everything reaches the
store over loopback, as on AWS.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from local_bedrock.agent.definition import LOCAL_KNOWLEDGE_BASE_ID, AgentDefinition, load_agents
from local_bedrock.agent.model import Model
from local_bedrock.agent.orchestrator import LocalAgentBackend
from local_bedrock.backend import ResourceNotFoundError
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import MANIFEST, REPO_ROOT
from local_bedrock.planner.intents import camel_words, is_person
from local_bedrock.planner.lexicon import GROUPS
from local_bedrock.planner.planner import OfflinePlanner
from local_bedrock.retriever import Retriever
from local_bedrock.server import RunningEndpoint, running
from local_bedrock.store.sample_cache import cached_sample
from local_bedrock.store.seed import SampleData
from local_bedrock.store.served import StoreProcess, store_process_for

# The action groups log and emit metrics as JSON for CloudWatch; locally that is noise unless asked
# for (export POWERTOOLS_METRICS_DISABLED=false, POWERTOOLS_LOG_LEVEL=INFO to see them).
QUIET_LAMBDAS = {
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "PurchaseAssistant",
}
NO_EMPTY_METRICS_WARNING = "No application metrics to publish"


def quiet_lambdas() -> None:
    """Quiet the action groups run in this process (set before the handlers are imported)."""
    for name, value in QUIET_LAMBDAS.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore", message=NO_EMPTY_METRICS_WARNING)


def lambda_environment(store: Mapping[str, str]) -> dict[str, str]:
    """The environment variables of every action group's function: how to reach the store, and
    Powertools as quiet as ``quiet_lambdas`` unless this process's environment says otherwise."""
    quiet = {name: os.environ.get(name, value) for name, value in QUIET_LAMBDAS.items()}
    warning = f"ignore:{NO_EMPTY_METRICS_WARNING}:UserWarning"
    return {**store, **quiet, "PYTHONWARNINGS": warning}


StoreEnvironment = Mapping[str, str] | Callable[[], Mapping[str, str]]
GUARDRAIL_POLICY = "terraform/guardrail_policy.json"
MANIFEST_NAME = MANIFEST.name
KNOWLEDGE_DIRECTORY = "knowledge_base"
LOCAL_BUCKET = "purchase-assistant-knowledge-local"


class LocalKnowledge:
    """KnowledgeBackend for Retrieve: the one local knowledge base."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def retrieve(
        self, knowledge_base_id: str, query: str, number_of_results: int, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        if knowledge_base_id.rsplit("/", 1)[-1] != LOCAL_KNOWLEDGE_BASE_ID:
            raise ResourceNotFoundError(
                f"Knowledge base {knowledge_base_id} was not found. Local: {LOCAL_KNOWLEDGE_BASE_ID}."
            )
        return self.retriever.retrieve(query, number_of_results, search_type=search_type)


def vocabulary(root: Path, agents: dict[str, AgentDefinition]) -> set[str]:
    """Words the planner's speller may correct towards: documents, instructions, the operations'
    declarations (ids, summaries, descriptions, parameters) and the planner's general lexicon."""
    texts = [p.read_text() for p in sorted((root / KNOWLEDGE_DIRECTORY).glob("*.md"))]
    for agent in agents.values():
        texts.append(agent.instruction)
        for op in agent.operations:
            texts += [op.operation_id, op.summary, op.description]
            texts += [f"{p.name} {p.description}" for p in op.parameters]
    texts += [" ".join(group) for group in GROUPS]
    # Every text is split at its camelCase humps: names are words apart ("purchaseId" is no word a
    # user types), and so are the documents' mixed-case words ("PayPal" gives "pay" and "pal").
    return {w for text in texts for w in re.findall(r"[a-z]{3,}", " ".join(camel_words(text)))}


def person_id_patterns(agents: dict[str, AgentDefinition]) -> set[str]:
    """The formats of people's ids, as the schemas declare them (parameters naming a person)."""
    return {
        str(p.schema["pattern"])
        for agent in agents.values()
        for op in agent.operations
        for p in op.parameters
        if is_person(p) and "pattern" in p.schema
    }


def offline_model_factory(
    root: Path,
    agents: dict[str, AgentDefinition],
    sample: SampleData,
    today: Callable[[], date] | None = None,
) -> Any:
    """The offline planner for `root`'s agents; ``today``: the date it resolves "last month" against
    (default: the clock)."""
    words = vocabulary(root, agents)
    names = [p.name for p in sample.catalog]
    people = person_id_patterns(agents)
    directory = root / KNOWLEDGE_DIRECTORY
    dated = {"today": today} if today else {}
    return lambda _agent: OfflinePlanner(
        catalog_names=names,
        vocabulary=words,
        person_id_patterns=people,
        knowledge_directory=directory,
        **dated,
    )


ModelFactory = Callable[[AgentDefinition], Model]


def warm(root: Path = REPO_ROOT) -> None:
    """Build what a start keeps under the local runtime's cache (the sample data, the word list, the
    vectors of the retriever's chunks, of the planner's passages and of every agent's declarations),
    so processes started after it read them instead of each encoding them at once (`make test`
    starts several)."""
    from local_bedrock.planner import meaning
    from local_bedrock.store.sample_cache import cached_sample

    sample, _ = cached_sample()
    agents = load_agents(root, root / MANIFEST_NAME)
    Retriever.from_directory(root / KNOWLEDGE_DIRECTORY, bucket=LOCAL_BUCKET)
    factory = offline_model_factory(root, agents, sample)
    for agent in agents.values():
        factory(agent)
        meaning.keep_operations(agent)


def build_backend(
    sample: SampleData,
    root: Path = REPO_ROOT,
    model: str | ModelFactory = "offline",
    store: StoreEnvironment | None = None,
    guardrail_policy: Path | None = None,
) -> tuple[LocalAgentBackend, LocalKnowledge]:
    """The agents of `root` (its agents.json and the files it names, its knowledge_base/) over
    ``sample``, behind the guardrail policy file (default: the repository's,
    `root`/terraform/guardrail_policy.json). ``model``: "offline" (the planner), "bedrock" (Converse
    from the environment), or a factory. ``store``: the environment that reaches a served store, for
    the action groups' execution environments; None runs them in this process (an in-process store).
    A callable is called last, so a store process still loading its data overlaps this work."""
    agents = load_agents(root, root / MANIFEST_NAME)
    guardrail = GuardrailEngine.from_policy_file(guardrail_policy or root / GUARDRAIL_POLICY)
    retriever = Retriever.from_directory(root / KNOWLEDGE_DIRECTORY, bucket=LOCAL_BUCKET)
    if callable(model):
        factory = model
    elif model == "bedrock":
        factory = bedrock_model_factory()
    else:
        factory = offline_model_factory(root, agents, sample)
    reached = store() if callable(store) else store
    functions = lambda_environment(reached) if reached is not None else None
    backend = LocalAgentBackend(agents, factory, guardrail, retriever, lambda_environment=functions)
    return backend, LocalKnowledge(retriever)


def bedrock_model_factory() -> Any:
    from local_bedrock.agent.converse import converse_model_from_environment

    def make(_agent: AgentDefinition) -> Model:
        model = converse_model_from_environment()
        if model is None:
            raise SystemExit(
                "No AWS credentials found: use the offline planner (the default) or configure AWS."
            )
        return model

    return make


@dataclass(frozen=True)
class LocalRuntime:
    endpoint: RunningEndpoint
    sample: SampleData
    backend: LocalAgentBackend

    @property
    def url(self) -> str:
        return self.endpoint.url

    def client(self, **config: Any) -> Any:
        return self.endpoint.client(**config)


@contextmanager
def endpoint_for(
    data: SampleData,
    port: int = 0,
    model: str | ModelFactory = "offline",
    store: StoreEnvironment | None = None,
    root: Path = REPO_ROOT,
    guardrail_policy: Path | None = None,
    today: Callable[[], date] | None = None,
) -> Iterator[LocalRuntime]:
    """The endpoint over an already running local store holding `data` (see ``build_backend``),
    serving `root`'s agents; ``today``: the offline planner's date (default: the clock)."""
    if model == "offline" and today is not None:
        agents = load_agents(root, root / MANIFEST_NAME)
        factory: str | ModelFactory = offline_model_factory(root, agents, data, today)
    else:
        factory = model
    backend, knowledge = build_backend(
        data, root=root, model=factory, store=store, guardrail_policy=guardrail_policy
    )
    try:
        with running(backend, knowledge, port=port) as endpoint:
            yield LocalRuntime(endpoint, data, backend)
    finally:
        backend.close()


@contextmanager
def served_sample(sample: SampleData | None = None) -> Iterator[tuple[StoreProcess, SampleData]]:
    """A store process holding ``sample``, or the standard sample data from the cache (generated once
    per content, ``local_bedrock.store.sample_cache``)."""
    if sample is None:
        data, items = cached_sample()
        with StoreProcess(items) as store:
            yield store, data
    else:
        with store_process_for(sample) as store:
            yield store, sample


@contextmanager
def local_runtime(
    port: int = 0, model: str | ModelFactory = "offline", sample: SampleData | None = None
) -> Iterator[LocalRuntime]:
    """A local store seeded with `sample` (default: the standard sample data) and the endpoint."""
    with (
        served_sample(sample) as (store, data),
        endpoint_for(data, port, model, store.environment()) as runtime,
    ):
        yield runtime
