"""The tenth round of issue 14, on messages written for this file (not taken from an utterance suite):
a predictor of accuracy on unseen suites that reads only tunable ones (evals/planner/crossval.py,
leave one suite out), the training moved out of the runtime, and a refusal that says its kind."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from evals.planner import crossval
from evals.planner.crossval import choose, cross_validate, right
from evals.planner.fit_candidates import Sample
from evals.planner.suite import DEV3, NOT_TUNABLE, TUNABLE, WRITTEN, WRITTEN_BLIND
from local_bedrock.planner import candidates, refusals
from local_bedrock.planner.candidates import KNOWLEDGE, READ, REFUSAL
from local_bedrock.planner.planner import _candidate
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, first_step, suite_cases

ALL = (KNOWLEDGE, READ, REFUSAL)


def _sample(docs: float, routed: str) -> Sample:
    """A first turn whose right answer the documents' evidence alone tells: the documents when it is
    1, a read when 0; ``routed``: what the rules said."""
    wanted = KNOWLEDGE if docs else READ
    return Sample({"bias": 1.0, "docs": docs, "data": 1.0 - docs}, wanted, ALL, routed)


def test_leaving_a_suite_out_scores_it_with_weights_fitted_on_the_others_only() -> None:
    # Two suites where the rules are always right, and one where they are always wrong: fitted on the
    # first two, the weights learn nothing against the rules (their verdict is not evidence here), so
    # no margin helps the third; fitted on the third and one other, the evidence decides.
    sound = [_sample(1.0, KNOWLEDGE), _sample(0.0, READ)] * 4
    wrong = [_sample(1.0, READ), _sample(0.0, KNOWLEDGE)] * 4
    suites = {"a": sound, "b": list(sound), "c": wrong}
    table = cross_validate(suites, ["a", "c"], margins=(0.0, math.inf), rounds=200)
    assert table["a"][math.inf] == 8  # the rules alone: every turn right
    assert table["c"][math.inf] == 0
    assert table["c"][0.0] == 8  # the evidence, fitted on a and b, gets every turn of c right
    assert table["a"][0.0] == 8


def test_the_margin_chosen_has_most_turns_right_unless_it_loses_on_the_fresh_folds() -> None:
    table = {"old": {0.0: 9, 0.8: 7, math.inf: 6}, "new": {0.0: 5, 0.8: 5, math.inf: 3}}
    assert choose(table, 0.8, ["new"]) == 0.0
    # The same total, less on the fresh fold: the shipped margin stays.
    table["new"] = {0.0: 4, 0.8: 5, math.inf: 3}
    table["old"][0.0] = 10
    assert choose(table, 0.8, ["new"]) == 0.8
    # A tie over all folds goes to the larger margin, the smaller change.
    assert choose({"a": {0.0: 7, 0.8: 7, math.inf: 6}}, math.inf, ["a"]) == 0.8


def test_a_candidate_replaces_the_rules_choice_only_past_the_margin_given() -> None:
    weights = {KNOWLEDGE: {"docs": 1.0}, READ: {"bias": 0.5}, REFUSAL: {}}
    turn = Sample({"bias": 1.0, "docs": 1.0}, KNOWLEDGE, ALL, READ)
    assert right([turn], weights, 0.4) == 1
    assert right([turn], weights, 0.6) == 0


def test_the_cross_validation_never_reads_a_held_out_or_judged_suite() -> None:
    assert NOT_TUNABLE and not set(NOT_TUNABLE) & set(TUNABLE)
    assert set(NOT_TUNABLE) <= set(WRITTEN_BLIND)
    folds = [p for p in WRITTEN_BLIND if p in TUNABLE]
    assert len(folds) == len(WRITTEN_BLIND) - len(NOT_TUNABLE)


def test_the_runtime_keeps_no_training_code() -> None:
    assert not hasattr(candidates, "fit")
    assert callable(candidates.best) and candidates.WEIGHTS


def test_an_out_of_scope_refusal_says_its_kind_whatever_its_words() -> None:
    librarian = agents(LIBRARY)["librarian"]
    goal = refusals.out_of_scope(librarian, "nothing covers it")
    assert goal.refusal == refusals.OUT_OF_SCOPE_KIND
    assert _candidate(goal, None) == REFUSAL
    # The same words said by another answer are not that refusal: the kind decides, not the text.
    lookalike = refusals.answer("C", "said otherwise", goal.text)
    assert _candidate(lookalike, None) is None
    # A change the agent cannot make is declined, but not as out of scope: the rules keep it.
    assert _candidate(refusals.cannot(librarian, "pay fines"), None) is None


def test_a_request_for_something_else_altogether_is_still_declined() -> None:
    step = first_step("what's a good recipe for pancakes", "assistant", today=WRITTEN)
    assert step.get("action") is None and step["answer"].startswith(refusals.OUT_OF_SCOPE)


def test_a_count_of_the_one_thing_found_goes_on_to_the_order_confirmation() -> None:
    with suite_cases(DEV3) as case:
        expect = {"confirm": "placeOrder", "args": {"quantity": "3"}}
        said = case("three summit ridge foam rollers for the gym", expect, customer="C0001")
        assert said.passed, said.problems
        # A count in a question, or in a request to look, asks to see: the search is the answer.
        for text in ("show me two foam rollers", "is there one summit ridge foam roller?"):
            looked = case(text, {"calls": ["searchProducts"]}, customer="C0001")
            assert looked.passed and looked.record.confirm is None, (text, looked.problems)
        # No count and no wish: the one product found is shown, nothing is offered for confirmation.
        named = case("summit ridge foam roller", {"calls": ["searchProducts"]}, customer="C0001")
        assert named.passed and named.record.confirm is None


def test_the_command_reads_saved_first_turns_and_prints_every_fold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "turns.json"
    turns = [list(_sample(1.0, KNOWLEDGE)), list(_sample(0.0, KNOWLEDGE))]
    saved.write_text(json.dumps({path.stem: turns for path in TUNABLE}))
    assert crossval.main(["--samples", str(saved), "--rounds", "20", "--margins", "0,inf"]) == 0
    printed = capsys.readouterr().out
    folds = [p.stem for p in WRITTEN_BLIND if p in TUNABLE]
    assert all(f"\n{fold} " in printed for fold in folds)
    assert not any(p.stem in printed for p in NOT_TUNABLE)
    # The rules get one turn of two right in every fold; the evidence, fitted elsewhere, both.
    summed = next(line for line in printed.splitlines() if line.startswith("all folds"))
    # Columns: n, margin 0, the shipped margin (always scored; one column with margin 0 when it is 0),
    # the rules alone.
    size, fitted, *shipped_column, rules = (int(n) for n in summed.split()[2:])
    shipped = shipped_column[0] if shipped_column else fitted
    assert len(shipped_column) == (candidates.MARGIN != 0)
    assert (size, fitted, rules) == (2 * len(folds), 2 * len(folds), len(folds))
    # A tie goes to the larger margin.
    assert f"chosen margin: {f'{candidates.MARGIN:g}' if shipped == fitted else '0'} " in printed
