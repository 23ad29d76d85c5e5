"""The twenty-ninth round of issue 14 (decision 0079, measured and not enabled): the comparison of
candidates (candidates.py) can learn, from the tunable suites' first turns and the knowledge-base
evaluation's questions, which coordinates of the sentence vectors tell a request for the read from a
question for the documents (the agreement pieces), for the agents fitted on and no other; no fitted
file ships. The messages are written for this file, not taken from an utterance suite."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from evals.kb.questions import HELD_OUT, TUNABLE_SPLITS
from evals.planner.fit_candidates import (
    Sample,
    declared_only,
    fit,
    fitted_file,
    harvest_questions,
    is_agreement,
)
from evals.planner.suite import LIBRARY_DEV, NOT_TUNABLE, TUNABLE, suite_header
from local_bedrock import encoder
from local_bedrock.planner import candidates, meaning
from local_bedrock.planner.candidates import KNOWLEDGE, READ, REFUSAL
from tests.local_bedrock.planner_fixtures import LIBRARY, agents

ALL = (KNOWLEDGE, READ, REFUSAL)


@pytest.fixture(scope="module")
def written() -> dict:
    """The fitted file for one small tunable suite, as fit_candidates --write writes it."""
    return fitted_file(0.3, [LIBRARY_DEV])


def test_no_fitted_weights_ship_so_every_agent_is_compared_on_what_it_declares() -> None:
    # Decision 0079: measured, not enabled.
    assert not candidates.FITTED.exists()
    declared = candidates.Comparison(candidates.WEIGHTS, candidates.MARGIN)
    assert candidates.comparison_for(agents()["assistant"]) == declared
    assert candidates.comparison_for(agents(LIBRARY)["librarian"]) == declared


def test_fitted_weights_hold_for_the_agents_fitted_on_and_no_other(
    written: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "candidate_weights.json"
    path.write_text(json.dumps(written))
    monkeypatch.setattr(candidates, "FITTED", path)
    candidates._fitted.cache_clear()
    try:
        librarian = agents(LIBRARY)["librarian"]
        assert candidates.comparison_for(librarian) == candidates.fitted()
        assert candidates.fitted().margin == 0.3
        # The same agent with one operation fewer is another agent: the declared-only weights.
        fewer = dataclasses.replace(librarian, operations=librarian.operations[1:])
        declared = candidates.Comparison(candidates.WEIGHTS, candidates.MARGIN)
        assert candidates.comparison_for(fewer) == declared
        assert candidates.comparison_for(agents()["assistant"]) == declared
    finally:
        candidates._fitted.cache_clear()


def test_the_fitted_file_names_its_suites_splits_and_agents(written: dict) -> None:
    assert written["fitted"]["suites"] == [LIBRARY_DEV.stem]
    assert LIBRARY_DEV in TUNABLE and LIBRARY_DEV not in NOT_TUNABLE
    # The knowledge-base evaluation's questions of its tunable splits, never the held-out one.
    assert set(written["fitted"]["knowledge_base_splits"]) == set(TUNABLE_SPLITS)
    assert not set(TUNABLE_SPLITS) & set(HELD_OUT)
    library = suite_header(LIBRARY_DEV).definitions()
    assert written["agents"] == {
        n: sorted(op.operation_id for op in a.operations) for n, a in library.items()
    }
    assert any(is_agreement(f) for f in written["weights"][READ])
    assert set(written["weights"]) == set(ALL)


def test_the_agreement_pieces_sum_to_the_cosine_with_the_read_declaration() -> None:
    librarian = agents(LIBRARY)["librarian"]
    text = "which novels by that martian author could I take home this week"
    read = next(op for op in librarian.operations if not op.mutating)
    match = type("Match", (), {"operation": read})()
    pieces = candidates._agreement(librarian, text, match, LIBRARY / "knowledge_base")
    summed = sum(v for k, v in pieces.items() if k.startswith("agree_read.")) / candidates.AGREEMENT_SCALE
    expected = float(meaning.declaration_vector(librarian, read.operation_id) @ encoder.encode([text])[0])
    assert summed == pytest.approx(expected, abs=1e-5)
    assert len(pieces) == 2 * encoder.DIMENSIONS
    # No read: it agrees with nothing.
    alone = candidates._agreement(librarian, text, None, LIBRARY / "knowledge_base")
    assert not any(v for k, v in alone.items() if k.startswith("agree_read."))
    assert any(v for k, v in alone.items() if k.startswith("agree_documents."))


def test_the_fit_learns_which_coordinate_tells_the_candidates_apart() -> None:
    # Coordinate 3 says the documents, coordinate 5 the read; the bias alone cannot tell them.
    rows = []
    for sign in (1.0, -1.0) * 20:
        rows.append(
            ({"bias": 1.0, "agree_read.3": sign, "agree_read.5": -sign}, KNOWLEDGE if sign > 0 else READ, ALL)
        )
    weights = fit(rows)
    assert weights[KNOWLEDGE]["agree_read.3"] > 0 > weights[READ]["agree_read.3"]
    assert all(max(ALL, key=lambda c: candidates.scores(e, weights)[c]) == want for e, want, _ in rows)


def test_the_declared_only_samples_keep_every_other_piece() -> None:
    sample = Sample({"bias": 1.0, "agree_read.0": 2.0, "docs_all": 0.5}, KNOWLEDGE, ALL, READ)
    (kept,) = declared_only([sample])
    assert kept.evidence == {"bias": 1.0, "docs_all": 0.5}
    assert kept._replace(evidence=sample.evidence) == sample


def test_the_knowledge_base_questions_are_first_turns_expecting_the_documents() -> None:
    turns = harvest_questions(["dev5"])
    assert len(turns) > 20
    assert {t.expected for t in turns} == {KNOWLEDGE}
    assert all(KNOWLEDGE in t.allowed and any(is_agreement(k) for k in t.evidence) for t in turns)
