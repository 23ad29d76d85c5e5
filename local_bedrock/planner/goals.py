"""Understanding one user message: what the turn is for (a Goal), and which references it makes.

Everything here is deterministic and derived from the agent definition (operation schemas and
instruction, through intents.py), the catalog vocabulary, general language (language.py,
lexicon.py) and the session's memory of what was shown before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from local_bedrock import encoder
from local_bedrock.agent.definition import AgentDefinition, Operation, Parameter
from local_bedrock.planner import described, intents, language, lexicon, meaning, numbers
from local_bedrock.planner.concepts import ConceptScores, detect
from local_bedrock.planner.dates import mentions_date, named_day
from local_bedrock.planner.memory import in_focus, last_list
from local_bedrock.planner.per_agent import per_agent
from local_bedrock.planner.slots import allowed_values, fill, find_ids, kind_of, says_a_value
from textnorm import STOP_WORDS as STOPWORDS
from textnorm import singular, terms

GENERIC_WORDS = frozenset(
    "want like please one some new me my the a an it that this them those these again more another "
    "any anything something everything version edition copy copies".split()
)
_TIME_WORDS = "week|month|year|time|night|day|page|few|couple|fortnight"
# "my last three orders" is a count, "my last one" a reference.
_COUNTS = "|".join(w for w in sorted({*numbers.UNITS, *numbers.TENS}) if w != "one")
# Not "every last one", which means all of them (round 16).
RECENCY = re.compile(
    # nor a count said in words after it ("last half a dozen"), nor an order ("newest first"; round 24)
    # "the one most recent purchase", "my single latest order": a list of one (round 24)
    rf"(?<!every )(?<!\bone )(?<!\bsingle )\b(last|latest|most recent|newest|previous) (?!\d)"
    rf"(?!(?:{_TIME_WORDS}|{_COUNTS}|half|dozen|couple|few|pair|first|on top)\b)"
    r"(?![a-z]*[^su]s\b)[a-z]+\b"  # "my latest orders" are a list
    # "the order I just placed": a thing the user just made, not anything they just did
    r"|\b(?:i|we) (?:just|only just|recently) (?:placed|made|ordered|bought|submitted|booked|reserved|got)\b"
)
# "it" standing for nothing ("what does it mean when ...", "is it possible to ...") points at no thing.
PRONOUN = re.compile(
    r"\b(it(?! (?:means?|possible)\b)"
    r"|that|this|that one|this one|the same|same one|them|those|these)\b"
)


@dataclass
class Goal:
    kind: str  # "answer" | "knowledge" | "operation"
    category: str  # Bedrock pre-processing category: A harmful, B meta, C out of scope, D ok, E answer to us
    rationale: str
    text: str = ""
    query: str = ""
    concept: str = ""  # the operation's role: search, list, read, create, change
    operation_id: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    product_words: str = ""
    recency: bool = False
    day: str = ""  # the one day the message names (ISO), which can tell shown things apart
    refusal: str = ""  # for an answer declining the request, which kind (refusals.OUT_OF_SCOPE_KIND)
    then: Goal | None = None  # a second lookup asked in the same message, done after this one (two_reads)
    said: str = ""  # the part of the message this goal was read from, when it is one of two (two_reads)

    def __post_init__(self) -> None:
        if isinstance(self.then, dict):  # kept in the session's memory as a dict (asdict)
            self.then = Goal(**self.then)

    @property
    def valid(self) -> bool:
        return self.category in ("D", "E")


@dataclass
class Understanding:
    """The analysed message: normalized text, conversational acts, ids and product words."""

    raw: str
    text: str
    scores: ConceptScores
    ids: list[str]
    product_words: str
    id_kinds: dict[str, str] = field(default_factory=dict)
    catalog_words: str = ""
    id_parameters: set[str] = field(default_factory=set)
    entity_ids: list[str] = field(default_factory=list)
    own_one: bool = False  # "my order", "my parcel": one thing of the user's, which a read acts on

    def has_id(self, kind: str) -> bool:
        return kind in self.id_kinds.values()

    @property
    def referenced(self) -> bool:
        """Does it point at one thing: an id, "my last one", "the second one", "it"?"""
        return bool(
            self.entity_ids
            or RECENCY.search(self.text)
            or language.ordinal_reference(self.text)
            or PRONOUN.search(self.text)
        )


def catalog_word(
    word: str, catalog_stems: frozenset[str], purpose: frozenset[str] = frozenset()
) -> str | None:
    """``word`` as the catalog names things: itself, or, for a verb of purpose ("something *to
    grind* beans"), the noun of the thing that does it ("grinder"; "shred" -> "shredder", "organize"
    -> "organizer") when the catalog has that noun; None when it has neither."""
    if singular(word) in catalog_stems:
        return word
    past = word.endswith("ed") and len(word) > 5  # "shred" is no past form
    if word not in purpose or len(word) < 4 or not word.isalpha() or word.endswith(("er", "ing")) or past:
        return None
    doers = [word + "er", word + word[-1] + "er"] if not word.endswith("e") else [word + "r"]
    return next((d for d in doers if d in catalog_stems), None)


def _purposes(text: str) -> frozenset[str]:
    """The verbs of purpose in ``text``: the word after "to" ("a tool to shred paper")."""
    return frozenset(re.findall(r"\bto ([a-z]+)", text))


_BARE_NUMBER = re.compile(r"^\d+(st|nd|rd|th)?$")
_COUNT_BEFORE_WORD = re.compile(r"(?<![\w$.-])(\d+) (?=[a-z])")
_AMOUNT = re.compile(r"\$\s?(\d[\d,.]*)")


def _catalog_names(candidates: Iterable[str], catalog_stems: frozenset[str], text: str) -> list[str]:
    """The candidate words of ``text`` as the catalog names things (``catalog_word``), in order."""
    purpose = _purposes(text)
    return [n for n in (catalog_word(w, catalog_stems, purpose) for w in candidates) if n]


def product_words(text: str, catalog_stems: frozenset[str], known_words: frozenset[str]) -> str:
    """The words naming a thing to look for: catalog words; failing that, the content words that
    neither the agent's declarations nor general request words explain (so an unknown thing is
    searched for, and reported as not found, rather than asked about again)."""
    candidates = [
        w
        for w in language.words(text)
        if w not in GENERIC_WORDS and w not in STOPWORDS and not _BARE_NUMBER.match(w)
    ]
    known = _catalog_names(candidates, catalog_stems, text)
    if known:
        return " ".join(dict.fromkeys(known))
    phrased = lexicon.phrase_words(text)
    things = lexicon.nouns_said(text)  # "an axe": a thing to look for, not a request word
    leftover = [
        w
        for w in candidates
        if len(w) > 2
        and w not in phrased
        and (w in things or not set(terms(lexicon.base_forms(w))) & known_words)
        and not re.match(r"^[a-z]{1,4}\d", w)
        and not language.ordinal_reference(w)
        and w not in language.DATE_AND_NUMBER_WORDS
    ]
    return " ".join(dict.fromkeys(leftover))


def understand(
    raw: str,
    speller: language.Speller,
    catalog_stems: frozenset[str],
    known_words: frozenset[str],
    agent: AgentDefinition,
    catalog_pairs: frozenset[tuple[str, str]] = frozenset(),
) -> Understanding:
    text = speller.correct_text(language.normalize(raw), keep=language.proper_names(raw))
    ids: dict[str, str] = {}
    id_parameters: set[str] = set()
    entity_ids: list[str] = []
    nouns: set[str] = set()
    for op in agent.operations:
        for p in op.parameters:
            for found in find_ids(text, p):
                ids[found] = kind_of(p)
                id_parameters.add(p.name)
                nouns |= {w for w in intents.camel_words(p.name) if w != "id"}
                if not intents.is_person(p) and found not in entity_ids:
                    entity_ids.append(found)
    if nouns:
        # "order ORD-7K3F9Q for C0005": the word its parameter names the id by, right before the
        # id, is a noun ("the order ..."), not a request to order.
        kinds = "|".join(sorted(nouns))
        text = re.sub(rf"(?<!\bthe )\b({kinds})(?= #?[a-z]*-?[0-9])", r"the \1", text)
    # A number before a word is a count, no word of a product's name ("suggest 3 things", round 21);
    # a number after one may still point at a position ("entry 2").
    counts = set(_COUNT_BEFORE_WORD.findall(text)) | {
        part for amount in _AMOUNT.findall(text) for part in re.split(r"[,.]", amount)
    }  # and an amount of money ("a $1,000 laptop") names none either
    candidates = (
        w for w in language.words(text) if w not in GENERIC_WORDS and w not in STOPWORDS and w not in counts
    )
    known = _catalog_names(candidates, catalog_stems, text)
    words = product_words(text, catalog_stems, known_words | intents.agent_terms(agent))
    content = [
        w for w in language.words(text) if w not in STOPWORDS and w not in GENERIC_WORDS and w.isalpha()
    ]
    folded = [singular(w) for w in language.words(text)]
    paired = any(pair in catalog_pairs for pair in pairwise(folded))
    # Beside an id, a catalog word that is also a word of what to do ("track <order id>") is that.
    doing = entity_ids and all(lexicon.group_of(w) - {w} for w in known)
    if (len(known) * 2 < len(content) or doing) and not paired:
        # A catalog word in passing ("the world *cup*") does not make it about products; two words
        # in a row as a product's name has them ("a water bottle that ...") do.
        known = []
    return Understanding(
        raw,
        text,
        detect(text),
        list(ids),
        words,
        ids,
        " ".join(known),
        id_parameters,
        entity_ids,
        own_one(agent, text) and not ids and not known,
    )


# What an order becomes on its way to the user ("where is my parcel"): general English, for an agent
# whose reads act on one thing of the user's.
SENT_THINGS = ("package", "parcel", "shipment", "delivery")
_ASKED_ABOUT = re.compile(r"(?:where|when|what|which|has|have|is|did|does)\b")


def own_one(agent: AgentDefinition, text: str) -> bool:
    """Does the message speak of one thing of the user's, in the singular, of the kind a read acts on
    (the noun of its id parameter: "my order"; or what is being delivered: "my parcel"), with nothing
    saying which ("when will my order arrive")? The user means their newest one."""
    nouns = _read_nouns(agent)
    # Asked about it ("where is my parcel", "has my order shipped"), not told ("my parcel is stuck")
    # nor a request to do something to it ("can you gift wrap my order").
    if not nouns or not _ASKED_ABOUT.match(text) or mentions_date(text):
        return False  # (a date or a product named says which one: "my order from May 3")
    kinds = "|".join(sorted({*nouns, *SENT_THINGS}))
    return re.search(rf"\b(?:my|our) (?:{kinds})\b(?! (?:history|list|number)\b)", text) is not None


@per_agent
def _read_nouns(agent: AgentDefinition) -> frozenset[str]:
    """The nouns of the reads' id parameters ("order" of ``orderId``): derived once per agent."""
    return frozenset(
        w
        for op in agent.operations
        if intents.role(op) == "read"
        for p in intents.entity_parameters(op)
        for w in intents.camel_words(p.name)
        if w != "id"
    )


def resolve_reference(
    parameter: Parameter,
    text: str,
    memory: dict[str, Any],
    has_product_words: bool = False,
    names_nothing: bool = False,
) -> Any:
    """A value for `parameter` from what the conversation already showed: "the second one", a name
    from the last list, "it"/"that order"; with ``names_nothing`` (no word of a thing, no id: "renew
    please" right after a question about one loan), the thing in focus, as "it" would be (round 23)."""
    shown = last_list(memory, parameter)
    position = language.ordinal_reference(text)
    if position and shown:
        index = position - 1 if position > 0 else len(shown) + position
        if 0 <= index < len(shown):
            return shown[index]["id"]
    named = named_in(text, shown) or _by_price(text, shown) or described.pick(text, shown)
    named = named or alike_by_meaning(text, shown)
    if named:
        return named
    if len(shown) == 1 and not has_product_words:
        return shown[0]["id"]  # only one thing was shown: "get me one", "2 of them"
    focus = in_focus(memory, parameter)
    if focus and (PRONOUN.search(text) or names_nothing or intents.is_person(parameter)):
        return focus
    return None


CHEAPER = re.compile(r"\b(cheap(er|est)|less expensive|least expensive|lowest price|lower price)\b")
DEARER = re.compile(r"\b(more expensive|most expensive|priciest|pricier|dearer|dearest|higher price)\b")


def by_price(text: str) -> bool:
    """Does the message pick by price ("the cheaper one")?"""
    return bool(CHEAPER.search(text) or DEARER.search(text))


def _by_price(text: str, shown: list[dict[str, Any]]) -> str | None:
    """ "the cheaper one", "the most expensive one": the item of the lowest or highest price."""
    priced = [item for item in shown if "price" in item]
    if len(priced) < 2 or not (CHEAPER.search(text) or DEARER.search(text)):
        return None
    pick = min if CHEAPER.search(text) else max
    return str(pick(priced, key=lambda item: float(item["price"]))["id"])


def named_in(text: str, shown: list[dict[str, Any]]) -> str | None:
    """The one shown thing the message names, if exactly one is named best: by the words of its name,
    then (half as much) by its other words ("the audiobook" of two things called alike)."""
    said = {singular(w) for w in language.words(text) if len(w) > 2 and w not in GENERIC_WORDS}
    scored = []
    for item in shown:
        name = {singular(w) for w in language.words(item.get("name", "").lower()) if len(w) > 2}
        about = {singular(w) for w in language.words(item.get("about", "").lower()) if len(w) > 2} - name
        overlap = len(said & name) + len(said & about) / 2
        if overlap:
            scored.append((overlap, item["id"]))
    scored.sort(reverse=True)
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


# How far the closest of things called alike must lead the next in meaning to be the one picked, and
# how close it must be at all: "never mind" is 0.216 from a book and 0.163 from an audiobook, "the
# printed copy, please" 0.358 and 0.289, "the audio version" 0.294 and 0.61 (review13 F3, measured
# with the encoder; 0.3 is a guess between filler and a pick).
_ALIKE_LEAD = 0.05
_ALIKE_MINIMUM = 0.3


def alike_by_meaning(text: str, shown: list[dict[str, Any]]) -> str | None:
    """Of things shown under one name (a title in several formats), the one whose distinguishing words
    are closest in meaning to the message (hearing it for the audiobook, print for the book), when it
    leads the next by _ALIKE_LEAD; round 13, the sentence encoder of meaning.py."""
    names = {item.get("name", "").lower() for item in shown}
    if len(shown) < 2 or len(names) != 1:
        return None
    abouts = [language.words(item.get("about", "").lower()) for item in shown]
    common = set.intersection(*(set(about) for about in abouts))
    distinct = [" ".join(w for w in about if w not in common) for about in abouts]
    if not all(distinct) or len(set(distinct)) != len(distinct):
        return None
    ranked = sorted(
        ((encoder.similarity(text, d), item["id"]) for d, item in zip(distinct, shown, strict=True)),
        reverse=True,
    )
    closest, runner_up = ranked[0][0], ranked[1][0]
    return ranked[0][1] if closest >= _ALIKE_MINIMUM and closest - runner_up > _ALIKE_LEAD else None


def operation_goal(
    agent: AgentDefinition,
    operation: Operation,
    message: Understanding,
    memory: dict[str, Any],
    today: date,
    category: str,
    directory: Path | None = None,
) -> Goal:
    filled = fill(
        operation,
        message.text,
        today=today,
        product_words=message.product_words,
        ids_in_text=message.ids,
        directory=directory,
    )
    arguments = dict(filled.values)
    unresolved = []
    for parameter in filled.missing:
        value = resolve_reference(
            parameter,
            message.text,
            memory,
            bool(message.catalog_words),
            names_nothing=not message.product_words and not message.ids,
        )
        if value is None and _free_text(parameter):
            # Nothing named but a value another parameter declares ("what dvds do you have"): that
            # value is what the user looks for.
            value = next((str(v) for n, v in arguments.items() if _declared_value(operation, n)), None)
        if value is None:
            unresolved.append(parameter.name)
        else:
            arguments[parameter.name] = value
    page = memory.get("page", {})
    if message.scores.get("more") and page.get("operation") == operation.operation_id:
        arguments = {**page["arguments"], "nextToken": page["token"]}
    summary = operation.summary or operation.description.split(".")[0]
    return Goal(
        kind="operation",
        category=category,
        rationale=f"The user asks for what {operation.operation_id} does: {summary[:1].lower()}{summary[1:]}",
        concept=intents.role(operation),
        operation_id=operation.operation_id,
        arguments=arguments,
        unresolved=unresolved,
        product_words=message.product_words,
        recency=bool(RECENCY.search(message.text)) or (message.own_one and intents.role(operation) == "read"),
        day=str(named_day(message.text, today) or ""),
    )


def _free_text(parameter: Parameter) -> bool:
    """A required string parameter of words (a search query): no pattern, format or declared values."""
    schema = parameter.schema
    return (
        parameter.required
        and parameter.type == "string"
        and not ({"pattern", "format", "enum"} & set(schema))
    )


def _declared_value(operation: Operation, name: str) -> bool:
    parameter = operation.parameter(name)
    return parameter is not None and bool(allowed_values(parameter))


def _scaled(ranked: list[intents.Match], roles: tuple[str, ...], factor: float) -> list[intents.Match]:
    return [
        intents.Match(m.operation, m.score * (factor if m.role in roles else 1.0), m.role) for m in ranked
    ]


def choose_operation(
    agent: AgentDefinition, message: Understanding, memory: dict[str, Any]
) -> intents.Match | None:
    """The operation the message asks for; a read or change only when it points at one thing, a
    read of one of the things just listed when it points at one by position ("number 3")."""
    said = _without_ids(message)
    if message.catalog_words:
        # The words of a product's name ("merino *base* layer") name the thing, not what to do with
        # it: they are no words of an operation ("based on ..."); naming products counts below.
        named = "|".join(map(re.escape, message.catalog_words.split()))
        said = re.sub(rf"\b(?:{named})\b", " ", said)
    recency = RECENCY.search(said)
    if recency and recency.group(1):
        # "the most recent thing I ordered": the words pointing at the newest one name no operation
        # (a list "newest first" declares them too).
        # An article stands in its place: "newest order, total?" does not open with the verb "order".
        said = said[: recency.start(1)] + "the" + said[recency.end(1) :]
    ranked = intents.rank(agent, said, message.id_parameters)
    if not message.referenced:
        ranked = _scaled(ranked, ("change",) if message.own_one else ("read", "change"), 0.5)
        # "orders for <someone>": the plural of what a read returns one of asks for a list.
        ranked = [
            intents.Match(m.operation, m.score * 0.5, m.role)
            if m.role == "read" and _plural_of(m.operation, said)
            else m
            for m in ranked
        ]
    elif RECENCY.search(message.text) or language.ordinal_reference(message.text):
        ranked = _scaled(ranked, ("list", "search"), 0.5)
    if message.catalog_words:
        ranked = [
            intents.Match(m.operation, m.score + (1.5 if m.role in ("search", "create") else 0.0), m.role)
            for m in ranked
        ]
    position = language.ordinal_reference(message.text) or _described(message, memory)
    pointed = position and memory.get("lists")
    if pointed and not any(m.operation.mutating for m in ranked):
        # "tell me about the second one" after a list: the position names a shown thing's id as
        # surely as the id itself would, so a read of such things gains what an id gives it.
        ranked = [
            intents.Match(m.operation, m.score + intents.ID_BONUS, m.role)
            if m.role == "read" and _takes_shown(m.operation, message, memory)
            else m
            for m in ranked
        ]
    ranked.sort(key=lambda m: -m.score)
    if not pointed:  # a thing shown is pointed at: its list's reads keep their declared order
        ranked = _tie_by_meaning(agent, message, ranked)
    if ranked and not _beyond_read_verbs(agent, message):
        ranked = []  # "what does X get me": a verb every read declares ("get") asks for none of them
    if not ranked or ranked[0].score < intents.MIN_SCORE:
        if message.ids or pointed:
            reads = [m for m in ranked if m.role == "read" and _takes_shown(m.operation, message, memory)]
            return reads[0] if reads else _read_by_meaning(agent, message, memory) if pointed else None
        return None
    return ranked[0]


def _tie_by_meaning(
    agent: AgentDefinition, message: Understanding, ranked: list[intents.Match]
) -> list[intents.Match]:
    """Reads of one thing tied on the words (two reads taking the same id: "eta for <id>?") are told
    apart by meaning: the one whose declaration is closest to the message goes first (round 14)."""
    if len(ranked) < 2 or ranked[0].score < intents.MIN_SCORE or ranked[1].score < ranked[0].score:
        return ranked
    tied = [m for m in ranked if m.score == ranked[0].score]
    if any(m.operation.mutating or m.role != "read" for m in tied):
        return ranked
    closest = max(tied, key=lambda m: meaning.to_operation(agent, message.text, m.operation.operation_id))
    return [closest, *(m for m in ranked if m is not closest)]


def _described(message: Understanding, memory: dict[str, Any]) -> bool:
    """Does the message pick one of the things just listed by what a field of theirs says ("the
    august one", "the larger one": described.py)?"""
    lists = memory.get("lists") or []
    return bool(lists) and described.pick(message.text, lists[-1]) is not None


def _read_by_meaning(
    agent: AgentDefinition, message: Understanding, memory: dict[str, Any]
) -> intents.Match | None:
    """A position in the list just shown ("unpack entry 5") with no read's words said: the read
    of such a thing whose declaration is closest in meaning to the message (meaning.py, round 13)."""
    reads = [
        op
        for op in agent.operations
        if not op.mutating and intents.role(op) == "read" and _takes_shown(op, message, memory)
    ]
    if not reads:
        return None
    closest = max(reads, key=lambda op: meaning.to_operation(agent, message.text, op.operation_id))
    return intents.Match(closest, intents.MIN_SCORE, "read")


def _plural_of(operation: Operation, text: str) -> bool:
    """Does the text name, in the plural, the thing a read of one returns ("orders" for orderId)?"""
    nouns = [
        w for p in intents.entity_parameters(operation) for w in intents.camel_words(p.name) if w != "id"
    ]
    return any(re.search(rf"\b{re.escape(n)}s\b", text) for n in nouns)


def _beyond_read_verbs(agent: AgentDefinition, message: Understanding) -> bool:
    """Does an operation match the message through more than the verbs APIs name reads with ("get",
    "show": intents.READ_VERBS, and the words of their groups)? An id it holds is enough."""
    if message.ids or message.catalog_words:
        return True
    if any(intents.role(op) == "list" and says_a_value(op, message.text) for op in agent.operations):
        return True  # "the stuff I have given back": a state a list declares, in other words
    verbs = _read_verb_stems()

    def kept(word: str) -> str:
        return " " if word in intents.READ_VERBS or set(terms(word)) & verbs else word

    # Word by word, keeping the punctuation between clauses ("the hobbit, renew it").
    rest = language.map_words(_without_ids(message), kept)
    return intents.any_chosen(agent, rest, message.id_parameters)


@cache
def _read_verb_stems() -> frozenset[str]:
    """The stems of the verbs APIs name reads with, and of the words of their groups."""
    return frozenset().union(*(lexicon.group_of(v) for v in intents.READ_VERBS))


def _without_ids(message: Understanding) -> str:
    """The message without the ids it holds: an id's letters ("ORD" of ORD-2F4Z8V) are not words the
    user said; which parameter takes the id counts on its own (intents.ID_BONUS)."""
    return language.without(message.text, message.ids)


def _takes_shown(operation: Operation, message: Understanding, memory: dict[str, Any]) -> bool:
    entity = intents.entity_parameters(operation)
    if not entity:
        return False
    return bool(set(message.id_parameters) & {p.name for p in entity}) or bool(last_list(memory, entity[0]))
