"""Talk to the local InvokeAgent endpoint through boto3 as one customer, keeping every event seen.

``planted_runtime`` serves the repository's agents over a copy of the repository whose knowledge
base holds one extra, hostile document: what a poisoned data source would look like to the agent.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agent_client.confirmation import confirmation_answers
from agent_client.invoke import closing_stream
from evals.planner.suite import TurnRecord, read_turn
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import build_backend
from local_bedrock.server import RunningEndpoint, running
from local_bedrock.store.seed import SampleData
from local_bedrock.wire import validate_event

AGENT, ALIAS = "ASSISTANT", "TSTALIASID"
RUNTIME_FILES = (
    "agents.json",
    "agent_instructions",
    "openapi",
    "knowledge_base",
    "terraform/guardrail_policy.json",
)


def confirmation(path: str = "/orders", method: str = "POST", state: str = "CONFIRM") -> dict[str, Any]:
    """A returnControlInvocationResults member confirming (or denying) an orders operation."""
    api = {"actionGroup": "orders", "apiPath": path, "httpMethod": method, "confirmationState": state}
    return {"apiResult": api}


@contextmanager
def planted_runtime(data: SampleData, documents: dict[str, str]) -> Iterator[RunningEndpoint]:
    with tempfile.TemporaryDirectory(prefix="planted-kb-") as folder:
        root = Path(folder)
        for name in RUNTIME_FILES:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (REPO_ROOT / name).is_dir():
                shutil.copytree(REPO_ROOT / name, target)
            else:
                shutil.copy(REPO_ROOT / name, target)
        for filename, text in documents.items():
            (root / "knowledge_base" / filename).write_text(text, encoding="utf-8")
        backend, knowledge = build_backend(data, root=root)
        with running(backend, knowledge) as endpoint:
            yield endpoint


class Conversation:
    def __init__(self, endpoint: RunningEndpoint, customer: str) -> None:
        self.client = endpoint.client(retries={"total_max_attempts": 1})
        self.customer = customer
        self.session = f"adv-{uuid.uuid4().hex[:12]}"
        self.events: list[dict[str, Any]] = []
        self.last = TurnRecord()

    def invoke(self, text: str = "", **state: Any) -> TurnRecord:
        session_state = {"sessionAttributes": {"customerId": self.customer}, **state}
        response = self.client.invoke_agent(
            agentId=AGENT,
            agentAliasId=ALIAS,
            sessionId=self.session,
            inputText=text,
            enableTrace=True,
            sessionState=session_state,
        )
        self.last = read_turn(self._kept(response["completion"]))
        return self.last

    def say(self, text: str) -> TurnRecord:
        return self.invoke(text)

    def answer(self, decision: str, **override: Any) -> TurnRecord:
        """Answer the pending confirmation; ``override`` replaces fields of the result."""
        assert self.last.return_control, "nothing to confirm"
        ((member, result),) = confirmation_answers(self.last.return_control, decision)[0].items()
        invocation = override.pop("invocationId", self.last.return_control["invocationId"])
        return self.invoke(
            invocationId=invocation, returnControlInvocationResults=[{member: result | override}]
        )

    def _kept(self, stream: Any) -> Iterator[dict[str, Any]]:
        with closing_stream(stream) as completion:  # closed even when a turn fails
            for event in completion:
                validate_event(event)
                self.events.append(event)
                yield event

    def everything(self) -> str:
        """Every event of the conversation as text: answers, traces, confirmations."""
        return json.dumps(self.events, default=lambda v: v.decode() if isinstance(v, bytes) else str(v))

    def answers(self) -> str:
        return " ".join(e["chunk"]["bytes"].decode() for e in self.events if "chunk" in e)
