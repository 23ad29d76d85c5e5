"""Denied topics: does a message belong to a topic the policy denies?

Bedrock classifies topics with a model from each topic's name, definition and examples. This
matcher approximates it with weighted cues:

- every word of the topic's name, definition and examples is a cue; concept groups from
  `topic_lexicon.CONCEPTS` that the topic mentions add their words ("cryptocurrencies" brings in
  "ethereum");
- a matched word weighs 1.0, or 0.4 when it is also everyday shopping vocabulary (`WEAK`, by stem,
  except the forms in `STRONG_FORMS`: "stock" is weak, "stocks" is not); a matched multi-word cue
  ("chest pain", "stock market") adds 1.0;
- a one-word cue that k topics share ("advice", "give") weighs 1/k as much in each;
- a one-word cue that is among the language's commonest words ("people" of "suing companies or
  people", "work" of "as their own work": `local_bedrock.english.everyday`) weighs as a weak word:
  a topic's definition uses them to say what it is about, they are not what it is about;
- a word that only the examples use ("Macbeth", "history" of "do my history assignment") is an
  instance of the topic, not the topic: it weighs half, and so does a verb the definition uses with
  a particle ("hand" of "hand in"), whose meaning is the phrase: neither blocks on its own (a title
  such as "a short history of nearly everything" is no homework);
- weak words add up only within one sentence (or a clause after a colon or semicolon): an answer
  quoting several sentences of the store's documents touches shopping words ("share" in "we do not
  share your data", "give", "recommend", "products") that, summed across sentences, reached a topic
  no sentence is about. Strong words and multi-word cues count over the whole text. This is a guess
  at how a classifier reads a text, not a documented Bedrock rule;
- a message matches a topic when its weights add up to 1.0 (one strong word or three weak ones),
  or to 2.0 when the message is visibly about shopping here (product words, "in stock", "pay
  with", "order" ...), or when it is close to one of the topic's examples (weighted cosine >= 0.6).
  Past 25 terms the threshold grows in proportion to length: a long answer touches many words
  without being about them;
- a topic that denies a task (`requests.is_task`: "Writing essays ..." with sample requests) takes a
  user's message only when the message asks for something to be done (`requests.is_request`): "my
  son's essay is due, can I renew the book?" mentions the task and asks another thing (round 17);
  and the clause that asks names the task, by a cue or by one of the topic's own verbs first ("I'm
  writing my essay on X, renew it" tells why and asks a renewal; round 22). Both are guesses at a
  classifier's reading, not documented Bedrock rules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from local_bedrock import english
from local_bedrock.guardrail.policy import TopicConfig
from local_bedrock.guardrail.requests import clauses, is_request, opens_with, requests_in, task_topics, wanted
from local_bedrock.guardrail.topic_lexicon import (
    ALIKE,
    CONCEPTS,
    PRODUCT_WORDS,
    SHOPPING_CUES,
    STRONG_FORMS,
    WEAK,
)
from textnorm import stem, surface_terms, terms, words

STRONG_WEIGHT = 1.0
WEAK_WEIGHT = 0.4
THRESHOLD = 1.0
SHOPPING_THRESHOLD = 2.0
EXAMPLE_SIMILARITY = 0.6
INSTANCE_SHARE = 0.5  # a word of the examples only, or a verb of a phrasal verb
_PARTICLE = re.compile(r"\b([a-z]+) (?:in|out|up|off|over|down|away|back)\b", re.IGNORECASE)
LENGTH_UNIT = 25  # past this many terms the threshold grows with length: long texts touch many words

_WEAK_STEMS = frozenset(stem(w) for w in WEAK)
_SHOPPING = re.compile("|".join(SHOPPING_CUES), re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n+")

Phrase = tuple[str, ...]
Query = list[tuple[str, str]]  # (word, stem)


def _contains(haystack: Sequence[str], phrase: Phrase) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in haystack
    return any(tuple(haystack[i : i + n]) == phrase for i in range(len(haystack) - n + 1))


def _vector(query: Query) -> dict[str, float]:
    """Each stem's weight, the greater of its words' (in the order the stems first appear)."""
    vector: dict[str, float] = {}
    for word, word_stem in query:
        weight = WEAK_WEIGHT if word_stem in _WEAK_STEMS and word not in STRONG_FORMS else STRONG_WEIGHT
        if weight > vector.get(word_stem, 0.0):
            vector[word_stem] = weight
    return vector


def _merged(vectors: Sequence[dict[str, float]]) -> dict[str, float]:
    """The vector of the sentences' terms read in order: ``_vector`` of the whole query (each stem
    first where it first appears, with the greatest weight any sentence gives it)."""
    vector: dict[str, float] = {}
    for part in vectors:
        for word_stem, weight in part.items():
            if weight > vector.get(word_stem, 0.0):
                vector[word_stem] = weight
    return vector


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if a.keys().isdisjoint(b):
        return 0.0  # no term in common (a set operation): the dot product below is 0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    single: dict[str, float]  # one-term cue (stem) -> share factor (1/k when k topics share it)
    phrases: frozenset[Phrase]  # multi-term cues
    examples: tuple[dict[str, float], ...]
    example_terms: frozenset[str]  # every term of the examples: a text with none is close to none
    groups: tuple[frozenset[str], ...] = ()  # per kind of alike instances, the stems it brings in (_groups)

    def _single(self, vector: dict[str, float], weak: bool, once: bool = False) -> float:
        if vector.keys().isdisjoint(self.single):
            return 0  # what the sum of no terms is
        total = sum(
            weight * self.single[stem]
            for stem, weight in vector.items()
            if stem in self.single and (weight <= WEAK_WEIGHT) == weak
        )
        if once:
            # A model's answer that lists alike instances ("checks, wire transfers or
            # cryptocurrencies, Bitcoin, Ethereum") names that one subject, as the list's heading
            # does: the kind's words count once, the heaviest (round 26, kinds since round 27; a
            # guess at a classifier's reading, applied to outputs only).
            for group in self.groups:
                inside = [
                    weight * self.single[stem]
                    for stem, weight in vector.items()
                    if stem in group and stem in self.single and (weight <= WEAK_WEIGHT) == weak
                ]
                if len(inside) > 1:
                    total -= sum(inside) - max(inside)
        return total

    def score(
        self,
        stems: Sequence[str],
        vector: dict[str, float],
        sentences: Sequence[dict[str, float]] = (),
        once: bool = False,
    ) -> float:
        """Strong cues and phrases over the whole text; weak cues summed within one of ``sentences``
        (the best one), or over the whole text when it is one sentence."""
        phrases = sum(1 for p in self.phrases if p[0] in vector and p[-1] in vector and _contains(stems, p))
        if vector.keys().isdisjoint(self.single):
            # No one-term cue anywhere, so in no sentence either (a sentence's terms are the text's):
            # both sums are 0, without asking every sentence.
            return STRONG_WEIGHT * phrases
        weak = max(
            (self._single(v, weak=True, once=once) for v in sentences),
            default=self._single(vector, weak=True, once=once),
        )
        return self._single(vector, weak=False, once=once) + weak + STRONG_WEIGHT * phrases

    def near_an_example(self, vector: dict[str, float]) -> bool:
        """Is the text close to one of the examples (weighted cosine >= EXAMPLE_SIMILARITY)?"""
        if vector.keys().isdisjoint(self.example_terms):
            return False  # every cosine is 0
        return any(_cosine(vector, example) >= EXAMPLE_SIMILARITY for example in self.examples)


def _cues(topic: TopicConfig) -> set[Phrase]:
    source = " ".join([_CAMEL.sub(" ", topic.name), topic.definition, *topic.examples])
    base = terms(source)
    cues: set[Phrase] = {(t,) for t in base}
    for group in CONCEPTS:
        phrases = [tuple(terms(entry)) for entry in group]
        if any(p and _contains(base, p) for p in phrases):
            cues.update(p for p in phrases if p)
    return cues


def _groups(topic: TopicConfig) -> tuple[frozenset[str], ...]:
    """For each kind of alike instances (`ALIKE`) in a concept group the topic mentions (`_cues`),
    the stems it brings in that the topic's own name, definition and examples do not use
    ("ethereum", "dogecoin" for a topic that says "cryptocurrencies" and "Bitcoin")."""
    base = terms(" ".join([_CAMEL.sub(" ", topic.name), topic.definition, *topic.examples]))
    return tuple(
        frozenset(t for entry in kind for t in terms(entry)) - set(base)
        for group in CONCEPTS
        if any(_contains(base, tuple(terms(entry))) for entry in group if terms(entry))
        for kind in ALIKE
        if set(kind) <= set(group)
    )


def _instances(topic: TopicConfig) -> set[str]:
    """Cue stems that name an instance of the topic rather than the topic: words only its examples
    use, and verbs its name or definition uses with a particle ("hand in")."""
    defined = " ".join([_CAMEL.sub(" ", topic.name), topic.definition])
    phrasal = {stem(m.group(1).lower()) for m in _PARTICLE.finditer(defined)}
    base = terms(" ".join([defined, *topic.examples]))
    concept = {
        t
        for group in CONCEPTS
        if any(_contains(base, tuple(terms(entry))) for entry in group if terms(entry))
        for entry in group
        for t in terms(entry)
    }
    return (set(terms(" ".join(topic.examples))) - set(terms(defined)) - concept) | (phrasal - concept)


def _everyday(topic: TopicConfig) -> set[str]:
    """Cue stems of the topic's words that are among the language's commonest ("people", "work")."""
    source = " ".join([_CAMEL.sub(" ", topic.name), topic.definition, *topic.examples])
    return {s for w, s in surface_terms(source) if english.everyday(w.lower())}


def _compile_all(topics: Sequence[TopicConfig]) -> tuple[_Topic, ...]:
    """Compile topics; a one-word cue shared by k topics ("advice", "give") weighs 1/k as much, an
    instance of the topic (`_instances`) half as much, an everyday word as a weak one."""
    cue_sets = [_cues(t) for t in topics]
    instances = [_instances(t) for t in topics]
    everyday = [_everyday(t) for t in topics]
    shared = Counter(p for cues in cue_sets for p in cues if len(p) == 1)
    return tuple(
        _Topic(
            name=topic.name,
            single={
                p[0]: (INSTANCE_SHARE if p[0] in instance else 1.0)
                * (WEAK_WEIGHT if p[0] in common else 1.0)
                / shared[p]
                for p in cues
                if len(p) == 1
            },
            phrases=frozenset(p for p in cues if len(p) > 1),
            examples=tuple(_vector(surface_terms(example)) for example in topic.examples),
            example_terms=frozenset(t for example in topic.examples for _, t in surface_terms(example)),
            groups=_groups(topic),
        )
        for topic, cues, instance, common in zip(topics, cue_sets, instances, everyday, strict=True)
    )


def is_shopping(text: str) -> bool:
    """Whether `text` visibly talks about buying things here (raises the bar for a topic match)."""
    return bool(_SHOPPING.search(text)) or not PRODUCT_WORDS.isdisjoint(words(text))


class TopicMatcher:
    """Names of the denied topics a text belongs to."""

    def __init__(self, topics: Sequence[TopicConfig]) -> None:
        denied = [t for t in topics if t.type == "DENY"]
        self._topics = _compile_all(denied)
        self._tasks = task_topics(denied)  # a task-type topic's name -> its verbs (`requests`)

    def scores(self, text: str) -> dict[str, float]:
        """Cue score per topic (for tuning and tests)."""
        query, sentences = _read(text)
        stems, vector = [s for _, s in query], _merged(sentences) if sentences else _vector(query)
        return {topic.name: topic.score(stems, vector, sentences) for topic in self._topics}

    def match(self, text: str, from_user: bool = True) -> list[str]:
        """The denied topics ``text`` belongs to. A user's message (``from_user``) belongs to a
        task-type topic only when it asks for the task (`requests.is_request`); a model's output
        is read by its cues alone."""
        query, sentences = _read(text)
        if not self._topics or not query:
            return []
        stems, vector = [s for _, s in query], _merged(sentences) if sentences else _vector(query)
        threshold = SHOPPING_THRESHOLD if is_shopping(text) else THRESHOLD
        threshold *= max(1.0, len(query) / LENGTH_UNIT)
        return [
            topic.name
            for topic in self._topics
            if (
                topic.score(stems, vector, sentences, once=not from_user) >= threshold
                or topic.near_an_example(vector)
            )
            and not (from_user and topic.name in self._tasks and not self._asks(text, topic))
        ]

    def _asks(self, text: str, topic: _Topic) -> bool:
        """Does a clause of ``text`` that asks someone to act name the task: one of its cues, or one
        of its own verbs first ("..., do it for me")? Or does a clause of wanting want the task's
        thing ("need an essay about X by friday, make it sound ...")?"""
        verbs = self._tasks[topic.name]
        if not is_request(text, verbs):
            return False
        if any(thing and stem(thing) in topic.single for thing in map(wanted, clauses(text))):
            return True
        return any(
            opens_with(clause, verbs) or {s for _, s in surface_terms(clause)} & topic.single.keys()
            for clause in requests_in(text, verbs)
        )


def _read(text: str) -> tuple[Query, list[dict[str, float]]]:
    """The text's terms, and one cue vector per sentence (or clause after a colon or semicolon) when
    it has several. Words never span the whitespace the split removes, so the sentences' terms, in
    order, are the text's: each word is read once."""
    parts = [surface_terms(part) for part in _SENTENCE_END.split(text) if part.strip()]
    query = [term for part in parts for term in part]
    return query, [_vector(part) for part in parts] if len(parts) > 1 else []
