"""Section-aware chunking of Markdown documents: the one chunker of the local and deployed knowledge base.

Every chunk stays inside one section and starts with the section's heading path (document title >
section > subsection), so a passage always says what it is about. A Markdown table is rewritten row
by row, each row carrying the header's names ("Plan 3-year protection plus | Length from delivery:
3 years | Price: 20% of the item price | ..."), so a row retrieved or quoted alone still reads right.
A section longer than ``max_tokens`` words is split at block boundaries (paragraphs, list items, table
rows) into windows that overlap by about ``overlap_percentage`` of ``max_tokens``.

Bedrock offers no such strategy (its built-in ones are FIXED_SIZE, HIERARCHICAL, SEMANTIC and NONE,
by token counts or embeddings; ChunkingConfiguration in botocore's ``bedrock-agent`` model), so the
deployed knowledge base gets these same chunks as one object each with chunking NONE: see
``deploy/knowledge_base.py`` and ``terraform/modules/knowledge_base``. Tokens are approximated by
whitespace-separated words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from local_bedrock.manifest import REPO_ROOT

CHUNKING_FILE = REPO_ROOT / "terraform" / "knowledge_base_chunking.json"

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+\.)\s+")
HEADING_SEPARATOR = " > "
ROW_SEPARATOR = " | "


class ChunkingConfig(BaseModel):
    """terraform/knowledge_base_chunking.json: read by Terraform, the local runtime and make deploy."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    strategy: str = Field(pattern="^SECTION$")
    maxTokens: int = Field(ge=20, le=8192)
    overlapPercentage: int = Field(ge=0, le=99)

    @classmethod
    def from_file(cls, path: str | Path) -> ChunkingConfig:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def declared() -> ChunkingConfig:
    """The repository's chunking declaration (terraform/knowledge_base_chunking.json)."""
    return ChunkingConfig.from_file(CHUNKING_FILE)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One retrievable piece of a document."""

    source: str  # file name relative to the knowledge-base directory, e.g. "returns.md"
    index: int  # position of the chunk within its document, from 0
    heading_path: tuple[str, ...]
    text: str  # what is indexed and returned: the heading path line, a blank line, the blocks

    @property
    def body(self) -> str:
        return self.text.split("\n\n", 1)[1] if "\n\n" in self.text else ""


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?", line.strip()))


def table_rows(lines: list[str]) -> list[str]:
    """Rows of a Markdown table (header, separator, rows) as lines that name their columns."""
    header = _cells(lines[0])
    rows = []
    for line in lines[2:]:
        cells = _cells(line)
        first = f"{header[0]} {cells[0]}" if header and cells else ""
        rest = [f"{name}: {cell}" for name, cell in zip(header[1:], cells[1:], strict=False) if cell]
        rows.append(ROW_SEPARATOR.join([first, *rest]))
    return rows


def blocks(body: str) -> list[str]:
    """Paragraphs (hard-wrapped lines joined), list items and table rows, in order."""
    found: list[str] = []
    current: list[str] = []
    lines = body.splitlines()

    def flush() -> None:
        if current:
            found.append(" ".join(current))
            current.clear()

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("|") and i + 1 < len(lines) and _is_separator(lines[i + 1]):
            flush()
            end = i + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            found.extend(table_rows([raw.strip() for raw in lines[i:end]]))
            i = end
            continue
        if not line:
            flush()
        elif _LIST_ITEM.match(line):
            flush()
            current.append(line)
        else:
            current.append(line)
        i += 1
    flush()
    return found


def sections(text: str) -> list[tuple[tuple[str, ...], str]]:
    """(heading path, body) for every heading that has text under it, in document order."""
    found: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[int, str]] = []
    body: list[str] = []

    def close() -> None:
        if "".join(body).strip():
            found.append((tuple(title for _, title in stack), "\n".join(body)))

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match is None:
            body.append(line)
            continue
        close()
        body = []
        level = len(match.group(1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()))
    close()
    return found


def _words(block: str) -> int:
    return len(block.split())


def _windows(units: list[str], max_tokens: int, overlap_words: int) -> list[list[str]]:
    """Greedy windows of whole units up to ``max_tokens`` words; the next window starts with the
    last units of the previous one that add up to at most ``overlap_words``."""
    windows: list[list[str]] = []
    start = 0
    while start < len(units):
        end, size = start, 0
        while end < len(units) and (end == start or size + _words(units[end]) <= max_tokens):
            size += _words(units[end])
            end += 1
        windows.append(units[start:end])
        if end == len(units):
            break
        back, carried = end, 0
        while back - 1 > start and carried + _words(units[back - 1]) <= overlap_words:
            back -= 1
            carried += _words(units[back])
        start = back
    return windows


def _split_long(block: str, max_tokens: int) -> list[str]:
    words = block.split()
    return [" ".join(words[i : i + max_tokens]) for i in range(0, len(words), max_tokens)] or [block]


def chunk_document(
    source: str, text: str, max_tokens: int | None = None, overlap_percentage: int | None = None
) -> list[Chunk]:
    """Cut ``text`` into section-bounded chunks of at most ``max_tokens`` words of body (default:
    the repository's declaration)."""
    max_tokens = declared().maxTokens if max_tokens is None else max_tokens
    overlap_percentage = declared().overlapPercentage if overlap_percentage is None else overlap_percentage
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if not 0 <= overlap_percentage < 100:
        raise ValueError("overlap_percentage must be in [0, 100)")
    overlap_words = round(max_tokens * overlap_percentage / 100)
    chunks: list[Chunk] = []
    for path, body in sections(text):
        units = [piece for block in blocks(body) for piece in _split_long(block, max_tokens)]
        heading = HEADING_SEPARATOR.join(path) or source
        for window in _windows(units, max_tokens, overlap_words):
            chunks.append(Chunk(source, len(chunks), path, heading + "\n\n" + "\n".join(window)))
    return chunks
