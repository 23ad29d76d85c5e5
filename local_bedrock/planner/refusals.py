"""Answers for what the agent will not or cannot do, and small judgements about a request's form,
all from what the agent declares: its description (what it is for), its instruction (where it
sends what it cannot do) and its operations (which changes it can make)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from local_bedrock import english
from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.planner import intents, knowledge, language, lexicon
from local_bedrock.planner.goals import Goal, Understanding
from local_bedrock.planner.per_agent import AgentKey
from local_bedrock.planner.per_message import per_message
from local_bedrock.planner.slots import declared_value_words
from textnorm import STOP_WORDS, singular

ONLY_YOURS = "I can only help with your own account; I can't look up anyone else's information."


def scope(agent: AgentDefinition) -> str:
    """What the agent is for, in its own declared words (agents.json's description)."""
    about = agent.description.split(":", 1)[-1].strip().rstrip(".")
    return about[:1].lower() + about[1:]


def abilities(agent: AgentDefinition) -> str:
    """What the agent can do, in its declared words: its description, then the first sentence of
    each operation's summary or description."""
    lines = [f"I can help with {scope(agent)}. For example, I can look up or do this for you:"]
    for op in agent.operations:
        said = re.split(r"[.;] ", op.description or op.summary)[0].rstrip(".")
        said = re.sub(r"\bthe signed-in \w+'s\b", "your", said, flags=re.IGNORECASE)
        said = re.sub(r"\bthe signed-in \w+\b", "you", said, flags=re.IGNORECASE)
        lines.append(f"- {said[:1].lower()}{said[1:]}")
    if agent.knowledge_base_id:
        lines.append("- answer questions from our documents")
    return "\n".join(lines)


def answer(category: str, rationale: str, text: str) -> Goal:
    """A reply of the agent's own, with no operation and no knowledge-base look-up."""
    return Goal(kind="answer", category=category, rationale=rationale, text=text)


OUT_OF_SCOPE = "Sorry, I can't help with that."
# Goal.refusal of a request declined as out of scope: one of the candidates compared in candidates.py.
OUT_OF_SCOPE_KIND = "out_of_scope"


def out_of_scope(agent: AgentDefinition, rationale: str) -> Goal:
    """A request no operation of the agent covers: what the agent is for instead."""
    goal = answer("C", rationale, f"{OUT_OF_SCOPE} I can help with {scope(agent)}.")
    goal.refusal = OUT_OF_SCOPE_KIND
    return goal


def cannot(agent: AgentDefinition, action: str) -> Goal:
    where = referral(agent.instruction, action)
    elsewhere = f" For that, please use {where}." if where else ""
    return answer(
        "C",
        f"No operation of this agent can {action}.",
        f"Sorry, I can't {action} here.{elsewhere} I can help with {scope(agent)}.",
    )


_NEGATION = re.compile(r"\b(cannot|can't|can not|unable to|not able to|never)\b")
# A sentence denying every change ("You cannot change anything: ..."): where it (or the sentence
# after it) sends people is the referral for an action no operation declares, as a sentence naming
# that action would be (round 26). It only finds the referral: that the agent cannot do the action
# is decided by its operations (routing.py), never by this sentence.
_ANY_CHANGE = re.compile(r"\b(?:change|modify|alter|edit) anything\b")


def referral(instruction: str, action: str) -> str | None:
    """Where the instruction sends a request the agent cannot fulfil: the place it names in
    parentheses in the sentence that says the agent cannot do ``action`` (or cannot change anything),
    or in the one after it."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n\s*-\s*", instruction) if s.strip()]
    stem = action.rsplit(maxsplit=1)[-1][:5]
    for i, sentence in enumerate(sentences):
        said = sentence.lower()
        if _NEGATION.search(said) and (re.search(rf"\b{re.escape(stem)}", said) or _ANY_CHANGE.search(said)):
            for candidate in sentences[i : i + 2]:
                named = re.search(r"\(([^)]+)\)", candidate)
                if named:
                    return named.group(1)
    return None


def takes(message: Understanding) -> bool:
    """Accepting what was just shown: "I want that one", "get me one", "2 of them", or a short
    request with a verb of taking and a count or a word of what was shown ("get two", "we want
    the blue")."""
    taking = re.search(r"\b(take|get|grab|have|want|buy|order|need)\b", message.text)
    text = language.number_words_to_digits(message.text)
    pointing = re.search(r"\b(it|one|ones|them|that|this|\d+)\b", text) or len(text.split()) <= 5
    return bool(taking and pointing)


# The ways of asking someone to do something that stand before the verb ("can you help me write ...",
# "I need you to draft ..."): general English, not any agent's words.
_ASKING = re.compile(
    r"^(?:(?:help me(?: to)?|please|can you|could you|would you|will you|i (?:want|need|would like) you to"
    r"|i need help(?: to)?) )+"
)


def only_a_count(message: Understanding) -> bool:
    """Is the message a number and nothing else that means anything ("two", "5 of those")?"""
    said = [w for w in language.words(language.number_words_to_digits(message.text)) if w not in STOP_WORDS]
    return len(said) - said.count("please") == 1 and said[0 if said[0] != "please" else -1].isdigit()


# A made thing asked for by a verb of handing over ("tell us a riddle", "give me a recipe for ..."):
# general English for things people make up or write, never a thing a shop sells or a library
# lends when asked so (round 28; a guess, as every word list here).
_MADE_THING = re.compile(
    r"^(?:tell (?:me|us) (?:a |an |some |another |your |one )?(?:good |funny |quick |short |great |nice )?"
    r"(?:joke|story|poem|riddle|limerick|pun|fun fact)s?|"
    # handed over: one recipe or joke, not "some poems" or "some recipes" (a library lends books of them)
    r"(?:give|send|share|got) (?:me|us) (?:a |another |your )"
    r"(?:good |funny |quick |great |nice |decent |easy )?(?:joke|recipe|riddle|pun|fun fact))"
    r"(?= *(?:$|[?.!,;:]|(?:for|about|on|with|that|please|to)\b))"
)


def creative(agent: AgentDefinition, message: Understanding) -> bool:
    """A request to make something ("compose a song for me", "tell us a riddle") that no operation of
    the agent declares."""
    asked = _ASKING.sub("", message.text)
    first = asked.split(" ", 1)[0]
    if _MADE_THING.search(asked) and not message.ids:
        return True
    return first in lexicon.CREATIVE_VERBS and first not in intents.agent_terms(agent)


# Questions of general knowledge that no shop's or library's agent answers from its operations or
# documents (round 28): who won a match or a prize, sums ("what's 15 percent of 80"), what to name a
# pet, where to put one's savings, a show or a podcast to binge. General English, a guess at what
# such an agent is never for, as the services below are.
_GENERAL_KNOWLEDGE = re.compile(
    # asked alone: "who won the Booker? do you have it?" asks the catalog too
    r"^(?:so |and |hey |ok )?who (?:won|wins|will win|is winning|scored)\b[^,;?.!]*[?.!]*$|"
    r"^(?:what(?:'s| is)|whats|calculate|how much is) -?\d+(?:\.\d+)? ?(?:%|percent|per cent|times|plus|"
    r"minus|divided by|multiplied by|x|\*|\+|-|/) ?(?:of )?-?\d+(?:\.\d+)?\s*[?.!]*$|"
    r"\b(?:what|how) (?:should|could|shall) (?:i|we) (?:name|call) (?:my|our|the|a) (?:new )?"
    r"(?:puppy|dog|cat|kitten|pet|baby|hamster|fish|rabbit|bird)\b|"
    r"\bnames? (?:for|to give) (?:a|my|our) (?:new )?(?:puppy|dog|cat|kitten|pet|hamster|fish|rabbit|bird)\b|"
    r"\b(?:put|invest|park) (?:my|our|all my|some of my) (?:savings|pension) (?:in|into)\b|"
    r"\b(?:put|invest|park) (?:my|our|all my|some of my) (?:money|cash) (?:in|into) (?:the )?"
    r"(?:stocks?|shares|"
    r"crypto|bitcoin|gold|funds?|property|index)\b|"
    # stock as shares, not as broth or pots ("should I buy stock pots?")
    r"\bshould (?:i|we) (?:buy|sell|invest in) (?:some )?(?:[a-z]+ )?"
    r"(?:stocks?(?= *(?:$|[?.!,]|this|now|today|right now|next))|shares|crypto|bitcoin|ethereum)\b|"
    # a podcast or a show asked to be recommended, not a product for them ("podcast microphones")
    r"\b(?:recommend|suggest)(?: me| us)? (?:a |an |some |any |good |great )*"
    r"(?:podcasts?|(?:tv )?(?:shows?|series) to (?:binge|watch))\b"
)


def general_knowledge(message: Understanding) -> bool:
    """A question of general knowledge (``_GENERAL_KNOWLEDGE``), naming nothing of the agent's: no id
    and no word of the catalog."""
    return (
        not message.ids and not message.catalog_words and _GENERAL_KNOWLEDGE.search(message.text) is not None
    )


# Services that no shop sells and no library lends, whatever verb asks for them ("book me a flight",
# "find a hotel", "recommend a restaurant", "a table for two tonight", "set an alarm"; round 27):
# travel, dining out, appointments, rides, the weather and alarms. General English, not a documented
# rule: a guess at what an agent for a store or a library is never for.
_ELSEWHERE = re.compile(
    # the thing asked for, not a place things go ("ship to hotels", "to my hotel")
    r"(?<!\bto )(?<!\bmy )(?<!\bour )(?<!\bat )(?<!\bthe )"
    r"\b(?:flights?|airfares?|plane tickets?|train tickets?|bus tickets?|hotels?|motels?|hostels?|"
    r"airbnbs?|restaurants?|pizza places?|a table for (?:\d+|several|two|three|four|five|six)|"
    r"(?:dentist|doctor|doctor's|hair|haircut|salon) appointments?|haircuts?|taxis?|cabs?|ubers?|"
    r"weather|forecast|an alarm)\b"
    # nor a word qualifying a product's name ("a weather radio")
    r"(?=\s*(?:$|[?.!,;:]|(?:to|in|at|for|near|from|on|this|tonight|tomorrow|next|with|and|or|please)\b))"
    r"|\bwill it (?:rain|snow)\b"
)


# Verbs that ask for a service ("*book* me a flight", "*recommend* a restaurant", "we *booked*
# flights"), and the words that may stand between such a verb, or the message's start, and the
# service's name ("me", "a", "cheap", "good": no preposition, no other thing).
_ASKING_VERBS = frozenset(
    "book booked booking find get recommend suggest reserve schedule call set plan arrange".split()
)
_BETWEEN = frozenset(
    "me us a an some any the cheap cheapest good nice decent best great quick cheaper".split()
)
# The user's own things, whose questions may mention a service ("deliver my order to a hotel").
_OWN_THINGS = frozenset(
    "order orders parcel package delivery deliver shipping ship item items purchase loan loans return".split()
)


def elsewhere(message: Understanding, catalog_stems: frozenset[str], directory: Path | None) -> bool:
    """Does the message ask for a service no store or library provides (``_ELSEWHERE``): its name
    right after a verb that asks for a service or at the message's start, with only determiners and
    adjectives between; one that neither the catalog nor the documents name, with no id, no word
    of the catalog and none of the user's own things (an order, a delivery, a loan), and not told
    before a "but"?"""
    said = language.words(message.text)
    if message.ids or message.catalog_words or _OWN_THINGS & set(said):
        return False
    for found in _ELSEWHERE.finditer(message.text):
        if re.search(r"\bbut\b", message.text[found.end() :]):
            continue  # "... a dentist appointment, but what I need is ...": told, not asked for
        before = language.words(message.text[: found.start()])
        leading = len(before) - next(
            (i for i, w in enumerate(reversed(before)) if w not in _BETWEEN), len(before)
        )
        asked = leading == 0 or before[leading - 1] in _ASKING_VERBS
        if not asked or len(before) - leading > 3:
            continue  # "headphones for flights", "the glass hotel": no service asked for
        words = language.words(found.group(0))
        if any(singular(w) in catalog_stems for w in words):
            return False
        return not knowledge.document_words(words[-1], directory=directory)
    return False


def unsupported_action(agent: AgentDefinition, message: Understanding) -> str | None:
    """An action the message asks for (a change: cancel, refund, modify...) that no operation of
    this agent declares: the words of the asking verb, to say it can't be done here."""
    return _unsupported(AgentKey(agent), message.text)


def _action_words(text: str) -> Iterator[str]:
    """The words of ``text``, then the head of each phrasal verb it says ("turn off <a feature>" ->
    "disable": a phrase of several words names the action, round 15); the heads only when no word
    named an unsupported action first."""
    yield from language.words(text)
    yield from lexicon.phrase_heads(text)


@per_message
def _unsupported(key: AgentKey, text: str) -> str | None:
    """unsupported_action of ``text``, asked once per message (the route and the comparison of
    candidates both ask)."""
    agent = key.agent
    asked = lexicon.verb_uses(text)
    # "where can I pay ...?", "how do I renew ...?": the verb after the asker names the action too.
    for verb in _ASKED_HOW.findall(text):
        asked |= lexicon.group_of(verb)
    declared = intents.declared_actions(agent)
    for word in _action_words(text):
        group = lexicon.group_of(word)
        if word in lexicon.CHANGE_WORDS and group & asked and not group & declared:
            return word if word != "refund" else "issue refunds"
    # "<someone> wants a refund": the wish names the action by its noun.
    for noun in _WISHED_NOUN.findall(text):
        if noun in lexicon.CHANGE_WORDS and not lexicon.group_of(noun) & declared:
            return noun if noun != "refund" else "issue refunds"
    # "<someone> wants it cancelled": the wish names the action by its participle.
    wish = _WISHED.search(text)
    for verb in re.findall(r"\b[a-z]{3,}ed\b", text[wish.end() :] if wish else ""):
        base = next((w for w in lexicon.CHANGE_WORDS if verb in (w + "ed", w + "d", w + "led")), None)
        if base and not lexicon.group_of(base) & declared:
            return base if base != "refund" else "issue refunds"
    return None


_ASKED_HOW = re.compile(r"\b(?:where|how|when) (?:can|could|do|should|may) (?:i|we) ([a-z]+)")
_WISHED = re.compile(r"\b(?:wants?|needs?|would like|asks? for)\b")
_WISHED_NOUN = re.compile(r"\b(?:wants?|needs?|would like|asks? for|asking for) (?:a|an|the) ([a-z]+)\b")


# Words that name a person's account in a request ("member Q2211", "customer #5521", "card number
# 2201..."): the person words of the lexicon and the things that identify one.
_PERSON_WORDS = "customer|client|member|user|patron|account|card|account holder"
_ID_LIKE = r"#?(?=[a-z0-9-]*\d)[a-z]{0,4}-?\d[a-z0-9-]{2,}"
# A claim to be someone by an id ("I'm M1234 now", "acting as C9876"; round 20).
_CLAIM = r"(?:i am|this is|switch me to|acting as|on behalf of|(?:log|sign|let) me in as)"
_PERSON_ID = re.compile(
    rf"\b(?:{_PERSON_WORDS})(?: (?:id|number|no\.?|#))? ?:? ?{_ID_LIKE}\b|\b{_ID_LIKE}'s\b|"
    rf"\b{_CLAIM} {_ID_LIKE}\b|"
    # any number said as someone's ("customer number 44"), an account by its last digits ("the
    # account ending in 0007", not the user's own "my account ending in ..."), and an account's
    # things asked for an id of a letter and digits ("fines for m1003"; not "toner for hp1020": the
    # ids the schemas declare are taken out first) (round 28)
    rf"\b(?:{_PERSON_WORDS}) (?:id|number|no\.?|#) ?:? ?\d+\b|"
    r"(?<!\bmy )\baccount (?:number )?ending (?:in|with) \d{2,}\b|"
    r"\b(?:fines|fees|charges|loans|holds|reservations|orders|purchases|history|balance|account) "
    r"(?:for|of|belonging to) #?[a-z]-?\d{3,6}\b"
)


def names_a_person_id(message: Understanding) -> bool:
    """Does the message name someone by an id the schemas do not declare ("everything member Q2211
    has")? Identity comes from the session only (DESIGN.md, the identity rule), so any such id is
    someone else's, or a claim to be someone. Ids of the things the agent acts on do not count."""
    text = _OWN_EMAIL.sub(" ", language.without(message.text, message.entity_ids))
    return _PERSON_ID.search(text) is not None or _EMAIL.search(text) is not None


# An e-mail address names a person as surely as an id does, and so does the placeholder a
# guardrail leaves in its place when it anonymizes one (Bedrock writes "{EMAIL}": ApplyGuardrail,
# sensitive information filters, ANONYMIZE), unless the user gives it as their own ("my email is").
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\{email\}")
_OWN_EMAIL = re.compile(rf"\bmy (?:e-?mail|email address|address)(?: is|:)? (?:{_EMAIL.pattern})")


# A person named as the one who did something ("what did Ada Smith order", "has Ada borrowed"):
# capitalised words after the auxiliary, where "I", "you" or "we" would stand.
_NAMED_SUBJECT = re.compile(
    r"\b(?:did|has|does|had)\s+(?!(?:The|This|That|My|Our|It)\b)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+[a-z]+"
)


def _declared_name(name: str, agent: AgentDefinition, directory: Path | None) -> bool:
    """Is a capitalized name one the agent itself declares (a value its parameters allow: a branch,
    a tier) or its documents use ("does Riverside open late?" asks about a branch, round 28)?"""
    values = declared_value_words(agent)
    return all(singular(w) in values for w in name.lower().split()) or not knowledge.unknown_to_documents(
        name.lower(), directory
    )


# A name typed in lower case as the one who did something ("what did maria garcia buy"): two words
# before a verb of getting, neither an everyday word; at least one no word of the language.
_LOWER_NAMED_SUBJECT = re.compile(
    r"\b(?:did|has|does|had) ([a-z]{2,}) ([a-z]{2,}) "
    r"(?:buy|order|purchase|borrow|get|take|rent|pay|owe|spend)\b"
)


def _named_in_lower_case(text: str) -> bool:
    found = _LOWER_NAMED_SUBJECT.search(text)
    if found is None:
        return False
    names = found.groups()
    return not any(w in STOP_WORDS or english.everyday(w) for w in names) and not all(
        english.listed(w) for w in names
    )


# A name typed in lower case owning things ("<first> <last>'s <things>").
_LOWER_NAMED_OWNER = re.compile(r"\b([a-z]{2,}) ([a-z]{2,})'s ((?:[a-z]+ ){0,2}[a-z]+)\b")


def named_owner(agent: AgentDefinition, message: Understanding) -> bool:
    """Does the message ask for a named person's things of the kind the agent's reads return ("<first>
    <last>'s <loans, in any word of their group>"), the name no everyday words and not all words of the
    language? An author's works ("<first> <last>'s novels") are no such things (round 14)."""
    found = _LOWER_NAMED_OWNER.search(message.text)
    if found is None or not _named_in_lower_case(f"did {found.group(1)} {found.group(2)} get"):
        return False
    # Only the thing each read returns, its id's last word (purchases, loans, fees): its other words
    # ("Recent", "Recommended") would take "<an author>'s newest book" for someone's purchases (review14).
    read_words = {
        t
        for op in agent.operations
        if not op.mutating and intents.role(op) in ("list", "read")
        for t in lexicon.group_of(intents.camel_words(op.operation_id)[-1])
    } - {t for verb in intents.READ_VERBS for t in lexicon.group_of(verb)}
    # the thing owned may follow a word or two ("<name>'s recent purchases")
    owned = found.group(3).split()
    return any((lexicon.group_of(w) | lexicon.expansions(w)) & read_words for w in owned)


# An id no schema declares as the one who did or has something ("what has Q2211 borrowed?").
_ID_SUBJECT = re.compile(r"\b(?:did|has|does|had) [a-z]{1,4}-?\d{3,}\b")
# Asking who did something ("who borrowed it before me?", "who else ordered one?"): other people.
_WHO_DID = re.compile(
    r"\bwho (?:else )?(?:has |had |have )?(?!(?:can|could|will|do|does|is|are)\b)"
    r"([a-z]+ed|bought|took|got|held)\b"
)


# Someone described, not named, as the one who gets things ("what the man upstairs has been buying",
# "what that lady has ordered"): a third person in the active voice of a verb of getting things (the
# passive, "the book has been reserved", tells of a thing). The words before the verb hold no first
# or second person ("the mat I ordered" is the user's).
_GETTING = "buy|order|purchas|borrow|rent|reserv"
# Words of a subject that is the user, the agent or a thing, never a third person.
_NO_PERSON = (
    "i|we|you|u|me|my|our|been|one|ones|order|orders|item|items|thing|things|store|shop|library|"
    "assistant|app|site|system"
)
_SOMEONE = rf"(?:the|that|this|his|her|their) (?:(?!(?:{_NO_PERSON})\b)[a-z0-9]+ ){{1,4}}"
# A word of getting right after an article or a preposition is a noun ("the status of the order").
# After "to" it is an infinitive ("is the audiobook free to borrow?"), no one's doing (round 28).
_NO_NOUN = r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bof )(?<!\bfor )(?<!\bmy )(?<!\byour )(?<!\bto )"
_DESCRIBED_SUBJECT = re.compile(
    rf"\b{_SOMEONE}{_NO_NOUN}(?:(?:has|have|had) (?:just |already )?(?:bought|(?:{_GETTING})[a-z]*ed)"
    rf"|(?:has|have|had) been (?:{_GETTING})[a-z]*ing|(?:is|are|was|were) (?:{_GETTING})[a-z]*ing)\b"
    # the same asked ("has the man next door been ordering", "did that guy buy"); not the passive
    # ("has the book been reserved")
    rf"|\b(?:has|have|had|did|does|do|is|was) {_SOMEONE}{_NO_NOUN}"
    rf"(?:been (?:{_GETTING})[a-z]*ing|(?:bought|buy|(?:{_GETTING})[a-z]*))\b"
)


def names_someone(message: Understanding, agent: AgentDefinition, directory: Path | None) -> bool:
    """Does the message ask what a person named by name (or by an id no schema declares, or
    described: "the woman next door") did or has, or who did something?"""
    text = language.without(message.text, message.entity_ids)
    return bool(
        any(not _declared_name(m.group(1), agent, directory) for m in _NAMED_SUBJECT.finditer(message.raw))
        or _named_in_lower_case(text)
        or _ID_SUBJECT.search(text)
        or _WHO_DID.search(text)
        or _DESCRIBED_SUBJECT.search(text)
    )
