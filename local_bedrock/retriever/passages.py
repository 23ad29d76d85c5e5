"""A retrieved passage read back as quotable units: sentences, list items and table rows.

The offline planner quotes these units, and the orchestrator cites a passage when the answer quotes
one of its units, so both read passages the same way (here). A table row comes out as a sentence
that names its columns: "Overnight — Delivery time after shipping: next business day; Price: $24.99."
"""

from __future__ import annotations

import re
from typing import Any

from local_bedrock.retriever.chunking import ROW_SEPARATOR

# A sentence ends at . ! ? before a capital, digit or quote, but not after an abbreviation
# ("1 p.m. Eastern", "e.g. Visa") or a one-letter initial.
_SENTENCE = re.compile(
    r"(?<![ap]\.m\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\b[A-Za-z]\.)(?<=[.!?])\s+(?=[A-Z0-9(\"'$])"
)
_LIST_MARK = re.compile(r"^([-*+]|\d+\.)\s+")


def split(text: str) -> tuple[str, str]:
    """(heading path line, body) of a chunk's text; no heading line gives ("", text)."""
    head, sep, body = text.partition("\n\n")
    if sep and "\n" not in head and not head.rstrip().endswith((".", ":", "!", "?")):
        return head.strip(), body
    return "", text


def row_sentence(line: str) -> str:
    """``Option Overnight | Price: $24.99`` -> ``Overnight — Price: $24.99.``"""
    first, *rest = line.split(ROW_SEPARATOR)
    label = first.split(" ", 1)[1] if " " in first else first
    return f"{label} — {'; '.join(rest)}." if rest else f"{label}."


def _lower_first(item: str) -> str:
    """ "Normal wear" -> "normal wear"; "PROCESSING", "PayPal" and "Visa," keep their case."""
    first = item.split(" ", 1)[0]
    plain = first[:1].isupper() and first[1:].islower() and first.isalpha()
    return item[0].lower() + item[1:] if plain else item


def units(text: str) -> list[str]:
    """The quotable units of a passage body, in order, markdown emphasis removed: sentences of
    paragraphs, table rows, and whole list items, each read after its lead-in ("Neither ... cover:
    lost or stolen items."), which is not a unit by itself."""
    found: list[str] = []
    lead_in = ""
    for raw in split(text)[1].replace("**", "").splitlines():
        line = _LIST_MARK.sub("", raw.strip())
        if not line:
            continue
        if ROW_SEPARATOR in line:
            found.append(row_sentence(line))
        elif _LIST_MARK.match(raw.strip()):
            # a list item is one unit, however many sentences it has, read after its lead-in
            item = line.rstrip(";,. ") + "."
            found.append(f"{lead_in} {_lower_first(item)}" if lead_in else item)
            continue
        else:
            pieces = [piece.strip() for piece in _SENTENCE.split(line) if piece.strip()]
            lead_in = pieces[-1] if pieces and pieces[-1].endswith(":") else ""
            found.extend(p for p in pieces if not p.endswith(":"))
            continue
        lead_in = ""
    return found


def quotes(answer: str, result: dict[str, Any]) -> bool:
    """Does ``answer`` quote a unit of this retrieval result (longer than a few words)?"""
    text = str(result.get("content", {}).get("text", ""))
    return any(len(unit) > 20 and unit in answer for unit in units(text))
