"""Someone close to the customer in a message ("my sister", "my husband's purchases"). A question about
what the customer may do, or how a rule applies, with that person only part of the story ("can I
gift my points to my mum?", "my aunt lives in Quebec: do you ship there?") is a question for the
store's rules; a request for what that person has, owes or did ("which orders did my brother
place?", "my wife's loans") is their data, which an agent acting for the signed-in user does not
read (the identity rule, DESIGN.md). The forms below are general English; where a form is only a
guess at how people ask, its comment says so.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.planner import concepts, intents, knowledge
from local_bedrock.planner.goals import Understanding

# Where a clause begins: the message's start, after a sentence's end, a comma, a colon, a dash or
# an ellipsis ("it's gone out already, can it still be changed?").
_CLAUSE = r"(?:^|[.?!,;:] |\.\.\.? ?|- )"
_AUX = "can|could|may|might|will|would|shall|should|is|are|am|was|were|does|do|did|has|have"
# Any subject but someone close or a pronoun that may stand for them: "does sales tax ...", "can it
# ...", "did I ...", "which option do I ..." ask about the customer's own case or a rule; "does my
# son ...", "did she ..." may ask about the other person.
_SUBJECT = r"(?!(?:my|our|his|her|he|she|they|him|them|their)\b)[a-z0-9-]+"

# The customer asking what they may do or have done, or how a rule applies: a yes/no question whose
# subject is not the other person ("can I ...", "does sales tax get added?", "has that window
# passed?"), a question word before such a clause ("which delivery do I pick?", "when does Silver
# start?"), "can my <someone> ..." (what someone close may do is a rule: "can my kid get a card?"),
# "is X possible/allowed?", and a bare "possible?" or "doable?" closing the message (knowledge round
# 5; widened to any clause and subject in round 17).
MAY_THEY = re.compile(rf"{_CLAUSE}(?:can|could|may) my [a-z0-9-]+\b")
OWN_QUESTION = re.compile(
    rf"{MAY_THEY.pattern}|"
    # What someone close may do, said with a pronoun ("my kid is eleven, can she sign up?"), and the
    # customer's own case asked anywhere in a sentence ("if I buy a card for my mum do I get points?")
    # (round 22).
    rf"{_CLAUSE}(?:can|could|may) (?:he|she|they)\b|"
    r"\b(?:do|does|can|could|may|will|would|should|shall|am) (?:i|we)\b|"
    # A short question closing a story, naming no one ("... my brother in Anchorage. Any issue?").
    r"[.?!] (?:(?!(?:he|she|they|him|her|them|his|their|my|our)\b)[a-z']+ ){0,5}[a-z']+\?$|"
    r"^(?:is|are) [a-z ]{0,30}\b(?:possible|allowed|available)\b|"
    rf"{_CLAUSE}(?:{_AUX}) {_SUBJECT}\b|"
    rf"{_CLAUSE}(?:what|which|when|where|how|why)(?: [a-z]+){{0,3}}? (?:{_AUX}) {_SUBJECT}\b|"
    rf"{_CLAUSE}(?:is (?:it|that|this) )?(?:possible|allowed|doable|ok|okay)\?"
)

# Someone close as the one who has, owes or did things ("does my wife have any ...", "what has my
# son borrowed", "she owes"): their data, whatever else is asked.
_THEY_DID = re.compile(
    r"\b(?:does|did|do|has|have) (?:my|our) [a-z]+(?: [a-z]+)? (?:owe|borrow|order|buy|get|take)\b|"
    r"\b(?:my|our|he|she) [a-z]+(?: [a-z]+)? "
    r"(?:owes?|borrowed|ordered|bought|took|checked|placed|reserved)\b|"
    r"\b(?:he|she) (?:has|had|owes?|borrowed|ordered|bought|took|checked|placed|reserved)\b|"
    # A possessive whose noun is left out, as the last request's ("fees?" then "now my son's too").
    r"\b(?:my|our) [a-z]+'s(?= (?:too|also|as well|either|please|pls)\b| ?[?.!,]| ?$)"
)
# Someone close having things ("does my wife have any fees?", "my son has three books out"): theirs
# only when what follows names what an account holds (the agent's nouns, ACCOUNT_WORDS, the words
# below); "my son has a maths test" tells the story of a search (round 28).
_THEY_HAVE = re.compile(
    r"\b(?:(?:does|did|do|has|have) (?:my|our) [a-z]+(?: [a-z]+)? have|"
    r"(?:my|our|he|she) (?:[a-z]+(?: [a-z]+)? )?(?:has|have|had))((?: [a-z']+){1,4})"
)
_HELD = frozenset(
    "any anything got out overdue due outstanding borrowed ordered bought taken checked placed reserved "
    "book books item items thing things stuff fine fines fee fees charge charges package packages parcel "
    "parcels delivery deliveries return returns order orders loan loans hold holds".split()
)
# What an account holds, in any agent's words (general English): with the nouns of the agent's
# operations ("purchases" of getRecentPurchases, "loans" of listLoans), what someone's possessive
# names as their data ("my husband's purchases", "my mum's account", "based on her purchases"). Other
# possessives name no data: "my sister's flat", "my grandma's skillet", "my partner's mastercard".
ACCOUNT_WORDS = frozenset(
    "account history record details information info data profile balance points card".split()
)


def data_nouns(agent: AgentDefinition) -> frozenset[str]:
    """The nouns naming what the agent reads: its operations' ids without their verb, and the words
    of what an account holds."""
    return _data_nouns(tuple(op.operation_id for op in agent.operations))


@cache
def _data_nouns(operation_ids: tuple[str, ...]) -> frozenset[str]:
    nouns = {w for op in operation_ids for w in intents.camel_words(op)[1:]}
    return frozenset(nouns | ACCOUNT_WORDS)


@cache
def _held(nouns: frozenset[str]) -> frozenset[str]:
    """What someone close may have that is theirs to read: ``_HELD`` and the agent's nouns, singular
    or plural."""
    return _HELD | {w for n in nouns for w in (n, n.removesuffix("s"), n + "s")}


@cache
def _possessive_of_data(nouns: frozenset[str], pronouns: bool) -> re.Pattern[str]:
    # "her library books", "my son's items": what someone has out, in general English (round 28)
    said = "|".join(sorted({n.removesuffix("s") for n in nouns} | {"book", "item", "copy", "copie"}))
    owner = r"(?:my|our) [a-z]+'s|his|her" if pronouns else r"(?:my|our) [a-z]+'s"
    # The words between are no owner of their own ("give her my points" gives the customer's).
    return re.compile(rf"\b(?:{owner}) (?:(?!(?:my|our|your)\b)[a-z]+ ){{0,2}}(?:{said})s?\b")


_SUPPOSED = re.compile(r"\bif (?:i|we) ")
# What someone close did for the customer ("a card my aunt ordered for me") is the customer's.
_FOR_THE_CUSTOMER = re.compile(r"^(?: [a-z]+){0,3} for (?:me|us)\b")
# Where the customer sends their own things ("move my points into my sister's account"), and an
# account someone close would open ("he wants his own account"): no data of theirs is read.
_DESTINATION = re.compile(r"\b(?:to|into|onto)$")


def theirs(text: str, agent: AgentDefinition) -> bool:
    """Is someone close the one who has, owes or did the things asked about? In a question about
    what they may do ("can my wife move her points?") "her points" are what the rule is about; what
    they did for the customer, where the customer sends things and an account of their own to be
    opened are not their data (round 22)."""
    pronouns = MAY_THEY.search(text) is None
    held = _held(data_nouns(agent))
    having = (m for m in _THEY_HAVE.finditer(text) if set(m.group(1).split()) & held)
    did = [m for m in (*_THEY_DID.finditer(text), *having) if not _FOR_THE_CUSTOMER.match(text[m.end() :])]
    owned = [
        m
        for m in _possessive_of_data(data_nouns(agent), pronouns).finditer(text)
        # an account or card of their own, to be opened ("he wants his own card soon"; round 28)
        if not _DESTINATION.search(text[: m.start()].rstrip()) and " own " not in m.group()
    ]
    return bool(did or owned)


def own_rule_question(
    message: Understanding, agent: AgentDefinition, match: intents.Match | None, directory: Path | None
) -> bool:
    """What the customer may do, with someone close only part of the story ("can I give my points
    to my sister?", "a watch engraved with my wife's name: can I return it?"): not a request for
    that person's data (no one's orders; no operation that changes anything), in words the
    documents use; so is advice asked after telling what they did ("my nephew tore a page: what
    now?"), or what they want, told in the documents' words ("my niece asks for a card too"),
    unless they are the one who has, owes or took things (no operation but a search then, and no
    word of a change)."""
    if theirs(message.text, agent):
        return False
    # A change supposed, not asked for ("if I buy a card for my mum, do I get points?"; round 22).
    supposed = _SUPPOSED.search(message.text) is not None
    asked = OWN_QUESTION.search(message.text) is not None and (
        match is None or not match.operation.mutating or supposed
    )
    # Told, not asked: what they want, in no words of a change ("renew my mum's book for her" is
    # acting for her even when its first step is a search).
    told = (match is None or match.role == "search") and not any(
        op.mutating and intents.asks_to(op, message.text) for op in agent.operations
    )
    return (
        concepts.only_relative(message.text)
        and (asked or told)
        and knowledge.policy_evidence(message.text, directory=directory) >= 1
    )
