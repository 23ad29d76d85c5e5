"""A thing the documents say how to book or reserve, asked for with that verb ("may we book the
meeting space on friday?", "booking the gallery for a party: is it possible"): the documents answer
it, not the operation that reserves the agent's own things (titles, products), which the thing is
not. A model reads "members can book <rooms>" in the knowledge base and answers from it; it does
not search the catalog for a room.

Which sentence tells it: one of the documents' sentences that uses the message's verb for the
operation (or a word of its group) and a word the message names the thing by. General reading, not a
documented rule; measured on the tunable suites (round 26).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.planner import intents, knowledge, language, lexicon
from local_bedrock.planner.goals import Understanding
from local_bedrock.planner.slots import allowed_values
from textnorm import singular

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# A word this short names nothing on its own ("go", "one").
_SHORTEST = 4
# Words that count a thing without naming it ("fifteen *units*", "a *copy*").
_COUNTED = frozenset(
    {"unit", "piece", "item", "copy", "pack", "pair", "lot", "bunch", "dozen", "thing", "one"}
)
# How many words after its verb a thing's name may start ("book *the meeting space*").
_OBJECT_WORDS = 3


def told_by_documents(
    agent: AgentDefinition, message: Understanding, operation: Operation, directory: Path | None
) -> bool:
    """Is the thing ``message`` asks ``operation`` to create one the documents say how to book: no
    catalog word, no id, and a sentence of the documents with the message's verb and the message's
    words for the thing: two of them, or one that stands right after the verb, as its object ("book
    the gallery"; not the "hour" of "a six hour drive ... reserve <a title>"). A value some operation declares
    ("dvd") names a kind of the agent's own things, not another thing."""
    if directory is None or message.catalog_words or message.ids:
        return False
    declared = {
        singular(w)
        for op in agent.operations
        for p in op.parameters
        for v in allowed_values(p)
        for w in language.words(v.lower())
    }
    said = {singular(w) for w in message.product_words.split() if len(w) >= _SHORTEST} - declared - _COUNTED
    told = language.words(message.text)
    used = lexicon.clause_verbs(message.text)  # "can I *book* ...", not "my *book* report"
    # the message's verbs that ask for the operation ("book" of "can I book ...", for one whose
    # description says "reserve"), with the words that follow each
    objects = {
        w: {singular(o) for o in told[i + 1 : i + 1 + _OBJECT_WORDS]}
        for i, w in enumerate(told)
        if len(lexicon.group_of(w)) > 1
        and lexicon.group_of(w) & used
        and intents.asks_for(operation, agent, w)
    }
    for verb, following in objects.items():
        for words in _booking_sentences(verb, directory):
            named = said & words
            if len(named) >= 2 or named & following:
                return True
    return False


@lru_cache(maxsize=16)
def _booking_sentences(verb: str, directory: Path) -> tuple[frozenset[str], ...]:
    """The words (singular) of each sentence of the documents that uses ``verb`` or a word of its group
    ("members can *book*", "*orders* placed before 1 p.m.")."""
    return tuple(
        frozenset(singular(w) for w in language.words(sentence.lower()))
        for _, body in knowledge.document_sections(directory)
        for sentence in _SENTENCE.split(body)
        if sentence.strip() and intents.uses_verb(verb, sentence.lower())
    )
