"""Questions for the knowledge base rather than an operation: a question about a rule, a
condition or how something is done ("may it be cancelled once shipped?", "is it covered?", "what
does PROCESSING mean?"), that points at no order, id or earlier answer, in words the store's
documents discuss (knowledge.policy_evidence) beyond what the operation itself declares.

Issue 11's routing, adapted to issue 14's planner: the operation's role and its declared words
(intents.py) take the place of cue lists; the question forms are general English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.planner import described, intents, knowledge, language, lexicon
from local_bedrock.planner.goals import PRONOUN, RECENCY, Understanding
from textnorm import terms

WEAK_MATCH = 2.0  # an operation score reached through synonyms only, not the words it declares
STRONG_MATCH = 3.0  # a score reached through several of the words an operation declares
# "how do I ...", "what is the right (proper, safest, easiest, best) way to ..." (the adjectives of
# RULE_QUESTION's "<adjective> way to"; round 24 added all but "best")
HOW_TO = re.compile(
    r"^(how|what is the (?:right|proper|safest|easiest|best) way to) "
    r"(should |do |can |would |to )(i |we |you )?([a-z]+)"
)


def rule_question(
    message: Understanding,
    agent: AgentDefinition,
    directory: Path | None,
    match: intents.Match | None,
) -> bool:
    """A question about how things are done or what the rules are, naming no order, product or
    earlier answer, in words the documents use; or "how do I <verb>" for a verb no operation
    declares ("how do I descale a kettle")."""
    how = HOW_TO.search(message.text)
    declared = set().union(*(p.weights.keys() for p in intents.profiles(agent)))
    evidence = knowledge.policy_evidence(message.text, directory=directory)
    if how and not set(terms(how.group(4))) & declared and evidence >= 1:
        return True
    # With no operation in view, or only one its synonyms suggest, one policy topic is enough; with
    # one its own words name, the topics must go beyond them ("how many copies ... on the shelf").
    weak = match is None or (match.score < WEAK_MATCH and not message.referenced)
    if not weak and match is not None:
        ignore = intents.declared_terms(match.operation, agent)
        evidence = knowledge.policy_evidence(message.text, ignore=ignore, directory=directory)
    needed = 1 if weak else 2
    return bool(RULE_QUESTION.search(message.text)) and not specific(message) and evidence >= needed


def cost_of_change(match: intents.Match, message: Understanding) -> bool:
    """What a change would cost or give back, asked of no id ("my preorder slipped: cancel w/o paying
    a penalty?"): the rule's consequence, even of one's own order, not a request to change it now."""
    return match.role == "change" and not message.ids and COST_OF_CHANGE.search(message.text) is not None


def about_policy(
    match: intents.Match, message: Understanding, agent: AgentDefinition, directory: Path | None
) -> bool:
    """A policy question rather than an operation: a write's rule asked in general ("is cancelling
    allowed once a parcel has left?"), or a question about a rule, naming no order, product or
    earlier answer, in words the policies use ("does the 30 days start when it ships?", "a parcel
    stuck for days: any advice?")."""
    # "can I renew a book twice?" asks a rule; "can I renew <a title no document names>?" asks for it.
    titled = bool(message.product_words) and knowledge.unknown_to_documents(message.product_words, directory)
    if match.role in ("change", "create") and general_question(message) and not titled:
        return True
    if match.role in ("change", "create") and CONDITIONAL.search(message.text) and not message.ids:
        return True
    if cost_of_change(match, message):
        return True
    named = match.role == "search" and match.score >= STRONG_MATCH and bool(message.product_words)
    if named and intents.asks_for(match.operation, agent, message.text):
        return False  # asked in the search's own words, of something named ("how many copies of X")
    ignore = intents.declared_terms(match.operation, agent)
    return (
        RULE_QUESTION.search(message.text) is not None
        and not specific(message, products=match.role in ("search", "create"))
        and knowledge.policy_evidence(message.text, ignore=ignore, directory=directory) >= 2
    )


GENERAL_QUESTION = re.compile(
    r"^(can|could|may) (i|we|customers?|someone)\b|^(is it possible|how do (i|you)|how can i|what if|"
    r"do you (allow|let)|are (customers|you) allowed|what happens if)\b"
)
# A question under a condition ("if <something happens>, am I still allowed to ...?"): what the rules
# say in that case, not a request to act now.
CONDITIONAL = re.compile(
    r"^(?:and |but |so )?if [^,?]{3,}, "
    r"(?:can|could|may|am|is|are|do|does|will|would|should) (?:i|we|it|they|you)\b"
)

# What a change would cost or give back, asked ("cancel free?", "fee or free?", "without a penalty?",
# "is any of it refunded?", "do I get anything back?"): the rule's consequence, not a request to
# change anything now (general English; "refund me" or "cancel it and refund me" ask for it).
COST_OF_CHANGE = re.compile(
    r"\b(?:free|penalty|penalties|fees?|charges?|refund|refunded|money back|anything back)\?|\bfee or free\b|"
    r"\b(?:without|w/o|with no) (?:a |any )?(?:paying )?(?:a |any )?(?:penalty|fee|charge)\b[^.!]*\?|"
    r"\b(?:is|are|will|would) (?:any|anything|it|all)(?: of it)? (?:be )?refunded\b|"
    r"\bdo (?:i|we) get (?:anything|any of it|my money|money|it) back\b"
)

# Asking how things work, or what to do about a problem: "what if", "do I get", "why", "what now".
RULE_QUESTION = re.compile(
    r"\b(what (now|do i do|should i do|can i do|happens|if)|who do i|how (do|can|long|much|many|soon|fast|"
    r"often) |is it possible|am i (going|allowed|able)|will (i|you|my)|do i (get|have|need|pay|still)|"
    r"does (it|the|my)|is there|are there|why|when (will|does|do)|can i|could i|may i|do you|"
    r"(best|right|proper|safest) way to|how to|who (can|will|has|gets))\b|"
    # Asking for a limit: "what is the maximum ...", "the most I can ...", "at what amount ...".
    r"\bwhat is the (maximum|minimum|max|limit|cap|ceiling|longest|shortest|most (i|you|we|one|a))\b|"
    # Asking for a deadline or for how to do something: "by what time must I ...", "tips for storing".
    r"\bby what (time|date|day|hour)\b|\b(tips|advice|guidance|instructions) (for|on|about) [a-z]+ing\b|"
    r"\bwhere (is|are|do i find|can i find) (the|that|this|those) (setting|option|switch)s?\b|"
    r"\bat what (amount|point|age|stage|balance)\b|"
    r"(^|[.?!] )(can|could|may|do|does|is|are|will|would|should)\b|"
    r", (is|are|does|do|will|would|can) (it|that|this|they|there)\b|"  # "..., is it covered?"
    r"\bwhat (does|do|did) ([a-z-]+ ){1,3}mean\b|"  # asking what a word or status means
    # Whether or when a thing may be done to things in general ("can items be returned", "within
    # what time frame ..."): a passive question about what is possible.
    r"\b(?:can|could|may|must|should) (?:things|items|products|orders|they|these|those) be [a-z]+(?:ed|en)\b|"
    r"\b(?:within|in) what (?:time|period|time frame|timeframe|window)\b"
)


# Asking for a bound a rule sets, not for one's things: a limit noun ("is there a cap on ...", "the
# ceiling for ..."), "how many ... may one have", "how high can ... go", "the most ... one can ...",
# "the smallest ... I could ...". A limit noun with a number a few words on ("max 3", "3 max", "limit
# it to the newest 3") is a page size, not a question; a limit noun that is also a thing's name
# ("cap", "ceiling") is a limit only before a preposition or at the end ("a cap on ...", not "ceiling
# lights"); "how many ... can you see" asks what is shown (review15).
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|twenty"
_NUMBER = rf"(?:\$?\d|{_NUMBER_WORDS})"
# A page size in words is any of them but "one", which is as often a pronoun ("the most one can").
_PAGE_SIZE = rf"(?:\d|{_NUMBER_WORDS.removeprefix('one|')})"
_LOOK = r"(?:see|show|find|list|display|give|pull)"
LIMIT_QUESTION = re.compile(
    rf"(?<!\d )\b(?:limit|limits|capped|maximum|max|minimum|"
    r"(?:caps?|ceiling|threshold)(?=\s*(?:[,.;:!?]|$)| (?:on|for|of|to|per|at|in|above|before|beyond|"
    r"you|i|we|one|is|are|was|does|do|did|will|would|can|could|may|where|when|which|that)\b))\b"
    rf"(?! (?:(?:it|them|results|the results|at|of|to|is) )?{_NUMBER})(?!(?: [a-z]+){{0,4}} {_PAGE_SIZE})|"
    r"\bhow (?:many|much) (?:[a-z]+ ){0,4}(?:can|may|could) "
    rf"(?:i|we|one|you(?! {_LOOK}\b)|a|an|each|someone|people)\b|"
    r"\bhow (?:high|big|large|far) (?:can|could|may|will)\b|"
    # a threshold: "how much must one owe before they stop ...", "how many ... before I reach ..."
    r"\bhow (?:much|many) (?!longer\b|more time\b)(?:[a-z$]+ ){0,6}before (?:you|they|i|we|one)\b|"
    + described.BOUND.pattern
)
# What a thing would come to if the user did something ("what would the charge be if I ...", "if we
# ... how much will it cost"): the rule's consequence, asked of none of the user's things.
HYPOTHETICAL = re.compile(
    r"^(?:what|how much|how many)\b[^?]*\b(?:will|would)\b[^?]*\bif (?:i|we)\b|"
    r"\bif (?:i|we)\b[^?]*\b(?:what|how much|how many)\b[^?]*\b(?:will|would)\b|"
    # of a thing in general ("if I <verb> a <thing>, what's the <charge>?"): the rule, whatever the tense
    r"\bif (?:i|we) [a-z]+ (?:a|an)\b[^?]*\b(?:what|how much)\b|"
    r"\b(?:what|how much)\b[^?]*\bif (?:i|we) [a-z]+ (?:a|an)\b"
)


# A deadline a rule sets: "the last day I can ...", "the latest hour to ..." (not "the last day I
# ordered", a day of the user's own past).
DEADLINE = re.compile(
    r"\b(?:last|latest|final|earliest) (?:possible )?(?:day|date|time|hour|moment)"
    r" (?:(?:i|we|one|you) (?:can|could|may|should|must|have to|need to)|to|for)\b"
)


# A request to show something ("show my orders, the most you can"): asking for a list, not a question.
SHOW_REQUEST = re.compile(rf"^(?:please |can you |could you )?(?:{_LOOK}|pull up|bring up)\b")
# One's own thing told in the past ("the book I borrowed", "what we ordered").
TOLD_OWN = re.compile(r"\b(?:i|we) (?:have |had )?(?:[a-z]+ed|bought|got|took)\b")


def asks_limit(message: Understanding, listed: frozenset[str] | None = None) -> bool:
    """Does the message ask for a limit a rule sets ("is renewing capped?", "how many can one
    borrow?") or what a thing would come to if the user did something, pointing at nothing ("my
    last order", an id) and naming no product; or for a deadline a rule sets, naming no id?
    ``listed``: the words that the list of the user's own things the message matched declares; a
    deadline those words name ("the final day for bringing back my books", a list with due dates to
    return by), asked of the user's own things, is on that list (review15)."""
    # "what will my fine be if ...": the user's own thing, which a read may answer.
    hypothetical = HYPOTHETICAL.search(message.text) and not re.search(r"\b(?:my|our)\b", message.text)
    asked = LIMIT_QUESTION.search(message.text) or hypothetical
    if SHOW_REQUEST.search(message.text):
        asked = hypothetical
    # A deadline for one's own thing ("the last day I can send the lamp back") is the rule's all the
    # same, unless the user's own list declares it.
    deadline = DEADLINE.search(message.text) if not message.entity_ids else None
    own = own_data(message) or bool(TOLD_OWN.search(message.text))
    if deadline and listed and own:
        after = message.text[deadline.end() :]
        if (set(terms(lexicon.base_forms(after))) | lexicon.expansions(after)) & listed:
            deadline = None
    return (bool(asked) and not specific(message)) or bool(deadline)


# Asking what one may do now, after telling what happened ("... which options are left?", "next
# steps?", "now what"): what the rules offer, not a request to act.
OPTIONS = re.compile(
    r"\b(?:what are (?:my|our|the) options|any (?:other )?options|what options (?:do|have) (?:i|we)|"
    # "what can I do to <verb>" asks how to do that, a purpose (review15).
    r"next steps?|now what|what now|what (?:can|should|do) (?:i|we) do(?! to\b))\b"
)


# A verdict asked at the end, after telling or naming what is meant ("<what happened>. Covered?",
# "<a plan>, doable?", "still refundable or not"): whether the rules allow it.
# Any adjective in -able or -ible ("doable", "feasible") or a participle of permission (review15: no
# closed list of the agents' words). The planner's speller keeps VERDICT_WORDS: "doable" is no
# misspelt "double".
VERDICT_WORDS = ("doable",)
VERDICT = re.compile(
    r"(?:^|[,.;:!?-]|\bstill|\b(?:is|are) (?:it|that|this|they|those))\s*"
    r"(?:[a-z]{2,}(?:able|ible)|allowed|permitted|covered)(?: or (?:not|nope|no))?\s*\??$"
)
# The user's wish stated first ("I'd like to ...", "I want a ..."): a request, whatever follows.
WISH = re.compile(r"^(?:so |ok |okay )?(?:i|we) (?:really )?(?:want|wanna|need|would like|would love)\b")


def asks_options(message: Understanding, actions: frozenset[str] = frozenset()) -> bool:
    """Does the message ask what the user may do now, or whether the rules allow what it tells,
    naming no id? Not when it opens with a wish or with a request for one of ``actions`` (the
    changes the agent declares): "renew my loans, possible?" asks for the renewal (review15)."""
    asked = OPTIONS.search(message.text) or VERDICT.search(message.text)
    if asked is None or message.entity_ids or WISH.search(message.text):
        return False
    opening = re.split(r"[,;:.!?]|\s[-\u2013\u2014]+\s", message.text, maxsplit=1)[0]
    if re.match(r"(?:please )?[a-z]+ing\b", opening):
        return True  # "renewing <a thing>, possible?": the act named, its rule asked
    verbs = lexicon.clause_verbs(opening)
    # "reorder": a declared change done again.
    verbs |= {v[2:] for v in verbs if v.startswith("re") and len(v) > 5}
    return not verbs & actions


def specific(message: Understanding, products: bool = True) -> bool:
    """Does the message point at one order or earlier answer ("cancel it", "my last order", "the
    second one", an id) or, when ``products``, name a product of the catalog?"""
    pointed = re.search(r"\b(cancel|order|buy|refund|return) (it|that|this|them|those)\b", message.text)
    return bool(
        message.ids
        or (products and message.catalog_words)
        or RECENCY.search(message.text)
        or pointed
        or language.ordinal_reference(message.text)
    )


def points_at(message: Understanding, memory: dict[str, Any]) -> bool:
    """Does the message point at one thing: an id, "my last order", "the second one", or a pronoun
    when the conversation has shown something for it to stand for? With nothing shown, "is it still
    covered?" or "is this toy okay?" asks in general."""
    if message.entity_ids or RECENCY.search(message.text) or language.ordinal_reference(message.text):
        return True
    return bool(PRONOUN.search(message.text) and (memory.get("focus") or memory.get("lists")))


def owned(message: Understanding) -> bool:
    """Is the product it names first the customer's own ("my stand mixer died, is that covered?"):
    a question about something one has is not a search for one to buy ("a case for my tablet" is)."""
    said = language.words(message.text)
    named = message.catalog_words.split()
    first = min((said.index(w) for w in named if w in said), default=None)
    return first is not None and any(w in ("my", "our") for w in said[max(0, first - 3) : first])


def general_question(message: Understanding) -> bool:
    """A question about what is possible in general, not about one order or product."""
    return bool(GENERAL_QUESTION.search(message.text)) and not specific(message)


# Asking for advice or permission ("what now?", "can I ...", "what happens if ..."): a rule question
# even about one's own things.
ADVICE = re.compile(
    r"\b(what (now|do i do|should i do|can i do|happens|if)|why|is it possible|am i (allowed|able)|"
    r"who (can|will|has|gets)|"
    r"(can|could|may) (i|we)|(how|where|when) (do|can|should) (i|we))\b|"
    r"\bwhat (does|do|did) ([a-z-]+ ){1,3}mean\b|"
    r"\b(tips|advice|guidance|instructions) (for|on|about) [a-z]+ing\b"
)
FIRST_PERSON = re.compile(r"\b(i|me|my|mine|we|us|our|ours)\b")


def own_data(message: Understanding) -> bool:
    """A question about the user's own things, not advice ("when is my X due?", "is any X
    of mine overdue?", "which ones have I got?"): what an operation acting for the signed-in user
    answers."""
    return (
        bool(OWNING.search(message.text))
        and not ADVICE.search(message.text)
        and not OTHERS_SEE.search(message.text)
    )


# Whether someone else may see or learn of the user's things ("can support staff see my ...?", "will
# my mum find out ...?", "could staff disclose ...?"): a question about who sees what, answered by
# the rules, not a read.
OTHERS_SEE = re.compile(
    r"^(?:can|could|may|will|would|do|does) (?!(?:i|we|you|u)\b)(?:[a-z]+ ){1,3}"
    r"(?:see|access|view|read|know|find out|look at|share|disclose|reveal|tell)\b"
)


# What the user has or owes, or how they stand ("do we have ...", "how much do I owe", "am I
# behind"): the user's own things. "am I allowed/able/going to" asks about a rule.
OWNING = re.compile(
    r"\b(my|mine|our|ours)\b|\b(do|did|have) (i|we) (have|got|owe)\b|\b(i|we) (have|have got|owe)\b|"
    r"^am i (?!(allowed|able|going)\b)"
)
# The words right after an owning phrase: what is owned ("do I have *fees* to pay").
_OWNED = re.compile(
    r"\b(?:my|our) ([a-z]+)|\b(?:(?:do|did|have) (?:i|we) (?:have|got|owe)|(?:i|we) (?:have|owe)|^am i)"
    # "I have not bought ...", "I have paid": an auxiliary, not what one has
    r"(?! (?:not|never|been|already|just|bought|got|made|had|done|paid|[a-z]+ed)\b)((?: [a-z]+){1,4})"
)


def names_own(message: Understanding, declared: frozenset[str]) -> bool:
    """Does "my" name something the operation declares ("could you check my loans"), not merely
    someone or something else of the user's ("... with my family")? So do the words after an owning
    phrase (_OWNED)."""
    found = _OWNED.findall(message.text)
    if re.search(r"\b(i|we) owe\b", message.text) and lexicon.group_of("owe") & declared:
        return True  # what one owes is the thing asked about
    # What follows "do I have" may be said in other words ("any charges" for fees); "my X" is X.
    had = " ".join(b for _, b in found)
    return bool((set(terms(" ".join(a for a, _ in found) + " " + had)) | lexicon.expansions(had)) & declared)


# The price of a thing asked in general ("the cost of <a service>", "<a service>, price per page").
# A rate by the unit ("per day", "a week") is a rule's: a user's own charges are amounts.
PRICE_OF = re.compile(
    r"\b(?:price|cost|rate)s? (?:of|for|per)\b|\bper (?:day|week|month|hour|night|page|item)\b|"
    r"\bhow much (?:is |are |for |does |do )?(?:a|an|one) [a-z]+"
)


def prices_other(message: Understanding, declared: frozenset[str], directory: Path | None) -> bool:
    """Does the message ask, of no one in particular, the price of something the documents name
    beyond what the matched operation declares ("the cost of <a service>"; the operation lists the
    user's own charges)?"""
    if not PRICE_OF.search(message.text) or FIRST_PERSON.search(message.text) or specific(message):
        return False
    return knowledge.policy_evidence(message.text, ignore=declared, directory=directory) >= 1


# Whether the user has something to do or pay now ("anything I must hand back this week?", "any
# charges for me to settle"): their own things in a state, which a list of theirs answers. Under a
# condition ("if I ..., do I have to pay anything?") it asks a rule.
_DUTY = re.compile(
    r"\b(?:any|anything|something)\b[^?.]*\b(?:i|we) (?:need to|have to|must|gotta|got to)\b|"
    r"\b(?:any|anything|something)\b[^?.]*\bfor (?:me|us) to\b|"
    r"\b(?:need|have|must|gotta) (?:to )?[a-z]+ (?:anything|something)\b"
)


# An amount of money said ("$4", "four dollars"): one charge of the user's, not a rule.
_AMOUNT = re.compile(rf"\$\d|\b(?:\d+(?:\.\d+)?|{_NUMBER_WORDS}) (?:dollars|bucks|usd)\b")


def why_mine(message: Understanding, directory: Path | None) -> bool:
    """Does the message ask why the user was charged or shown one particular thing of theirs ("why
    did a charge of <an amount> appear", "why is <a title> on my bill"): the reason the user's own
    record gives, not a rule?"""
    if not re.match(r"why\b", message.text) or not FIRST_PERSON.search(message.text):
        return False
    titled = bool(message.product_words) and knowledge.unknown_to_documents(message.product_words, directory)
    return bool(_AMOUNT.search(message.text)) or titled


# What a payment is for ("... anything for <a service>", "... anything to use <a thing>"): a price,
# not a duty of the user's now (review15).
_PAID_FOR = re.compile(
    r"(?: [a-z]+){0,2} (?:for|to) "
    r"(?!(?:me|us|my|our|it|them|this|that|these|those|next|today|tomorrow|now|right)\b)[a-z]"
)


def owes_now(message: Understanding) -> bool:
    """Does the message ask whether the user has anything to do or pay now, under no condition, and
    not what a payment is for?"""
    duty = _DUTY.search(message.text)
    if duty is None or re.search(r"\bif\b", message.text) is not None:
        return False
    return not _PAID_FOR.match(message.text, duty.end())


def in_general(message: Understanding) -> bool:
    """A question in general terms, about no one ("what does a lost X cost?"): a rule."""
    question = re.match(r"^(what|how|which|when|is|are|does|do|can|will)\b", message.text)
    return bool(question) and not FIRST_PERSON.search(message.text) and not specific(message)
