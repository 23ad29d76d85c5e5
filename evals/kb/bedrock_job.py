"""``--bedrock-job``: the same questions as a Bedrock RAG evaluation job (retrieve-only, built-in
context relevance and context coverage), waited for with progress, its scores put beside ours.

- Dataset: JSON Lines, one ``conversationTurns`` prompt per question with the reference answer in
  ``referenceResponses`` (required by context coverage), as "Create a prompt dataset for
  retrieve-only RAG evaluation jobs" describes
  (https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base-evaluation-prompt-retrieve.html).
- Job: ``bedrock`` ``CreateEvaluationJob`` with ``applicationType=RagEvaluation``, an automated
  config naming ``Builtin.ContextRelevance`` and ``Builtin.ContextCoverage``, and a ``ragConfigs``
  ``retrieveConfig`` on the knowledge base; every field as botocore's ``bedrock`` service model
  names it. ``taskType`` QuestionAndAnswer is our choice among the model's enum values.
- Results: the job writes JSON Lines under ``<output>/<job name>/<job id>/`` ("Review RAG evaluation
  job reports and metrics"). The exact line layout is not specified there, so each line is read
  tolerantly: the prompt text found in it names the question, and every ``{"metricName", "result"}``
  pair found in it is a score. A line that names no question of ours is ignored.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from statistics import fmean
from typing import Any

import boto3

from evals.kb.probe import KbTarget
from evals.kb.questions import Question
from evals.kb.results import BedrockJob, QuestionResult

METRICS = ("Builtin.ContextRelevance", "Builtin.ContextCoverage")
# An evaluator model Bedrock lists for RAG evaluation jobs; any other can be named on the command line.
DEFAULT_EVALUATOR = "anthropic.claude-3-5-sonnet-20240620-v1:0"
TERMINAL = {"Completed", "Failed", "Stopped"}


class JobError(Exception):
    """The job could not be set up or did not complete; the message says what to do."""


def dataset_lines(questions: list[Question]) -> str:
    return "".join(
        json.dumps(
            {
                "conversationTurns": [
                    {
                        "prompt": {"content": [{"text": q.question}]},
                        "referenceResponses": [{"content": [{"text": q.reference_answer}]}],
                    }
                ]
            }
        )
        + "\n"
        for q in questions
    )


def job_request(
    name: str, role_arn: str, dataset_uri: str, output_uri: str, target: KbTarget, k: int, evaluator: str
) -> dict[str, Any]:
    return {
        "jobName": name,
        "jobDescription": "make eval-kb: retrieve-only evaluation of the store-policy knowledge base",
        "roleArn": role_arn,
        "applicationType": "RagEvaluation",
        "evaluationConfig": {
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "QuestionAndAnswer",
                        "dataset": {
                            "name": "store-policy-questions",
                            "datasetLocation": {"s3Uri": dataset_uri},
                        },
                        "metricNames": list(METRICS),
                    }
                ],
                "evaluatorModelConfig": {"bedrockEvaluatorModels": [{"modelIdentifier": evaluator}]},
            }
        },
        "inferenceConfig": {
            "ragConfigs": [
                {
                    "knowledgeBaseConfig": {
                        "retrieveConfig": {
                            "knowledgeBaseId": target.knowledge_base_id,
                            "knowledgeBaseRetrievalConfiguration": {
                                "vectorSearchConfiguration": {"numberOfResults": k}
                            },
                        }
                    }
                }
            ]
        },
        "outputDataConfig": {"s3Uri": output_uri},
    }


def wait(
    bedrock: Any,
    job_arn: str,
    log: Callable[[str], None],
    *,
    interval: float = 30.0,
    timeout: float = 3600.0,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Poll GetEvaluationJob until the job ends, one progress line per poll."""
    waited = 0.0
    while True:
        job = bedrock.get_evaluation_job(jobIdentifier=job_arn)
        log(f"bedrock job {job['jobName']}: {job['status']} after {waited:.0f} s")
        if job["status"] in TERMINAL:
            return dict(job)
        if waited >= timeout:
            raise JobError(
                f"evaluation job {job_arn} still {job['status']} after {timeout:.0f} s; see the console"
            )
        sleep(interval)
        waited += interval


def _walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def parse_output(lines: list[str], questions: list[Question]) -> dict[str, dict[str, float]]:
    """question id -> metric -> score, from the job's JSON Lines (see the module docstring)."""
    by_text = {q.question: q.id for q in questions}
    scores: dict[str, dict[str, float]] = {}
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        nodes = list(_walk(record))
        ident = next((by_text[n] for n in nodes if isinstance(n, str) and n in by_text), None)
        if ident is None:
            continue
        for node in nodes:
            if (
                isinstance(node, dict)
                and node.get("metricName") in METRICS
                and isinstance(node.get("result"), int | float)
            ):
                scores.setdefault(ident, {})[str(node["metricName"])] = float(node["result"])
    return scores


def _split_uri(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def read_output(s3: Any, output_uri: str, job_name: str) -> list[str]:
    bucket, prefix = _split_uri(output_uri.rstrip("/") + "/" + job_name + "/")
    lines: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if item["Key"].endswith(".jsonl"):
                body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
                lines.extend(body.splitlines())
    return lines


def evaluate_with_job(
    bedrock: Any,
    s3: Any,
    *,
    bucket: str,
    role_arn: str,
    target: KbTarget,
    questions: list[Question],
    k: int,
    evaluator: str,
    log: Callable[[str], None],
    now: datetime | None = None,
    wait_options: dict[str, Any] | None = None,
) -> tuple[BedrockJob, dict[str, dict[str, float]]]:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    name = f"kbeval-{stamp}"
    dataset_key = f"datasets/{name}.jsonl"
    s3.put_object(
        Bucket=bucket,
        Key=dataset_key,
        Body=dataset_lines(questions).encode(),
        ContentType="application/jsonl",
    )
    output_uri = f"s3://{bucket}/output/"
    request = job_request(name, role_arn, f"s3://{bucket}/{dataset_key}", output_uri, target, k, evaluator)
    job_arn = bedrock.create_evaluation_job(**request)["jobArn"]
    log(f"started Bedrock evaluation job {name} ({len(questions)} prompts, {', '.join(METRICS)})")
    job = wait(bedrock, job_arn, log, **(wait_options or {}))
    if job["status"] != "Completed":
        reasons = "; ".join(job.get("failureMessages", [])) or "no reason given"
        return BedrockJob(job_arn=job_arn, status=job["status"], output_uri=output_uri, failure=reasons), {}
    per_question = parse_output(read_output(s3, output_uri, name), questions)
    means = {
        metric: round(fmean(values), 4)
        for metric in METRICS
        if (values := [s[metric] for s in per_question.values() if metric in s])
    }
    return BedrockJob(job_arn=job_arn, status="Completed", metrics=means, output_uri=output_uri), per_question


def run_job(
    args: argparse.Namespace,
    target: KbTarget,
    questions: list[Question],
    results: list[QuestionResult],
    log: Callable[[str], None],
) -> BedrockJob:
    """The CLI's entry: resolve bucket and role, run the job, copy its scores onto ``results``."""
    if target.kind != "aws":
        raise JobError("--bedrock-job evaluates a deployed knowledge base: use it with --target aws")
    from evals.kb.targets import evaluation_resources

    bucket, role_arn = evaluation_resources(args)
    session = boto3.Session(region_name=target.region)
    job, per_question = evaluate_with_job(
        session.client("bedrock"),
        session.client("s3"),
        bucket=bucket,
        role_arn=role_arn,
        target=target,
        questions=questions,
        k=args.k,
        evaluator=args.evaluator_model,
        log=log,
        wait_options={"timeout": args.job_timeout},
    )
    for result in results:
        result.bedrock_job = per_question.get(result.id, {})
    return job
