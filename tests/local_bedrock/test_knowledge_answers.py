"""How the offline planner reads retrieved passages and composes a knowledge-base answer from them:
the units it may quote, the paragraph they belong to, and what it chooses to say first."""

from __future__ import annotations

from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever.lexicon import Lexicon
from local_bedrock.retriever.passages import quotables, quotes, units
from tests.local_bedrock.kb_results import retrieved as _result

SECTION = (
    "Returns and refunds > Refunds\n\n"
    "We inspect returns within 2 business days of receiving them. Refunds go back to the original "
    "payment method:\n"
    "- Cards and digital wallets: 5 to 7 business days after inspection.\n"
    "- Gift cards and store credit: immediately after inspection.\n"
    "Loyalty points earned on a returned item are removed from your balance."
)


def test_a_list_item_is_read_after_its_lead_in_and_shares_its_paragraph() -> None:
    found = quotables(SECTION)
    assert [q.text for q in found] == [
        "We inspect returns within 2 business days of receiving them.",
        "Refunds go back to the original payment method: cards and digital wallets: 5 to 7 business days "
        "after inspection.",
        "Refunds go back to the original payment method: gift cards and store credit: immediately after "
        "inspection.",
        "Loyalty points earned on a returned item are removed from your balance.",
    ]
    first, card, gift, points = found
    assert first.block == card.block == gift.block != points.block
    assert first.sentence and points.sentence and not card.sentence and not gift.sentence
    assert units(SECTION) == [q.text for q in found]


def test_a_list_that_opens_a_section_is_read_after_the_section_heading() -> None:
    text = (
        "Returns and refunds > Items that cannot be returned\n\n"
        "- Gift cards and store credit\n- Personalized or engraved items, unless defective"
    )
    assert units(text) == [
        "Items that cannot be returned: gift cards and store credit.",
        "Items that cannot be returned: personalized or engraved items, unless defective.",
    ]
    # without a heading line there is nothing to lead in
    assert units("- Gift cards and store credit") == ["Gift cards and store credit."]


def test_table_rows_are_alternatives_not_sentences_of_a_paragraph() -> None:
    text = "Shipping > Options\n\nOption Standard | Price: $5.99\nOption Overnight | Price: $24.99"
    rows = quotables(text)
    assert [r.text for r in rows] == ["Standard — Price: $5.99.", "Overnight — Price: $24.99."]
    assert not any(r.sentence for r in rows)


def test_a_known_phrase_covers_its_words() -> None:
    lexicon = Lexicon()
    assert lexicon.covered("Will my points run out if I wait?") == {"run"}
    assert lexicon.covered("Can I bring it back?") == {"bring", "back"}
    assert lexicon.covered("Can I return it?") == set()


def test_the_answer_keeps_the_sentences_of_the_answering_paragraph_together() -> None:
    """The sentence that answers comes first; the other sentences of its paragraph qualify it (a fee,
    an exception) and come with it, but the other items of a list do not."""
    text = (
        "Returns and refunds > Opened electronics\n\n"
        "You can return opened laptops within 30 days of delivery. A 15% restocking fee applies to "
        "opened electronics priced over $100.\n"
        "Drones must come with their batteries."
    )
    answer = compose("How long do I have to return a laptop?", [_result(text)])
    assert answer == (
        "According to our Returns policy: You can return opened laptops within 30 days of delivery. "
        "A 15% restocking fee applies to opened electronics priced over $100."
    )
    answer = compose("How fast is my refund on a card?", [_result(SECTION)])
    assert answer is not None
    assert answer.startswith(
        "According to our Returns policy: Refunds go back to the original payment method: cards and digital"
    )
    assert "We inspect returns within 2 business days" in answer
    assert "Loyalty points" not in answer


def test_the_words_of_a_known_phrase_do_not_pick_the_answer() -> None:
    """ "bring it back" means return: a sentence about money going *back* is not the answer."""
    returns = _result("Returns and refunds > Pet food\n\nPet food cannot be returned.", score=0.3)
    price = _result(
        "Price match\n\nThe difference goes back to your original payment method for pet food.",
        uri="s3://kb/documents/price-match.md",
        score=0.4,
    )
    answer = compose("Can I bring it back? It is pet food.", [price, returns])
    assert answer is not None
    assert answer.startswith("According to our Returns policy: Pet food cannot be returned.")
    assert quotes(answer, returns)


def test_the_other_items_of_a_list_are_not_quoted_for_their_shared_lead_in() -> None:
    """Every item of "Typical manufacturer warranties are: ..." shares the lead-in's words; only the
    item about what was asked is the answer. And "how long" asks for a duration (the kind bonus):
    its lexicon words ("days", "within") do not make a 30-day return sentence the answer."""
    warranty = _result(
        "Warranty > Manufacturer warranties\n\nTypical manufacturer warranties are:\n"
        "- Laptops and tablets: 1 year.\n- Televisions: 2 years.\n- Cookware: limited lifetime.",
        uri="s3://kb/documents/warranty.md",
        score=0.4,
    )
    returns = _result(
        "Returns > Electronics\n\nYou can return opened laptops within 30 days of delivery.", score=0.3
    )
    answer = compose("How long is the warranty on a laptop?", [warranty, returns])
    assert answer is not None
    assert answer.startswith(
        "According to our Warranty policy: Typical manufacturer warranties are: laptops and tablets: 1 year."
    )
    assert "Televisions" not in answer and "Cookware" not in answer


def test_a_question_told_as_a_situation_is_answered_despite_its_unknown_words() -> None:
    """The retriever's score counts every word no passage uses against the passage (BM25's
    ceiling); a question full of them ("jeans", "mail") scores low everywhere, so the relevance cut
    falls with the share of the question's words that the passages use."""
    fee = _result(
        "Returns > Return shipping costs\n\nFor other returns a flat $6.99 return shipping fee is deducted "
        "from your refund.",
        score=0.07,
    )
    assert compose("What will it cost me to mail back a pair of jeans I just don't like?", [fee]) == (
        "According to our Returns policy: For other returns a flat $6.99 return shipping fee is deducted "
        "from your refund."
    )
    # a passage that scores as low for a question in the policies' own words is still no answer
    assert (
        compose("What is the return shipping fee for refund?", [_result("Returns\n\nA fee.", score=0.07)])
        is None
    )


def test_the_figures_of_a_question_are_not_matched_as_words() -> None:
    """ "2,000 points" is the customer's situation: "2" is not "2 business days"."""
    inspect = _result("Returns > Refunds\n\nWe inspect returns within 2 business days of receiving them.")
    worth = _result(
        "Loyalty > Redeeming points\n\n100 points are worth $1.", uri="s3://kb/documents/loyalty.md"
    )
    answer = compose("I've saved up 2,000 points. How many dollars is that?", [inspect, worth])
    assert answer == "According to our Loyalty policy: 100 points are worth $1."


def test_the_word_a_section_is_named_for_counts_as_rare() -> None:
    """Every unit of "Lost items" carries its heading's words; counted there, "lost" would look like
    the commonest word of the passages and a sentence about the book drop would win."""
    lost = _result(
        "Fines > Lost items\n\nAn item more than 30 days overdue counts as lost. We then charge its "
        "replacement cost.\nIf you find it, we refund the cost. Pay the fee at any desk.",
        uri="s3://kb/documents/fines.md",
    )
    drop = _result(
        "Borrowing > Returning items\n\nReturn items in the book drop. Items in the book drop are checked "
        "in the next morning.",
        uri="s3://kb/documents/borrowing.md",
        score=0.4,
    )
    answer = compose("I lost a book, what happens now?", [lost, drop])
    assert answer is not None
    assert answer.startswith(
        "According to our Fines policy: An item more than 30 days overdue counts as lost."
    )
    assert "replacement cost" in answer


def test_a_sign_says_its_word() -> None:
    """ "$1" says dollars: "how many dollars" is answered by the amount, not by the other sentence
    about points."""
    section = _result(
        "Loyalty > Points\n\nPoints appear in your balance within 1 business day. 100 points are worth $1.",
        uri="s3://kb/documents/loyalty.md",
    )
    answer = compose("How many dollars are my points?", [section])
    assert answer is not None
    assert answer.startswith("According to our Loyalty policy: 100 points are worth $1.")


def test_a_word_a_known_phrase_means_too_still_counts() -> None:
    """ "two different credit cards" means "one card": "card" is part of the phrase and of its
    meaning, so it still picks the sentence about cards."""
    assert "card" not in Lexicon().covered("Can I pay with two different credit cards?")
    assert "credit" in Lexicon().covered("Can I pay with two different credit cards?")


def test_a_further_list_item_keeps_the_sentence_that_leads_into_its_paragraph() -> None:
    """A list item quoted after the best unit keeps the nearest sentence of the paragraph that leads
    into its list: "5 to 7 business days after inspection" needs "We inspect returns within 2
    business days"."""
    cards = _result(
        "Payment > Gift cards\n\nGift cards and store credit never expire and cannot be returned.",
        uri="s3://kb/documents/payment.md",
    )
    answer = compose("How long until a gift card refund is on my Visa card?", [cards, _result(SECTION)])
    assert answer is not None
    assert answer.startswith("According to our Payment policy: Gift cards and store credit never expire")
    assert "cards and digital wallets: 5 to 7 business days after inspection" in answer
    assert "We inspect returns within 2 business days of receiving them." in answer
