"""Benchmark the offline knowledge base and guardrail, as ratios to baselines from the same run.

- retrieve(): one BM25 query over every chunk, against a baseline of a plain substring scan of the
  same chunks (the cheapest thing that looks at all the text);
- GuardrailEngine.assess(): one short message through every policy, against a baseline of one
  compiled regex search over the same message.

Also prints top-1 accuracy of the retriever over the question set used by the tests.

Run: make bench-kb
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "local_bedrock")]

from guardrail_fixtures import SHOPPING  # noqa: E402
from retriever_questions import QUESTIONS  # noqa: E402

from local_bedrock.guardrail import GuardrailEngine  # noqa: E402
from local_bedrock.retriever import Retriever  # noqa: E402


def per_call_us(fn: Callable[[str], object], inputs: list[str], rounds: int = 7) -> tuple[float, float]:
    """Median and p99 microseconds per call, over `rounds` passes through `inputs`."""
    samples: list[float] = []
    for item in inputs:  # warm-up
        fn(item)
    for _ in range(rounds):
        for item in inputs:
            start = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main() -> None:
    build_start = time.perf_counter()
    retriever = Retriever.from_directory(REPO / "knowledge_base")
    build_ms = (time.perf_counter() - build_start) * 1000
    engine = GuardrailEngine.from_policy_file(REPO / "terraform" / "guardrail_policy.json")
    questions = [q for qs in QUESTIONS.values() for q in qs]
    texts = [c.text.lower() for c in retriever.chunks]

    def scan(query: str) -> object:
        needle = query.lower().split()[-1]
        return [t for t in texts if needle in t]

    email = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

    retrieve_p50, retrieve_p99 = per_call_us(lambda q: retriever.retrieve(q, 5), questions)
    scan_p50, _ = per_call_us(scan, questions)
    assess_p50, assess_p99 = per_call_us(engine.assess, SHOPPING)
    regex_p50, _ = per_call_us(email.search, SHOPPING)

    hits = sum(
        retriever.retrieve(q, 1)[0]["location"]["s3Location"]["uri"].endswith("/" + doc)
        for doc, qs in QUESTIONS.items()
        for q in qs
    )
    words = sum(len(c.text.split()) for c in retriever.chunks)
    print(f"knowledge base: {len(retriever.chunks)} chunks, {words} words, indexed in {build_ms:.0f} ms")
    print(f"retrieve top-1 accuracy: {hits}/{len(questions)} = {hits / len(questions):.1%}")
    print(
        f"retrieve: p50 {retrieve_p50:.0f} us, p99 {retrieve_p99:.0f} us"
        f" = {retrieve_p50 / scan_p50:.1f}x a substring scan of all chunks ({scan_p50:.1f} us)"
    )
    print(
        f"guardrail assess: p50 {assess_p50:.0f} us, p99 {assess_p99:.0f} us"
        f" = {assess_p50 / regex_p50:.0f}x one regex search of the message ({regex_p50:.2f} us)"
    )


if __name__ == "__main__":
    main()
