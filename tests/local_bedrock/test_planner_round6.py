"""General capabilities of the sixth round of issue 14, each on messages written for this file (not
taken from an utterance suite): a dictionary of real English words the speller keeps, a verb of
purpose naming the tool that does it, product names that vote for no operation, clause breaks at a
dash, what a thing needs done to it, more time asked as having or needing something longer, what
must still happen being no state (and what a past question asks about being one), anticipatory
"it", a third person described as the one who buys, people like the user being no one in
particular, irregular past forms asking for nothing, and one's own single thing being the newest
one."""

from __future__ import annotations

from functools import partial

from evals.planner.suite import DEV6, LIBRARY_DEV5, WRITTEN
from local_bedrock import english
from local_bedrock.planner import goals, lexicon
from local_bedrock.planner.language import Speller
from local_bedrock.planner.slots import find_allowed
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, first_step, suite_cases, tool

TODAY = WRITTEN
_tool = partial(tool, today=TODAY)


def test_the_speller_keeps_real_english_words_and_spells_them_the_american_way() -> None:
    speller = Speller({"lent", "organizer", "colored"}, dictionary=english.spelling)
    assert speller.correct("length") == "length"  # a real word, not a slip for "lent"
    assert speller.correct("organise") == "organize"
    assert speller.correct("colour") == "color"
    assert speller.correct("organizr") == "organizer"  # a slip is still corrected
    # Without the dictionary the old behaviour stands: the nearest known word.
    assert Speller({"lent"}).correct("length") != "length"


def test_the_english_dictionary_knows_common_words_only() -> None:
    assert english.common("deadline") and english.common("paperwork")
    assert not english.common("recieve")  # a common misspelling is no word
    assert not english.common("wen")  # short words are left to the speller's own rules
    assert english.spelling("catalogue") in ("catalogue", "catalog")


def test_a_verb_of_purpose_names_the_tool_that_does_it() -> None:
    stems = frozenset({"grinder", "shredder", "sharpener"})
    assert goals.catalog_word("grind", stems, frozenset({"grind"})) == "grinder"
    assert goals.catalog_word("shred", stems, frozenset({"shred"})) == "shredder"
    # Only as a verb of purpose ("to shred"): a noun that happens to fit names nothing.
    assert goals.catalog_word("grind", stems) is None
    action = first_step("I want a gadget to sharpen kitchen knives", "assistant", today=TODAY)["action"]
    assert action["tool"] == "searchProducts" and "sharpener" in action["input"]["query"]


def test_a_products_name_votes_for_no_operation() -> None:
    # "base" of a product's name is not "based on" of the recommendations' description.
    assert _tool("how warm is the merino base layer", "assistant") != "getRecommendedPurchases"


def test_a_dash_opens_a_clause_and_what_a_thing_needs_is_asked_for() -> None:
    renew = lexicon.group_of("renew")
    assert renew & lexicon.verb_uses("the dune audiobook - renew it")
    assert renew & lexicon.verb_uses("my cookbook needs renewing")
    assert lexicon.group_of("cancel") & lexicon.verb_uses("this order needs to be cancelled")


def test_more_time_as_having_or_needing_a_thing_longer() -> None:
    for said in (
        "could I have the hobbit a little longer",
        "I need dune for longer",
        "another month with it",
    ):
        assert lexicon.group_of("renew") & lexicon.verb_uses(said), said


def test_what_must_still_happen_is_no_state() -> None:
    status = next(
        p for op in agents(LIBRARY)["librarian"].operations for p in op.parameters if p.name == "status"
    )
    assert find_allowed("which books did i bring back", status) == "returned"
    assert find_allowed("which books must be returned by friday", status) is None
    assert find_allowed("what do i have to bring back soon", status) is None
    assert find_allowed("anything kept past its due", status) == "overdue"


def test_it_that_stands_for_nothing_points_at_nothing() -> None:
    assert not goals.PRONOUN.search("what does it mean when a parcel is held at customs")
    assert not goals.PRONOUN.search("is it possible to pay in cash")
    assert goals.PRONOUN.search("what does it contain")


def test_a_third_person_described_as_the_one_who_buys_is_someone_else() -> None:
    assert _tool("what has the guy across the street been ordering", "assistant") is None
    said = "show me everything the woman at number four has bought"
    assert _tool(said, "assistant") is None
    # A thing in the passive, the user's own thing, or a noun after an article, is no person.
    assert _tool("has the lamp I wanted been ordered yet", "assistant") is not None
    assert _tool("what is the status of the order ORD-2F4Z8V", "assistant") == "getOrderStatus"


def test_ones_own_single_thing_is_the_newest_one() -> None:
    with suite_cases(DEV6) as case:
        where = case("where has my shipment got to", {"calls": ["getRecentPurchases", "getOrderStatus"]})
        assert where.passed, where.problems
        listed = case("show my orders", {"calls": ["getRecentPurchases"]})
        assert listed.passed, listed.problems


def test_renewals_asked_in_other_words_end_in_a_confirmation() -> None:
    with suite_cases(LIBRARY_DEV5) as case:
        longer = case("could I have the martian for a little longer", {"confirm": "renewLoan"})
        assert longer.passed, longer.problems
        dashed = case("the hobbit - renew it", {"confirm": "renewLoan", "args": {"loanId": "LN-40095"}})
        assert dashed.passed, dashed.problems


def test_an_irregular_past_form_asks_for_no_action() -> None:
    buy = lexicon.group_of("buy")
    assert not buy & lexicon.verb_uses("things that folks also bought this year")
    assert buy & lexicon.verb_uses("also buy a lamp")


def test_people_like_the_user_are_no_one_in_particular() -> None:
    said = "what do customers who bought the same stuff as me tend to pick"
    assert _tool(said, "assistant") == "getRecommendedPurchases"
    assert _tool("what did the man next door buy", "assistant") is None


def test_a_past_question_names_the_state_of_its_participle() -> None:
    status = next(
        p for op in agents(LIBRARY)["librarian"].operations for p in op.parameters if p.name == "status"
    )
    assert find_allowed("what did we return last month", status) == "returned"
