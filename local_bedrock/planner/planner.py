"""OfflinePlanner: the default model of the local runtime. Deterministic, no network.

Each turn it understands the message (goals.py, from what the agent declares: its operations,
instruction, knowledge base), then at every orchestration step decides (steps.py): fetch what a
parameter needs from the operation its description names ("From searchProducts"), ask the user for
what is still missing, call the operation, or compose the answer from the result. It remembers per
session what it showed (lists, the thing in focus, an open question, an offer) so "the second one",
"cancel it" or "yes, do it" work as follow-ups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from local_bedrock import english
from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.model import (
    Decision,
    ModelOutput,
    PlanContext,
    PreprocessOutput,
    estimate_tokens,
)
from local_bedrock.planner import (
    concepts,
    intents,
    knowledge,
    language,
    lexicon,
    policy,
    refusals,
    shown,
    situations,
    steps,
    topics,
)
from local_bedrock.planner.common_words import COMMON_WORDS
from local_bedrock.planner.goals import (
    PRONOUN,
    RECENCY,
    Goal,
    Understanding,
    by_price,
    choose_operation,
    operation_goal,
    resolve_reference,
    understand,
)
from local_bedrock.planner.prompt import render_prompt
from local_bedrock.planner.slots import allowed_values, find_allowed, find_ids, integers, says_a_value
from textnorm import STOP_WORDS, singular

MODEL_ID = "local.offline-planner-v1"
MADE_BY = re.compile(r"\bby ([a-z]{3,})")  # "<things> by <a maker or author>"
# This many words that neither the agent nor the catalog knows make a sentence about something else.
UNKNOWN_SENTENCE = 5


def id_in_text(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """A search for any of the schemas' anchored id patterns inside free text."""
    bodies = sorted({p.strip("^$") for p in patterns if p})
    return re.compile(r"\b(?:" + "|".join(bodies) + r")\b", re.IGNORECASE) if bodies else None


def _today() -> date:
    return datetime.now(UTC).date()


class OfflinePlanner:
    model_id = MODEL_ID

    def __init__(
        self,
        catalog_names: Iterable[str] = (),
        vocabulary: Iterable[str] = (),
        today: Callable[[], date] = _today,
        person_id_patterns: Iterable[str] = (),
        knowledge_directory: Path | None = None,
    ) -> None:
        catalog_names = list(catalog_names)
        catalog_words = {
            part
            for name in catalog_names
            for w in language.words(name.lower())
            # A part of a hyphenated name that is an everyday word ("free" of "sulfate-free") names
            # no product on its own.
            for part in {w, *(p for p in w.split("-") if p not in COMMON_WORDS)}
        }
        self.catalog_stems = frozenset(singular(w) for w in catalog_words)
        named = [[singular(w) for w in language.words(name.lower())] for name in catalog_names]
        self.catalog_pairs = frozenset(pair for words in named for pair in pairwise(words))
        self.speller = language.Speller(
            {*catalog_words, *vocabulary, *COMMON_WORDS, *STOP_WORDS, *language.DATE_AND_NUMBER_WORDS},
            fold=singular,
            dictionary=english.spelling,
            listed=english.listed,
        )
        self.today = today
        self.knowledge_directory = knowledge_directory
        # A person's id in a customer-facing chat is always someone else's business: identity comes
        # from the session, never from the conversation (DESIGN.md, the identity rule). The id's
        # format is the schemas' (the pattern of their person parameters).
        self.person_id_in_text = id_in_text(person_id_patterns)

    # ------------------------------------------------------------------ Model interface
    def preprocess(self, context: PlanContext) -> PreprocessOutput:
        goal = self._goal(context)
        prompt = f"Classify the user input into categories A-E.\nInput: {context.user_text}"
        raw = json.dumps({"category": goal.category, "rationale": goal.rationale})
        return PreprocessOutput(
            valid=goal.valid,
            rationale=goal.rationale,
            answer=goal.text,
            prompt=prompt,
            raw_response=raw,
            input_tokens=estimate_tokens(prompt),
            output_tokens=estimate_tokens(raw),
        )

    def decide(self, context: PlanContext) -> ModelOutput:
        goal = self._goal(context)
        decision: Decision = steps.next_step(context, goal, self.knowledge_directory, self.today())
        prompt = render_prompt(context)
        raw = json.dumps(steps.describe(decision), ensure_ascii=False)
        return ModelOutput(decision, prompt, raw, estimate_tokens(prompt), estimate_tokens(raw))

    # ------------------------------------------------------------------ understanding
    def _goal(self, context: PlanContext) -> Goal:
        key = [len(context.history), context.user_text]
        cached = context.memory.get("turn")
        if cached and cached["key"] == key:
            return Goal(**cached["goal"])
        message = understand(
            context.user_text,
            self.speller,
            self.catalog_stems,
            frozenset(),
            context.agent,
            self.catalog_pairs,
        )

        goal = self._understand(context, message)
        context.memory["turn"] = {"key": key, "goal": asdict(goal)}
        return goal

    def _understand(self, context: PlanContext, message: Understanding) -> Goal:
        agent, memory = context.agent, context.memory
        match = choose_operation(agent, message, memory) or self._made_by(agent, message)
        match = _own_list(agent, message, match)
        refused = self._refusal(agent, message, match)
        if refused is not None:
            return refused
        followed = self._follow_up(agent, message, memory, match)
        if followed is not None:
            return followed
        if refusals.creative(agent, message):
            return _answer(
                "C",
                "The user asks me to create something; no operation of this agent does that.",
                f"Sorry, I can't help with that. I can help with {refusals.scope(agent)}.",
            )
        routed = self._route(context, message, match)
        if routed is not None:
            return routed
        assert match is not None
        goal = operation_goal(agent, match.operation, message, memory, self.today(), "D")
        if match.role == "search" and _vague(message, match.operation):
            # "find me something to read": nothing named to look for; ask what, as a model would,
            # rather than search for the verb.
            free = [p.name for p in match.operation.parameters if p.required and intents.is_free_text(p)]
            goal.arguments = {k: v for k, v in goal.arguments.items() if k not in free}
            goal.unresolved = [*goal.unresolved, *(n for n in free if n not in goal.unresolved)]
            goal.product_words = ""
        # Should the search find nothing, the message's topics of the documents may be what it is
        # about (steps.py asks the knowledge base then).
        searched = match.role == "search" and agent.knowledge_base_id is not None
        if searched and knowledge.policy_evidence(message.text, directory=self.knowledge_directory) >= 2:
            goal.query = message.raw
        return goal

    def _refusal(
        self, agent: AgentDefinition, message: Understanding, match: intents.Match | None
    ) -> Goal | None:
        if message.scores.get("meta"):
            return _answer(
                "B",
                "The user asks about my instructions or tools.",
                f"Sorry, I can't share how I'm set up. I can help with {refusals.scope(agent)}.",
            )
        person_id = bool(
            (self.person_id_in_text and self.person_id_in_text.search(message.text))
            or refusals.names_a_person_id(message)
        )
        # People like the user ("people who bought the same things as me") are no one in particular.
        alike = bool(lexicon.group_of("similar") & lexicon.expansions(message.text))
        someone_else = person_id or (
            not alike and (message.scores.get("other_person") or refusals.names_someone(message))
        )
        own_rule = (
            agent.knowledge_base_id is not None
            and not person_id
            and policy.own_rule_question(message, match, self.knowledge_directory)
        )
        # Looking for something "for my aunt" is a search on one's own behalf, not the aunt's data.
        gift = (
            match is not None
            and match.role == "search"
            and not person_id
            and concepts.only_relative(message.text)
            and re.search(r"\bfor (?:my|our) [a-z]+", message.text) is not None
        )
        if agent.identity != "explicit" and someone_else and not own_rule and not gift:
            return _answer(
                "A",
                "The user asks about another person's data; this agent acts only for the signed-in user.",
                refusals.ONLY_YOURS,
            )
        return None

    def _follow_up(
        self,
        agent: AgentDefinition,
        message: Understanding,
        memory: dict[str, Any],
        match: intents.Match | None,
    ) -> Goal | None:
        """An answer to my question, "show more", accepting my offer, or declining it."""
        scores = message.scores
        pending = memory.pop("pending", None)
        chosen = match.operation.operation_id if match else None
        if pending and _answers(message, pending, chosen) and not scores.get("deny"):
            return self._continue(agent, pending, message, memory)
        page = memory.get("page")
        if scores.get("more") and page and (match is None or not match.operation.mutating):
            return operation_goal(
                agent, agent.operation(page["operation"]), message, memory, self.today(), "D"
            )
        about_shown = shown.answer(message.text, memory, self.today())
        if about_shown is not None:
            return _answer("D", "The user asks about the things I just showed; they answer it.", about_shown)
        offer = memory.pop("offer", None)
        other_write = (
            match is not None
            and match.operation.mutating
            and match.operation.operation_id != (offer or {}).get("operation")
        )
        accepts = (
            scores.get("affirm")
            or language.ordinal_reference(message.text)
            or refusals.takes(message)
            or refusals.only_a_count(message)
            or by_price(message.text)
        )
        if offer and accepts and not other_write:
            operation = agent.operation(offer["operation"])
            goal = operation_goal(agent, operation, message, memory, self.today(), "E")
            goal.rationale = f"The user accepted my offer: {offer['operation']}."
            return goal
        if scores.get("deny") and (pending or offer):
            return _answer(
                "E",
                "The user declined what I proposed.",
                "Okay, no problem. Is there anything else I can help with?",
            )
        return None

    def _route(
        self, context: PlanContext, message: Understanding, match: intents.Match | None
    ) -> Goal | None:
        """The knowledge base, a refusal of an undeclared change, or no operation at all; None: the
        operation ``match`` names."""
        agent = context.agent
        focused = bool(PRONOUN.search(message.text) and context.memory.get("focus"))
        kb = agent.knowledge_base_id is not None and not focused
        reads = match is None or not match.operation.mutating
        # A state a list of the user's things declares ("is anything overdue?") asks for that list.
        stated = match is not None and match.role == "list" and says_a_value(match.operation, message.text)
        own = match is not None and match.role in ("list", "read") and (policy.own_data(message) or stated)
        # "do you carry <a category it declares>?", "are there copies of <title> on the shelf?": a
        # search, asked in its own words, for something named, is no question about a rule.
        titled = (
            match is not None
            and match.role == "search"
            and (
                intents.asks_to(match.operation, message.text)
                or (
                    not self.catalog_stems
                    and (
                        intents.asks_for(match.operation, agent, message.text)
                        or says_a_value(match.operation, message.text)
                    )
                )
            )
            and (self._names_a_thing(message) or says_a_value(match.operation, message.text))
            and not policy.ADVICE.search(message.text)  # "what happens if I lose a book"
        )
        # "are there any <things> left?": asked for things, not about a rule.
        whether = match is not None and match.role == "search" and self._whether_any(message)
        titled = titled or whether
        rule = policy.rule_question(message, agent, self.knowledge_directory, match)
        if kb and reads and not own and not titled and rule:
            return _knowledge(message)
        asks_rule = bool(policy.RULE_QUESTION.search(message.text))
        evidence = knowledge.policy_evidence(message.text, directory=self.knowledge_directory) if kb else 0
        # What happened, told in the documents' words, asking for nothing ("the lamp we got in June
        # flickers"): what the rules say about it, not a list of the user's things.
        told = reads and not message.ids and not policy.points_at(message, context.memory)
        if kb and told and evidence >= 2 and situations.tells(message):
            return _knowledge(message)
        unsupported = refusals.unsupported_action(agent, message)
        # A read that points at nothing, or an action no operation declares, that points at nothing
        # shown ("a watch engraved with a name: can I return it?").
        read = match is not None and match.role == "read" and not message.referenced and not message.own_one
        looked_up = read or (unsupported and not policy.points_at(message, context.memory))
        if kb and evidence and asks_rule and looked_up:
            return _knowledge(message)
        # A read of one thing that points at nothing shown ("it" with nothing before it), told as a
        # situation in the documents' words ("my parcel says delivered but it never came").
        pointless = (
            match is not None
            and match.role == "read"
            and not message.own_one
            and not policy.points_at(message, context.memory)
        )
        if kb and pointless and evidence >= 2:
            return _knowledge(message)  # "how long do I have to return it", "do you ship to X"
        if unsupported and reads:
            if kb and evidence >= 2 and not policy.points_at(message, context.memory):
                return _knowledge(message)  # the documents say how it is done ("delete my account")
            return refusals.cannot(agent, unsupported)
        if match is None:
            return self._no_operation(context, message)
        mine = own and policy.names_own(message, intents.declared_terms(match.operation, agent))
        if kb and not mine and policy.about_policy(match, message, agent, self.knowledge_directory):
            return _knowledge(message)
        if kb and match.role == "list" and policy.in_general(message) and evidence >= 2:
            return _knowledge(message)  # a rule asked of no one in particular, not "my ..."
        searching = intents.asks_for(match.operation, agent, message.text)
        # Without a catalog word, a write asked for with its verb ("place a hold on <title>") is
        # still a request, unless it is asked as a question.
        named = searching and self._names_a_thing(message)
        # "<things> by <a name no document uses>": a maker named, as in a search.
        made_by = titled and MADE_BY.search(message.text) is not None
        unnamed = (
            not message.catalog_words and not named and not made_by and (asks_rule or match.role != "create")
        )
        # Naming products without a question ("any X under $50") is a search; one's own product ("my
        # X stopped working") or a question without a word of searching ("what's the warranty on a
        # bike?") is not.
        question = asks_rule or bool(re.search(r"^(what|which|how|why|when|where|who)\b|\?$", message.text))
        # A bare name of products ("cat treats?") asks for them, not about a rule.
        question = question and not _bare(message, match.operation)
        weak = unnamed or policy.owned(message) or (question and not searching)
        if (
            kb
            and match.role in ("search", "create")
            and evidence >= 2
            and not policy.points_at(message, context.memory)
            and weak
            and not whether
        ):
            return _knowledge(message)  # "how much is overnight shipping", "my mixer died, covered?"
        if match.role == "search" and not message.catalog_words:
            # Nothing named, or a whole sentence of words the agent does not know without a word of
            # searching: not a search.
            unknown = len(message.product_words.split()) >= UNKNOWN_SENTENCE
            # A value the search declares ("on dvd") or "by <a name>" says what kind of thing is
            # looked for, however many unknown words name it.
            qualified = (
                says_a_value(match.operation, message.text) or self._made_by(agent, message) is not None
            )
            if (not searching and not message.product_words) or (
                unknown and not intents.asks_to(match.operation, message.text) and not qualified
            ):
                return self._no_operation(context, message)
        return None

    def _made_by(self, agent: AgentDefinition, message: Understanding) -> intents.Match | None:
        """With nothing else matched, "<things> by <a name no document uses>" asks the agent's search
        (a maker or author named, as its free-text parameter takes)."""
        maker = MADE_BY.search(message.text)
        if maker is None or knowledge.everyday(maker.group(1)) or maker.group(1) in STOP_WORDS:
            return None
        if not knowledge.unknown_to_documents(maker.group(1), self.knowledge_directory):
            return None
        search = next((op for op in agent.operations if intents.role(op) == "search"), None)
        return intents.Match(search, intents.MIN_SCORE, "search") if search else None

    def _whether_any(self, message: Understanding) -> bool:
        """ "Are there any <things>?" for things the catalog names, or no document does, and with no
        topic of the documents besides them: a search ("any <product> left?"), not a rule question
        ("is there any fee for ...")."""
        if not situations.asks_whether_any(message) or not message.product_words:
            return False
        named = message.catalog_words or knowledge.unknown_to_documents(
            message.product_words, self.knowledge_directory
        )
        rest = language.without(message.text, message.catalog_words.split())
        return bool(named) and not knowledge.document_words(rest, self.knowledge_directory)

    def _names_a_thing(self, message: Understanding) -> bool:
        """Does the message name a thing to look for: a catalog word, or, with no catalog to know
        names by, a word no document uses (a title: "atomic habits")?"""
        said = message.product_words
        if self.catalog_stems and any(singular(w) in self.catalog_stems for w in said.split()):
            return True
        if policy.ADVICE.search(message.text):
            # In a request for advice, an everyday word the documents happen not to use ("what
            # *happens* if ...") is no title.
            said = " ".join(w for w in said.split() if not knowledge.everyday(w))
        return bool(said) and knowledge.unknown_to_documents(said, self.knowledge_directory)

    def _no_operation(self, context: PlanContext, message: Understanding) -> Goal:
        scores, agent = message.scores, context.agent
        if scores.get("greeting"):
            return _answer(
                "D",
                "A greeting.",
                f"Hello! I can help with {refusals.scope(agent)}. What would you like to do?",
            )
        if scores.get("thanks"):
            return _answer("D", "The user says thanks.", "You're welcome! Anything else I can help with?")
        if scores.get("help"):
            return _answer("D", "The user asks what I can do.", refusals.abilities(agent))
        evidence = knowledge.policy_evidence(message.text, directory=self.knowledge_directory)
        # One topic of the documents is enough, unless the message is mostly words the agent does
        # not know ("who wins the match by the <place>?") or is about something else.
        unknown = len(message.product_words.split()) >= UNKNOWN_SENTENCE
        directory = self.knowledge_directory
        phrases = topics.document_phrases(message.text, directory)
        elsewhere = knowledge.something_else(message.text, message.product_words, directory) and not phrases
        # A thing no document names, and of the documents' own only what the everyday-words lexicon
        # reads into a phrase ("which laptop should I buy"): a request about something else.
        foreign = [w for w in message.product_words.split() if knowledge.unknown_to_documents(w, directory)]
        elsewhere = elsewhere or bool(
            foreign and not phrases and not knowledge.document_words(message.text, directory)
        )
        if agent.knowledge_base_id and evidence >= (2 if unknown else 1) and not elsewhere:
            return _knowledge(message)
        return _answer(
            "C",
            "Nothing I can do covers this request.",
            f"Sorry, I can't help with that. I can help with {refusals.scope(agent)}.",
        )

    def _continue(
        self, agent: AgentDefinition, pending: dict[str, Any], message: Understanding, memory: dict[str, Any]
    ) -> Goal:
        goal = Goal(**pending["goal"])
        goal.category = "E"
        operation = agent.operation(goal.operation_id)
        for name in list(goal.unresolved):
            parameter = operation.parameter(name)
            value = _from_answer(parameter, message, memory) if parameter else None
            if value is not None:
                goal.arguments[name] = value
                goal.unresolved.remove(name)
        if message.product_words and any(not intents.is_person(p) for p in operation.parameters):
            goal.product_words = message.product_words
        goal.rationale = "The user answered my question; I can continue with " + goal.operation_id + "."
        return goal


def _answers(message: Understanding, pending: dict[str, Any], chosen: str | None) -> bool:
    """Does this message answer the question I asked (rather than start something new)?"""
    if message.scores.get("greeting") or message.scores.get("thanks"):
        return False
    other = chosen is not None and chosen != pending["goal"]["operation_id"]
    if other and (RECENCY.search(message.text) or message.ids) and len(message.text.split()) > 3:
        return False  # a complete request of its own ("can you cancel my last order"): start afresh
    short = len(message.text.split()) <= 6
    names_something = bool(message.ids or message.product_words or language.ordinal_reference(message.text))
    if chosen is not None and chosen != pending["goal"]["operation_id"] and not (short and names_something):
        return False  # a request of its own ("what did I buy recently?")
    return bool(
        message.ids
        or language.ordinal_reference(message.text)
        or message.product_words
        or re.search(r"\b\d+\b", language.number_words_to_digits(message.text))
        or short
    )


def _own_list(
    agent: AgentDefinition, message: Understanding, match: intents.Match | None
) -> intents.Match | None:
    """A question whether the user has things in a state a list of theirs declares asks for that
    list of their own things, not for a search (which "got any" reads as)."""
    if match is None or match.role != "search" or not policy.own_data(message):
        return match
    for operation in agent.operations:
        if intents.role(operation) == "list" and says_a_value(operation, message.text):
            return intents.Match(operation, match.score, "list")
    return match


# "something to read", "anything good to watch": a thing wanted for a purpose, not named.
_FOR_A_PURPOSE = re.compile(r"\b(?:something|anything)(?: [a-z]+)? to ([a-z]+)\b")


def _vague(message: Understanding, operation: Operation) -> bool:
    """Does the message ask to find "something to <verb>" and name nothing else but everyday words
    (no catalog word, no value the search declares)?"""
    purpose = _FOR_A_PURPOSE.search(message.text)
    if purpose is None or message.catalog_words or says_a_value(operation, message.text):
        return False
    said = message.product_words.split()
    return all(w == purpose.group(1) or english.everyday(w) for w in said)


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


def _answer(category: str, rationale: str, text: str) -> Goal:
    return Goal(kind="answer", category=category, rationale=rationale, text=text)


def _knowledge(message: Understanding) -> Goal:
    return Goal(kind="knowledge", category="D", rationale="A question about store policy.", query=message.raw)


def _from_answer(parameter: Any, message: Understanding, memory: dict[str, Any]) -> Any:
    found = find_ids(message.text, parameter)
    if found:
        return found[0]
    if allowed_values(parameter):
        return find_allowed(message.text, parameter)
    if parameter.type == "integer":
        numbers = integers(message.text, message.ids)
        return numbers[0] if numbers else None
    if intents.is_free_text(parameter) and message.product_words:
        return message.product_words  # "what should I look for?" - "something about dragons"
    return resolve_reference(parameter, message.text, memory)
