"""Upload the store-policy documents and run an ingestion job with visible progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TERMINAL = {"COMPLETE", "FAILED", "STOPPED"}


def upload_documents(s3: Any, bucket: str, source_dir: Path, prefix: str = "documents/") -> list[str]:
    """Put every knowledge_base/*.md under s3://bucket/documents/<file name>; returns the keys."""
    files = sorted(source_dir.glob("*.md"))
    if not files:
        raise FileNotFoundError(f"no *.md documents in {source_dir}")
    keys = []
    for path in files:
        key = f"{prefix}{path.name}"
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType="text/markdown")
        print(f"  uploaded s3://{bucket}/{key}", flush=True)
        keys.append(key)
    return keys


def _progress(job: dict[str, Any]) -> str:
    stats = job.get("statistics", {})
    indexed = stats.get("numberOfNewDocumentsIndexed", 0) + stats.get("numberOfModifiedDocumentsIndexed", 0)
    return (
        f"  ingestion {job['ingestionJobId']}: {job['status']:<11} "
        f"scanned {stats.get('numberOfDocumentsScanned', 0)}, indexed {indexed}, "
        f"deleted {stats.get('numberOfDocumentsDeleted', 0)}, "
        f"failed {stats.get('numberOfDocumentsFailed', 0)}"
    )


def ingest(
    agent: Any,
    knowledge_base_id: str,
    data_source_id: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    interval: float = 5.0,
    timeout: float = 900.0,
) -> dict[str, Any]:
    """Start an ingestion job and poll it, printing a progress line per poll, until it ends."""
    job = agent.start_ingestion_job(knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id)[
        "ingestionJob"
    ]
    print(_progress(job), flush=True)
    waited = 0.0
    while job["status"] not in TERMINAL:
        if waited >= timeout:
            raise TimeoutError(
                f"ingestion job {job['ingestionJobId']} still {job['status']} after {timeout:.0f} s"
            )
        sleep(interval)
        waited += interval
        job = agent.get_ingestion_job(
            knowledgeBaseId=knowledge_base_id,
            dataSourceId=data_source_id,
            ingestionJobId=job["ingestionJobId"],
        )["ingestionJob"]
        print(_progress(job), flush=True)
    if job["status"] != "COMPLETE":
        reasons = "; ".join(job.get("failureReasons", [])) or "no reason given"
        raise RuntimeError(f"ingestion job {job['ingestionJobId']} ended {job['status']}: {reasons}")
    return job
