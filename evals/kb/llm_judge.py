"""An LLM's reading of context relevance and context coverage, beside the deterministic scores.

Bedrock Converse with one forced tool (``record_scores``), as ``evals.runner.llm_judge`` does for
scenarios. The metrics are Bedrock's retrieve-only built-ins as its user guide defines them
(https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base-eval-retrieve.html); the prompt
is ours, not Bedrock's evaluator prompt (published at
https://docs.aws.amazon.com/bedrock/latest/userguide/kb-eval-prompt.html), so its scores are close
to, not the same as, a Bedrock evaluation job's. ``--bedrock-job`` runs the real thing.
"""

from __future__ import annotations

from typing import Any

import boto3

from evals.kb.questions import Question
from evals.kb.results import LlmScores
from evals.runner.llm_judge import DEFAULT_JUDGE_MODEL, forced_tool_call, require_credentials, tool_input

TOOL = "record_scores"
SYSTEM_PROMPT = (
    "You grade the retrieval step of a question-answering system over an online store's policies. "
    "You get a customer's question, the ground-truth answer and the passages the retriever returned. "
    "context_relevance: how relevant the passages are to the question, 0 (none relevant) to 1 (all "
    "relevant). context_coverage: how much of the information in the ground-truth answer the passages "
    "contain, 0 (none) to 1 (all of it). Judge only from the passages; do not use outside knowledge. "
    f"Record both scores with the {TOOL} tool."
)
_SCORE = {"type": "number", "minimum": 0, "maximum": 1}
_TOOL_SPEC = {
    "toolSpec": {
        "name": TOOL,
        "description": "Record the two retrieval scores and a one-sentence reason.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "context_relevance": _SCORE,
                    "context_coverage": _SCORE,
                    "reasoning": {"type": "string"},
                },
                "required": ["context_relevance", "context_coverage", "reasoning"],
            }
        },
    }
}


def _clamped(value: Any) -> float | None:
    try:
        return min(1.0, max(0.0, float(value)))
    except (TypeError, ValueError):
        return None


class RetrievalLlmJudge:
    def __init__(self, client: Any, model_id: str = DEFAULT_JUDGE_MODEL) -> None:
        self.client = client
        self.model_id = model_id

    @classmethod
    def create(cls, region: str, model_id: str = DEFAULT_JUDGE_MODEL) -> RetrievalLlmJudge:
        require_credentials()
        return cls(boto3.client("bedrock-runtime", region_name=region), model_id)

    def score(self, question: Question, passages: list[str]) -> LlmScores:
        numbered = "\n".join(f"<passage {i}>\n{text}\n</passage {i}>" for i, text in enumerate(passages, 1))
        prompt = (
            f"<question>{question.question}</question>\n"
            f"<ground_truth>{question.reference_answer}</ground_truth>\n<passages>\n{numbered}\n</passages>"
        )
        response = forced_tool_call(self.client, self.model_id, SYSTEM_PROMPT, prompt, _TOOL_SPEC, 400)
        scores = tool_input(response, TOOL)
        return LlmScores(
            model_id=self.model_id,
            context_relevance=_clamped(scores.get("context_relevance")),
            context_coverage=_clamped(scores.get("context_coverage")),
            reasoning=str(scores.get("reasoning") or "the judge recorded no scores"),
        )
