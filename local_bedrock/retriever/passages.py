"""A retrieved passage read back as quotable units: sentences, list items and table rows.

The offline planner quotes these units, and the orchestrator cites a passage when the answer quotes
one of its units, so both read passages the same way (here). A table row comes out as a sentence
that names its columns: "Overnight — Delivery time after shipping: next business day; Price: $24.99."
A list item is read after the sentence that leads into it ("Refunds go back to the original payment
method: cards and digital wallets: 5 to 7 business days ..."), or after its section's heading when
the list opens the section ("Items that cannot be returned: personalized or engraved items ..."), so
a unit quoted alone still says what it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from local_bedrock.retriever.chunking import HEADING_SEPARATOR, ROW_SEPARATOR

# A sentence ends at . ! ? before a capital, digit or quote, but not after an abbreviation
# ("1 p.m. Eastern", "e.g. Visa") or a one-letter initial.
_SENTENCE = re.compile(
    r"(?<![ap]\.m\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\b[A-Za-z]\.)(?<=[.!?])\s+(?=[A-Z0-9(\"'$])"
)
_LIST_MARK = re.compile(r"^([-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class Quotable:
    """One unit of a passage and the block it belongs to: the sentences of one paragraph share a
    block, a list shares the block of the paragraph (or heading) that leads into it, and a table's
    rows share one."""

    text: str
    block: int
    sentence: bool  # a sentence of a paragraph (not a list item or table row, which are alternatives)
    lead_in: str = ""  # what a list item is read after (its lead-in sentence or heading), in ``text``
    row: bool = False  # a table row (the rows of one table share a block, in the table's order)


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


def quotables(text: str) -> list[Quotable]:
    """The quotable units of a passage, in order, markdown emphasis removed, with their blocks:
    sentences of paragraphs, table rows, and whole list items, each read after its lead-in (the
    sentence ending in ":" before the list, or the section's heading when the list opens the
    section), which is not a unit by itself."""
    heading, body = split(text)
    found: list[Quotable] = []
    section = heading.rsplit(HEADING_SEPARATOR, 1)[-1].strip()
    lead_in = f"{section}:" if section else ""
    block, previous = 0, ""
    for raw in body.replace("**", "").splitlines():
        line = _LIST_MARK.sub("", raw.strip())
        if not line:
            continue
        kind = "row" if ROW_SEPARATOR in line else "item" if _LIST_MARK.match(raw.strip()) else "text"
        if kind == "text" or kind != previous:
            block += not (kind == "item" and previous == "text" and lead_in)  # a list stays with its lead-in
        previous = kind
        if kind == "row":
            found.append(Quotable(row_sentence(line), block, False, row=True))
            lead_in = ""
        elif kind == "item":
            # a list item is one unit, however many sentences it has, read after its lead-in
            item = line.rstrip(";,. ") + "."
            read = f"{lead_in} {_lower_first(item)}" if lead_in else item
            found.append(Quotable(read, block, False, lead_in))
        else:
            pieces = [piece.strip() for piece in _SENTENCE.split(line) if piece.strip()]
            lead_in = pieces[-1] if pieces and pieces[-1].endswith(":") else ""
            found.extend(Quotable(p, block, True) for p in pieces if not p.endswith(":"))
    return found


def units(text: str) -> list[str]:
    """The quotable units of a passage body, in order (``quotables`` without their blocks)."""
    return [quotable.text for quotable in quotables(text)]


def quotes(answer: str, result: dict[str, Any]) -> bool:
    """Does ``answer`` quote a unit of this retrieval result (longer than a few words)?"""
    text = str(result.get("content", {}).get("text", ""))
    return any(len(unit) > 20 and unit in answer for unit in units(text))


def cited(answer: str, references: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The references an answer's citation names: every one it quotes (review11 K1: an answer can
    quote four passages since decision 0048, and a cap of three credited the fourth's sentence to the
    other three), or, when it quotes none, the three best retrieved."""
    return [r for r in references if quotes(answer, r)] or references[:3]
