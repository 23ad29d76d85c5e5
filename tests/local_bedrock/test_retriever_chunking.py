"""Section-aware chunking: heading path on every chunk, table header on every row, bounded windows."""

from __future__ import annotations

import itertools
import re

import pytest
from guardrail_fixtures import KNOWLEDGE_BASE
from hypothesis import given
from hypothesis import strategies as st

from local_bedrock.retriever import chunk_document
from local_bedrock.retriever.chunking import blocks, table_rows

DOC = """# Returns

Intro words here.

## Opened items

### Headphones

Opened headphones can be returned
within 30 days.

- In-ear: only sealed.
- Over-ear: any time.

## Prices

| Option | Time | Price |
|---|---|---|
| Standard | 3 to 5 days | $5.99 |
| Overnight | next day | $24.99 |

After the table.
"""


def test_every_chunk_stays_in_one_section_and_starts_with_its_heading_path() -> None:
    chunks = chunk_document("returns.md", DOC)
    assert [c.heading_path for c in chunks] == [
        ("Returns",),
        ("Returns", "Opened items", "Headphones"),
        ("Returns", "Prices"),
    ]
    assert chunks[1].text.startswith("Returns > Opened items > Headphones\n\n")
    assert "Intro words" not in chunks[1].text and "Opened headphones" not in chunks[0].text
    assert [c.index for c in chunks] == [0, 1, 2]


def test_wrapped_lines_join_and_list_items_stay_apart() -> None:
    body = chunk_document("returns.md", DOC)[1].body
    assert body.splitlines() == [
        "Opened headphones can be returned within 30 days.",
        "- In-ear: only sealed.",
        "- Over-ear: any time.",
    ]


def test_each_table_row_carries_the_header_names() -> None:
    lines = chunk_document("returns.md", DOC)[2].body.splitlines()
    assert lines == [
        "Option Standard | Time: 3 to 5 days | Price: $5.99",
        "Option Overnight | Time: next day | Price: $24.99",
        "After the table.",
    ]
    assert table_rows(["| A | B |", "|---|---|", "| x |  |"]) == ["A x"]  # empty cells are left out


def test_a_long_section_splits_at_block_boundaries_with_overlap() -> None:
    paragraphs = "\n\n".join(" ".join(f"p{p}w{i}" for i in range(40)) for p in range(10))
    chunks = chunk_document("x.md", f"# Title\n\n{paragraphs}", max_tokens=100, overlap_percentage=40)
    bodies = [c.body.splitlines() for c in chunks]
    assert all(len(" ".join(b).split()) <= 100 for b in bodies)
    assert all(c.text.startswith("Title\n\n") for c in chunks)
    for previous, following in itertools.pairwise(bodies):
        assert following[0] == previous[-1]  # 40% of 100 words carries the last 40-word paragraph
    seen = {line for b in bodies for line in b}
    assert len(seen) == 10


def test_a_block_longer_than_a_chunk_is_cut_by_words() -> None:
    chunks = chunk_document("x.md", "# T\n\n" + " ".join(f"w{i}" for i in range(250)), max_tokens=100)
    assert [len(c.body.split()) for c in chunks] == [100, 100, 50]


def test_the_repository_documents_chunk_into_sections() -> None:
    text = (KNOWLEDGE_BASE / "shipping.md").read_text()
    chunks = chunk_document("shipping.md", text)
    options = next(c for c in chunks if c.heading_path[-1].startswith("Delivery options"))
    row = "Option Overnight | Delivery time after shipping: next business day | Price: $24.99"
    assert row in options.body
    assert all("\n\n" in c.text and "#" not in c.text.split("\n\n", 1)[0] for c in chunks)


def test_empty_documents_and_bad_parameters() -> None:
    assert chunk_document("x.md", "  \n ") == []
    assert blocks("") == []
    with pytest.raises(ValueError):
        chunk_document("x.md", "a b", max_tokens=0)
    with pytest.raises(ValueError):
        chunk_document("x.md", "a b", overlap_percentage=100)


@given(
    n_words=st.integers(min_value=1, max_value=900),
    max_tokens=st.integers(min_value=5, max_value=400),
    overlap=st.integers(min_value=0, max_value=50),
)
def test_every_word_lands_in_some_chunk_in_order(n_words: int, max_tokens: int, overlap: int) -> None:
    words = [f"w{i}" for i in range(n_words)]
    chunks = chunk_document("x.md", " ".join(words), max_tokens=max_tokens, overlap_percentage=overlap)
    seen = [int(w[1:]) for c in chunks for w in re.findall(r"w\d+", c.body)]
    assert set(seen) == set(range(n_words))
    assert all(len(c.body.split()) <= max_tokens for c in chunks)
    firsts = [int(re.findall(r"w(\d+)", c.body)[0]) for c in chunks]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
