"""Task-type denied topics, and the request forms a user's message needs to belong to one (round 17).

Bedrock's guardrails define a denied topic by a name, a definition and sample phrases, and classify a
prompt or response against it with a model that reads the whole text in context (Amazon Bedrock
User Guide, "Block denied topics to help remove harmful content", and the API reference's
``GuardrailTopicConfig``: ``definition``, ``examples``). A topic whose definition names a task (it
opens with a gerund: "Writing essays, book reports ... for students to hand in as their own work")
and whose sample phrases are all requests to do that task (none is a question, each opens with a
verb: "Write my essay ...", "Do my history assignment for me.") denies the task, not talk about its
subject: "my son's essay is due Friday, can I renew the book he used?" mentions an essay and asks
for something the agent does.

The local matcher (`topics.TopicMatcher`) approximates that reading: for such a topic a user's
message (source INPUT) belongs to the topic only when it also has a request form: a clause that
asks someone else to act ("can you", "could u", "I need you to", "help me", "... for me"), or a
clause that opens with an imperative (one of the topic's own verbs, "write", "do", "give"; or any
word that is not a function word, a gerund or a verb of wanting, followed by its object, perhaps
after a particle: "answer my ...", "supply every ...", "fill in my ..."). Model outputs (source
OUTPUT) are read without this requirement: an answer that does the task is the task. This is an
approximation of a classifier (a guess at how it tells a request from a mention), not a documented
Bedrock rule; it only ever lets through a message the cues alone would block, never blocks more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from local_bedrock.guardrail.policy import TopicConfig
from textnorm import STOP_WORDS

# Someone else asked to act: "can you", "could u", "would you please", "will ya"; "I need you to",
# "we'd like someone to"; "help me"; "... for me" / "for us" (general English request forms).
_ASKED_OF_ANOTHER = re.compile(
    r"\b(?:can|could|would|will|wo?n'?t)\s+(?:you|u|ya)\b"
    r"|\b(?:i|we)(?:\s*'d|\s+would)?\s+(?:need|want|like|wish)\s+(?:you|u|ya|someone|somebody)\s+to\b"
    r"|\bhelp\s+(?:me|us)\b|\bfor\s+(?:me|us)\b",
    re.IGNORECASE,
)
# Where a clause begins: the message's start, sentence or clause punctuation, or a conjunction that
# opens a new clause.
_CLAUSE = re.compile(r"[,.;:!?]+|\s(?:and|then|so|but|or)\s|\s[-–—]+\s", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z']*")
# Words that soften an imperative without being it: "please write ...", "just do ...".
_SOFTENERS = frozenset("please pls plz kindly just hey hi ok okay now also quickly oh yeah".split())
# Verbs of wanting say what the speaker wants, not what they ask another to do: "need the hobbit
# for my report" is a wish for a book.
_WANTING = frozenset("need needs want wants like love wish hope prefer looking".split())
# What an imperative's object opens with: a determiner, a quantifier, a possessive or an object
# pronoun; and the particles of a phrasal verb that may stand before it ("fill in my ...", "send
# over the ...").
_OBJECT_OPENERS = frozenset(
    "my our your his her their the a an this that these those me us him them it some all every each any"
    " both".split()
)
_PARTICLES = frozenset("in out up over off down back through".split())


def _first_word(text: str) -> str:
    match = _WORD.search(text.lower())
    return match.group(0) if match else ""


def is_task(topic: TopicConfig) -> bool:
    """Does ``topic`` deny a task: a definition that opens with a gerund, and sample phrases that are
    all requests (none a question, none opening with a function word)?"""
    opener = _first_word(topic.definition)
    examples = [e.strip() for e in topic.examples if e.strip()]
    return (
        opener.endswith("ing")
        and bool(examples)
        and all(not e.endswith("?") and _first_word(e) not in STOP_WORDS - {"do"} for e in examples)
    )


def task_verbs(topic: TopicConfig) -> frozenset[str]:
    """The topic's own verbs: its sample phrases' first words ("write", "do", "give")."""
    return frozenset(_first_word(e) for e in topic.examples if _first_word(e))


def _said(clause: str) -> list[str]:
    """The clause's words, the softeners before an imperative left out."""
    said = [w for w in _WORD.findall(clause.lower())]
    while said and said[0] in _SOFTENERS:
        said = said[1:]
    return said


def wanted(clause: str) -> str:
    """What a clause of wanting asks for, its object's first word ("need an essay about X by friday"
    wants "essay"; "I need the hobbit for my report" wants "hobbit"); "" for another clause."""
    said = _said(clause)
    if said[:1] in (["i"], ["we"]):
        said = said[1:]
    if not said or said[0] not in _WANTING:
        return ""
    rest = [w for w in said[1:] if w not in _OBJECT_OPENERS]
    return rest[0] if rest else ""


def opens_with(clause: str, verbs: frozenset[str]) -> bool:
    """Does the clause open with one of ``verbs`` ("please do it for me")?"""
    said = _said(clause)
    return bool(said) and said[0] in verbs


def _imperative(clause: str, verbs: frozenset[str]) -> bool:
    said = _said(clause)
    if not said:
        return False
    first = said[0]
    if first in verbs:
        return True
    if first in STOP_WORDS or first in _WANTING or first.endswith(("ing", "ed")) or len(said) < 2:
        return False
    rest = said[2:3] if said[1] in _PARTICLES else said[1:2]
    return bool(rest) and rest[0] in _OBJECT_OPENERS


def is_request(text: str, verbs: frozenset[str]) -> bool:
    """Does ``text`` ask someone to act: a request form, or a clause that opens with an imperative?"""
    if _ASKED_OF_ANOTHER.search(text):
        return True
    return any(_imperative(clause, verbs) for clause in _CLAUSE.split(text))


def clauses(text: str) -> list[str]:
    """The clauses of ``text``, as ``is_request`` reads them."""
    return _CLAUSE.split(text)


def requests_in(text: str, verbs: frozenset[str]) -> list[str]:
    """The clauses of ``text`` that ask someone to act (``is_request`` clause by clause): what is
    asked for is said there, not in a clause that tells why ("I'm writing my essay on X, renew it"
    asks for a renewal; round 22)."""
    return [c for c in clauses(text) if _ASKED_OF_ANOTHER.search(c) or _imperative(c, verbs)]


def task_topics(topics: Sequence[TopicConfig]) -> dict[str, frozenset[str]]:
    """Each task-type topic's name and its verbs."""
    return {t.name: task_verbs(t) for t in topics if is_task(t)}
