"""A thing the documents say how to book or reserve, asked for with that verb ("may we book the
meeting space on friday?", "booking the gallery for a party: is it possible"): the documents answer
it, not the operation that reserves the agent's own things (titles, products), which the thing is
not. A model reads "members can book <rooms>" in the knowledge base and answers from it; it does
not look a room up in the catalog.

Which sentence tells it: one of the documents' sentences that uses the message's verb for the
operation (or a word of its group) as a verb ("members can *book*", "orders *placed* before 1 p.m.";
not the noun of "the book drop" or "the order confirmation") with the thing the message names as the
verb's object ("book *the meeting space*") among the words beside it ("six study *rooms* that members can
book"; not the "hours" a room is booked for). A title is no such thing: an object typed in capitals
("hold A Room of One's Own") or going on with "of"/"in" and a word the sentence lacks ("a study in
scarlet"). General reading, not a documented rule; measured on the tunable suites (round 26,
narrowed in round 27).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.planner import intents, knowledge, language, lexicon
from local_bedrock.planner.goals import Understanding
from local_bedrock.planner.slots import declared_value_words
from textnorm import singular, terms

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# Where the object of a verb in the message ends at the latest ("history book, riverside ...").
_CLAUSE = re.compile(r"[,;:.!?()\"]+|\s[-\u2013\u2014]+\s")
# A word this short names nothing on its own ("go", "one").
_SHORTEST = 4
# Words that count or measure a thing, or place it in a sequence, without naming it ("fifteen
# *units*", "a *copy*", "two *hours*", "the *next* one").
_NOT_A_THING = frozenset(
    "unit piece item copy pack pair lot bunch dozen thing one minute hour day week month year time "
    "night next last first other".split()
)
# Words that open or sit inside a noun phrase before its nouns ("book *the* meeting space").
_BEFORE_NOUNS = lexicon.ARTICLES | frozenset("my our your their his her this that these those any".split())
# Whom a thing is booked for, before it ("book *me* a room").
_INDIRECT = frozenset("me us him her them".split())
# Words that end the verb's object ("a study room *at* central", "the gallery *for* a party").
_ENDS_OBJECT = frozenset(
    "of in on at for to with from by about and or but please me us so if when because".split()
)
# Words that make the next word a verb ("members *can* book", "*to* reserve").
_BEFORE_VERBS = frozenset("can may might must will would should could to please also not then".split())
# How far from the documents' verb its object may stand: before it in a relative clause or a
# passive ("study rooms that members can book", "rooms can be booked"), after it as its object.
_BEFORE, _AFTER = 5, 4


def told_by_documents(
    agent: AgentDefinition, message: Understanding, operation: Operation, directory: Path | None
) -> bool:
    """Is the thing ``message`` asks ``operation`` to create one the documents say how to book: no
    catalog word, no id, and a sentence of the documents using the message's verb as a verb with the
    noun the message's verb takes as its object beside it. A value some operation declares ("dvd")
    names a kind of the agent's own things, not another thing."""
    if directory is None or message.catalog_words or message.ids:
        return False
    declared = declared_value_words(agent)
    used = lexicon.clause_verbs(message.text)  # "can I *book* ...", not "my *book* report"
    clauses = [language.words(c) for c in _CLAUSE.split(message.text)]
    for told, i in ((c, i) for c in clauses for i in range(len(c))):
        verb = told[i]
        group = lexicon.group_of(verb)
        if not (len(group) > 1 and group & used and intents.asks_for(operation, agent, verb)):
            continue
        thing, rest = _object(told[i + 1 :])
        named = {singular(w) for w in thing if len(w) >= _SHORTEST} - declared - _NOT_A_THING
        if not named or _typed_as_title(message.raw, thing):
            continue
        # the words after "of"/"in" ("a study in scarlet", "a room of one's own"): a title's go on
        tail = {singular(w) for w in rest[1:3] if len(w) >= _SHORTEST and w not in _NOT_A_THING}
        titled = rest[:1] in (["of"], ["in"]) and bool(tail)
        for beside, words in _booking_sentences(verb, directory):
            if titled and not tail <= words:
                continue
            if named & beside:
                return True
    return False


def _object(after: list[str]) -> tuple[list[str], list[str]]:
    """The words of the noun phrase that opens ``after`` (a verb's object: "the meeting space" of
    "the meeting space on friday"), without its determiners, and the words after it."""
    at = 0
    if after[:1] and after[0] in _INDIRECT:  # "book *me* a study room"
        at = 1
    if after[at : at + 2] == ["one", "of"]:  # "reserve *one of* the study rooms"
        at += 2
    while at < len(after) and after[at] in _BEFORE_NOUNS:
        at += 1
    end = at
    while end < len(after) and end - at < 3 and after[end] not in _ENDS_OBJECT:
        end += 1
    return after[at:end], after[end:]


def _typed_as_title(raw: str, thing: list[str]) -> bool:
    """Did the user type the object's words with capitals, as a title is ("reserve The Hours"),
    where the message is not typed in capitals throughout?"""
    typed = re.findall(r"[A-Za-z][A-Za-z0-9'-]*", raw)
    if not typed or all(w.isupper() or w[0].isupper() for w in typed):
        return False
    capital = {w.lower() for w in typed[1:] if w[0].isupper()}
    return bool(thing) and all(w in capital for w in thing)


def _participle(word: str) -> bool:
    return word in lexicon.IRREGULAR or (len(word) > 4 and word.endswith("ed"))


@lru_cache(maxsize=16)
def _booking_sentences(verb: str, directory: Path) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each sentence of the documents that uses ``verb`` or a word of its group as a verb: the words
    (singular) beside that verb, and all its words."""
    group = lexicon.group_of(verb)
    found = []
    for _, body in knowledge.document_sections(directory):
        for sentence in _SENTENCE.split(body):
            tokens = language.words(sentence.lower())
            beside: set[str] = set()
            for i, token in enumerate(tokens):
                if not group & set(terms(lexicon.base_forms(token))):
                    continue
                following = tokens[i + 1] if i + 1 < len(tokens) else ""
                if (
                    i == 0
                    or tokens[i - 1] in _BEFORE_VERBS
                    or _participle(token)
                    or _participle(following)  # "overnight orders *placed* before 1 p.m."
                ):
                    beside |= {singular(w) for w in tokens[max(0, i - _BEFORE) : i + 1 + _AFTER]}
            if beside:
                found.append((frozenset(beside), frozenset(singular(w) for w in tokens)))
    return tuple(found)
