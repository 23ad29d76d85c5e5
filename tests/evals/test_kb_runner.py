"""The eval-kb runner against stand-ins: a fake client, botocore's Stubber for AWS, the report, gates."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from evals.kb import gates
from evals.kb.probe import KbTarget
from evals.kb.questions import SPLITS, QuestionSetError, load_split
from evals.kb.report import histogram, render_html, write_report
from evals.kb.results import KbReport, RunConfig, summarize
from evals.kb.runner import Progress, RunOptions, evaluate
from evals.kb.sections import Corpus
from evals.runner.retry import RetryPolicy

CORPUS = Corpus()
QUESTIONS = [("tuning", q) for q in load_split("tuning")[:3]]
TARGET = KbTarget("aws", "us-east-1", "KB12345678", "AGENT12345", "ALIAS12345", session_attributes={"c": "1"})


def gold_passage(question: Any) -> dict[str, Any]:
    gold = question.gold[0]
    text = next(s.text for s in CORPUS.sections[gold.document] if s.heading == gold.section)
    uri = f"s3://kb-bucket/documents/{gold.document}"
    return {"content": {"text": text}, "location": {"type": "S3", "s3Location": {"uri": uri}}, "score": 0.9}


class FakeClient:
    """Retrieve returns each question's gold section; InvokeAgent quotes it with a citation."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.calls: list[str] = []

    def _question(self, text: str) -> Any:
        return next(q for _, q in QUESTIONS if q.question == text)

    def retrieve(self, **params: Any) -> dict[str, Any]:
        self.calls.append("retrieve")
        text = params["retrievalQuery"]["text"]
        if text == self.fail_on:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "Retrieve")
        return {"retrievalResults": [gold_passage(self._question(text))]}

    def invoke_agent(self, **params: Any) -> dict[str, Any]:
        self.calls.append("invoke_agent")
        assert params["enableTrace"] is True and params["sessionState"]["sessionAttributes"] == {"c": "1"}
        passage = gold_passage(self._question(params["inputText"]))
        answer = passage["content"]["text"].replace("**", "")
        reference = {k: passage[k] for k in ("content", "location")}
        lookup = {"knowledgeBaseLookupOutput": {"retrievedReferences": [reference]}}
        events = [
            {"trace": {"trace": {"orchestrationTrace": {"observation": lookup}}}},
            {
                "chunk": {
                    "bytes": answer.encode(),
                    "attribution": {
                        "citations": [
                            {
                                "generatedResponsePart": {"textResponsePart": {"text": answer}},
                                "retrievedReferences": [reference],
                            }
                        ]
                    },
                }
            },
        ]
        return {"completion": iter(events)}


def test_every_question_is_retrieved_answered_and_scored() -> None:
    client = FakeClient()
    seen: list[tuple[int, str]] = []
    results = evaluate(
        QUESTIONS, TARGET, client, CORPUS, RunOptions(k=5), lambda done, ident, _: seen.append((done, ident))
    )
    assert client.calls == ["retrieve", "invoke_agent"] * 3
    assert [r.id for r in results] == [q.id for _, q in QUESTIONS]
    assert all(r.reciprocal_rank == 1 and r.citation_precision == 1 and r.faithfulness == 1 for r in results)
    assert seen == [(1, QUESTIONS[0][1].id), (2, QUESTIONS[1][1].id), (3, QUESTIONS[2][1].id)]


def test_a_failing_call_fails_only_its_question() -> None:
    client = FakeClient(fail_on=QUESTIONS[1][1].question)
    results = evaluate(QUESTIONS, TARGET, client, CORPUS, RunOptions(k=5))
    assert results[1].error == "AccessDeniedException: no"
    assert results[1].problems() == ["error: AccessDeniedException: no"]
    assert results[0].error is None and results[2].error is None


def test_aws_retrieval_goes_through_the_retrieve_api_as_the_service_model_says() -> None:
    client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
    with Stubber(client) as stub:
        for _, question in QUESTIONS:
            stub.add_response(
                "retrieve",
                {"retrievalResults": [gold_passage(question)]},
                {
                    "knowledgeBaseId": "KB12345678",
                    "retrievalQuery": {"text": question.question},
                    "retrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 4}},
                },
            )
        results = evaluate(QUESTIONS, TARGET, client, CORPUS, RunOptions(k=4, answers=False))
        stub.assert_no_pending_responses()
    assert all(r.recall_at_k and r.answer is None for r in results)


def test_throttled_calls_are_retried() -> None:
    client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
    question = QUESTIONS[0][1]
    with Stubber(client) as stub:
        stub.add_client_error("retrieve", "ThrottlingException", "slow down")
        stub.add_response("retrieve", {"retrievalResults": [gold_passage(question)]})
        retry = RetryPolicy(attempts=3, sleep=lambda _: None)
        results = evaluate([QUESTIONS[0]], TARGET, client, CORPUS, RunOptions(answers=False, retry=retry))
    assert results[0].error is None and results[0].recall_at_k == 0.5  # one of its two gold sections


def test_progress_prints_a_line_every_ten_questions_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(12, stream)
    for done in range(1, 13):
        progress.update(done, f"q{done}", 0.5)
    assert stream.getvalue().splitlines() == [
        "eval-kb 1/12 q1, facts stated so far 50.0%",
        "eval-kb 10/12 q10, facts stated so far 50.0%",
        "eval-kb 12/12 q12, facts stated so far 50.0%",
    ]


def _report(tmp_path: Path) -> tuple[KbReport, Path, Path]:
    results = evaluate(QUESTIONS, TARGET, FakeClient(), CORPUS, RunOptions(k=5))
    results[2].facts_stated = 0.0  # one failing question
    summary, counts = summarize(results)
    config = RunConfig(
        target="aws", where="x", split="tuning", questions=3, k=5, retriever="r", chunking="c",
        judge="deterministic", started_at="2026-11-30T00:00:00", command="python -m evals.kb run",
    )  # fmt: skip
    report = KbReport(config=config, summary=summary, counts=counts, questions=results)
    thresholds = gates.Gates(splits={"tuning": {"facts_stated": 0.9, "reciprocal_rank": 1.0}})
    report.gate = gates.check(summary, thresholds)
    json_path, html_path = write_report(report, tmp_path)
    return report, json_path, html_path


def test_the_report_has_histograms_failing_questions_and_the_configuration(tmp_path: Path) -> None:
    report, json_path, html_path = _report(tmp_path)
    # the first question's second gold section is never retrieved; the third one's answer was failed
    assert KbReport.model_validate(json.loads(json_path.read_text())).counts["failing"] == 2
    page = html_path.read_text()
    assert page.count("<svg") == 7  # one histogram per metric measured
    assert "Failing questions (2)" in page and html.escape(QUESTIONS[2][1].question) in page
    assert "Run configuration" in page and "Gate: <span" in page
    assert render_html(report) == page


def test_histograms_count_questions_per_tenth() -> None:
    assert histogram([0.0, 0.05, 0.5, 0.99, 1.0]) == [2, 0, 0, 0, 0, 1, 0, 0, 0, 2]


def test_the_gate_fails_below_a_threshold_and_names_it(tmp_path: Path) -> None:
    report, _, _ = _report(tmp_path)
    assert report.gate is not None and not report.gate.passed
    assert report.gate.reasons == ["tuning: facts_stated 0.6667 is below the gate 0.9"]
    thresholds = gates.Gates(splits={"blind": {"facts_stated": 0.5}})
    unmeasured = gates.check({"blind": {"facts_stated": None}}, thresholds)
    assert unmeasured.reasons == ["blind: facts_stated was not measured (threshold 0.5)"]


def test_the_committed_gates_gate_every_split_on_the_same_metrics() -> None:
    committed = gates.load_gates()
    assert list(committed.splits) == list(SPLITS)  # every split gated, in the registry's order
    gated = [committed.for_split(name) for name in SPLITS]
    assert all(gated)
    assert {"facts_stated", "citation_precision", "context_coverage"} <= set(committed.for_split("blind"))
    assert all(set(split) == set(committed.for_split("tuning")) for split in gated)


def test_a_gates_file_naming_an_unknown_split_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gates.yaml"
    path.write_text("tuning: {facts_stated: 0.9}\nblind99: {facts_stated: 0.5}\n")
    with pytest.raises(QuestionSetError, match=r"unknown split\(s\) \['blind99'\]; the splits: tuning, dev3"):
        gates.load_gates(path)


def test_a_gates_file_with_an_unknown_metric_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gates.yaml"
    path.write_text("tuning: {facts: 0.9}\n")
    with pytest.raises(Exception, match="unknown metric"):
        gates.load_gates(path)
