"""OfflinePlanner: the default model of the local runtime. Deterministic, no network.

Each turn it understands the message (goals.py, from what the agent declares: its operations,
instruction, knowledge base), then at every orchestration step decides (steps.py): fetch what a
parameter needs from the operation its description names ("From searchProducts"), ask the user for
what is still missing, call the operation, or compose the answer from the result. It remembers per
session what it showed (lists, the thing in focus, an open question, an offer) so "the second one",
"cancel it" or "yes, do it" work as follow-ups.

Here: the model interface and the order of judgements on a message (a refusal, then a follow-up,
then a route); the follow-ups are in follow_ups.py, the routes (knowledge base, no operation, an
operation) in routing.py, and the comparison that may overrule the route between the knowledge
base, a read and a refusal in candidates.py.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

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
    bookable,
    candidates,
    concepts,
    corrections,
    courtesy,
    guess,
    intents,
    knowledge,
    language,
    lexicon,
    meaning,
    per_message,
    policy,
    refusals,
    someone_close,
    steps,
    story,
    two_reads,
)
from local_bedrock.planner.common_words import COMMON_WORDS
from local_bedrock.planner.follow_ups import follow_up
from local_bedrock.planner.goals import Goal, Understanding, choose_operation, operation_goal, understand
from local_bedrock.planner.prompt import render_prompt
from local_bedrock.planner.refusals import answer
from local_bedrock.planner.routing import (
    abilities,
    asks_the_rule,
    dated_own_thing,
    knowledge_goal,
    one_list_naming,
    only_a_state,
    requested_write,
    route,
    search_by_maker,
    search_by_name,
    thanked,
)
from local_bedrock.planner.slots import says_a_value
from textnorm import STOP_WORDS, singular, terms

MODEL_ID = "local.offline-planner-v1"

# The user saying a change is theirs: for them, on their card or account, collected or taken out by
# them (general English, round 21; a guess at how people say it, measured on the tunable suites).
_FOR_SELF = re.compile(
    r"\b(?:for me|for myself|on my (?:card|account)|(?:i|we) will (?:collect|pick)|"
    r"i (?:got|took|checked) [a-z ]{0,12}out)\b"
)


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
            {
                *catalog_words,
                *vocabulary,
                *COMMON_WORDS,
                *STOP_WORDS,
                *language.DATE_AND_NUMBER_WORDS,
                *lexicon.joined_phrases(),
                *policy.VERDICT_WORDS,
            },
            fold=singular,
            dictionary=english.spelling,
            listed=english.listed,
        )
        self.today = today
        self.knowledge_directory = knowledge_directory
        if knowledge_directory is not None:
            # The passages' vectors now, not on the first request: a checkout whose cache holds none
            # encodes them once (seconds of CPU), which a first request under load did not survive.
            meaning.keep_passages(knowledge_directory)
        # A person's id in a customer-facing chat is always someone else's business: identity comes
        # from the session, never from the conversation (DESIGN.md, the identity rule). The id's
        # format is the schemas' (the pattern of their person parameters).
        self.person_id_in_text = id_in_text(person_id_patterns)

    # ------------------------------------------------------------------ Model interface
    def preprocess(self, context: PlanContext) -> PreprocessOutput:
        meant = _as_meant(context)
        with per_message.message(*_message(self, meant)):
            goal = self._goal(meant)
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
        meant = _as_meant(context)
        with per_message.message(*_message(self, meant)):
            goal = self._goal(meant)
            decision: Decision = steps.next_step(meant, goal, self.knowledge_directory, self.today())
        prompt = render_prompt(context)
        raw = json.dumps(steps.describe(decision), ensure_ascii=False)
        return ModelOutput(decision, prompt, raw, estimate_tokens(prompt), estimate_tokens(raw))

    # ------------------------------------------------------------------ understanding
    def _goal(self, context: PlanContext) -> Goal:
        key = [len(context.history), context.user_text]
        cached = context.memory.get("turn")
        if cached and cached["key"] == key:
            return Goal(**cached["goal"])
        message = self._read(context.user_text, context.agent)
        goal = self._understand(context, message)
        goal = self._story_question(context, message, goal)
        goal = self._second_ask(context, goal)
        goal = self._two_reads(context, goal)
        context.memory["turn"] = {"key": key, "goal": asdict(goal)}
        return goal

    def _story_question(self, context: PlanContext, message: Understanding, goal: Goal) -> Goal:
        """A story's closing question that alone asks the documents asks them (story.py), where the
        whole message would read or decline; the question goes to the knowledge base with its story."""
        declined = goal.kind == "answer" and goal.category == "C"
        if context.agent.knowledge_base_id is None or not (goal.kind == "operation" or declined):
            return goal
        asked = story.last_question(context.user_text)
        if asked is None:
            return goal
        if self._alone(context, asked).kind == "knowledge":
            return knowledge_goal(message)
        return goal

    def _second_ask(self, context: PlanContext, goal: Goal) -> Goal:
        """Two things asked in one message, the first out of scope ("<a task no operation does>, and
        then <a request>"): the second is done, as a model would do what it can and leave the rest.
        Only after a refusal as out of scope (category C), or as someone else's (A) when the second
        request speaks of no one else (no "her", "his", "their" ...: "<a task> for <a relative>, and
        cancel <an id>"), and only when the second request alone is an operation or a question for
        the documents, which the identity rule still checks on its own (round 25)."""
        if not (goal.kind == "answer" and goal.category in ("A", "C")):
            return goal
        joins = list(_AND_THEN.finditer(context.user_text))
        if not joins:
            return goal
        join = joins[-1]
        first, second = context.user_text[: join.start()], context.user_text[join.end() :]
        said = language.words(second.lower())
        # Joined by a bare "and", the second must open on a verb ("<title> and <title>" is a name);
        # an id or a number in the first (an account to switch to) and a word pointing back at it
        # in the second ("... and list its orders") keep the refusal.
        bare = join.group(0).strip().lower() == "and"
        opens = bool(said) and (len(lexicon.group_of(said[0])) > 1 or said[0] in _REQUEST_VERBS)
        if (
            len(said) < 2
            or (bare and not opens)
            or re.search(r"\d", first)
            or _POINTS_BACK.search(second.lower())
        ):
            return goal
        asked = self._alone(context, second)
        return asked if asked.kind in ("operation", "knowledge") else goal

    def _two_reads(self, context: PlanContext, goal: Goal) -> Goal:
        """Two lookups asked one after the other in one message, the whole read as one of them: both,
        in the order asked (two_reads.py, round 26)."""
        agent = context.agent
        if goal.kind != "operation" or agent.operation(goal.operation_id).mutating:
            return goal

        def reads(g: Goal) -> bool:
            return not agent.operation(g.operation_id).mutating

        def offers(g: Goal, said: str) -> bool:
            """A read whose part asks, in its verb, for the change the agent offers after it ("my
            late loan, may I extend it"): a change, which keeps its own confirmation."""
            follow = intents.follow_up_of(agent, agent.operation(g.operation_id))
            return follow is not None and intents.asks_to(follow, language.normalize(said))

        for first, second in two_reads.splits(context.user_text):
            if _POINTS_BACK.search(second.lower()) or re.search(r"\bit\b", second.lower()):
                continue  # "..., then what's its status": one thing asked about twice
            asked = [replace(self._alone(context, part), said=part) for part in (first, second)]
            if any(g.kind == "operation" and offers(g, g.said) for g in asked):
                continue
            both = two_reads.joined(asked[0], asked[1], reads)
            if both is not None and goal.operation_id in (asked[0].operation_id, asked[1].operation_id):
                return both
        return goal

    def _alone(self, context: PlanContext, text: str) -> Goal:
        """What ``text``, a part of the user's message, asks when understood by itself, on a copy of
        the session's memory (nothing it reads or picks is remembered)."""
        quiet = replace(context, user_text=text, memory=copy.deepcopy(context.memory))
        return self._understand(quiet, self._read(text, context.agent))

    def _read(self, text: str, agent: AgentDefinition) -> Understanding:
        """What the planner understands of one message for ``agent`` (goals.understand)."""
        return understand(text, self.speller, self.catalog_stems, frozenset(), agent, self.catalog_pairs)

    def _understand(self, context: PlanContext, message: Understanding) -> Goal:
        agent, memory = context.agent, context.memory
        match = (
            choose_operation(agent, message, memory)
            or search_by_maker(agent, message, self.knowledge_directory)
            or search_by_name(agent, message, self.catalog_stems, self.knowledge_directory)
        )
        match = _own_list(agent, message, match)
        # "when is <my thing> due?" asks the date a list of the user's things holds; "push back the
        # due date" asks the change (round 24)
        if match is None or not match.operation.mutating:
            match = dated_own_thing(agent, message, self.knowledge_directory) or match
        refused = self._refusal(agent, message, match)
        if refused is not None:
            return refused
        followed = follow_up(agent, message, memory, match, self.today)
        if followed is not None:
            return followed
        outside = self._outside(agent, message)
        if outside is not None:
            return outside
        if concepts.asks_abilities(message.text) and not message.ids and not message.catalog_words:
            # "which kinds of tasks can you assist with?": what the agent can do, whatever operation
            # its words happen to share ("tasks", "assist") with a declaration (round 20).
            return abilities(agent)
        stems, directory = self.catalog_stems, self.knowledge_directory
        # "can I book a study room?": a thing the documents say how to book, no title (round 26).
        if (
            agent.knowledge_base_id
            and match is not None
            and match.role == "create"
            and bookable.told_by_documents(agent, message, match.operation, directory)
        ):
            return knowledge_goal(message)
        # "can you renew <a title>?", "can I get on the list for <a title>?": the change, as asked.
        asked = requested_write(agent, message, match, directory)
        routed = None if asked else route(context, message, match, stems, directory)
        if routed is not None and match is None and routed.category == "C":
            # Refused as out of scope: a read of the user's own things may still be the better
            # candidate (guess.py).
            match = guess.own_read(agent, message)
            routed = None if match is not None else routed
        routed, match = self._compared(context, message, match, routed)
        if routed is not None:
            return routed
        assert match is not None
        goal = operation_goal(
            agent, match.operation, message, memory, self.today(), "D", self.knowledge_directory
        )
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

    def _compared(
        self, context: PlanContext, message: Understanding, match: intents.Match | None, routed: Goal | None
    ) -> tuple[Goal | None, intents.Match | None]:
        """The knowledge base, the best read and the refusal compared as candidates (candidates.py),
        where the message points at nothing and asks for no change; (routed, match) as they go on."""
        agent = context.agent
        chosen = _candidate(routed, match)
        if chosen is None or message.entity_ids or policy.points_at(message, context.memory):
            return routed, match
        if match is not None and dated_own_thing(agent, message, self.knowledge_directory) == match:
            return routed, match  # the date of a thing of the user's: only their list holds it
        if refusals.unsupported_action(agent, message):
            return routed, match  # a change no operation declares ("pay my fines"): the rules decide
        if chosen == candidates.KNOWLEDGE and asks_the_rule(
            agent, message, match, context.memory, self.knowledge_directory
        ):
            return routed, match  # a limit or the user's options asked for: no piece of evidence reads it
        read = match if match is not None and not match.operation.mutating else _best_read(agent, message)
        allowed = [
            c
            for c, ok in (
                (candidates.KNOWLEDGE, agent.knowledge_base_id is not None),
                (candidates.READ, read is not None),
                (candidates.REFUSAL, True),
            )
            if ok
        ]
        evidence = candidates.features(agent, message, read, chosen, self.knowledge_directory)
        weights, margin = candidates.comparison_for(agent)
        winner = candidates.best(evidence, allowed, chosen, weights, margin)
        if winner == chosen:
            return routed, match
        if winner == candidates.KNOWLEDGE:
            return knowledge_goal(message), match
        if winner == candidates.REFUSAL:
            return refusals.out_of_scope(agent, "No candidate action outweighs declining."), match
        return None, read

    def _outside(self, agent: AgentDefinition, message: Understanding) -> Goal | None:
        """A message none of the agent's operations or documents is for: thanks and a goodbye, a
        service no store provides, a question of general knowledge, a thing to be made."""
        if concepts.only_courtesy(message.text, message.scores):
            return thanked()
        if refusals.elsewhere(message, self.catalog_stems, self.knowledge_directory):
            return refusals.out_of_scope(agent, "The user asks for a service no operation of mine provides.")
        if refusals.general_knowledge(message):
            return refusals.out_of_scope(
                agent, "The user asks a question of general knowledge; nothing of mine answers it."
            )
        if refusals.creative(agent, message):
            return refusals.out_of_scope(
                agent, "The user asks me to create something; no operation of this agent does that."
            )
        return None

    def _refusal(
        self, agent: AgentDefinition, message: Understanding, match: intents.Match | None
    ) -> Goal | None:
        if concepts.asks_what_it_is(message.text):
            return answer(
                "D",
                "The user asks whether I am a person.",
                f"I'm an automated assistant, not a person. I can help with {refusals.scope(agent)}.",
            )
        if message.scores.get("meta"):
            return answer(
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
            not alike
            and (
                message.scores.get("other_person")
                or refusals.names_someone(message, agent, self.knowledge_directory)
                or refusals.named_owner(agent, message)
            )
        )
        own_rule = (
            agent.knowledge_base_id is not None
            and not person_id
            and someone_close.own_rule_question(message, agent, match, self.knowledge_directory)
        )
        own_behalf = not person_id and _on_own_behalf(agent, message, match)
        story = not person_id and self._policy_story(agent, message, match)
        if agent.identity != "explicit" and someone_else and not (own_rule or own_behalf or story):
            return answer(
                "A",
                "The user asks about another person's data; this agent acts only for the signed-in user.",
                refusals.ONLY_YOURS,
            )
        return None

    def _policy_story(
        self, agent: AgentDefinition, message: Understanding, match: intents.Match | None
    ) -> bool:
        """A question about the rules, with someone named or mentioned only as part of the story (a
        name that may be a pet's or a tier's, "my cousin" the user stays with, "people who bought
        this"): no operation of the agent matched, nothing of theirs asked for, and at least two of
        the documents' topic words (round 24). An identity refusal is for another person's data."""
        if match is not None or agent.knowledge_base_id is None or someone_close.theirs(message.text, agent):
            return False
        asked = message.text.rstrip().endswith("?") or policy.RULE_QUESTION.search(message.text) is not None
        return asked and knowledge.policy_evidence(message.text, directory=self.knowledge_directory) >= 2


# Someone or something of the first request spoken of again: a pronoun of the third person, or a
# word pointing back ("its orders", "those loans", "show them there").
_POINTS_BACK = re.compile(
    r"\b(?:she|her|hers|he|him|his|they|them|their|theirs|its|those|these)\b"
    # "show them there", not the "there" of "are there any" or "there's a fee" (round 27)
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!'s|'re| is| are| was| were)"
)
# Verbs that open a request and belong to no group of the lexicon (general English).
_REQUEST_VERBS = frozenset("check tell look get fetch place put pull send let bring".split())
# Where a second request starts: ", and then", "and also", "and can you" (round 25).
_AND_THEN = re.compile(
    r"(?:,\s*|\s+)and\s+(?:then\s+|also\s+)?(?:(?:can|could|would|will)\s+(?:you|u|i)\s+|please\s+)?(?=[a-z])",
    re.IGNORECASE,
)


def _on_own_behalf(agent: AgentDefinition, message: Understanding, match: intents.Match | None) -> bool:
    """Is the user acting for themselves, someone close only the reason: a search "for my aunt", or a
    change asked for on their own account (a gift the user buys, a title the user reserves for a
    child; round 21) that asks for nothing someone close has, owes or did?"""
    if match is None or not concepts.only_relative(message.text):
        return False
    text = message.text
    mine = _FOR_SELF.search(text) is not None
    # Acting for the other person ("under her name", "on behalf of"; "for him" unless the user says
    # it is on their own card) or naming them ("my neighbour <name>"): their account, not the user's.
    for_them = _ON_THEIR_ACCOUNT.search(text) or (not mine and _FOR_THEM.search(text))
    if for_them or _named_relation(text) or someone_close.theirs(text, agent):
        return False
    if match.role == "search":
        # A search of what the agent offers reads no one's account, whoever recommended it or whoever
        # it is for ("my aunt won't stop talking about it"; round 23).
        return True
    # A change the user says is theirs ("for me", "on my card"; round 21). A hold or an order "for my
    # aunt" alone stays hers (round 4's decision: acting for someone close is not acting for oneself);
    # one whose only tie to someone close is the reason told beside it ("my niece's class reads Dune:
    # hold it at Central", "my nephew liked it, so extend it") is the user's (round 28).
    return match.operation.mutating and (mine or _FOR_SOMEONE_CLOSE.search(text) is None)


_ON_THEIR_ACCOUNT = re.compile(r"\bon behalf of\b|\bunder (?:his|her|their|[a-z]+'s|[a-z]+ [a-z]+'s) name\b")
_FOR_THEM = re.compile(r"\bfor (?:him|her|them)\b")
_FOR_SOMEONE_CLOSE = re.compile(r"\b(?:for|to) (?:my|our) [a-z]+\b")
_RELATION_NAMED = re.compile(r"\b(?:my|our) [a-z]+ (?:(mr|mrs|ms|miss|dr)\.? )?([a-z]{2,})\b")


def _named_relation(text: str) -> bool:
    """Someone close named by name right after the relation ("my neighbour <a name>"): a word of no
    dictionary or after a title ("my neighbour mrs <name>")."""
    return any(
        title or not english.listed(name)
        for title, name in _RELATION_NAMED.findall(text)
        if name not in STOP_WORDS
    )


def _as_meant(context: PlanContext) -> PlanContext:
    """The context with the user's message as they meant it: a correction made while typing ("ORD-1,
    sorry I mean ORD-2") applied (corrections.py), its courtesy set aside ("if it's no bother",
    courtesy.py). The prompt keeps what they typed."""
    meant = _meant(context.user_text)
    return context if meant == context.user_text else replace(context, user_text=meant)


@lru_cache(maxsize=256)
def _meant(text: str) -> str:
    """A message's text as it was meant, read once for the pre-processing and every orchestration
    step of its turn (each step asks again)."""
    return courtesy.plain(corrections.corrected(text))


def _message(planner: OfflinePlanner, context: PlanContext) -> tuple[tuple[object, ...], tuple[int, str]]:
    """Which message the planner is working on (per_message.py): the same for the pre-processing
    and every orchestration step of one turn, another with the next message of any session."""
    return (planner, context.agent, context.memory), (len(context.history), context.user_text)


def _candidate(routed: Goal | None, match: intents.Match | None) -> str | None:
    """Which candidate the ordered rules chose: a read, the knowledge base or a refusal as out of
    scope; None for anything else (a write, a greeting, a refusal of an undeclared change)."""
    if routed is None:
        return candidates.READ if match is not None and not match.operation.mutating else None
    if routed.kind == "knowledge":
        return candidates.KNOWLEDGE
    if routed.refusal == refusals.OUT_OF_SCOPE_KIND:
        return candidates.REFUSAL
    return None


def _best_read(agent: AgentDefinition, message: Understanding) -> intents.Match | None:
    """The read with the most evidence for the message, however little (None: no read shares a word)."""
    ranked = [
        m
        for m in intents.rank(agent, message.text, message.id_parameters)
        if not m.operation.mutating and m.score > 0 and (m.role != "read" or message.referenced)
    ]
    return ranked[0] if ranked else None


def _own_list(
    agent: AgentDefinition, message: Understanding, match: intents.Match | None
) -> intents.Match | None:
    """A question whether the user has things in a state a list of theirs declares asks for that
    list of their own things, not for a search (which "got any" reads as); so does a question about
    the user's own things, matched to no operation, that names a field the list returns (a loan's
    "renewals", asked of "mine"; round 22)."""
    if match is None:
        stated = only_a_state(agent, message)
        if stated or not policy.own_data(message):
            return stated
        # the fields' names' words, ids aside
        return one_list_naming(agent, set(terms(message.text)), lambda name, _: not name.endswith("Id"))
    if match.role != "search" or not policy.own_data(message):
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
