"""Which operation a message asks for, from what the agent declares and nothing else.

Each operation gets a profile of weighted word stems: its operationId's words, its summary and
description, the clause of the agent's instruction that names it ("use X for what the member has
borrowed"), its parameters' names and descriptions (with their "one of:" values). A message's
stems, expanded through the general lexicon, are scored against every profile, rarer stems (those
fewer operations of this agent declare) counting more.

Each operation also has a role, read from its HTTP shape: `search` (a GET with a required free-text
parameter), `list` (a GET of a collection), `read` (a GET of one thing by its id), `create` (a
write without an id in the path) and `change` (a write on one thing by its id). Writes are chosen
only when the message asks for the action itself, not when it tells of the past.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from local_bedrock.agent.definition import AgentDefinition, Operation, Parameter
from local_bedrock.planner import lexicon
from local_bedrock.planner.dates import mentions_date
from local_bedrock.planner.per_agent import AgentKey, per_agent
from local_bedrock.planner.per_message import per_message
from local_bedrock.planner.slots import allowed_values, find_allowed
from textnorm import terms

ID_WEIGHT = 2.0
SUMMARY_WEIGHT = 1.5
DESCRIPTION_WEIGHT = 1.0
INSTRUCTION_WEIGHT = 1.0
PARAMETER_WEIGHT = 0.5
EXPANSION_WEIGHT = 0.6  # a stem the lexicon adds counts less than one the user said
MIN_SCORE = 1.0
ID_BONUS = 2.5  # the message holds an id this operation takes in its path
ACTION_BONUS = 3.0  # the message asks for this write's action with a verb ("order a mat")
VALUE_BONUS = 1.0  # the message says a value one of its parameters declares ("overdue", "dvd")
# Verbs an API names reads with ("getFees", "listLoans"): they say how the data comes back, not
# what it is, so they weigh like a parameter word rather than like the rest of the id.
READ_VERBS = frozenset("get list fetch read retrieve describe query show view lookup".split())


def camel_words(name: str) -> list[str]:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower().split()


def is_person(parameter: Parameter) -> bool:
    """A parameter naming a person (the support agent's customerId): never an entity to act on."""
    return is_person_name(parameter.name)


def is_person_name(name: str) -> bool:
    return any(w in ("customer", "member", "user", "person", "client") for w in camel_words(name))


def is_free_text(parameter: Parameter) -> bool:
    schema = parameter.schema
    return (
        parameter.type == "string"
        and not schema.get("pattern")
        and not schema.get("format")
        and "one of:" not in parameter.description.lower()
        and "token" not in parameter.name.lower()
    )


def entity_parameters(operation: Operation) -> list[Parameter]:
    return [p for p in operation.parameters if p.location == "path" and not is_person(p)]


def role(operation: Operation) -> str:
    has_entity = bool(entity_parameters(operation))
    if operation.mutating:
        return "change" if has_entity else "create"
    if has_entity:
        return "read"
    if any(p.required and is_free_text(p) for p in operation.parameters):
        return "search"
    return "list"


def verb(operation: Operation) -> str:
    """The action an operation's id starts with ("cancel" of cancelOrder)."""
    return camel_words(operation.operation_id)[0]


@dataclass(frozen=True)
class Profile:
    operation: Operation
    weights: dict[str, float]
    action: frozenset[str]  # stems that ask for this operation's action (writes only)


_OPERATION_NAME = re.compile(r"\b[a-z]+[A-Z][A-Za-z]*\b")


def _instruction_clauses(instruction: str, operation_id: str) -> list[str]:
    """The clauses of the instruction that name the operation, without the names of operations. A
    name that only lists the operation ("use A, B and C with the id you were given") shares the
    clause that ends the list. Lines wrapped inside a list item are joined first."""
    joined = re.sub(r"\n[ \t]+(?![-*] )", " ", instruction)
    fragments = re.split(r"[,;.\n]|\band\b(?= [a-z]+[A-Z])", joined)
    clauses = []
    for index, fragment in enumerate(fragments):
        if operation_id not in fragment:
            continue
        said = _OPERATION_NAME.sub(" ", fragment)
        rest = iter(fragments[index + 1 :])
        while not set(terms(said)) - TOOL_WORDS:
            following = next(rest, None)
            if following is None or not _OPERATION_NAME.search(following):
                break  # the list ends without a clause of its own
            said = _OPERATION_NAME.sub(" ", following)
        clauses.append(said)
    return clauses


# Words API documentation uses about the API itself ("returns ids", "optional", "e.g."): in a
# description they say nothing about what the operation is for.
API_WORDS = frozenset(terms("returns return optional default id ids e g value values field string integer"))
# Words an instruction uses to direct the model to a tool ("*use* getX for ...", "*call* placeOrder
# only when ..."): in the clause that names the operation they say how, not what it is for.
TOOL_WORDS = frozenset(terms("use call invoke tool tools"))


def _add(
    weights: dict[str, float], text: str, weight: float, prose: bool = True, skip: frozenset[str] = API_WORDS
) -> None:
    lowered = text.lower()
    # A negated word declares its positive too ("unpaid fines" are what "am I paid up" asks about).
    lowered += " " + " ".join(re.findall(r"\bun([a-z]{4,})", lowered))
    for stem in terms(lexicon.base_forms(lowered)):
        # A number in prose is a bound ("How many, 1-10"), no word of what the operation is for:
        # "my last 10 orders" is no more a recommendation's than "my last 8" (round 27).
        if prose and (stem in skip or stem.isdigit()):
            continue
        weights[stem] = max(weights.get(stem, 0.0), weight)


@per_agent
def profiles(agent: AgentDefinition) -> tuple[Profile, ...]:
    """Each operation's profile (shared by every turn: never changed)."""
    result = []
    for op in agent.operations:
        weights: dict[str, float] = {}
        words = camel_words(op.operation_id)
        if not op.mutating and words[0] in READ_VERBS and len(words) > 1:
            _add(weights, words[0], PARAMETER_WEIGHT, prose=False)
            words = words[1:]
        _add(weights, " ".join(words), ID_WEIGHT, prose=False)
        for text, weight in (
            (op.summary, SUMMARY_WEIGHT),
            (op.description, DESCRIPTION_WEIGHT),
            *((f"{' '.join(camel_words(p.name))} {_said(p)}", PARAMETER_WEIGHT) for p in op.parameters),
        ):
            _add(weights, text, weight)
        for p in op.parameters:  # a declared value is a word of the operation even if APIs use it too
            _add(weights, " ".join(allowed_values(p)), PARAMETER_WEIGHT, prose=False)
        for clause in _instruction_clauses(agent.instruction, op.operation_id):
            _add(weights, clause, INSTRUCTION_WEIGHT, skip=API_WORDS | TOOL_WORDS)
        action: frozenset[str] = frozenset()
        if op.mutating:
            first = (op.summary or op.description).split()[0].lower()
            action = lexicon.group_of(verb(op)) | lexicon.group_of(first)
        result.append(Profile(op, weights, frozenset(action)))
    return tuple(result)


@per_agent
def declared_actions(agent: AgentDefinition) -> frozenset[str]:
    """Every stem of the changes the agent's operations declare (their profiles' actions)."""
    return frozenset().union(*(p.action for p in profiles(agent)))


def _said(parameter: Parameter) -> str:
    """A parameter's description without its examples ("e.g. ORD-7K3F9Q" names no topic)."""
    return re.split(r"\be\.g\.", parameter.description)[0]


@dataclass(frozen=True)
class Match:
    operation: Operation
    score: float
    role: str


@per_agent
def _idf(agent: AgentDefinition) -> Mapping[str, float]:
    """How rare each declared stem is among the agent's operations (shared: never changed)."""
    every = profiles(agent)
    frequency: dict[str, int] = {}
    for profile in every:
        for stem in profile.weights:
            frequency[stem] = frequency.get(stem, 0) + 1
    return {stem: math.log(1 + len(every) / n) for stem, n in frequency.items()}


def message_stems(text: str) -> dict[str, float]:
    """The message's stems (1.0) and what the lexicon adds (less); telling of the past ("which ones
    did we order") adds the words of history ("recent", "previous")."""
    said = dict.fromkeys(terms(lexicon.base_forms(text)), 1.0)
    added = lexicon.expansions(text)
    if lexicon.speaks_of_past(text):
        added |= lexicon.group_of("history")
    for stem in added:
        said.setdefault(stem, EXPANSION_WEIGHT)
    return said


@per_message
def message_senses(text: str) -> list[dict[str, float]]:
    """One entry per word the message says: its stem (1.0) and its group's stems (less), so that a
    word and its synonyms count once for an operation, the best of them."""
    lowered = lexicon.base_forms(text.lower())
    senses = []
    for stem in dict.fromkeys(terms(lowered)):
        sense = dict.fromkeys(lexicon.group_of(stem), EXPANSION_WEIGHT)
        sense[stem] = 1.0
        senses.append(sense)
    covered = {s for sense in senses for s in sense}
    extra = lexicon.expansions(text) - covered  # phrases ("call off", "do you have")
    if lexicon.speaks_of_past(text):
        extra |= lexicon.group_of("history") - covered
    if extra:
        senses.append(dict.fromkeys(extra, EXPANSION_WEIGHT))
    return senses


def asks_for(operation: Operation, agent: AgentDefinition, text: str) -> bool:
    """Does the message use a word (or a word of its group) that the operation's id, summary or
    description uses ("do you *sell*" for a search that *finds* products)?"""
    profile = next(p for p in profiles(agent) if p.operation is operation)
    main = {s for s, w in profile.weights.items() if w >= DESCRIPTION_WEIGHT}
    said = set(terms(lexicon.base_forms(text))) | lexicon.expansions(text)
    return bool(main & said)


def asks_to(operation: Operation, text: str) -> bool:
    """Does the message use the operation's verb or one of its group ("look for" for search)?"""
    return uses_verb(verb(operation), text)


def uses_verb(verb_word: str, text: str) -> bool:
    """Does ``text`` use ``verb_word`` or a word of its group?"""
    said = set(terms(lexicon.base_forms(text))) | lexicon.expansions(text)
    return bool(lexicon.group_of(verb_word) & said)


def _rarity(stem: str, sense: dict[str, float], idf: Mapping[str, float]) -> float:
    """How much ``stem`` tells operations apart. A synonym stands for the word the user said: it
    tells them apart no better than that word does, when the agent declares that word ("purchase"
    does not become the rarer "order" of one operation)."""
    said = [s for s, w in sense.items() if w == 1.0 and s in idf]
    if said:
        return min(idf[stem], idf[said[0]]) if stem != said[0] else idf[stem]
    # A word no operation declares, standing for several that some do ("shipped" for "status" and
    # "track"): it tells operations apart no better than the commonest of them.
    return min(idf[s] for s in sense if s in idf)


@dataclass(frozen=True)
class _Ranked:
    """What ranking needs of an operation besides the message: fixed by the agent's declarations."""

    profile: Profile
    role: str
    valued: tuple[Parameter, ...]  # parameters that declare their values ("one of: ...")
    dated: bool  # a parameter takes a date
    entities: frozenset[str]  # the names of the parameters naming the thing it acts on


@per_agent
def _ranked(agent: AgentDefinition) -> tuple[_Ranked, ...]:
    return tuple(
        _Ranked(
            profile,
            role(profile.operation),
            tuple(p for p in profile.operation.parameters if allowed_values(p)),
            any(p.schema.get("format") == "date" for p in profile.operation.parameters),
            frozenset(p.name for p in entity_parameters(profile.operation)),
        )
        for profile in profiles(agent)
    )


def _scores(agent: AgentDefinition, text: str, id_parameters: set[str]) -> Iterator[Match]:
    """Every operation with its score for ``text``, in the agent's order (writes only when asked for)."""
    senses = message_senses(text)
    idf = _idf(agent)
    # How much each stem of a sense tells operations apart (the same for every operation).
    rarities = [{s: _rarity(s, sense, idf) for s in sense if s in idf} for sense in senses]
    past = lexicon.speaks_of_past(text)
    asked = lexicon.verb_uses(text)
    # "cancel ORD-..., I ordered the wrong one by mistake": a clause asking for an action now stands,
    # whatever another clause tells of the past.
    clauses = re.split(r"[,;.!?]| - ", text) if past else []
    present = [lexicon.verb_uses(c) for c in clauses if c.strip() and not lexicon.speaks_of_past(c)]
    dated = mentions_date(text)
    # A value said of the user's own things ("my books") names them, it does not filter a search.
    unowned = re.sub(r"\b(?:my|our)\s+[a-z]+", " ", text)
    if re.search(r"^(am|do|did|have) (i|we)\b", text):
        unowned = ""  # "am I behind on any book?", "do I have any dvds out?": the user's own things
    for each in _ranked(agent):
        profile, op, kind = each.profile, each.profile.operation, each.role
        if op.mutating and not (profile.action & asked):
            continue
        if op.mutating and past and not any(profile.action & uses for uses in present):
            continue  # "what did I order": the action told as done, in every clause that names it
        if kind == "create" and _ids_of_others(op, id_parameters):
            continue  # "I need the tracking code of <an order id>": a new thing takes no existing one's id
        score = sum(
            max(
                (w * profile.weights[s] * rarity[s] for s, w in sense.items() if s in profile.weights),
                default=0.0,
            )
            for sense, rarity in zip(senses, rarities, strict=True)
        )
        if op.mutating:
            score += ACTION_BONUS
        # A list of the user's own things is filtered by what they say of them ("my overdue books").
        said = text if kind == "list" else unowned
        if any(find_allowed(said, p, to_happen=True) for p in each.valued):
            score += VALUE_BONUS
        if score and dated and each.dated:
            score += VALUE_BONUS
        if each.entities & id_parameters:
            score += ID_BONUS
        yield Match(op, score, kind)


def _ids_of_others(operation: Operation, id_parameters: set[str]) -> bool:
    """Does the message hold only ids of things (not people) that ``operation`` takes none of?"""
    taken = {p.name for p in operation.parameters}
    return not (id_parameters & taken) and any(not is_person_name(name) for name in id_parameters)


def rank(agent: AgentDefinition, text: str, id_parameters: set[str]) -> list[Match]:
    """Every operation with its score for ``text``, best first (writes only when asked for)."""
    return _rank(AgentKey(agent), text, frozenset(id_parameters))


@per_message
def _rank(key: AgentKey, text: str, id_parameters: frozenset[str]) -> list[Match]:
    """rank, once per message for each text (the choice of an operation and the comparison of
    candidates both rank the message)."""
    return sorted(_scores(key.agent, text, set(id_parameters)), key=lambda m: -m.score)


def any_chosen(agent: AgentDefinition, text: str, id_parameters: set[str]) -> bool:
    """Would ``choose`` find an operation (does any score reach MIN_SCORE)? It stops at the first."""
    return any(m.score >= MIN_SCORE for m in _scores(agent, text, id_parameters))


def choose(agent: AgentDefinition, text: str, id_parameters: set[str]) -> Match | None:
    ranked = rank(agent, text, id_parameters)
    if not ranked or ranked[0].score < MIN_SCORE:
        return None
    return ranked[0]


@per_agent
def agent_terms(agent: AgentDefinition) -> frozenset[str]:
    """Every stem the agent's operations declare, and the general request words of the lexicon."""
    stems: set[str] = set()
    for profile in profiles(agent):
        stems |= profile.weights.keys()
    return frozenset(stems | lexicon.all_stems())


def declared_terms(operation: Operation, agent: AgentDefinition) -> frozenset[str]:
    """The stems an operation's declarations use: they name that operation, not a policy topic."""
    for profile in profiles(agent):
        if profile.operation is operation:
            return frozenset(profile.weights)
    return frozenset()


def source_of(agent: AgentDefinition, parameter: Parameter) -> Operation | None:
    """The operation that yields values for ``parameter``: the one its description names ("From
    searchProducts"), else one that another parameter with the same id format names."""
    names = {op.operation_id: op for op in agent.operations}
    if parameter.source_operation in names:
        return names[parameter.source_operation]
    pattern = parameter.schema.get("pattern")
    for op in agent.operations:
        for other in op.parameters:
            if pattern and other.schema.get("pattern") == pattern and other.source_operation in names:
                return names[other.source_operation]
    return None


def listed_by(
    agent: AgentDefinition, operation: Operation, unresolved: Collection[str], source: Operation
) -> list[str]:
    """The parameters of ``operation`` still to settle (``unresolved``) whose values ``source``
    lists (``source_of``), in their declared order."""
    return [p.name for p in operation.parameters if p.name in unresolved and source_of(agent, p) is source]


def follow_up_of(agent: AgentDefinition, operation: Operation) -> Operation | None:
    """The write that takes what ``operation`` finds (placeOrder after searchProducts)."""
    for op in agent.operations:
        if op.mutating and any(p.source_operation == operation.operation_id for p in op.parameters):
            return op
    return None


def reader_for(agent: AgentDefinition, operation: Operation) -> Operation | None:
    """A read of the same thing a change acts on (getOrderStatus before cancelOrder)."""
    wanted = {p.schema.get("pattern") for p in entity_parameters(operation)}
    names = {q.name for q in operation.parameters}
    for op in agent.operations:
        entity = entity_parameters(op)
        same = {p.schema.get("pattern") for p in entity} == wanted
        if role(op) == "read" and same and all(p.name in names for p in entity):
            return op
    return None
