"""KB documents go to s3://<bucket>/documents/ (moto) and ingestion is polled with progress (Stubber)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from deploy import knowledge_base

NOW = datetime(2026, 1, 1, tzinfo=UTC)
IDS = {"knowledgeBaseId": "KB12345678", "dataSourceId": "DS12345678"}


def _job(status: str, **stats: int) -> dict[str, Any]:
    return {"ingestionJob": {**IDS, "ingestionJobId": "JOB1234567", "status": status,
                             "statistics": stats, "startedAt": NOW, "updatedAt": NOW}}  # fmt: skip


@pytest.fixture
def agent_stub() -> Stubber:
    client = boto3.client(
        "bedrock-agent", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    return Stubber(client)


def test_upload_puts_the_chunks_of_every_markdown_file_under_documents(tmp_path: Path) -> None:
    (tmp_path / "returns.md").write_text("# Returns\n\n30 days.\n\n## Books\n\nUnmarked books.")
    (tmp_path / "shipping.md").write_text("# Shipping\n\nWe ship.")
    (tmp_path / "notes.txt").write_text("not a policy")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="kb-bucket")
        s3.put_object(Bucket="kb-bucket", Key="documents/returns.md", Body=b"the old whole document")
        keys = knowledge_base.upload_documents(s3, "kb-bucket", tmp_path)
        listed = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="kb-bucket")["Contents"])
        body = s3.get_object(Bucket="kb-bucket", Key="documents/returns.md/001.md")["Body"].read()
    assert keys == [
        "documents/returns.md/000.md",
        "documents/returns.md/001.md",
        "documents/shipping.md/000.md",
    ]
    assert listed == keys  # the stale whole-document object is gone
    assert body == b"Returns > Books\n\nUnmarked books."  # the same chunk the local retriever indexes


def test_upload_refuses_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        knowledge_base.upload_documents(object(), "kb-bucket", tmp_path)


def test_ingestion_is_polled_with_visible_progress(
    agent_stub: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    agent_stub.add_response("start_ingestion_job", _job("STARTING"), IDS)
    poll = {**IDS, "ingestionJobId": "JOB1234567"}
    agent_stub.add_response("get_ingestion_job", _job("IN_PROGRESS", numberOfDocumentsScanned=7), poll)
    agent_stub.add_response(
        "get_ingestion_job",
        _job(
            "COMPLETE",
            numberOfDocumentsScanned=7,
            numberOfNewDocumentsIndexed=6,
            numberOfModifiedDocumentsIndexed=1,
        ),
        poll,
    )
    pauses: list[float] = []
    with agent_stub:
        job = knowledge_base.ingest(
            agent_stub.client, "KB12345678", "DS12345678", sleep=pauses.append, interval=3
        )
    agent_stub.assert_no_pending_responses()
    assert job["status"] == "COMPLETE"
    assert pauses == [3, 3]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert "STARTING" in lines[0] and "scanned 0" in lines[0]
    assert "IN_PROGRESS" in lines[1] and "scanned 7, indexed 0" in lines[1]
    assert "COMPLETE" in lines[2] and "scanned 7, indexed 7" in lines[2]


def test_failed_ingestion_reports_reasons(agent_stub: Stubber) -> None:
    failed = _job("FAILED")
    failed["ingestionJob"]["failureReasons"] = ["AccessDenied on the bucket"]
    agent_stub.add_response("start_ingestion_job", failed, IDS)
    with agent_stub, pytest.raises(RuntimeError, match="FAILED: AccessDenied on the bucket"):
        knowledge_base.ingest(agent_stub.client, "KB12345678", "DS12345678", sleep=lambda _s: None)


def test_ingestion_wait_is_bounded(agent_stub: Stubber) -> None:
    agent_stub.add_response("start_ingestion_job", _job("IN_PROGRESS"), IDS)
    agent_stub.add_response("get_ingestion_job", _job("IN_PROGRESS"), {**IDS, "ingestionJobId": "JOB1234567"})
    with agent_stub, pytest.raises(TimeoutError, match="still IN_PROGRESS"):
        knowledge_base.ingest(
            agent_stub.client, "KB12345678", "DS12345678", sleep=lambda _s: None, interval=5, timeout=5
        )
