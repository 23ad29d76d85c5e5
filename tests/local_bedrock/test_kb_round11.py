"""Round 11 of the knowledge-base answers (issue 11): a passage crowded out of the answer by the
four-unit cap still answers the part of the question nothing quoted says (``knowledge._crowded_out``),
and a section's further unit that opens on a pronoun comes with the sentence it refers to, or not at
all (review finding F11, ``knowledge._section_mates``). Texts are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from local_bedrock.guardrail import grounding
from local_bedrock.planner import knowledge
from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever.passages import cited
from tests.local_bedrock.kb_results import GROUNDING, assert_grounded_and_cited, retrieved, sources
from textnorm import terms

URI = "s3://kb/documents/boats.md"

STORAGE = (
    "Boats and boards > Kayak storage\n\n"
    "A kayak can stay in storage for up to 6 months.\n"
    "Kayak storage starts on the day you drop the kayak off.\n"
    "A kayak left in storage longer than 6 months is moved to the yard.\n"
    "A kayak stays in storage as long as its monthly fee is paid.\n"
    "Long kayaks can stay in the storage shed.\n"
    "You can collect a stored kayak any day.\n"
)
COVER = (
    "Boats and boards > Damage cover\n\n"
    "Boats in storage are insured against fire and theft.\n"
    "Scratches from normal handling are not covered.\n"
)
INSURED = "Boats in storage are insured against fire and theft."
# the question's words split between the two sections: "insured" is only in the second
QUESTION = "How long can my kayak stay in storage, and is it insured?"


def _results(*texts: str) -> list[dict[str, Any]]:
    return [retrieved(text, URI, 0.6 - 0.2 * rank) for rank, text in enumerate(texts)]


def test_a_crowded_out_section_answers_the_word_nothing_quoted_says(monkeypatch: pytest.MonkeyPatch) -> None:
    results = _results(STORAGE, COVER)
    ranked = knowledge.rank_units(QUESTION, results)
    # four units of the storage section outscore the cover section's unit: the cap leaves it out
    assert [u.text for _, u in ranked].index(INSURED) >= knowledge.MAX_UNITS
    answer = compose(QUESTION, results)
    assert answer is not None and INSURED in answer
    assert answer.startswith("According to our Boats policy: A kayak can stay in storage for up to 6 months.")
    # the cover section's other unit says no word of the question: not quoted
    assert "Scratches" not in answer
    monkeypatch.setattr(knowledge, "COMPLEMENT_UNITS", 0)
    before = compose(QUESTION, results)
    assert before is not None and INSURED not in before


THEFT = (
    "Boats and boards > Theft\n\n"
    "A kayak stolen from storage is insured only when it was locked to the rack.\n"
)
STOLEN = "A kayak stolen from storage is insured only when it was locked to the rack."


def test_at_most_complement_units_crowded_out_sections_are_quoted() -> None:
    results = _results(STORAGE, COVER, THEFT)
    ranked = knowledge.rank_units(QUESTION, results)
    best = ranked[0][0]
    floor = knowledge.OTHER_PASSAGE_SHARE * best
    # both other sections have a unit above the other-passage share, below the cap's four units
    crowded = [(s, u.text) for s, u in ranked[knowledge.MAX_UNITS :] if u.rank and s >= floor]
    assert {text for _, text in crowded} == {INSURED, STOLEN}
    answer = compose(QUESTION, results)
    assert answer is not None
    quoted = [text for _, text in crowded if text in answer]
    assert len(quoted) == knowledge.COMPLEMENT_UNITS == 1
    assert quoted == [crowded[0][1]]  # the better scored


def test_crowded_out_keeps_to_its_floor_and_to_the_question_words() -> None:
    units = knowledge._units(_results(STORAGE, COVER))
    chosen = [u for u in units if u.rank == 0]
    insured = next(u for u in units if u.text == INSURED)
    scratches = next(u for u in units if u.text.startswith("Scratches"))
    ranked = [(1.0, u) for u in chosen] + [(0.5, scratches), (0.5, insured)]
    own = set(terms("insured"))
    assert knowledge._crowded_out(own, ranked, chosen, 0.4, units) == [insured]
    assert knowledge._crowded_out(own, ranked, chosen, 0.6, units) == []  # under the floor
    no_word = set(terms("wetsuit"))  # no word of the question
    assert knowledge._crowded_out(no_word, ranked, chosen, 0.4, units) == []
    # a passage already quoted is not crowded out
    assert knowledge._crowded_out(own, ranked, [*chosen, scratches], 0.4, units) == []


def test_a_crowded_out_sentence_that_opens_on_a_pronoun_alone_is_not_quoted() -> None:
    """review11 K2: "It is insured ..." opening its section, quoted after the storage sentences,
    would seem to say the collection day is insured."""
    dangling = COVER.replace(INSURED, "It is insured against fire and theft while in storage.")
    units = knowledge._units(_results(STORAGE, dangling))
    chosen = [u for u in units if u.rank == 0]
    it = next(u for u in units if u.text.startswith("It is insured"))
    ranked = [(1.0, u) for u in chosen] + [(0.5, it)]
    assert knowledge._crowded_out(set(terms("insured")), ranked, chosen, 0.4, units) == []
    answer = compose(QUESTION, _results(STORAGE, dangling))
    assert answer is not None and "It is insured" not in answer


def test_the_added_section_is_grounded_and_cited_for_what_it_says() -> None:
    results = _results(STORAGE, COVER)
    answer = compose(QUESTION, results)
    assert_grounded_and_cited(answer, results, QUESTION)
    assert answer is not None
    tampered = answer.replace(INSURED, INSURED.replace("fire and theft", "fire and theft up to $900"))
    assert grounding.score(tampered, sources(results), QUESTION).grounding < GROUNDING


RINSING = (
    "Boats and boards > Returning a kayak\n\n"
    "Return the kayak to the boathouse by 6 p.m. on the last day of the rental.\n"
    "Every returned kayak is rinsed with fresh water. It is then left to dry on the rack for a day.\n"
    "It is charged at $5 when the rack is full.\n"
)


def _mates(own: set[str], units: list[knowledge.Unit], every: list[knowledge.Unit] | None) -> list[str]:
    first = units[0]
    ranked = [(1.0, u) for u in units]
    return [u.text for u in knowledge._section_mates(own, first, ranked, [first], 3, {}, every)]


def test_a_pronoun_led_sentence_comes_with_the_sentence_it_refers_to() -> None:
    units = knowledge._units(_results(RINSING))
    dry = next(u for u in units if u.text.startswith("It is then left to dry"))
    rinsed = next(u for u in units if u.text.startswith("Every returned kayak is rinsed"))
    assert knowledge._antecedent(dry, units) == rinsed
    # "dry" is said only by the pronoun-led sentence; its antecedent holds no word of the question
    # and is not among the ranked units: the section adds the sentence, and compose its antecedent
    assert _mates(dry.words - rinsed.words, [units[0], dry], units) == [dry.text]
    assert knowledge._antecedents([units[0], dry], units) == [rinsed]
    assert knowledge._antecedents([units[0], rinsed, dry], units) == []  # already quoted


def test_a_pronoun_led_sentence_opening_its_paragraph_is_left_out() -> None:
    units = knowledge._units(_results(RINSING))
    charged = next(u for u in units if u.text.startswith("It is charged at $5"))
    assert knowledge._antecedent(charged, units) is None
    assert _mates(charged.words - units[0].words, [units[0], charged], units) == []


def test_compose_never_quotes_a_pronoun_led_sentence_without_its_antecedent() -> None:
    answer = compose("When do I return the kayak, and how long does it take to dry?", _results(RINSING))
    assert answer is not None
    assert "It is then left to dry on the rack for a day." in answer
    assert "Every returned kayak is rinsed with fresh water. It is then left to dry" in answer


def test_every_quoted_passage_is_cited_even_past_three() -> None:
    """review11 K1: the answer quoted four passages and the citation named only the first three, so
    the fourth's sentence was credited to documents that do not hold it."""
    texts = [f"Section {n}\n\nThe storage rule number {n} applies to every kayak we keep." for n in range(5)]
    results = [retrieved(text, f"s3://kb/documents/doc{n}.md", 0.9 - 0.1 * n) for n, text in enumerate(texts)]
    answer = " ".join(f"The storage rule number {n} applies to every kayak we keep." for n in range(4))
    assert [r["location"]["s3Location"]["uri"][-7:] for r in cited(answer, results)] == [
        "doc0.md",
        "doc1.md",
        "doc2.md",
        "doc3.md",
    ]
    assert cited("Nothing quoted here.", results) == results[:3]
