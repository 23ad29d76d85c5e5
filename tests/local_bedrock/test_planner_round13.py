"""The thirteenth round of issue 14, on messages written for this file (not taken from an utterance
suite): meaning in later turns. A position in the list just shown with no read's words said goes to
the read of such a thing closest in meaning; of things shown under one name, the one picked by what
tells them apart in other words; and the cross-validation scores (and may fit) later turns too."""

from __future__ import annotations

import math

from evals.planner.crossval import cross_validate
from evals.planner.fit_candidates import Sample, expected
from evals.planner.suite import DEV3, LIBRARY_DEV, placeholders
from local_bedrock.planner.candidates import KNOWLEDGE, READ, REFUSAL
from local_bedrock.planner.concepts import detect
from local_bedrock.planner.goals import alike_by_meaning
from local_bedrock.planner.language import ordinal_reference
from local_bedrock.store.seed import generate
from tests.local_bedrock.planner_fixtures import suite_cases

ALL = (KNOWLEDGE, READ, REFUSAL)


def test_an_entry_or_a_row_of_a_list_is_a_position() -> None:
    assert ordinal_reference("open entry 4 for me") == 4
    assert ordinal_reference("what was in row two") == 2
    assert ordinal_reference("an entry level tent") is None
    # A list read top down: its top is the first, its bottom the last.
    assert ordinal_reference("show the topmost item again") == 1
    assert ordinal_reference("what's the bottom row about") == -1
    assert ordinal_reference("top rated sleeping bags") is None
    # Said of tiers and plans, "the top one" is the highest, not a list's first; "the lowest option"
    # is the cheapest, and the top of a receipt is not a list's (review13 F1).
    assert ordinal_reference("what do I have to spend to get to the top one") is None
    assert ordinal_reference("drop whichever sits at the top") == 1
    assert ordinal_reference("which delivery is the lowest option") is None
    assert ordinal_reference("why is a charge printed at the top of my invoice") is None


def test_policy_questions_with_list_words_stay_policy_questions_after_a_list() -> None:
    """Review13 F1 and F2: the round's position and paging words inside ordinary policy questions
    sent them to a read of the listed purchases."""
    with suite_cases(DEV3) as case:
        for text in (
            "What is the lowest option for shipping?",
            "Why is there a fee at the top of my receipt?",
            "Do I have to return them before those 30 days are up?",
            "Can I return older stuff?",
            "How much further back can I return things?",
        ):
            said = case(text, {"kb": True}, before=["list what I bought recently"], customer="C0001")
            assert not said.record.calls, (text, said.record.calls)


def test_a_short_reply_that_picks_nothing_does_not_place_a_hold() -> None:
    """Review13 F3: after a search listing one title in two formats, filler or a refusal chose the
    format nearest in meaning (a tiny lead) and opened a hold's confirmation."""
    with suite_cases(LIBRARY_DEV) as case:
        for text in ("never mind", "maybe later", "I'll think about it"):
            said = case(text, {"calls": []}, before=["look up dune"])
            assert said.record.confirm is None, (text, said.record.confirm)


def test_asking_further_back_in_a_list_is_asking_for_its_next_page() -> None:
    for text in ("anything older than these?", "go farther back please", "continue", "earlier things too"):
        assert detect(text).get("more"), text
    for text in (
        "continue to checkout questions",
        "what did I buy before christmas",
        "older customers",
        # inside a policy question they are the policy's words (review13 F2)
        "do I have to return them before those 30 days are up",
        "how much further back can I return things",
    ):
        assert not detect(text).get("more"), text


def _shown(*formats: str, name: str = "Winter Garden") -> list[dict[str, str]]:
    return [
        {"id": f"X-{n}", "key": "itemId", "name": name, "about": f"{name} Ada Lark {kind}"}
        for n, kind in enumerate(formats)
    ]


def test_of_things_shown_under_one_name_the_one_described_in_other_words_is_picked() -> None:
    shown = _shown("audiobook", "book", "ebook")
    assert alike_by_meaning("the version I can hear on a long drive", shown) == "X-0"
    assert alike_by_meaning("the printed one on paper", shown) == "X-1"


def test_things_of_different_names_or_told_apart_by_nothing_are_not_picked_by_meaning() -> None:
    different = [*_shown("audiobook"), *_shown("book", name="Salt Roads")]
    assert alike_by_meaning("the version I can hear on a long drive", different) is None
    assert alike_by_meaning("the version I can hear on a long drive", _shown("book", "book")) is None
    assert alike_by_meaning("the version I can hear on a long drive", _shown("audiobook")) is None


def test_a_position_in_the_purchases_shown_with_no_reads_words_reads_that_purchase() -> None:
    with suite_cases(DEV3) as case:
        said = case(
            "unpack entry 2",
            {"calls": ["getPurchaseDetails"], "args": {"purchaseId": "{C0001.orders.1}"}},
            before=["list what I bought recently"],
            customer="C0001",
        )
        # The second purchase listed, as the suites name it (review13 F7: not any purchase).
        second = placeholders(generate())["C0001.orders.1"]
        assert said.record.calls[:1] == ["getPurchaseDetails"], said.problems
        assert said.record.arguments.get("purchaseId") == second, said.record.arguments
        # With nothing listed first, the position points at nothing: no read of one purchase.
        alone = case("unpack entry 2", {"calls": []}, customer="C0001")
        assert "getPurchaseDetails" not in alone.record.calls


def test_picking_one_of_the_formats_found_in_other_words_goes_on_to_the_holds_confirmation() -> None:
    with suite_cases(LIBRARY_DEV) as case:
        said = case(
            "the printed copy, please",
            {"confirm": "placeHold", "args": {"itemId": "BK-1001"}},
            before=["look up dune"],
        )
        assert said.passed, said.problems
        # A question about them is not a pick.
        asked = case("is the printed copy heavy?", {"calls": []}, before=["look up dune"])
        assert asked.record.confirm is None


def test_later_turns_count_for_the_comparison_when_a_case_has_earlier_turns() -> None:
    case = {"before": ["something earlier"], "say": "and that?", "expect": {"kb": True}}
    assert expected(case, set()) is None  # first turns only, as before
    assert expected(case, set(), later=True) == KNOWLEDGE


def _turn(docs: float, wanted: str, routed: str, later: bool) -> Sample:
    return Sample({"bias": 1.0, "docs": docs}, wanted, ALL, routed, later)


def test_the_cross_validation_scores_later_turns_apart_and_fits_on_them_only_when_asked() -> None:
    # First turns: the documents' evidence tells nothing, the rules are right. Later turns: the rules
    # are wrong and the documents' evidence tells the answer.
    first = [_turn(0.5, KNOWLEDGE, KNOWLEDGE, False), _turn(0.5, READ, READ, False)] * 4
    later = [_turn(1.0, KNOWLEDGE, READ, True), _turn(0.0, READ, KNOWLEDGE, True)] * 4
    suites = {"a": first + later, "b": first + later}
    firsts = cross_validate(suites, ["a"], margins=(0.0, math.inf), rounds=200)
    assert firsts["a"] == {0.0: 8, math.inf: 8}
    # Fitted on first turns only, nothing is learnt from the documents' evidence: the later turns stay
    # as the rules chose them. Fitted on later turns too, it decides them.
    laters = cross_validate(suites, ["a"], margins=(0.0, math.inf), rounds=200, score_later=True)
    assert laters["a"] == {0.0: 0, math.inf: 0}
    refitted = cross_validate(suites, ["a"], margins=(0.0,), rounds=200, fit_later=True, score_later=True)
    assert refitted["a"][0.0] == 8
