"""LLM judging through bedrock-runtime Converse, stubbed with botocore's Stubber."""

from __future__ import annotations

import io
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from evals.runner import llm_judge
from evals.runner.llm_judge import JudgeUnavailable, LlmJudge, transcript
from evals.runner.results import ScenarioResult, TurnResult
from evals.runner.retry import RetryPolicy
from evals.runner.suite import RunOptions, run_suite
from evals.runner.target import Target
from evals.spec.model import Scenario

SCENARIO = Scenario.model_validate(
    {
        "id": "kb-returns",
        "description": "d",
        "tags": ["kb"],
        "session_attributes": {"customerId": "C0001"},
        "expected_result": "The agent says items can be returned within 30 days and cites the policy.",
        "turns": [{"input": "returns"}],
    }
)


def result() -> ScenarioResult:
    turn = TurnResult(
        index=0, input="returns", output="Within 30 days.", passed=True, knowledge_lookups=["return window"]
    )
    return ScenarioResult(
        id="kb-returns",
        description="d",
        agent="assistant",
        tags=["kb"],
        source="x",
        session_id="s",
        passed=True,
        turns=[turn],
    )


def converse_response(verdict: str | None, reasoning: str = "Cites the 30-day window.") -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"text": "Thinking."}]
    if verdict is not None:
        content.append(
            {
                "toolUse": {
                    "toolUseId": "t1",
                    "name": "record_verdict",
                    "input": {"verdict": verdict, "reasoning": reasoning},
                }
            }
        )
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": 310, "outputTokens": 42, "totalTokens": 352},
        "metrics": {"latencyMs": 900},
    }


def stubbed(*responses: dict[str, Any]) -> tuple[LlmJudge, Stubber]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    stubber = Stubber(client)
    for response in responses:
        expected = {
            "modelId": "judge-model",
            "system": ANY,
            "messages": ANY,
            "inferenceConfig": {"maxTokens": 512, "temperature": 0.0},
            "toolConfig": {"tools": ANY, "toolChoice": {"tool": {"name": "record_verdict"}}},
        }
        stubber.add_response("converse", response, expected)
    stubber.activate()
    return LlmJudge(client, "judge-model"), stubber


def test_pass_verdict_with_usage() -> None:
    judge, stubber = stubbed(converse_response("PASS"))
    verdict = judge.judge(SCENARIO, result())
    assert (verdict.passed, verdict.reasoning, verdict.input_tokens, verdict.output_tokens) == (
        True,
        "Cites the 30-day window.",
        310,
        42,
    )
    stubber.assert_no_pending_responses()


def test_fail_and_missing_verdicts_fail() -> None:
    judge, _ = stubbed(converse_response("FAIL", "No citation."), converse_response(None))
    assert judge.judge(SCENARIO, result()).passed is False
    missing = judge.judge(SCENARIO, result())
    assert (missing.passed, missing.reasoning) == (False, "the judge returned no verdict")


def test_the_prompt_carries_the_conversation_and_the_expected_result() -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    seen: list[dict[str, Any]] = []
    client.meta.events.register(
        "provide-client-params.bedrock-runtime.Converse", lambda params, **_: seen.append(params)
    )
    stubber = Stubber(client)
    stubber.add_response("converse", converse_response("PASS"))
    with stubber:
        LlmJudge(client, "judge-model").judge(SCENARIO, result())
    text = seen[0]["messages"][0]["content"][0]["text"]
    assert "USER: returns" in text and "AGENT: Within 30 days." in text
    assert "returned within 30 days and cites the policy" in text
    assert "customerId" in transcript(SCENARIO, result())


def test_a_failing_llm_verdict_fails_the_scenario_in_a_run(fake_target: Target, scenarios) -> None:
    suite = scenarios(
        "scenarios:\n  - id: kb-returns\n    description: d\n    tags: [kb]\n"
        "    expected_result: It mentions 30 days.\n    turns: [{input: returns}]\n"
        "  - {id: no-statement, description: d, tags: [kb], turns: [{input: returns}]}\n"
    )
    judge, stubber = stubbed(converse_response("FAIL", "It does not mention 60 days."))
    run = run_suite(
        suite,
        fake_target,
        RunOptions(workers=1, retry=RetryPolicy(sleep=lambda _: None), judge=judge, progress=io.StringIO()),
    )
    judged, plain = run.report.scenarios
    assert judged.failures == ["LLM judge (judge-model): It does not mention 60 days."]
    assert judged.llm is not None and not judged.llm.passed
    assert plain.passed and plain.llm is None  # no expected_result: nothing to ask the judge
    assert run.report.judging == "deterministic expectations + LLM judge (judge-model) on expected_result"
    stubber.assert_no_pending_responses()


def test_a_judge_error_fails_only_that_scenario(fake_target: Target, scenarios) -> None:
    suite = scenarios(
        "scenarios:\n  - {id: kb-a, description: d, tags: [kb], expected_result: x,"
        " turns: [{input: returns}]}\n"
    )
    judge, stubber = stubbed()
    stubber.add_client_error("converse", "AccessDeniedException", "no model access")
    (only,) = run_suite(
        suite, fake_target, RunOptions(workers=1, judge=judge, progress=io.StringIO())
    ).report.scenarios
    assert only.failures == [
        "LLM judge failed: AccessDeniedException: An error occurred (AccessDeniedException) when calling the "
        "Converse operation: no model access"
    ]


def test_without_credentials_the_llm_judge_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoCredentials:
        def get_credentials(self) -> None:
            return None

    monkeypatch.setattr(llm_judge.boto3, "Session", NoCredentials)
    with pytest.raises(JudgeUnavailable, match="LLM judging needs AWS credentials"):
        LlmJudge.create("us-east-1")
