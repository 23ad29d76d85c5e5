"""Fixed-size chunking of Markdown documents, like the Bedrock knowledge-base default.

The service's default strategy cuts each document into chunks of about 300 tokens with 20% overlap.
Tokens are approximated here by whitespace-separated words. Each chunk keeps the heading path
(document title > section > subsection) in force where it starts, so a chunk that begins in the
middle of a section still says what it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
_WORD = re.compile(r"\S+")
HEADING_SEPARATOR = " > "


@dataclass(frozen=True, slots=True)
class Chunk:
    """One retrievable piece of a document."""

    source: str  # file name relative to the knowledge-base directory, e.g. "returns.md"
    index: int  # position of the chunk within its document, from 0
    heading_path: tuple[str, ...]
    text: str  # what is indexed and returned: heading path line (if needed) + the raw slice


def _heading_starts(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """(character offset, heading path) for every Markdown heading, in document order."""
    stack: list[tuple[int, str]] = []
    starts: list[tuple[int, tuple[str, ...]]] = []
    for match in _HEADING.finditer(text):
        level = len(match.group(1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()))
        starts.append((match.start(), tuple(title for _, title in stack)))
    return starts


def _path_at(offset: int, starts: list[tuple[int, tuple[str, ...]]]) -> tuple[str, ...]:
    path: tuple[str, ...] = ()
    for start, heading_path in starts:
        if start > offset:
            break
        path = heading_path
    return path


def chunk_document(
    source: str, text: str, max_tokens: int = 300, overlap_percentage: int = 20
) -> list[Chunk]:
    """Split `text` into windows of `max_tokens` words overlapping by `overlap_percentage`%."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    if not 0 <= overlap_percentage < 100:
        raise ValueError("overlap_percentage must be in [0, 100)")
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return []
    starts = _heading_starts(text)
    step = max(1, max_tokens - round(max_tokens * overlap_percentage / 100))
    chunks: list[Chunk] = []
    first = 0
    while True:
        last = min(first + max_tokens, len(spans)) - 1
        begin, end = spans[first][0], spans[last][1]
        path = _path_at(begin, starts)
        body = text[begin:end]
        starts_at_heading = any(start == begin for start, _ in starts)
        heading_line = "" if starts_at_heading or not path else HEADING_SEPARATOR.join(path) + "\n\n"
        chunks.append(Chunk(source=source, index=len(chunks), heading_path=path, text=heading_line + body))
        if last == len(spans) - 1:
            return chunks
        first += step
