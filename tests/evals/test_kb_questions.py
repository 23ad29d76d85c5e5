"""The labelled knowledge-base question set: size, split, coverage, labels that match the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.kb.questions import (
    BLIND_SPLITS,
    SPLIT_FILES,
    SPLITS,
    TUNING_SPLITS,
    Fact,
    QuestionSetError,
    fact_stated,
    load_labelled,
    load_split,
    select,
)
from evals.kb.sections import KNOWLEDGE_DIR, Corpus

DOCUMENTS = sorted(p.name for p in KNOWLEDGE_DIR.glob("*.md"))


def test_at_least_80_questions_and_a_quarter_blind() -> None:
    tuning = load_split("tuning")
    blind = [q for name in BLIND_SPLITS for q in load_split(name)]
    expected = ("blind", *(f"blind{n}" for n in range(2, 28)))
    assert expected == BLIND_SPLITS
    assert len(tuning) + len(blind) >= 80
    assert len(blind) >= (len(tuning) + len(blind)) / 4


def test_dev3_to_dev5_are_tuning_splits_of_at_least_40_questions() -> None:
    assert TUNING_SPLITS == ("tuning", "dev3", "dev4", "dev5")
    assert not set(TUNING_SPLITS) & set(BLIND_SPLITS)
    assert len(load_split("dev3")) >= 40
    assert len(load_split("dev4")) >= 40
    assert len(load_split("dev5")) >= 45


def test_all_reads_every_split_and_labels_each_question_with_its_split() -> None:
    labelled = load_labelled("all")
    assert list(dict.fromkeys(name for name, _ in labelled)) == list(SPLITS)
    for name in SPLITS:
        assert [q.id for n, q in labelled if n == name] == [q.id for q in load_split(name)]
    assert len(load_split("blind2")) >= 32
    assert all(len(load_split(name)) >= 40 for name in BLIND_SPLITS[2:])  # blind3 on: at least 40


def test_a_split_that_does_not_exist_is_named_with_the_ones_that_do() -> None:
    expected = r"no split 'blind99'; the splits: tuning, dev3, .*blind27, or all"
    with pytest.raises(QuestionSetError, match=expected):
        load_split("blind99")


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_covers_all_nine_documents_and_every_kind(split: str) -> None:
    questions = load_split(split)
    assert len(DOCUMENTS) == 9
    per_document = {d: sum(d in q.documents for q in questions) for d in DOCUMENTS}
    assert min(per_document.values()) >= (3 if split in BLIND_SPLITS[1:] else 1), per_document
    assert {g.document for q in questions for g in q.gold} == set(DOCUMENTS)
    kinds = {k for q in questions for k in q.kinds}
    assert kinds == {"paraphrase", "table-row", "two-section"}
    assert all(len(q.gold) >= 2 for q in questions if "two-section" in q.kinds)


@pytest.mark.parametrize("split", SPLITS)
def test_every_label_names_a_real_section_and_its_keys_occur_there(split: str) -> None:
    assert SPLIT_FILES[split].is_file()
    assert Corpus().check_labels(load_split(split)) == []


def test_the_reference_answer_is_the_facts_joined() -> None:
    question = load_split("tuning")[0]
    assert question.reference_answer == " ".join(f.fact for f in question.facts)
    assert question.reference_answer.count(".") >= len(question.facts)  # full statements, not cut


@pytest.mark.parametrize(
    ("text", "keys", "stated"),
    [
        ("Returns within **30 days** of delivery.", ["30 days"], True),
        ("Returns within 130 days.", ["30 days"], False),  # whole words only
        ("100 points are worth $1.", ["$1"], True),
        ("Gold needs $1,500.", ["$1"], False),  # $1 is not $1,500
        ("It costs $1.50.", ["$1"], False),
        ("In-ear buds only unopened", ["in-ear | earbuds", "unopened"], True),
        ("Earbuds only unopened", ["in-ear | earbuds", "unopened"], True),
        ("Earbuds can be returned", ["in-ear | earbuds", "unopened"], False),  # every key is needed
        ("Orders before 1 p.m. leave", ["1 p.m."], True),
    ],
)
def test_a_fact_is_stated_when_every_key_occurs(text: str, keys: list[str], stated: bool) -> None:
    assert fact_stated(text, Fact(fact="a fact", keys=keys)) is stated


def test_bad_files_are_named_with_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text("questions:\n- id: x\n  question: hello there\n  gold: []\n  facts: []\n  extra: 1\n")
    with pytest.raises(QuestionSetError, match=r"q\.yaml: .*gold.*facts.*extra"):
        load_split("tuning", {"tuning": bad, "blind": bad})
    bad.write_text("questions: [")
    with pytest.raises(QuestionSetError, match="not valid YAML"):
        load_split("tuning", {"tuning": bad, "blind": bad})
    with pytest.raises(QuestionSetError, match="no such question file"):
        load_split("tuning", {"tuning": tmp_path / "missing.yaml", "blind": bad})


def test_duplicate_ids_across_files_and_unknown_ids_are_refused(tmp_path: Path) -> None:
    one = tmp_path / "a.yaml"
    one.write_text(
        "questions:\n- id: same\n  question: how long?\n  gold: [{document: returns.md, section: Books}]\n"
        "  facts: [{fact: Thirty days., keys: [30 days]}]\n"
    )
    with pytest.raises(QuestionSetError, match="duplicate question ids: same"):
        load_split("all", {"tuning": one, "blind": one})
    with pytest.raises(QuestionSetError, match="no question with id nope"):
        select(load_split("tuning", {"tuning": one, "blind": one}), ["nope"])
