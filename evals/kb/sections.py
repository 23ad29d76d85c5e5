"""The knowledge-base documents split into sections, and which sections a retrieved passage comes from.

Independent of the retriever under test: a passage is mapped back to the sections of its document
(named by the last part of its S3 URI) by shared word 5-grams, so passages cut by any chunker (the
local one, Bedrock's fixed-size or hierarchical chunking) are attributed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from evals.kb.questions import GoldSection, Question, QuestionSetError, key_found, normalize

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge_base"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TOKEN = re.compile(r"[$]?[\w][\w.,%'-]*[\w%]|[$]?\w")
SHINGLE = 5
MIN_SHARED = 3  # 5-grams a passage must share with a section to count as coming from it


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def shingles(words: list[str], size: int = SHINGLE) -> set[tuple[str, ...]]:
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Section:
    document: str
    heading: str  # the section's own heading (its last heading-path element)
    path: tuple[str, ...]
    text: str  # the body under the heading, up to the next heading of any level

    @cached_property
    def grams(self) -> set[tuple[str, ...]]:
        return shingles(tokens(self.text))


def parse_document(name: str, text: str) -> list[Section]:
    """Every section with text under a heading. Deliberately not local_bedrock.retriever.chunking's
    own heading walk, which looks the same: the gold sections must not move when the chunker under
    test changes (or has a bug)."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []

    def close() -> None:
        if stack and "".join(body).strip():
            path = tuple(title for _, title in stack)
            sections.append(Section(name, path[-1], path, "\n".join(body).strip()))

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            close()
            body = []
            level = len(match.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, match.group(2).strip()))
        else:
            body.append(line)
    close()
    return sections


class Corpus:
    """Every section of every ``*.md`` document of the knowledge base."""

    def __init__(self, directory: Path = KNOWLEDGE_DIR) -> None:
        files = sorted(directory.glob("*.md"))
        if not files:
            raise QuestionSetError(f"no Markdown documents in {directory}")
        self.texts = {f.name: f.read_text(encoding="utf-8") for f in files}
        self.sections = {name: parse_document(name, text) for name, text in self.texts.items()}

    def section(self, gold: GoldSection) -> Section:
        for section in self.sections.get(gold.document, []):
            if section.heading == gold.section:
                return section
        raise QuestionSetError(f"no section {gold.section!r} in {gold.document}")

    def check_labels(self, questions: list[Question]) -> list[str]:
        """Problems with the labels: unknown sections, or fact keys absent from the gold sections."""
        problems = []
        for question in questions:
            try:
                gold_text = normalize(" ".join(self.section(g).text for g in question.gold))
            except QuestionSetError as exc:
                problems.append(f"{question.id}: {exc}")
                continue
            for fact in question.facts:
                missing = [k for k in fact.keys if not key_found(gold_text, k)]
                if missing:
                    problems.append(f"{question.id}: key(s) {missing} not in its gold sections")
        return problems

    def sections_of(self, passage_text: str, document: str) -> list[Section]:
        """The sections of ``document`` this passage comes from, most shared 5-grams first."""
        grams = shingles(tokens(passage_text))
        scored = [(len(grams & s.grams), s) for s in self.sections.get(document, [])]
        scored = [(n, s) for n, s in scored if n]
        if not scored:
            return []
        best = max(n for n, _ in scored)
        floor = min(MIN_SHARED, best)
        return [s for n, s in sorted(scored, key=lambda item: -item[0]) if n >= floor]


def document_of(result: dict[str, Any]) -> str:
    """The document name of a Retrieve result or retrieved reference, from its S3 location: the
    object's name, or the folder's for a chunk object (``documents/returns.md/003.md``, how make
    deploy uploads chunks)."""
    location = result.get("location", {})
    uri = location.get("s3Location", {}).get("uri") or result.get("metadata", {}).get(
        "x-amz-bedrock-kb-source-uri", ""
    )
    path = PurePosixPath(str(uri))
    return path.parent.name if path.parent.name.endswith(".md") else path.name
