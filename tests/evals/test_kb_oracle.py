"""``python -m evals.kb oracle``: the offline answer composer scored on retrieved passages and on the
gold sections' own passages (an oracle retriever). Texts written for this test."""

from __future__ import annotations

import pytest

from evals.kb.cli import main
from evals.kb.oracle import gold_passages, score_split
from evals.kb.questions import Question
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.chunking import chunk_document

DOCUMENT = (
    "# Garden centre\n\n"
    "## Plant guarantee\n\nPlants that die within 60 days are replaced free of charge. Keep the label.\n\n"
    "## Seed swaps\n\nBring up to five packets of seeds to the spring swap.\n\n"
    "## Delivery\n\nBig planters ship by van on Tuesdays. Compost bags ship with any order.\n"
)


def _question(text: str, section: str, fact: str, keys: list[str]) -> Question:
    return Question.model_validate(
        {
            "id": "garden-01",
            "question": text,
            "gold": [{"document": "garden.md", "section": section}],
            "facts": [{"fact": fact, "keys": keys}],
        }
    )


def test_gold_passages_are_the_chunks_of_the_gold_sections() -> None:
    retriever = Retriever(chunk_document("garden.md", DOCUMENT))
    question = _question("my fern died", "Plant guarantee", "Replaced within 60 days.", ["60 days"])
    passages = gold_passages(retriever, question)
    assert [p["content"]["text"].split("\n")[0] for p in passages] == ["Garden centre > Plant guarantee"]
    assert passages[0]["location"]["s3Location"]["uri"].endswith("/garden.md")


def test_the_oracle_states_what_retrieval_missed() -> None:
    """The question shares words with the delivery section only ("ship", "van"); the fact is in the
    guarantee section: the composer on retrieved passages misses it, on the gold passage states it."""
    retriever = Retriever(chunk_document("garden.md", DOCUMENT))
    question = _question(
        "The fern that came in the van died after a month. Will you ship another?",
        "Plant guarantee",
        "Plants that die within 60 days are replaced.",
        ["within 60 days", "replaced"],
    )
    scores = score_split("garden", [question], k=1, retriever=retriever)
    assert (scores.retrieved, scores.oracle) == (0.0, 1.0)
    assert scores.oracle_words > 0 and scores.questions == 1
    assert "on the gold passages 1.000" in scores.line()


def test_an_empty_split_is_an_error() -> None:
    with pytest.raises(ValueError, match="no questions"):
        score_split("garden", [], retriever=Retriever(chunk_document("garden.md", DOCUMENT)))


def test_the_command_prints_one_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["oracle", "--split", "tuning"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("tuning: composer on retrieved passages ") and "94 questions" in line
