"""Contextual grounding check: scores, the policy file, and knowledge-base answers blocked or passed."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from typing import Any

import boto3
import pytest
from guardrail_fixtures import KNOWLEDGE_BASE, POLICY_FILE
from pydantic import ValidationError

from local_bedrock.agent.definition import LOCAL_ALIASES, load_agents
from local_bedrock.agent.model import FinalAnswer, ModelOutput, PlanContext
from local_bedrock.agent.orchestrator import LocalAgentBackend
from local_bedrock.guardrail import GuardrailEngine, grounding
from local_bedrock.guardrail.policy import GuardrailPolicy
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner.planner import OfflinePlanner
from local_bedrock.retriever import Retriever
from local_bedrock.runtime import LocalKnowledge
from local_bedrock.server import running

ENGINE = GuardrailEngine.from_policy_file(POLICY_FILE)
WINDOW = (
    "Returns and refunds > Return window\n\nMost items can be returned within 30 days of delivery. "
    "The delivery date shown in your order history starts the clock, not the order date."
)


def test_the_policy_file_declares_grounding_and_relevance_filters() -> None:
    filters = {f.type: f for f in ENGINE.policy.contextualGroundingPolicyConfig.filtersConfig}
    assert set(filters) == {"GROUNDING", "RELEVANCE"}
    assert all(0 <= f.threshold <= 0.99 and f.action == "BLOCK" and f.enabled for f in filters.values())


def test_thresholds_outside_what_the_service_allows_are_refused() -> None:
    raw = json.loads(POLICY_FILE.read_text())
    raw["contextualGroundingPolicyConfig"]["filtersConfig"][0]["threshold"] = 1.0
    with pytest.raises(ValidationError, match=r"less than or equal to 0\.99"):
        GuardrailPolicy.model_validate(raw)


@pytest.mark.parametrize(
    ("answer", "grounded"),
    [
        ("According to our Returns policy: Most items can be returned within 30 days of delivery.", True),
        ("Most items can be returned within 60 days of delivery.", False),  # invented number
        ("Most items can be returned within 30 days. Returns are always free.", False),  # invented sentence
    ],
)
def test_grounding_scores_the_weakest_sentence(answer: str, grounded: bool) -> None:
    scores = grounding.score(answer, [WINDOW], "How long do I have to return something?")
    assert (scores.grounding >= 0.75) is grounded


def test_relevance_is_the_share_of_the_question_the_answer_meets() -> None:
    answer = "Most items can be returned within 30 days."
    on_topic = grounding.score(answer, [WINDOW], "how long to return items")
    off_topic = grounding.score("The delivery date starts the clock.", [WINDOW], "can I pay with bitcoin")
    assert on_topic.relevance == 1.0 and off_topic.relevance == 0.0


def test_the_check_blocks_with_the_output_message_and_reports_in_the_runtime_shape() -> None:
    result = ENGINE.check_grounding("Returns are free within 90 days.", [WINDOW], "how long to return items")
    assert result is not None and result.blocked and result.action == "GUARDRAIL_INTERVENED"
    assert result.text == ENGINE.policy.blockedOutputsMessaging
    kinds = {f["type"]: f for f in result.grounding["filters"]}  # type: ignore[index]
    assert kinds["GROUNDING"]["detected"] and kinds["GROUNDING"]["action"] == "BLOCKED"
    assert set(kinds["GROUNDING"]) == {"type", "threshold", "score", "action", "detected"}


def _with_filters(**change: Any) -> GuardrailEngine:
    raw = ENGINE.policy.model_dump()
    for config in raw["contextualGroundingPolicyConfig"]["filtersConfig"]:
        config.update(change)
    return GuardrailEngine(GuardrailPolicy.model_validate(raw))


def test_a_none_action_only_reports_and_a_disabled_filter_does_not_run() -> None:
    invented = "Returns are free within 90 days."
    result = _with_filters(action="NONE").check_grounding(invented, [WINDOW], "return")
    assert result is not None and not result.blocked and result.text.startswith("Returns are free")
    assert result.grounding is not None and result.grounding["filters"][0]["detected"]
    assert _with_filters(enabled=False).check_grounding("anything", [WINDOW], "q") is None


class Hallucinating:
    """The offline planner, except that its knowledge-base answers get a number wrong."""

    def __init__(self) -> None:
        self.planner = OfflinePlanner()
        self.model_id = self.planner.model_id

    def preprocess(self, context: PlanContext) -> Any:
        return self.planner.preprocess(context)

    def decide(self, context: PlanContext) -> ModelOutput:
        output = self.planner.decide(context)
        decision = output.decision
        if isinstance(decision, FinalAnswer) and decision.text.startswith("According to"):
            wrong = re.sub(r"\b30 days\b", "45 days", decision.text)
            return replace(output, decision=replace(decision, text=wrong))
        return output


def _ask(model: Any, question: str) -> tuple[str, list[dict[str, Any]]]:
    agents = load_agents(REPO_ROOT)
    retriever = Retriever.from_directory(KNOWLEDGE_BASE)
    backend = LocalAgentBackend(agents, lambda _agent: model, ENGINE, retriever)
    with running(backend, LocalKnowledge(retriever)) as local:
        client = boto3.client(
            "bedrock-agent-runtime", endpoint_url=local.url, region_name="us-east-1",
            aws_access_key_id="x", aws_secret_access_key="x",
        )  # fmt: skip
        response = client.invoke_agent(
            agentId="ASSISTANT", agentAliasId=LOCAL_ALIASES[0], sessionId=uuid.uuid4().hex,
            inputText=question, enableTrace=True, sessionState={"sessionAttributes": {"customerId": "C0001"}},
        )  # fmt: skip
        events = list(response["completion"])
    text = "".join(e["chunk"]["bytes"].decode() for e in events if "chunk" in e)
    parts = [e["trace"]["trace"] for e in events if "trace" in e]
    guardrails = [part["guardrailTrace"] for part in parts if "guardrailTrace" in part]
    return text, guardrails


def test_an_ungrounded_knowledge_base_answer_is_blocked_as_bedrock_would() -> None:
    text, guardrails = _ask(Hallucinating(), "How long do I have to return something?")
    assert text == ENGINE.policy.blockedOutputsMessaging
    assert [g["action"] for g in guardrails][-1] == "INTERVENED"


def test_a_grounded_knowledge_base_answer_passes() -> None:
    text, guardrails = _ask(OfflinePlanner(), "How long do I have to return something?")
    assert "30 days" in text and all(g["action"] == "NONE" for g in guardrails)
