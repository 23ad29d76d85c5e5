"""Where a message goes once no refusal or follow-up took it: the knowledge base, a refusal of a
change no operation declares, an answer of no operation (a greeting, thanks, help, out of scope), or
the operation the message matched (``route`` returns None then). Part of the offline planner
(planner.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from local_bedrock import english
from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.model import PlanContext
from local_bedrock.planner import intents, knowledge, language, lexicon, policy, refusals, situations, topics
from local_bedrock.planner.goals import PRONOUN, Goal, Understanding
from local_bedrock.planner.per_agent import AgentKey
from local_bedrock.planner.per_message import per_message
from local_bedrock.planner.refusals import answer
from local_bedrock.planner.replies import response_properties, words_of
from local_bedrock.planner.slots import allowed_values, find_allowed, says_a_value
from textnorm import STOP_WORDS, singular, terms

MADE_BY = re.compile(r"\bby ([a-z]{3,})")  # "<things> by <a maker or author>"
# This many words that neither the agent nor the catalog knows make a sentence about something else.
UNKNOWN_SENTENCE = 5


def route(
    context: PlanContext,
    message: Understanding,
    match: intents.Match | None,
    catalog_stems: frozenset[str],
    directory: Path | None,
) -> Goal | None:
    """The knowledge base, a refusal of an undeclared change, or no operation at all; None: the
    operation ``match`` names."""
    agent = context.agent
    focused = bool(PRONOUN.search(message.text) and context.memory.get("focus"))
    # "is anything late?": the user's things in that state, not the rules about it (round 22).
    in_state = match is not None and match.role == "list" and only_a_state(agent, message) is not None
    # "when is <my thing> due?": the date of a thing of the user's, not the rules (round 24).
    in_state = in_state or (
        match is not None and match.role == "list" and dated_own_thing(agent, message, directory) is not None
    )
    kb = agent.knowledge_base_id is not None and not focused and not in_state
    reads = match is None or not match.operation.mutating
    # A state a list of the user's things declares ("is anything overdue?") asks for that list.
    stated = match is not None and match.role == "list" and says_a_value(match.operation, message.text)
    owes = policy.owes_now(message) or policy.why_mine(message, directory)
    own = (
        match is not None and match.role in ("list", "read") and (policy.own_data(message) or stated or owes)
    )
    # "do you carry <a category it declares>?", "are there copies of <title> on the shelf?": a
    # search, asked in its own words, for something named, is no question about a rule.
    titled = (
        match is not None
        and match.role == "search"
        and (
            intents.asks_to(match.operation, message.text)
            or (
                not catalog_stems
                and (
                    intents.asks_for(match.operation, agent, message.text)
                    or says_a_value(match.operation, message.text)
                )
            )
        )
        and (_names_a_thing(message, catalog_stems, directory) or says_a_value(match.operation, message.text))
        and not policy.ADVICE.search(message.text)  # "what happens if I lose a book"
    )
    # "are there any <things> left?": asked for things, not about a rule.
    whether = match is not None and match.role == "search" and _whether_any(message, directory)
    titled = titled or whether
    rule = policy.rule_question(message, agent, directory, match) and reads and not own
    if kb and not titled and (rule or asks_the_rule(agent, message, match, context.memory, directory)):
        return knowledge_goal(message)
    asks_rule = bool(policy.RULE_QUESTION.search(message.text))
    evidence = knowledge.policy_evidence(message.text, directory=directory) if kb else 0
    pointed = policy.points_at(message, context.memory)  # an id, "my last one", "it" with something shown
    # What happened, told in the documents' words, asking for nothing ("the lamp we got in June
    # flickers"): what the rules say about it, not a list of the user's things.
    told = reads and not message.ids and not pointed
    if kb and told and evidence >= 2 and situations.tells(message):
        return knowledge_goal(message)
    # "anything I need to pay?" asks whether there is, not to do it; "which must go back by <a day>?"
    # asks the dates the user's list holds (round 24).
    unsupported = None if owes or in_state else refusals.unsupported_action(agent, message)
    # A read that points at nothing, or an action no operation declares, that points at nothing
    # shown ("a watch engraved with a name: can I return it?").
    read = match is not None and match.role == "read" and not message.referenced and not message.own_one
    looked_up = read or (unsupported and not pointed)
    if kb and evidence and asks_rule and looked_up:
        return knowledge_goal(message)
    # A read of one thing that points at nothing shown ("it" with nothing before it), told as a
    # situation in the documents' words ("my parcel says delivered but it never came").
    pointless = match is not None and match.role == "read" and not message.own_one and not pointed
    if kb and pointless and evidence >= 2:
        return knowledge_goal(message)  # "how long do I have to return it", "do you ship to X"
    if unsupported and reads:
        # The documents say how it is done ("delete my account"); so do they when the message names
        # nothing but a change no operation declares that the documents name ("please unsubscribe
        # me", review15).
        covered = match is None and knowledge.document_words(unsupported, directory) >= 1
        if kb and (evidence >= 2 or covered) and not pointed:
            return knowledge_goal(message)
        return refusals.cannot(agent, unsupported)
    if match is None:
        return _no_operation(context, message, directory)
    mine = own and (owes or policy.names_own(message, intents.declared_terms(match.operation, agent)))
    if kb and not mine and policy.about_policy(match, message, agent, directory):
        return knowledge_goal(message)
    if kb and match.role == "list" and policy.in_general(message) and evidence >= 2:
        return knowledge_goal(message)  # a rule asked of no one in particular, not "my ..."
    searching = intents.asks_for(match.operation, agent, message.text)
    # Without a catalog word, a write asked for with its verb ("place a hold on <title>") is
    # still a request, unless it is asked as a question.
    named = searching and _names_a_thing(message, catalog_stems, directory)
    # "<things> by <a name no document uses>": a maker named, as in a search.
    made_by = titled and MADE_BY.search(message.text) is not None
    # A price bound ("under 20 dollars") qualifies the things looked for as a name does (round 21: a
    # bare number is no product's name any more, so "any clothing under 20 dollars?" needs this).
    bounded = _PRICE_BOUND.search(message.text) is not None
    unnamed = (
        not message.catalog_words
        and not named
        and not made_by
        and not bounded
        and (asks_rule or match.role != "create")
    )
    # Naming products without a question ("any X under $50") is a search; one's own product ("my
    # X stopped working") or a question without a word of searching ("what's the warranty on a
    # bike?") is not.
    question = asks_rule or bool(re.search(r"^(what|which|how|why|when|where|who)\b|\?$", message.text))
    # A bare name of products ("cat treats?") asks for them, not about a rule.
    question = question and not _bare(message, match.operation)
    weak = unnamed or policy.owned(message) or (question and not searching)
    if kb and match.role in ("search", "create") and evidence >= 2 and not pointed and weak and not whether:
        return knowledge_goal(message)  # "how much is overnight shipping", "my mixer died, covered?"
    if match.role == "search" and not message.catalog_words:
        # Nothing named, or a whole sentence of words the agent does not know without a word of
        # searching: not a search.
        unknown = len(message.product_words.split()) >= UNKNOWN_SENTENCE
        # A value the search declares ("on dvd") or "by <a name>" says what kind of thing is
        # looked for, however many unknown words name it.
        qualified = (
            says_a_value(match.operation, message.text)
            or search_by_maker(agent, message, directory) is not None
            or search_by_name(agent, message, catalog_stems, directory) is not None
        )
        if (not searching and not message.product_words) or (
            unknown and not intents.asks_to(match.operation, message.text) and not qualified
        ):
            return _no_operation(context, message, directory)
    return None


_PRICE_BOUND = re.compile(
    r"\b(?:under|below|less than|cheaper than|up to|at most|max|within)\s+"
    r"(?:\$\s?\d+(?:\.\d+)?|\d+(?:\.\d+)?\s?(?:dollars|bucks|usd|quid|pounds|euros))"
)


def asks_the_rule(
    agent: AgentDefinition,
    message: Understanding,
    match: intents.Match | None,
    memory: dict[str, Any],
    directory: Path | None,
) -> bool:
    """A limit or deadline asked for ("how many <kind> may one keep?", "a cap on <a change>?",
    "the final day to ...") of something the agent's operations or documents name: the rule's
    bound, even when the things are what one of the user's own lists returns or what a change
    makes; what the user may do now, in the documents' words, pointing at nothing shown
    ("<what happened>: which options remain?"); or the price of something a read does not declare,
    asked in general. Round 15."""
    if message.entity_ids:
        return False
    declared = intents.declared_terms(match.operation, agent) if match is not None else frozenset()
    # A search's results carry their prices: the price of a thing it finds is its to give (review15).
    listed = match is not None and match.role == "list"
    if listed and policy.prices_other(message, declared, directory):
        return True
    if policy.asks_limit(message, declared if listed else None):
        return match is not None or knowledge.policy_evidence(message.text, directory=directory) >= 1
    actions = intents.declared_actions(agent)
    options = policy.asks_options(message, actions) and not policy.points_at(message, memory)
    return options and knowledge.policy_evidence(message.text, directory=directory) >= 1


# Asked as a question, a request all the same: "can you ...", "could I ...".
_MODAL = re.compile(r"\b(?:can|could|would|will) (?:you|u)\b|\b(?:can|could|may) (?:i|we)\b")


# Words between a modal and its verb ("can you just swap", "will you still match").
_BETWEEN = frozenset({"just", "still", "please", "also", "maybe", "actually", "now", "even", "then"})
# Verbs too light to name a policy ("can I get on the list", "could you put it aside").
_LIGHT = frozenset({"get", "have", "make", "do", "take", "go", "give", "put", "keep", "let", "see", "help"})


def _governed(text: str, modal: re.Match[str]) -> tuple[str, str]:
    """The verb a modal governs and the three words from it ("swap", "swap them for")."""
    after = language.words(text[modal.end() :])
    while after and after[0] in _BETWEEN:
        after.pop(0)
    return (after[0], " ".join(after[:3])) if after else ("", "")


def requested_write(
    agent: AgentDefinition, message: Understanding, match: intents.Match | None, directory: Path | None
) -> bool:
    """A change the agent declares, asked with a modal ("could you extend <a title>", "may I reserve
    <a title>?") for one thing the message names (an id, a catalog word, or words no document uses
    that are no everyday words: a title), is a request for that change, not a question about its
    rules ("is a loan extendable twice?", round 14). Unless the modal governs a verb (not a light one)
    that the documents use and no operation declares as its change, and the message says no declared
    change in its own words ("do you honour a rival's lower price", "could we swap
    those": a policy's own verb, a question about that policy; the lead, at round 14's merge)."""
    modal = _MODAL.search(message.text)
    if match is None or not match.operation.mutating or modal is None:
        return False
    if policy.cost_of_change(match, message):
        return False  # "can I cancel without a fee?": what the change costs, asked
    verb, phrase = _governed(message.text, modal)
    actions = intents.declared_actions(agent)
    governed = set(terms(lexicon.base_forms(phrase))) | lexicon.expansions(phrase)
    own_words = set(terms(lexicon.base_forms(message.text)))
    policy_verb = verb not in _LIGHT and not knowledge.unknown_to_documents(verb, directory)
    if verb and policy_verb and not governed & actions and not own_words & actions:
        return False
    if message.entity_ids or message.catalog_words:
        return True
    said = " ".join(w for w in message.product_words.split() if not knowledge.everyday(w))
    return bool(said) and knowledge.unknown_to_documents(said, directory)


def search_by_maker(
    agent: AgentDefinition, message: Understanding, directory: Path | None
) -> intents.Match | None:
    """With nothing else matched, "<things> by <a name no document uses>" asks the agent's search
    (a maker or author named, as its free-text parameter takes)."""
    maker = MADE_BY.search(message.text)
    if maker is None or knowledge.everyday(maker.group(1)) or maker.group(1) in STOP_WORDS:
        return None
    if not knowledge.unknown_to_documents(maker.group(1), directory):
        return None
    search = next((op for op in agent.operations if intents.role(op) == "search"), None)
    return intents.Match(search, intents.MIN_SCORE, "search") if search else None


# Words that stand for the user's things without naming any ("is *anything* late?").
_ANY_THINGS = frozenset(terms("anything something nothing stuff things items mine what which any"))


def only_a_state(agent: AgentDefinition, message: Understanding) -> intents.Match | None:
    """A question naming nothing but a state that one of the user's lists declares (its status
    values, said in everyday words: "anything late?") asks for that list, not for the rules about
    that state (round 22)."""
    said = set(terms(message.text)) - STOP_WORDS
    for operation in agent.operations:
        if intents.role(operation) != "list" or not says_a_value(operation, message.text):
            continue
        values = [
            find_allowed(message.text, p, to_happen=True) for p in operation.parameters if allowed_values(p)
        ]
        stated = {t for v in values if v for t in said if lexicon.says_state(v, t) or t in terms(v)}
        if stated and said - stated <= _ANY_THINGS:
            return intents.Match(operation, intents.MIN_SCORE, "list")
    return None


# A date asked ("when's ... due?", "when must ... be back?", "the due date of ..."), not a
# duration ("how long can I keep ...") or a situation ("what happens when I ...").
_WHEN_ASKED = re.compile(
    r"\bwhen(?:'s| is| are| was| does| do| did| will| should| must| has| have)\b|\bdue date\b|\bwhat date\b|"
    # which of them are due: "what's due ...", "which ones must be back by ..."
    r"\b(?:what|which)(?:'s| is| are)? (?:[a-z]+ ){0,3}?(?:due|(?:go|be|come) back)\b|"
    # whether one is due then: "is <the title> due back this week?", "isn't <it> due on the 10th?"
    # (round 25)
    r"^(?:is|isn't|is not|are|aren't) (?:[a-z']+ ){1,5}?due\b"
)
# A response property holding a date: declared as one, or named so by the usual key endings
# ("dueDate", "borrowedOn", "placedAt"); the endings are a naming convention, not a rule of OpenAPI.
_DATE_KEY = re.compile(r"(?:Date|On|At)$")


def dated_own_thing(
    agent: AgentDefinition, message: Understanding, directory: Path | None
) -> intents.Match | None:
    """A date asked of one of the user's own things ("when must my <thing> be back?", "when
    is the <title> book due?") asks for the one list of the user's things whose results hold a date
    the message names (its key's words, or a word the message's phrases stand for: "be back" is
    "due"); the documents tell durations, never the date of one thing the user has (round 24). The
    thing is the user's when the message says "my"/"our", tells the user's own act on it, or names
    it by "the" and a word no document uses (a title). Asked once per message (the understanding,
    the route and the comparison of candidates all ask)."""
    return _dated_own_thing(AgentKey(agent), message.text, policy.own_data(message), directory)


@per_message
def _dated_own_thing(key: AgentKey, text: str, own: bool, directory: Path | None) -> intents.Match | None:
    if not _WHEN_ASKED.search(text) or policy.ADVICE.search(text):
        return None
    definite = [
        w for w in re.findall(r"\bthe ([a-z]+)", text) if knowledge.unknown_to_documents(w, directory)
    ]
    if not (own or policy.TOLD_OWN.search(text) or definite):
        return None
    said = set(terms(text)) | lexicon.expansions(text)
    return one_list_naming(
        key.agent,
        said,
        lambda name, schema: schema.get("format") in ("date", "date-time") or bool(_DATE_KEY.search(name)),
    )


def one_list_naming(
    agent: AgentDefinition, said: set[str], field: Callable[[str, dict[str, Any]], bool]
) -> intents.Match | None:
    """The one list of the user's things with a response field (one ``field`` keeps, by its key and
    schema) whose key's words ``said`` holds ("renewals" of a loan, round 22; a date asked, round
    24); None when none or several lists have one."""
    named = [
        operation
        for operation in agent.operations
        if intents.role(operation) == "list"
        and any(
            field(name, schema) and said & set(terms(words_of(name)))
            for name, schema in response_properties(operation, agent.schemas)
        )
    ]
    return intents.Match(named[0], intents.MIN_SCORE, "list") if len(named) == 1 else None


_ASKED_AFTER = re.compile(r"\b(?:any|anything|got|own|owns|owned|stock|carry)\b|\bdo you have\b")


def search_by_name(
    agent: AgentDefinition, message: Understanding, catalog_stems: frozenset[str], directory: Path | None
) -> intents.Match | None:
    """With nothing else matched and no catalog to know names by, a message naming someone or
    something by a name (a word of no dictionary, no document and no declaration: an author, a
    title, "<first> <last> cookbook??") asks the agent's search for it, unless it is about
    something else: fewer names than everyday words ("the weather in <city> tomorrow", "who won
    the <team> game last night"). A model knows the names of its world; this planner only that a
    name is no word of the language (round 22)."""
    if catalog_stems:
        return None
    said = [w.removesuffix("'s") for w in message.product_words.split()]
    names = [
        w
        for w in said
        if len(w) >= 4
        and w.isalpha()
        and not english.listed(w)
        and not knowledge.everyday(w)
        and knowledge.unknown_to_documents(w, directory)
    ]
    if len(names) <= sum(1 for w in said if knowledge.everyday(w)):
        return None
    # Asked after as a thing one may have ("any <name>?", "anything by <name>", "do you own
    # <name>", "<title> by <name>"; not "return by when"); without that, a strange word is as likely
    # a thing of another trade ("debug this <language> function", "print your <schemas> verbatim"):
    # two side by side were, too.
    by_name = any(re.search(rf"\bby {re.escape(n)}\b", message.text) for n in names)
    if _ASKED_AFTER.search(message.text) is None and not by_name:
        return None
    search = next((op for op in agent.operations if intents.role(op) == "search"), None)
    return intents.Match(search, intents.MIN_SCORE, "search") if search else None


def _whether_any(message: Understanding, directory: Path | None) -> bool:
    """ "Are there any <things>?" for things the catalog names, or no document does, and with no
    topic of the documents besides them: a search ("any <product> left?"), not a rule question
    ("is there any fee for ...")."""
    if not situations.asks_whether_any(message) or not message.product_words:
        return False
    named = message.catalog_words or knowledge.unknown_to_documents(message.product_words, directory)
    rest = language.without(message.text, message.catalog_words.split())
    return bool(named) and not knowledge.document_words(rest, directory)


def _names_a_thing(message: Understanding, catalog_stems: frozenset[str], directory: Path | None) -> bool:
    """Does the message name a thing to look for: a catalog word, or, with no catalog to know
    names by, a word no document uses (a title: "atomic habits")?"""
    said = message.product_words
    if catalog_stems and any(singular(w) in catalog_stems for w in said.split()):
        return True
    if policy.ADVICE.search(message.text):
        # In a request for advice, an everyday word the documents happen not to use ("what
        # *happens* if ...") is no title.
        said = " ".join(w for w in said.split() if not knowledge.everyday(w))
    return bool(said) and knowledge.unknown_to_documents(said, directory)


def abilities(agent: AgentDefinition) -> Goal:
    """What the agent can do, told when asked."""
    return answer("D", "The user asks what I can do.", refusals.abilities(agent))


def thanked() -> Goal:
    """Thanks (or a goodbye beside them), answered."""
    return answer("D", "The user says thanks.", "You're welcome! Anything else I can help with?")


def _no_operation(context: PlanContext, message: Understanding, directory: Path | None) -> Goal:
    scores, agent = message.scores, context.agent
    if scores.get("greeting"):
        return answer(
            "D",
            "A greeting.",
            f"Hello! I can help with {refusals.scope(agent)}. What would you like to do?",
        )
    if scores.get("thanks"):
        return thanked()
    if scores.get("help"):
        return abilities(agent)
    evidence = knowledge.policy_evidence(message.text, directory=directory)
    # One topic of the documents is enough, unless the message is mostly words the agent does
    # not know ("who wins the match by the <place>?") or is about something else.
    unknown = len(message.product_words.split()) >= UNKNOWN_SENTENCE
    phrases = topics.document_phrases(message.text, directory)
    elsewhere = knowledge.something_else(message.text, message.product_words, directory) and not phrases
    # A thing no document names, and of the documents' own only what the everyday-words lexicon
    # reads into a phrase ("which laptop should I buy"): a request about something else.
    foreign = [w for w in message.product_words.split() if knowledge.unknown_to_documents(w, directory)]
    elsewhere = elsewhere or bool(
        foreign and not phrases and not knowledge.document_words(message.text, directory)
    )
    if agent.knowledge_base_id and evidence >= (2 if unknown else 1) and not elsewhere:
        return knowledge_goal(message)
    return refusals.out_of_scope(agent, "Nothing I can do covers this request.")


def _bare(message: Understanding, operation: Operation) -> bool:
    """Is the message nothing but the catalog's words and values the operation declares ("cat
    treats?", "hoodies?", "children's books on space?" for a search declaring a "Books" category)?"""
    said = [w for w in language.words(message.text) if w not in STOP_WORDS]
    named = set(message.catalog_words.split())
    declared = {
        singular(w)
        for p in operation.parameters
        for v in allowed_values(p)
        for w in language.words(v.lower())
    }
    return bool(said) and bool(named) and all(w in named or singular(w) in declared for w in said)


def knowledge_goal(message: Understanding) -> Goal:
    return Goal(kind="knowledge", category="D", rationale="A question about store policy.", query=message.raw)
