"""Fixed-size chunking with overlap and heading paths."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from local_bedrock.retriever import chunk_document

DOC = """# Returns

Intro words here.

## Opened items

### Headphones

""" + " ".join(f"w{i}" for i in range(700))


def _body_words(chunk_text: str, heading_path: tuple[str, ...]) -> list[str]:
    prefix = " > ".join(heading_path) + "\n\n"
    return (chunk_text.removeprefix(prefix)).split()


def test_chunks_are_fixed_size_with_twenty_percent_overlap() -> None:
    chunks = chunk_document("returns.md", DOC, max_tokens=300, overlap_percentage=20)
    words = DOC.split()
    bodies = [_body_words(c.text, c.heading_path) for c in chunks]
    assert [len(b) for b in bodies[:-1]] == [300] * (len(bodies) - 1)
    assert bodies[0] == words[:300]
    assert bodies[1] == words[240:540]  # step 240 = 300 - 60 overlap
    assert bodies[-1][-1] == words[-1]
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_each_chunk_carries_the_heading_path_where_it_starts() -> None:
    chunks = chunk_document("returns.md", DOC, max_tokens=300, overlap_percentage=20)
    assert chunks[0].heading_path == ("Returns",)
    assert chunks[0].text.startswith("# Returns")  # starts at a heading: no extra line
    assert chunks[1].heading_path == ("Returns", "Opened items", "Headphones")
    assert chunks[1].text.startswith("Returns > Opened items > Headphones\n\nw")


def test_sibling_headings_replace_each_other() -> None:
    text = "# A\n\n## B\n\nb b b\n\n## C\n\nc c c c c c"
    chunks = chunk_document("x.md", text, max_tokens=3, overlap_percentage=0)
    assert chunks[-1].heading_path == ("A", "C")


def test_empty_documents_and_bad_parameters() -> None:
    assert chunk_document("x.md", "  \n ") == []
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
    seen = [int(w[1:]) for c in chunks for w in re.findall(r"w\d+", c.text)]
    assert set(seen) == set(range(n_words))
    assert all(len(c.text.split()) <= max_tokens for c in chunks)
    firsts = [int(re.findall(r"w(\d+)", c.text)[0]) for c in chunks]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
