"""The offline planner of an agent directory, built once per test process and asked one message at a
time with no history, and a suite's agents asked cases one after another over a fresh runtime: what
the planner's capability tests call (issue 14)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from evals.planner.suite import CaseResult, run_case, suite_header, suite_runtime
from local_bedrock.agent.definition import AgentDefinition, load_agents
from local_bedrock.agent.model import PlanContext
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import steps
from local_bedrock.planner.planner import OfflinePlanner
from local_bedrock.runtime import MANIFEST_NAME, offline_model_factory
from local_bedrock.store.seed import SampleData, generate
from tests.library_agent import handler as library_handler

LIBRARY = REPO_ROOT / "tests" / "library_agent"


@cache
def agents(root: Path = REPO_ROOT) -> dict[str, AgentDefinition]:
    return load_agents(root, root / MANIFEST_NAME)


@cache
def planner(root: Path = REPO_ROOT, today: date | None = None) -> OfflinePlanner:
    """The repository's agents plan over the sample data; another directory's handlers keep their own.
    ``today`` fixes the date relative dates resolve against (None: the clock)."""
    sample = generate() if root == REPO_ROOT else SampleData(catalog=[], customers=[])
    clock = None if today is None else (lambda: today)
    built: OfflinePlanner = offline_model_factory(root, agents(root), sample, clock)(None)
    return built


def context(text: str, agent: str, root: Path = REPO_ROOT) -> PlanContext:
    """The first turn of a new session: ``text`` and nothing before it."""
    return PlanContext(agents(root)[agent], text, [], [], {}, {})


def first_step(text: str, agent: str, root: Path = REPO_ROOT, today: date | None = None) -> dict[str, Any]:
    return steps.describe(planner(root, today).decide(context(text, agent, root)).decision)


def tool(text: str, agent: str, root: Path = REPO_ROOT, today: date | None = None) -> str | None:
    """The operation (or "knowledge_base") the first step calls, None when it calls nothing."""
    action = first_step(text, agent, root, today).get("action")
    return action["tool"] if action else None


Case = Callable[..., CaseResult]


@contextmanager
def suite_cases(path: Path) -> Iterator[Case]:
    """``case(say, expect, before=())`` runs one case of ``path``'s agents, as its suite would, on one
    runtime for the whole block (the library handler's data reset first, as the suite gates do)."""
    library_handler.reset()
    header = suite_header(path)
    with suite_runtime(path) as runtime:
        client = runtime.client()

        def case(
            say: str,
            expect: dict[str, Any],
            before: Iterable[str] = (),
            customer: str | None = None,
            agent: str | None = None,
        ) -> CaseResult:
            chosen = {"customer": customer} if customer else {}
            chosen |= {"agent": agent} if agent else {}
            return run_case(
                client, {"id": "t", "before": list(before), "say": say, "expect": expect, **chosen}, header
            )

        yield case
