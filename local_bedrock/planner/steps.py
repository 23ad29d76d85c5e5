"""The planner's next orchestration step for an understood goal: look up what a parameter needs
(from the operation its description names), pick from what came back or ask the user, check a
change can still be made before asking to confirm it, call the operation, or compose the answer.
Only the agent's declarations and the results' JSON guide it.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from local_bedrock import english
from local_bedrock.agent.definition import Operation, Parameter
from local_bedrock.agent.model import (
    Decision,
    FinalAnswer,
    KnowledgeQuery,
    Observation,
    PlanContext,
    Step,
    ToolCall,
)
from local_bedrock.planner import intents, knowledge, language, replies, two_reads
from local_bedrock.planner.goals import Goal, named_in
from local_bedrock.planner.lexicon import says_state
from local_bedrock.planner.memory import days_of, focus_on, remember
from local_bedrock.planner.replies import id_key, name_of, words_of
from local_bedrock.planner.slots import allowed_values, fill, find_allowed
from textnorm import singular, terms


def next_step(
    context: PlanContext, goal: Goal, directory: Path | None = None, today: date | None = None
) -> Decision:
    if goal.kind == "answer":
        return FinalAnswer(goal.text, goal.rationale)
    if goal.then is not None:
        return two_reads.next_step(context, goal, lambda c, g: next_step(c, g, directory, today))
    looked_up = _looked_up(context)
    if goal.kind == "knowledge" or looked_up:
        return _knowledge_step(context, goal, looked_up)
    agent = context.agent
    target = agent.operation(goal.operation_id)
    last = context.steps[-1] if context.steps else None
    if last and last.operation and last.operation.operation_id == target.operation_id and last.observation:
        onward = _one_for_the_offer(context, goal, target, last.observation, today or date.today(), directory)
        if onward is not None:
            return next_step(context, onward, directory, today)
        return _finish(context, goal, target, last.observation)
    if last and last.operation and last.observation and last.observation.kind == "ACTION_GROUP":
        looked, joined = _joined(context, last)
        assert looked.operation is not None and looked.observation is not None
        chosen = _choose(context, goal, looked.operation, looked.observation, joined)
        if chosen is not None:
            return chosen
    for name in list(goal.unresolved):
        parameter = target.parameter(name)
        assert parameter is not None
        fetch = _fetch_for(context, goal, parameter, context.steps)
        if fetch is not None:
            return fetch
        if parameter.type == "integer" and target.mutating and "minimum" in parameter.schema:
            goal.arguments[name] = int(parameter.schema["minimum"])  # "order a mat": one of it
            goal.unresolved.remove(name)
            continue
        return _ask(context, goal, target, parameter)
    out_of_range = _out_of_range(target, goal.arguments)
    if out_of_range:
        return FinalAnswer(out_of_range, "A value is outside what the operation accepts; I say so instead.")
    precheck = _precheck(context, goal, target) or _too_few(context, goal, target)
    if precheck is not None:
        return precheck
    return ToolCall(target.operation_id, dict(goal.arguments), goal.rationale)


# Wishing to have a thing ("could we have", "I'd like", "I'll take"): with exactly one thing
# found, the wish is for that thing.
_WISH = re.compile(
    r"\b(?:(?:can|could|may) (?:i|we) (?:get|have|take)|(?:i|we)(?: would| d| will| ll)? (?:want|like|take)"
    r"|gimme|get me)\b(?! to\b)"  # "I'd like to listen to <title>" wishes no change
)


def _one_for_the_offer(
    context: PlanContext,
    goal: Goal,
    target: Operation,
    observation: Observation,
    today: date,
    directory: Path | None = None,
) -> Goal | None:
    """A read that found exactly one thing, for a message that asks for the change the agent offers
    after it (a late loan listed alone for "that late one of mine: may I extend it?"; a product
    found alone for "could we have a <product>"): that one thing is meant, so the turn goes on to the change,
    whose confirmation is the question a model would ask ("renew X?"), instead of "which one?"."""
    follow_up = intents.follow_up_of(context.agent, target)
    if follow_up is None or target.mutating or observation.status >= 400:
        return None
    found = options(observation.body)
    # Several found, one named better than any other ("the measuring cups set" among cup sets;
    # round 22): that one is meant, as the only one found would be.
    one = found[0] if len(found) == 1 else _best_name_match(goal.product_words, found)
    if one is None:
        return None
    text = language.normalize(context.user_text)
    wished = intents.asks_to(follow_up, text) or _WISH.search(text) is not None
    if not (wished or _count_wanted(follow_up, text, one["name"])):
        return None
    filled = fill(
        follow_up, text, today=today, product_words=goal.product_words, ids_in_text=[], directory=directory
    )
    onward = Goal(
        kind="operation",
        category=goal.category,
        rationale=f"{target.operation_id} found the one thing the user wants {follow_up.operation_id} for.",
        concept=intents.role(follow_up),
        operation_id=follow_up.operation_id,
        arguments={**filled.values, **_people(follow_up, goal.arguments)},
        unresolved=[p.name for p in filled.missing],
        product_words=goal.product_words,
    )
    context.memory["turn"]["goal"] = asdict(onward)
    return onward


# A question, or a request to look ("find two ...", "show me three ..."): a count said so asks to see.
_ASKS_OR_LOOKS = re.compile(
    r"\?|^(?:is|are|can|could|do|does|did|will|would|should|have|has|got)\b|"
    r"\b(?:what|which|how|why|when|where|who|available|find|search|show|look|looking|browse|list|see)\b"
)


def _count_wanted(operation: Operation, text: str, name: str) -> bool:
    """A count of the one thing found, said as a request and not as a question ("<count> <product>
    for me", "<count> boxes of <product>"): wanting that many, when the change the agent offers
    after the read takes a count (an integer parameter) and the count is of that thing: a word of
    its name, or "of", follows within three words ("a kayak for three paddlers" counts paddlers)."""
    if not any(p.type == "integer" for p in operation.parameters) or _ASKS_OR_LOOKS.search(text):
        return False
    named = {singular(w) for w in language.words(name.lower())} | {"of"}
    said = language.words(language.number_words_to_digits(text))
    counts = [i for i, w in enumerate(said) if w.isdigit() and len(w) <= 3]
    return any(named & {singular(x) for x in said[i + 1 : i + 4]} for i in counts)


def _people(operation: Operation, arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments naming a person (a support agent's customer) that ``operation`` also takes."""
    return {
        p.name: arguments[p.name]
        for p in operation.parameters
        if intents.is_person(p) and p.name in arguments
    }


def _out_of_range(target: Operation, arguments: dict[str, Any]) -> str | None:
    for parameter in target.parameters:
        value = arguments.get(parameter.name)
        if parameter.type != "integer" or not isinstance(value, int):
            continue
        low, high = parameter.schema.get("minimum"), parameter.schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            return (
                f"Sorry, the {words_of(parameter.name)} must be between {low} and {high}; "
                f"{value} is not possible. How many would you like?"
            )
    return None


def participle(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("el"):
        return verb + "led"
    return verb + "ed"


def _precheck(context: PlanContext, goal: Goal, target: Operation) -> Decision | None:
    """Before asking the user to confirm a change of one thing, read that thing (when the agent can)
    and stop if the read says the change is no longer possible: a yes/no field named for the action
    ("cancellable" for cancelOrder) that is false."""
    entity = intents.entity_parameters(target)
    if not target.requires_confirmation or not entity or entity[0].name not in goal.arguments:
        return None
    reader = intents.reader_for(context.agent, target)
    if reader is None:
        return None
    thing = str(goal.arguments[entity[0].name])
    last = context.steps[-1] if context.steps else None
    if last and last.operation is reader and last.observation:
        if last.observation.status >= 400:
            return FinalAnswer(
                replies.failure(last.observation.status, last.observation.body), "The lookup failed."
            )
        remember(context.memory, last.observation.body, reader, {}, _money(context, reader))
    facts = context.memory.get("facts", {}).get(thing)
    if facts is None:
        if any(s.operation is reader for s in context.steps):
            return None
        arguments = {p.name: goal.arguments[p.name] for p in reader.parameters if p.name in goal.arguments}
        return ToolCall(
            reader.operation_id,
            arguments,
            f"Before asking to confirm, I check that {thing} can still be changed.",
        )
    verb = intents.verb(target)
    flag = next((k for k, v in facts.items() if isinstance(v, bool) and k.lower().startswith(verb[:5])), None)
    if flag and not facts[flag]:
        status = f" is {facts['status']}, so it" if facts.get("status") else ""
        noun = words_of(entity[0].name[:-2]).capitalize()
        if str(facts.get("status", "")).lower() == participle(verb):
            # the change already made ("CANCELLED" for cancelOrder): said so (round 24)
            return FinalAnswer(
                f"{noun} {thing} is already {participle(verb)} ({facts['status']}); nothing to change.",
                f"{reader.operation_id} says its status is already what {target.operation_id} would make it.",
            )
        return FinalAnswer(
            f"{noun} {thing}{status} can't be {participle(verb)} any more.",
            f"{reader.operation_id} says {flag} is false; asking to confirm would be pointless.",
        )
    return None


def _too_few(context: PlanContext, goal: Goal, target: Operation) -> Decision | None:
    """Before asking to confirm a new thing made of one found ("order <a product>", a quantity asked),
    compare the quantity with the count the read that found it says there is: a whole-number field
    of the found thing named by a word the read's description says it returns ("returns ids, prices
    and stock": "inStock"). Fewer than asked: say so instead of asking to confirm (round 16)."""
    if intents.role(target) != "create":
        return None
    quantity = _quantity(target, goal)
    if quantity is None:
        return None
    wanted = goal.arguments[quantity.name]
    for parameter in target.parameters:
        source = intents.source_of(context.agent, parameter)
        if source is None or parameter.name not in goal.arguments:
            continue
        item = _found(context, source, str(goal.arguments[parameter.name]))
        if item is None:
            continue
        returned = set(terms(source.description)) - intents.API_WORDS
        money = _money(context, source)
        for key, value in item.items():
            if not isinstance(value, int) or isinstance(value, bool) or key in money:
                continue
            if not set(terms(words_of(key))) & returned or value >= wanted:
                continue
            name = name_of(item) or str(goal.arguments[parameter.name])
            said = f"only {value} left" if value else "out of stock"
            return FinalAnswer(
                f"Sorry, {name} is {said}, so I can't {intents.verb(target)} {wanted} of it now.",
                f"{source.operation_id} says {key} is {value}; asking to confirm would be pointless.",
            )
    return None


# Words naming how many of a thing a parameter is (general English, not any one agent's field names).
_HOW_MANY = frozenset(terms("quantity count number amount copies units"))


def _quantity(target: Operation, goal: Goal) -> Parameter | None:
    """The whole-number parameter giving how many: the one named so ("quantity", "count"), else the
    only whole-number parameter given; None when there is none or it is unclear which."""
    counted = [
        p for p in target.parameters if p.type == "integer" and isinstance(goal.arguments.get(p.name), int)
    ]
    named = [p for p in counted if set(terms(words_of(p.name))) & _HOW_MANY]
    if len(named) == 1:
        return named[0]
    return counted[0] if len(counted) == 1 else None


def _found(context: PlanContext, source: Operation, thing: str) -> dict[str, Any] | None:
    """The thing with id ``thing`` among what ``source`` returned this turn."""
    for step in context.steps:
        if step.operation is source and step.observation is not None:
            for key, item in _listed(step.observation.body):
                if str(item[key]) == thing:
                    return item
    return None


def _listed(body: Any) -> list[tuple[str, dict[str, Any]]]:
    """The things a result lists that have an id, each with its id's key."""
    collection = replies.the_list(body) if isinstance(body, dict) else None
    return [(key, item) for item in (collection[1] if collection else []) if (key := id_key(item))]


def _looked_up(context: PlanContext) -> list[Step]:
    return [s for s in context.steps if isinstance(s.decision, KnowledgeQuery) and s.observation]


def _knowledge_step(context: PlanContext, goal: Goal, looked_up: list[Step]) -> Decision:
    """``looked_up``: the steps that asked the knowledge base and got an answer (``_looked_up``)."""
    if not looked_up:
        return KnowledgeQuery(goal.query, "This is a question about policy; the knowledge base answers it.")
    observation = looked_up[-1].observation
    assert observation is not None
    results = observation.body if isinstance(observation.body, list) else []
    answer = knowledge.compose(goal.query, results)
    searched = next((s for s in context.steps if s.operation and s.observation), None)
    if answer is None and searched is not None:  # the documents say nothing either: what the search found
        assert searched.operation is not None and searched.observation is not None
        return _finish(context, goal, searched.operation, searched.observation, documents=False)
    if answer is None:
        return FinalAnswer(
            "I couldn't find anything about that in our knowledge base.",
            "The knowledge base has nothing relevant.",
        )
    return FinalAnswer(answer, "The knowledge base answers the question; I quote it.")


def _fetch_for(context: PlanContext, goal: Goal, parameter: Parameter, done: list[Step]) -> ToolCall | None:
    """Call the operation that yields this parameter, if the schemas name one and it wasn't called."""
    source = intents.source_of(context.agent, parameter)
    if source is None or source.operation_id == goal.operation_id:
        return None
    if source.operation_id != parameter.source_operation and not (goal.recency or goal.product_words):
        return None  # found through another parameter: worth a look-up for "my last one" or a name
    if any(s.operation and s.operation.operation_id == source.operation_id for s in done):
        return None
    arguments: dict[str, Any] = {}
    for p in source.parameters:
        if intents.is_person(p) and p.name in goal.arguments:
            arguments[p.name] = goal.arguments[p.name]
        elif p.required and intents.is_free_text(p):
            if not goal.product_words:
                return None
            arguments[p.name] = goal.product_words
        elif allowed_values(p):
            # A value the look-up declares, named in the request ("reserve the audiobook of X"),
            # narrows what comes back to the one meant.
            value = find_allowed(language.normalize(context.user_text), p)
            if value is not None:
                arguments[p.name] = value
    return ToolCall(
        source.operation_id,
        arguments,
        f"{parameter.name} comes from {source.operation_id}; I look it up first.",
    )


def options(body: Any) -> list[dict[str, str]]:
    """The things a result lists, each with its id, name and a label to show."""
    return [
        {
            "id": str(item[key]),
            "label": replies.item_line(item, set()),
            "name": name_of(item),
            "days": days_of(item),
            "digits": " ".join(
                d for k, v in item.items() if k.endswith("Id") for d in re.findall(r"\d{4,}", str(v))
            ),
            "values": " ".join(
                v.lower()
                for k, v in item.items()
                if k != key and isinstance(v, str) and re.fullmatch(r"[A-Za-z]{3,}", v)
            ),
        }
        for key, item in _listed(body)
    ]


def _joined(context: PlanContext, last: Step) -> tuple[Step, Observation | None]:
    """The look-up to choose from, and what a search made to tell its results apart found
    (``_join``): the step before the search and the search's result, or the last step alone."""
    joining = context.memory["turn"].get("join")
    if joining and last.operation and last.operation.operation_id == joining and len(context.steps) > 1:
        return context.steps[-2], last.observation
    return last, None


def _choose(
    context: PlanContext,
    goal: Goal,
    source: Operation,
    observation: Observation,
    joined: Observation | None = None,
) -> Decision | None:
    """Pick the parameter value out of a source operation's result, or ask the user to pick;
    ``joined``: what a search for the user's words found (``_join``), to pick by."""
    target = context.agent.operation(goal.operation_id)
    candidates = intents.listed_by(context.agent, target, goal.unresolved, source)
    if not candidates:
        return None
    name = candidates[0]
    if observation.status >= 400:
        return FinalAnswer(replies.failure(observation.status, observation.body), "The lookup failed.")
    found = options(observation.body)
    step = context.steps[-1].decision
    arguments = dict(step.arguments) if isinstance(step, ToolCall) else {}
    remember(context.memory, observation.body, source, arguments, _money(context, source))
    if not found:
        what = f"matching “{goal.product_words}”" if goal.product_words else "to choose from"
        return FinalAnswer(f"I couldn't find anything {what}.", "The lookup returned nothing.")
    message = language.normalize(context.user_text)
    position = language.ordinal_reference(message)
    pick = None
    if goal.recency or len(found) == 1:
        pick = found[0]
    elif position and 0 < position <= len(found):
        pick = found[position - 1]
    else:
        pick = (
            _best_name_match(goal.product_words, found)
            or _on_day(goal.day, found)
            or _singled_out(message, found)
        )
    if pick is None and joined is not None:
        pick = _by_shared_id(observation.body, joined.body, found)
    elif pick is None:
        search = _join(context, goal, source, observation.body, found)
        if search is not None:
            return search
    if pick is None:
        question = "Which one do you mean?\n" + "\n".join(
            f"{n}. {o['label']}" for n, o in enumerate(found, 1)
        )
        context.memory["pending"] = {"goal": asdict(goal)}
        return FinalAnswer(question, f"Several results match; I ask which one {name} should be.", "ASK_USER")
    goal.arguments[name] = pick["id"]
    goal.unresolved.remove(name)
    context.memory["turn"]["goal"] = asdict(goal)
    return None


def _join(
    context: PlanContext, goal: Goal, source: Operation, body: Any, found: list[dict[str, str]]
) -> ToolCall | None:
    """Several things listed, and the user's words name none of them: when another read searches by
    free text and its response declares an id field the listed things carry too (a loan's
    "itemId", which the catalogue search returns with each title's author), search for the words,
    to pick the listed thing whose shared id the search finds ("renew my <author> loan": the loan
    shows the title only). Words a result's name or values explain ask nothing new."""
    words = {singular(w) for w in language.words(goal.product_words)}
    explained = {singular(w) for o in found for w in language.words(f"{o['name']} {o['values']}".lower())}
    # A name, as an author's is: no word of the language ("alright, renew that" names nothing).
    if not any(len(w) > 2 and not english.listed(w) for w in words - explained):
        return None
    shared = {k for _, item in _listed(body) for k in _other_ids(item)}
    for finder in context.agent.operations:
        free = [p for p in finder.parameters if p.required and intents.is_free_text(p)]
        declared = {k for k, _ in replies.response_properties(finder, context.agent.schemas)}
        if finder is source or finder.mutating or len(free) != 1 or not shared & declared:
            continue
        context.memory["turn"]["join"] = finder.operation_id
        return ToolCall(
            finder.operation_id,
            {free[0].name: goal.product_words},
            f"No {source.operation_id} result is named so; {finder.operation_id} may say which one is meant.",
        )
    return None


def _by_shared_id(body: Any, joined: Any, found: list[dict[str, str]]) -> dict[str, str] | None:
    """The one listed thing carrying an id the search found (``_join``); None when none or several do."""
    ids = {str(item[k]) for _, item in _listed(joined) for k in item if k.endswith("Id")}
    listed = [item for _, item in _listed(body)]
    hits = [
        option for option, item in zip(found, listed, strict=True) if ids & set(_other_ids(item).values())
    ]
    return hits[0] if len(hits) == 1 else None


def _other_ids(item: dict[str, Any]) -> dict[str, str]:
    """The ids a listed thing carries besides its own (a loan's "itemId"), by field name."""
    own = id_key(item)
    return {k: str(v) for k, v in item.items() if k.endswith("Id") and k != own}


def _singled_out(message: str, found: list[dict[str, str]]) -> dict[str, str] | None:
    """The one result a value of its own, said in the message, singles out when no name or day
    does: the digits of one of its ids ("renew 41201" for loan LN-41201; an id typed without its
    prefix), else a one-word value no other result holds, said as it is or in everyday words ("the
    dvd", the only "overdue" one, "the late one": lexicon.says_state); None when none or several are."""
    said = set(language.words(message))
    by_digits = [o for o in found if said & set(o["digits"].split())]
    if by_digits:
        return by_digits[0] if len(by_digits) == 1 else None
    held: dict[str, int] = {}
    for o in found:
        for value in set(o["values"].split()):
            held[value] = held.get(value, 0) + 1
    own = {value for value, count in held.items() if count == 1}
    # A value said as not meant ("not the dvd, the other one") picks nothing (round 23).
    own = {
        v
        for v in own
        if not re.search(rf"\b(?:not|no|except) (?:the |my |a |an |that )?{re.escape(v)}\b", message)
    }
    singled = [
        o
        for o in found
        if any(
            v in own and (v in said or singular(v) in said or says_state(v, message))
            for v in o["values"].split()
        )
    ]
    return singled[0] if len(singled) == 1 else None


def _on_day(day: str, found: list[dict[str, str]]) -> dict[str, str] | None:
    """The one result that carries the day the user named ("extend the loan due on friday", "my
    purchase from 3 august"), in any of its date fields; None when none or several do."""
    dated = [o for o in found if day and day in {d.split("=")[1] for d in o["days"].split()}]
    return dated[0] if len(dated) == 1 else None


def _best_name_match(words: str, found: list[dict[str, str]]) -> dict[str, str] | None:
    """The one result whose name holds more of the words asked for than any other (all of them,
    or most: "two boxes of green tea bags" are the tea bags, though "boxes" is not in their name;
    or the only one that holds any: a sentence naming <title> among other words is that title); None
    when two share the best count (ask which)."""
    wanted = {singular(w) for w in language.words(words)}
    if not wanted:
        return None
    held = [language.near(wanted, {singular(w) for w in language.words(o["name"].lower())}) for o in found]
    # Of two names holding as many of the words, the one holding a rarer word is meant: "<a title
    # word> ... back in time" names that title, not the other one whose name holds "away" (round 24).
    shared = [
        ((len(h), sum(not english.everyday(w) for w in h)), o) for h, o in zip(held, found, strict=True)
    ]
    shared.sort(key=lambda pair: (-pair[0][0], -pair[0][1]))
    best = shared[0][0][0] if shared else 0
    # the only one holding any of the words, or the only one holding a rare one
    alone = len(shared) > 1 and (shared[1][0][0] == 0 or shared[1][0][1] == 0 < shared[0][0][1])
    if (
        best == 0
        or (best * 2 <= len(wanted) and not alone)
        or (len(shared) > 1 and shared[1][0] == shared[0][0])
    ):
        return None
    return shared[0][1]


def _ask(context: PlanContext, goal: Goal, target: Operation, parameter: Parameter) -> FinalAnswer:
    context.memory["pending"] = {"goal": asdict(goal)}
    noun = words_of(parameter.name)
    example = parameter.description.split("e.g. ")[-1] if "e.g. " in parameter.description else ""
    thing = noun[:-3] if noun.endswith(" id") else noun
    if parameter.type == "integer":
        question = f"How many would you like? ({parameter.description})"
    elif allowed_values(parameter):
        question = f"Which {thing} do you mean? It can be one of: {', '.join(allowed_values(parameter))}."
    elif intents.is_free_text(parameter) and intents.role(target) == "search":
        question = f"What would you like me to look for? ({parameter.description})"
    elif intents.is_free_text(parameter):
        question = f"Which {thing} do you mean? Tell me its name."
    else:
        question = f"Which {thing} do you mean? Please give me the {noun}" + (
            f" ({example})." if example else "."
        )
    return FinalAnswer(
        question, f"{target.operation_id} needs {parameter.name}, which I don't have yet.", "ASK_USER"
    )


def _finish(
    context: PlanContext, goal: Goal, target: Operation, observation: Observation, documents: bool = True
) -> Decision:
    verb = intents.verb(target)
    noun = " ".join(intents.camel_words(target.operation_id)[1:]) or "request"
    if observation.kind == "DENIED":
        entity = intents.entity_parameters(target)
        thing = goal.arguments.get(entity[0].name) if entity else None
        stays = f" {words_of(entity[0].name[:-2]).capitalize()} {thing} stays as it is." if thing else ""
        return FinalAnswer(
            f"Okay, I haven't {participle(verb)} that {noun}.{stays}", "The user declined the confirmation."
        )
    if documents and goal.query and intents.role(target) == "search" and not options(observation.body):
        # A search that finds nothing for a message in the documents' words ("is there somewhere
        # to park at the main library"): it was no name of a thing; the documents may answer.
        found_nothing = f"{target.operation_id} found nothing; the knowledge base may answer."
        return KnowledgeQuery(goal.query, found_nothing)
    remember(context.memory, observation.body, target, goal.arguments, _money(context, target))
    shown = (context.memory.get("lists") or [[]])[-1]
    named = named_in(goal.product_words, shown) if goal.product_words and len(shown) > 1 else None
    if named:  # "when is <title> due?" answered with the whole list: "it" is that title next
        focus_on(context.memory, shown[0]["key"], named)
    follow_up = intents.follow_up_of(context.agent, target)
    offer = ""
    if follow_up is not None and observation.status < 400 and options(observation.body):
        context.memory["offer"] = {"operation": follow_up.operation_id}
        offer = (
            f"Would you like me to {words_of(follow_up.operation_id)} for one of these? Tell me which one."
        )
    money = replies.money_fields(target, context.agent.schemas)
    yours = context.agent.identity == "session"
    text = replies.compose(
        observation.body, observation.status, money=money, query=goal.product_words, offer=offer, yours=yours
    )
    if target.mutating and observation.status < 400:
        text += replies.consequence(target)
    return FinalAnswer(text, f"{target.operation_id} answered; I summarize the result.")


def describe(decision: Decision) -> dict[str, Any]:
    if isinstance(decision, ToolCall):
        return {
            "thought": decision.rationale,
            "action": {"tool": decision.operation_id, "input": decision.arguments},
        }
    if isinstance(decision, KnowledgeQuery):
        return {"thought": decision.rationale, "action": {"tool": "knowledge_base", "input": decision.query}}
    return {"thought": decision.rationale, "answer": decision.text}


def _money(context: PlanContext, operation: Operation) -> set[str]:
    """The fields the operation's response schema declares in US dollars (replies.money_fields)."""
    return replies.money_fields(operation, context.agent.schemas)
