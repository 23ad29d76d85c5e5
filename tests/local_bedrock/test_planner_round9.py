"""The ninth round of issue 14, on messages written for this file (not taken from an utterance suite):
the route's last word as one comparison of candidates (the knowledge base, the best read, the
refusal; candidates.py), each scored from what the agent declares and the message's language, with
the ordered rules' verdict as one piece of evidence."""

from __future__ import annotations

from functools import partial

from evals.planner.fit_candidates import fit
from evals.planner.suite import WRITTEN
from local_bedrock.planner import candidates
from local_bedrock.planner.candidates import KNOWLEDGE, READ, REFUSAL
from tests.local_bedrock.planner_fixtures import LIBRARY, first_step, tool

_tool = partial(tool, today=WRITTEN)


def test_fit_learns_which_candidate_each_piece_of_evidence_speaks_for() -> None:
    samples = [
        ({"bias": 1.0, "asks_rule": 1.0, "names_data": 0.0}, KNOWLEDGE, (KNOWLEDGE, READ, REFUSAL)),
        ({"bias": 1.0, "asks_rule": 0.0, "names_data": 1.0}, READ, (KNOWLEDGE, READ, REFUSAL)),
        ({"bias": 1.0, "asks_rule": 0.0, "names_data": 0.0}, REFUSAL, (KNOWLEDGE, READ, REFUSAL)),
    ] * 5
    weights = fit(samples, rounds=300)
    for evidence, expected, allowed in samples[:3]:
        scored = candidates.scores(evidence, weights)
        assert max(allowed, key=lambda c: scored[c]) == expected
    # The softmax runs over the allowed candidates only: a sample without the knowledge base never
    # pushes its weights.
    only_reads = fit([({"bias": 1.0, "x": 1.0}, READ, (READ, REFUSAL))], rounds=50)
    assert all(w == 0.0 for w in only_reads[KNOWLEDGE].values())


def test_the_rules_choice_stands_unless_another_candidate_outscores_it_by_the_margin() -> None:
    weights = {KNOWLEDGE: {"docs": 1.0}, READ: {"bias": 0.5}, REFUSAL: {}}
    close = {"bias": 1.0, "docs": 0.5 + candidates.MARGIN / 2}
    clear = {"bias": 1.0, "docs": 0.5 + candidates.MARGIN + 0.1}
    allowed = (KNOWLEDGE, READ, REFUSAL)
    assert candidates.best(close, allowed, READ, weights) == READ
    assert candidates.best(clear, allowed, READ, weights) == KNOWLEDGE
    # A candidate that is not allowed (no knowledge base) never wins, however high it scores.
    assert candidates.best(clear, (READ, REFUSAL), READ, weights) == READ


def test_the_evidence_names_the_rules_verdict_and_the_documents_words() -> None:
    from local_bedrock.planner.goals import understand
    from tests.local_bedrock.planner_fixtures import agents, planner

    librarian = agents(LIBRARY)["librarian"]
    built = planner(LIBRARY, WRITTEN)
    text = "is the central branch open on a tuesday evening?"
    message = understand(text, built.speller, built.catalog_stems, frozenset(), librarian)
    evidence = candidates.features(librarian, message, None, KNOWLEDGE, LIBRARY / "knowledge_base")
    assert evidence["routed_knowledge"] == 1.0 and evidence["routed_read"] == 0.0
    assert evidence["docs_all"] > 0 and evidence["question_mark"] == 1.0 and evidence["op_none"] == 1.0


def test_a_question_about_opening_days_in_the_documents_words_goes_to_the_documents() -> None:
    # The rules took "<branch> <day> - open or shut?" for a search of the catalog; the comparison
    # finds more evidence for the documents (their words, a question, no data of the member's).
    assert _tool("central branch tuesdays - open or shut?", "librarian", LIBRARY) == "knowledge_base"


def test_when_a_title_needs_returning_reads_the_loans_rather_than_declining() -> None:
    assert _tool("when does the martian need returning", "librarian", LIBRARY) == "listLoans"


def test_the_comparison_leaves_alone_what_it_does_not_decide() -> None:
    # A change no operation declares stays with the rules: the documents say how it is done (the
    # fitted weights alone would list the fees).
    assert _tool("I want to pay my fines", "librarian", LIBRARY) == "knowledge_base"
    # Something else altogether is still declined.
    assert _tool("what's the weather in paris tomorrow", "assistant") is None
    assert "Sorry" in first_step("what's the weather in paris tomorrow", "assistant", today=WRITTEN)["answer"]
    # A message naming one thing by its id is no candidate comparison: the read of that thing.
    assert _tool("status of ORD-7K3F9Q please", "assistant") == "getOrderStatus"


def test_the_refit_counts_only_first_turns_that_expect_one_candidate() -> None:
    from evals.planner.fit_candidates import expected

    writes = {"renewLoan"}
    assert expected({"expect": {"kb": True}}, writes) == KNOWLEDGE
    assert expected({"expect": {"calls": ["listLoans"]}}, writes) == READ
    assert expected({"expect": {"declined": True}}, writes) == REFUSAL
    assert expected({"expect": {"calls": ["renewLoan"]}}, writes) is None  # a write: not compared
    assert expected({"expect": {"declined": True, "guardrail": "INTERVENED"}}, writes) is None
    assert expected({"before": ["hello"], "expect": {"kb": True}}, writes) is None
