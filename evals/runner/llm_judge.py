"""LLM judging in the style of awslabs/agent-evaluation: a Bedrock model reads the whole
conversation and decides whether it meets the scenario's ``expected_result`` statement.

It calls bedrock-runtime Converse with one tool, ``record_verdict``, and forces the model to use it
(``toolChoice``), so the verdict arrives as structured input rather than free text to parse. It
needs AWS credentials; offline runs judge by the deterministic expectations only.
"""

from __future__ import annotations

from typing import Any

import boto3

from evals.runner.results import LlmVerdict, ScenarioResult
from evals.spec.model import Scenario
from local_bedrock.manifest import default_model_id

# The repository's one default model (default_model.json); evals/config.yaml or --judge-model override it.
DEFAULT_JUDGE_MODEL = default_model_id()
_TOOL_NAME = "record_verdict"
SYSTEM_PROMPT = (
    "You evaluate conversations between a user and an AI agent of an online store. You are given the "
    "conversation, including which tools the agent called, and one statement of the expected result. "
    "Decide strictly whether the conversation meets the expected result. Judge only what the "
    "conversation shows; do not assume facts that are not in it. Record your verdict with the "
    f"{_TOOL_NAME} tool."
)
_VERDICT_TOOL = {
    "toolSpec": {
        "name": _TOOL_NAME,
        "description": "Record whether the conversation meets the expected result, and why.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "verdict": {"type": "string", "enum": ["PASS", "FAIL"]},
                    "reasoning": {"type": "string", "description": "One or two sentences."},
                },
                "required": ["verdict", "reasoning"],
            }
        },
    }
}


class JudgeUnavailable(Exception):
    pass


def require_credentials() -> None:
    if boto3.Session().get_credentials() is None:
        raise JudgeUnavailable(
            "LLM judging needs AWS credentials (and Bedrock model access); none were found. "
            "Run without JUDGE=llm to judge by the deterministic expectations only."
        )


def transcript(scenario: Scenario, result: ScenarioResult) -> str:
    lines = []
    if scenario.session_attributes:
        lines.append(f"(The application set the session attributes {scenario.session_attributes}.)")
    for turn in result.turns:
        if turn.confirm is not None:
            lines.append(f"USER: [answers the confirmation request: {turn.confirm}]")
        else:
            lines.append(f"USER: {turn.input}")
        if turn.calls:
            lines.append(f"(agent called: {'; '.join(turn.calls)})")
        if turn.knowledge_lookups:
            lines.append(f"(agent searched the knowledge base for: {'; '.join(turn.knowledge_lookups)})")
        if turn.confirmation_requests:
            lines.append(f"(agent asked the user to confirm: {'; '.join(turn.confirmation_requests)})")
        if turn.guardrail == "INTERVENED":
            lines.append("(the guardrail intervened)")
        lines.append(f"AGENT: {turn.output}" if not turn.error else f"(the call failed: {turn.error})")
    return "\n".join(lines)


class LlmJudge:
    def __init__(self, client: Any, model_id: str = DEFAULT_JUDGE_MODEL) -> None:
        self.client = client
        self.model_id = model_id

    @classmethod
    def create(cls, region: str, model_id: str = DEFAULT_JUDGE_MODEL) -> LlmJudge:
        require_credentials()
        return cls(boto3.client("bedrock-runtime", region_name=region), model_id)

    def judge(self, scenario: Scenario, result: ScenarioResult) -> LlmVerdict:
        prompt = (
            f"<conversation>\n{transcript(scenario, result)}\n</conversation>\n"
            f"<expected_result>\n{scenario.expected_result}\n</expected_result>"
        )
        response = forced_tool_call(self.client, self.model_id, SYSTEM_PROMPT, prompt, _VERDICT_TOOL, 512)
        usage = response.get("usage", {})
        verdict = tool_input(response, _TOOL_NAME)
        passed = str(verdict.get("verdict", "")).upper() == "PASS"
        reasoning = str(verdict.get("reasoning") or "the judge returned no verdict")
        return LlmVerdict(
            model_id=self.model_id,
            passed=passed,
            reasoning=reasoning,
            input_tokens=int(usage.get("inputTokens", 0)),
            output_tokens=int(usage.get("outputTokens", 0)),
        )


def forced_tool_call(
    client: Any, model_id: str, system: str, prompt: str, tool: dict[str, Any], max_tokens: int
) -> dict[str, Any]:
    """One Converse call at temperature 0 that must answer through ``tool`` (toolChoice names it):
    how both judges get structured scores; read them with ``tool_input``."""
    response: dict[str, Any] = client.converse(
        modelId=model_id,
        system=[{"text": system}],
        messages=[{"role": "user", "content": [{"text": prompt}]}],
        inferenceConfig={"maxTokens": max_tokens, "temperature": 0.0},
        toolConfig={"tools": [tool], "toolChoice": {"tool": {"name": tool["toolSpec"]["name"]}}},
    )
    return response


def tool_input(response: dict[str, Any], name: str) -> dict[str, Any]:
    """The input the model gave tool ``name`` in a Converse response ({} when it used none)."""
    for block in response.get("output", {}).get("message", {}).get("content", []):
        use = block.get("toolUse")
        if isinstance(use, dict) and use.get("name") == name and isinstance(use.get("input"), dict):
            return dict(use["input"])
    return {}
