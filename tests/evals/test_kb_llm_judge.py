"""The knowledge-base LLM judge through bedrock-runtime Converse, stubbed with botocore's Stubber:
the request it makes (one forced tool call at temperature 0) and how it reads the scores."""

from __future__ import annotations

import boto3
from botocore.stub import ANY, Stubber

from evals.kb.llm_judge import TOOL, RetrievalLlmJudge
from evals.kb.questions import load_split


def _reply(scores: dict[str, object]) -> dict[str, object]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"toolUse": {
            "toolUseId": "t1", "name": TOOL, "input": scores,
        }}]}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
        "metrics": {"latencyMs": 1},
    }  # fmt: skip


def test_one_forced_tool_call_and_clamped_scores() -> None:
    question = load_split("tuning")[0]
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    expected = {
        "modelId": "judge-model",
        "system": ANY,
        "messages": [{"role": "user", "content": [{"text": ANY}]}],
        "inferenceConfig": {"maxTokens": 400, "temperature": 0.0},
        "toolConfig": {"tools": ANY, "toolChoice": {"tool": {"name": TOOL}}},
    }
    with Stubber(client) as stub:
        stub.add_response(
            "converse",
            _reply({"context_relevance": 1.7, "context_coverage": 0.5, "reasoning": "half of it"}),
            expected,
        )
        scores = RetrievalLlmJudge(client, "judge-model").score(question, ["passage one", "passage two"])
        stub.assert_no_pending_responses()
    assert (scores.context_relevance, scores.context_coverage) == (1.0, 0.5)
    assert scores.reasoning == "half of it" and scores.model_id == "judge-model"
