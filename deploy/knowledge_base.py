"""Upload the store-policy documents, cut into chunks, and run an ingestion job with visible progress.

Each document goes up as its chunks, one object each (``documents/<file>/<NNN>.md``), cut by the same
chunker and sizes as the local retriever (terraform/knowledge_base_chunking.json); the data source
ingests every object as one chunk (chunking NONE, terraform/modules/knowledge_base/main.tf). Objects
under the prefix that are no longer produced (a document shortened or removed) are deleted, so
ingestion drops them too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from local_bedrock.retriever.chunking import ChunkingConfig, chunk_document, declared

TERMINAL = {"COMPLETE", "FAILED", "STOPPED"}


def upload_documents(
    s3: Any,
    bucket: str,
    source_dir: Path,
    prefix: str = "documents/",
    chunking: ChunkingConfig | None = None,
) -> list[str]:
    """Put the chunks of every knowledge_base/*.md under s3://bucket/documents/<file name>/; delete
    stale objects under the prefix; return the keys written."""
    files = sorted(source_dir.glob("*.md"))
    if not files:
        raise FileNotFoundError(f"no *.md documents in {source_dir}")
    sizes = chunking or declared()
    keys = []
    for path in files:
        chunks = chunk_document(
            path.name, path.read_text(encoding="utf-8"), sizes.maxTokens, sizes.overlapPercentage
        )
        for chunk in chunks:
            key = f"{prefix}{path.name}/{chunk.index:03d}.md"
            s3.put_object(Bucket=bucket, Key=key, Body=chunk.text.encode(), ContentType="text/markdown")
            keys.append(key)
        print(
            f"  uploaded {path.name}: {len(chunks)} chunks under s3://{bucket}/{prefix}{path.name}/",
            flush=True,
        )
    stale = [
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        for item in page.get("Contents", [])
        if item["Key"] not in set(keys)
    ]
    for start in range(0, len(stale), 1000):  # DeleteObjects takes at most 1000 keys
        batch = [{"Key": key} for key in stale[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
    if stale:
        print(f"  deleted {len(stale)} stale object(s) under s3://{bucket}/{prefix}", flush=True)
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
