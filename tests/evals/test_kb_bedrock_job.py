"""--bedrock-job offline: CreateEvaluationJob / GetEvaluationJob and S3 through botocore's Stubber,
so every request is checked against the bedrock and s3 service models."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from evals.kb.bedrock_job import (
    METRICS,
    JobError,
    dataset_lines,
    evaluate_with_job,
    job_request,
    parse_output,
    wait,
)
from evals.kb.probe import KbTarget
from evals.kb.questions import load_split

QUESTIONS = load_split("tuning")[:2]
TARGET = KbTarget("aws", "us-east-1", "KB12345678", "AGENT12345", "ALIAS12345")
ROLE = "arn:aws:iam::123456789012:role/kb-eval"
NOW = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)
JOB_ARN = "arn:aws:bedrock:us-east-1:123456789012:evaluation-job/abcdefghij12"


def _job(status: str, **extra: Any) -> dict[str, Any]:
    request = job_request("kbeval-20261130-120000", ROLE, "s3://eval-bucket/d.jsonl", "s3://eval-bucket/output/",
                          TARGET, 5, "anthropic.claude-3-5-sonnet-20240620-v1:0")  # fmt: skip
    return {
        "jobName": "kbeval-20261130-120000",
        "status": status,
        "jobArn": JOB_ARN,
        "roleArn": ROLE,
        "jobType": "Automated",
        "evaluationConfig": request["evaluationConfig"],
        "inferenceConfig": request["inferenceConfig"],
        "outputDataConfig": {"s3Uri": "s3://eval-bucket/output/"},
        "creationTime": NOW,
        **extra,
    }


def _line(question: Any, relevance: float, coverage: float) -> str:
    record = {
        "conversationTurns": [
            {
                "inputRecord": {"prompt": {"content": [{"text": question.question}]}},
                "results": [
                    {"metricName": "Builtin.ContextRelevance", "result": relevance},
                    {"metricName": "Builtin.ContextCoverage", "result": coverage},
                ],
            }
        ]
    }
    return json.dumps(record)


def test_the_dataset_has_one_prompt_per_question_with_its_reference_answer() -> None:
    lines = [json.loads(line) for line in dataset_lines(QUESTIONS).splitlines()]
    assert len(lines) == 2
    turn = lines[0]["conversationTurns"][0]
    assert turn["prompt"]["content"][0]["text"] == QUESTIONS[0].question
    assert turn["referenceResponses"][0]["content"][0]["text"] == QUESTIONS[0].reference_answer


def test_a_job_is_created_waited_for_and_its_scores_read() -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    s3 = boto3.client("s3", region_name="us-east-1")
    body = "\n".join([_line(QUESTIONS[0], 1.0, 0.5), _line(QUESTIONS[1], 0.5, 1.0), "", '{"other": 1}'])
    log: list[str] = []
    with Stubber(bedrock) as b, Stubber(s3) as s:
        s.add_response(
            "put_object",
            {},
            {
                "Bucket": "eval-bucket",
                "Key": "datasets/kbeval-20261130-120000.jsonl",
                "Body": ANY,
                "ContentType": "application/jsonl",
            },
        )
        b.add_response("create_evaluation_job", {"jobArn": JOB_ARN})
        b.add_response("get_evaluation_job", _job("InProgress"), {"jobIdentifier": JOB_ARN})
        b.add_response("get_evaluation_job", _job("Completed"), {"jobIdentifier": JOB_ARN})
        s.add_response(
            "list_objects_v2",
            {"Contents": [{"Key": "output/kbeval-20261130-120000/abc/x_output.jsonl"}, {"Key": "o/m.json"}]},
            {"Bucket": "eval-bucket", "Prefix": "output/kbeval-20261130-120000/"},
        )
        s.add_response(
            "get_object",
            {"Body": StreamingBody(io.BytesIO(body.encode()), len(body.encode()))},
            {"Bucket": "eval-bucket", "Key": "output/kbeval-20261130-120000/abc/x_output.jsonl"},
        )
        job, per_question = evaluate_with_job(
            bedrock, s3, bucket="eval-bucket", role_arn=ROLE, target=TARGET, questions=QUESTIONS, k=5,
            evaluator="anthropic.claude-3-5-sonnet-20240620-v1:0", log=log.append, now=NOW,
            wait_options={"interval": 0.0, "sleep": lambda _: None},
        )  # fmt: skip
        b.assert_no_pending_responses()
        s.assert_no_pending_responses()
    assert job.status == "Completed"
    assert job.metrics == {"Builtin.ContextRelevance": 0.75, "Builtin.ContextCoverage": 0.75}
    assert per_question[QUESTIONS[0].id] == {"Builtin.ContextRelevance": 1.0, "Builtin.ContextCoverage": 0.5}
    assert log[0].startswith("started Bedrock evaluation job kbeval-20261130-120000 (2 prompts")
    assert [line.split(": ")[1].split(" ")[0] for line in log[1:]] == ["InProgress", "Completed"]


def test_the_create_request_is_a_retrieve_only_rag_job_with_the_built_in_metrics() -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    captured: dict[str, Any] = {}

    def capture(params: dict[str, Any], **_: Any) -> None:
        captured.update(params)

    bedrock.meta.events.register("provide-client-params.bedrock.CreateEvaluationJob", capture)
    s3 = boto3.client("s3", region_name="us-east-1")
    with Stubber(bedrock) as b, Stubber(s3) as s:
        s.add_response("put_object", {})
        b.add_response("create_evaluation_job", {"jobArn": JOB_ARN})
        b.add_response("get_evaluation_job", _job("Failed", failureMessages=["role cannot read the bucket"]))
        job, per_question = evaluate_with_job(
            bedrock, s3, bucket="eval-bucket", role_arn=ROLE, target=TARGET, questions=QUESTIONS, k=7,
            evaluator="anthropic.claude-3-5-sonnet-20240620-v1:0", log=lambda _: None, now=NOW,
        )  # fmt: skip
    assert captured["applicationType"] == "RagEvaluation"
    metric_config = captured["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]
    assert metric_config["metricNames"] == list(METRICS)
    assert (
        metric_config["dataset"]["datasetLocation"]["s3Uri"]
        == "s3://eval-bucket/datasets/kbeval-20261130-120000.jsonl"
    )
    retrieve = captured["inferenceConfig"]["ragConfigs"][0]["knowledgeBaseConfig"]["retrieveConfig"]
    assert retrieve == {
        "knowledgeBaseId": "KB12345678",
        "knowledgeBaseRetrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 7}},
    }
    assert job.status == "Failed" and job.failure == "role cannot read the bucket" and per_question == {}


def test_waiting_gives_up_after_the_timeout_with_a_clear_error() -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    with Stubber(bedrock) as b:
        for _ in range(3):
            b.add_response("get_evaluation_job", _job("InProgress"))
        with pytest.raises(JobError, match="still InProgress after 60 s"):
            wait(bedrock, JOB_ARN, lambda _: None, interval=30, timeout=60, sleep=lambda _: None)


def test_output_lines_naming_no_question_of_ours_are_ignored() -> None:
    lines = [_line(QUESTIONS[0], 0.25, 1.0), json.dumps({"prompt": "something else", "metricName": "x"})]
    assert parse_output(lines, QUESTIONS) == {
        QUESTIONS[0].id: {"Builtin.ContextRelevance": 0.25, "Builtin.ContextCoverage": 1.0}
    }
