"""OfflinePlanner: the default model of the local runtime. Deterministic, no network.

Each turn it understands the message (goals.py), then at every orchestration step decides:
fetch what a parameter needs from the operation its description names ("From searchProducts"),
ask the user for what is still missing, call the operation, or compose the answer from the result.
It remembers per session what it showed (lists, the order in focus, an open question, an offer)
so "the second one", "cancel it" or "yes, do it" work as follow-ups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.agent.model import (
    Decision,
    FinalAnswer,
    KnowledgeQuery,
    ModelOutput,
    Observation,
    PlanContext,
    PreprocessOutput,
    Step,
    ToolCall,
    estimate_tokens,
)
from local_bedrock.planner import knowledge, language, replies
from local_bedrock.planner.common_words import COMMON_WORDS
from local_bedrock.planner.concepts import CUES
from local_bedrock.planner.goals import (
    RECENCY,
    Goal,
    Understanding,
    concept_for,
    operation_goal,
    resolve_reference,
    understand,
)
from local_bedrock.planner.memory import remember
from local_bedrock.planner.operations import operation_for
from local_bedrock.planner.prompt import render_prompt
from local_bedrock.planner.slots import find_ids, integers, kind_of
from textnorm import singular, terms

MODEL_ID = "local.offline-planner-v1"


def id_in_text(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """A search for any of the schemas' anchored id patterns inside free text."""
    bodies = sorted({p.strip("^$") for p in patterns if p})
    return re.compile(r"\b(?:" + "|".join(bodies) + r")\b", re.IGNORECASE) if bodies else None


SCOPE = "your purchases, orders, product recommendations and our store policies"
ONLY_YOURS = "I can only help with your own purchases and orders; I can't look up anyone else's information."
STAFF_SCOPE = "looking up customers' purchases, orders and recommendations"


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
    ) -> None:
        catalog_words = {w for name in catalog_names for w in language.words(name.lower())}
        self.catalog_stems = frozenset(singular(w) for w in catalog_words)
        self.cue_words = frozenset(
            w for cues in CUES.values() for _, p in cues for w in re.findall(r"[a-z]{3,}", p)
        )
        self.speller = language.Speller(
            {*catalog_words, *vocabulary, *COMMON_WORDS, *self.cue_words}, fold=singular
        )
        self.today = today
        # A person's id in a customer-facing chat is always someone else's business: identity comes
        # from the session, never from the conversation (DESIGN.md, the identity rule). The id's
        # format is the schemas' (the pattern of their customerId parameters).
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
        decision = self._next(context, goal)
        prompt = render_prompt(context)
        raw = json.dumps(_describe(decision), ensure_ascii=False)
        return ModelOutput(decision, prompt, raw, estimate_tokens(prompt), estimate_tokens(raw))

    # ------------------------------------------------------------------ understanding
    def _goal(self, context: PlanContext) -> Goal:
        key = [len(context.history), context.user_text]
        cached = context.memory.get("turn")
        if cached and cached["key"] == key:
            return Goal(**cached["goal"])
        message = understand(
            context.user_text, self.speller, self.catalog_stems, self.cue_words, context.agent
        )
        goal = self._understand(context, message)
        context.memory["turn"] = {"key": key, "goal": asdict(goal)}
        return goal

    def _understand(self, context: PlanContext, message: Understanding) -> Goal:
        agent, memory, scores = context.agent, context.memory, message.scores
        explicit = agent.identity == "explicit"
        scope = STAFF_SCOPE if explicit else SCOPE
        if scores.get("meta"):
            return _answer(
                "B",
                "The user asks about my instructions or tools.",
                f"Sorry, I can't share how I'm set up. I can help with {scope}.",
            )
        if not explicit and (
            scores.get("other_person")
            or (self.person_id_in_text and self.person_id_in_text.search(message.text))
        ):
            return _answer(
                "A",
                "The user asks about another person's data; this agent acts only for the signed-in customer.",
                ONLY_YOURS,
            )
        pending = memory.pop("pending", None)
        concept = concept_for(agent, message)
        if pending and _answers(message, pending, concept) and not scores.get("deny"):
            return self._continue(agent, pending, message, memory)
        page = memory.get("page")
        if scores.get("more") and page and concept in (None, "history"):
            history = operation_for(agent, "history")
            if history is not None and history.operation_id == page["operation"]:
                return operation_goal(agent, "history", message, memory, self.today(), "D")
        offer = memory.pop("offer", None)
        if offer and concept is None and (scores.get("affirm") or language.ordinal_reference(message.text)):
            return self._accept_offer(agent, offer, message, memory)
        if scores.get("deny") and (pending or offer):
            return _answer(
                "E",
                "The user declined what I proposed.",
                "Okay, no problem. Is there anything else I can help with?",
            )
        if concept is None:
            return self._no_operation(context, message, scope)
        if agent.knowledge_base_id and _about_policy(concept, message):
            return _knowledge(message)
        if operation_for(agent, concept) is None:
            referral = re.search(r"instead \(([^)]+)\)", agent.instruction)
            where = f" Please use {referral.group(1)} for that." if referral else ""
            return _answer(
                "C",
                f"No operation of this agent can {concept} anything.",
                f"Sorry, I can't do that here.{where} I can help with {scope}.",
            )
        return operation_goal(agent, concept, message, memory, self.today(), "D")

    def _no_operation(self, context: PlanContext, message: Understanding, scope: str) -> Goal:
        scores = message.scores
        if scores.get("greeting"):
            return _answer("D", "A greeting.", f"Hello! I can help with {scope}. What would you like to do?")
        if scores.get("thanks"):
            return _answer("D", "The user says thanks.", "You're welcome! Anything else I can help with?")
        if scores.get("help"):
            return _answer("D", "The user asks what I can do.", f"I can help with {scope}.")
        if context.agent.knowledge_base_id and (
            scores.get("knowledge") or knowledge.policy_evidence(message.text) >= 1
        ):
            return _knowledge(message)
        return _answer(
            "C",
            "Nothing I can do covers this request.",
            f"Sorry, I can't help with that. I can help with {scope}.",
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
        if message.product_words and "productId" in goal.unresolved:
            goal.product_words = message.product_words
        goal.rationale = "The user answered my question; I can continue with " + goal.operation_id + "."
        return goal

    def _accept_offer(
        self, agent: AgentDefinition, offer: dict[str, Any], message: Understanding, memory: dict[str, Any]
    ) -> Goal:
        goal = operation_goal(agent, offer["concept"], message, memory, self.today(), "E")
        goal.rationale = "The user accepted my offer to " + offer["concept"] + "."
        return goal

    # ------------------------------------------------------------------ deciding the next step
    def _next(self, context: PlanContext, goal: Goal) -> Decision:
        if goal.kind == "answer":
            return FinalAnswer(goal.text, goal.rationale)
        if goal.kind == "knowledge":
            return self._knowledge_step(context, goal)
        agent = context.agent
        target = agent.operation(goal.operation_id)
        last = context.steps[-1] if context.steps else None
        if (
            last
            and last.operation
            and last.operation.operation_id == target.operation_id
            and last.observation
        ):
            return self._finish(context, goal, target, last.observation)
        if last and last.operation and last.observation and last.observation.kind == "ACTION_GROUP":
            chosen = self._choose(context, goal, last.operation, last.observation)
            if isinstance(chosen, FinalAnswer):
                return chosen
        for name in list(goal.unresolved):
            parameter = target.parameter(name)
            assert parameter is not None
            fetch = self._fetch_for(agent, goal, parameter, context.steps)
            if fetch is not None:
                return fetch
            if parameter.type == "integer" and goal.concept == "place":
                goal.arguments[name] = 1
                goal.unresolved.remove(name)
                continue
            return self._ask(context, goal, target, parameter)
        precheck = self._precheck(context, goal, target)
        if precheck is not None:
            return precheck
        return ToolCall(target.operation_id, dict(goal.arguments), goal.rationale)

    def _precheck(self, context: PlanContext, goal: Goal, target: Operation) -> Decision | None:
        """Before asking the user to confirm a cancellation, make sure the order can still be
        cancelled: from what the conversation already showed, or by looking its status up."""
        order_param = next((p for p in target.parameters if kind_of(p) == "order"), None)
        if goal.concept != "cancel" or order_param is None or order_param.name not in goal.arguments:
            return None
        order_id = goal.arguments[order_param.name]
        lookup = operation_for(context.agent, "status") or operation_for(context.agent, "details")
        last = context.steps[-1] if context.steps else None
        if lookup and last and last.operation is lookup and last.observation:
            if last.observation.status >= 400:
                return FinalAnswer(
                    replies.failure(last.observation.status, last.observation.body), "The lookup failed."
                )
            remember(context.memory, last.observation.body, lookup, goal.arguments)
        known = context.memory.get("statuses", {}).get(order_id)
        if known is None:
            if lookup is None or any(s.operation is lookup for s in context.steps):
                return None
            arguments = {
                p.name: goal.arguments.get(p.name, order_id if kind_of(p) == "order" else None)
                for p in lookup.parameters
            }
            arguments = {k: v for k, v in arguments.items() if v is not None}
            return ToolCall(
                lookup.operation_id,
                arguments,
                "Before asking to confirm, I check the order can still be cancelled.",
            )
        if not known["cancellable"]:
            return FinalAnswer(
                f"Order {order_id} is {known['status']}, so it can't be cancelled any more. "
                "Once it is delivered you can return it under our returns policy.",
                "The order has already left the cancellable states; asking to confirm would be pointless.",
            )
        return None

    def _knowledge_step(self, context: PlanContext, goal: Goal) -> Decision:
        looked_up = [s for s in context.steps if isinstance(s.decision, KnowledgeQuery) and s.observation]
        if not looked_up:
            return KnowledgeQuery(
                goal.query, "This is a question about store policy; the knowledge base answers it."
            )
        observation = looked_up[-1].observation
        assert observation is not None
        results = observation.body if isinstance(observation.body, list) else []
        answer = knowledge.compose(goal.query, results)
        if answer is None:
            scope = SCOPE if context.agent.identity == "session" else STAFF_SCOPE
            return FinalAnswer(
                f"I couldn't find anything about that in our store policies. I can help with {scope}.",
                "The knowledge base has nothing relevant.",
            )
        return FinalAnswer(answer, "The knowledge base answers the question; I quote it.")

    def _fetch_for(
        self, agent: AgentDefinition, goal: Goal, parameter: Any, steps: list[Step]
    ) -> ToolCall | None:
        """Call the operation that yields this parameter, if the schema names one and it wasn't called."""
        kind = kind_of(parameter)
        source_id = parameter.source_operation
        if source_id and source_id not in {op.operation_id for op in agent.operations}:
            source_id = None  # the description names another agent's operation
        if source_id is None and kind == "order" and goal.recency:
            history = operation_for(agent, "history")
            source_id = history.operation_id if history else None
        if source_id is None or any(s.operation and s.operation.operation_id == source_id for s in steps):
            return None
        source = agent.operation(source_id)
        arguments: dict[str, Any] = {}
        for p in source.parameters:
            if kind_of(p) == "customer" and "customerId" in goal.arguments:
                arguments[p.name] = goal.arguments["customerId"]
            elif p.type == "string" and p.required and not p.schema.get("pattern"):
                if not goal.product_words:
                    return None
                arguments[p.name] = goal.product_words
            elif p.type == "integer" and "limit" in p.name.lower():
                arguments[p.name] = 1 if goal.recency else 5
        return ToolCall(source_id, arguments, f"{parameter.name} comes from {source_id}; I look it up first.")

    def _choose(
        self, context: PlanContext, goal: Goal, source: Operation, observation: Observation
    ) -> Decision | None:
        """Pick the parameter value out of a source operation's result, or ask the user to pick."""
        target = context.agent.operation(goal.operation_id)
        unresolved = [p for p in target.parameters if p.name in goal.unresolved]
        named = [p.name for p in unresolved if p.source_operation == source.operation_id]
        orders = [p.name for p in unresolved if kind_of(p) == "order"]
        candidates = named or orders
        if not candidates:
            return None
        name = candidates[0]
        if observation.status >= 400:
            return FinalAnswer(replies.failure(observation.status, observation.body), "The lookup failed.")
        options = _options(observation.body)
        remember(
            context.memory,
            observation.body,
            source,
            dict(context.steps[-1].decision.arguments)
            if isinstance(context.steps[-1].decision, ToolCall)
            else {},
        )
        if not options:
            what = f"matching “{goal.product_words}”" if goal.product_words else "to choose from"
            return FinalAnswer(f"I couldn't find anything {what}.", "The lookup returned nothing.")
        message = language.normalize(context.user_text)
        position = language.ordinal_reference(message)
        pick = None
        if goal.recency or len(options) == 1:
            pick = options[0]
        elif position and 0 < position <= len(options):
            pick = options[position - 1]
        else:
            pick = _best_name_match(goal.product_words, options)
        if pick is None:
            question = "Which one do you mean?\n" + "\n".join(
                f"{n}. {o['label']}" for n, o in enumerate(options, 1)
            )
            context.memory["pending"] = {"concept": goal.concept, "goal": asdict(goal)}
            return FinalAnswer(
                question, f"Several results match; I ask which one {name} should be.", "ASK_USER"
            )
        goal.arguments[name] = pick["id"]
        goal.unresolved.remove(name)
        context.memory["turn"]["goal"] = asdict(goal)
        return None

    def _ask(self, context: PlanContext, goal: Goal, target: Operation, parameter: Any) -> FinalAnswer:
        context.memory["pending"] = {"concept": goal.concept, "goal": asdict(goal)}
        kind = kind_of(parameter)
        example = parameter.description.split("e.g. ")[-1]
        questions = {
            "order": f"Which order do you mean? Please give me the order id ({example}).",
            "product": "Which product would you like? Tell me its name, for example “wireless earbuds”.",
            "customer": f"Which customer? Please give me the customer id ({example}).",
        }
        question = questions.get(kind, f"What should I use for {parameter.name}? ({parameter.description})")
        if parameter.type == "integer":
            question = "How many would you like?"
        return FinalAnswer(
            question, f"{target.operation_id} needs {parameter.name}, which I don't have yet.", "ASK_USER"
        )

    def _finish(
        self, context: PlanContext, goal: Goal, target: Operation, observation: Observation
    ) -> FinalAnswer:
        if observation.kind == "DENIED":
            order = goal.arguments.get("orderId")
            text = f"Okay, order {order} stays as it is." if order else "Okay, I haven't placed that order."
            return FinalAnswer(text, "The user declined the confirmation.")
        remember(context.memory, observation.body, target, goal.arguments)
        whose = (
            "you"
            if context.agent.identity == "session"
            else f"customer {goal.arguments.get('customerId', '')}"
        )
        can_order = operation_for(context.agent, "place") is not None
        text = replies.compose(
            observation.body, observation.status, whose=whose, query=goal.product_words, can_order=can_order
        )
        if (
            goal.concept == "search"
            and can_order
            and observation.status < 400
            and observation.body.get("products")
        ):
            context.memory["offer"] = {"concept": "place"}
        return FinalAnswer(text, f"{target.operation_id} answered; I summarize the result.")


def _about_policy(concept: str, message: Understanding) -> bool:
    """A policy question rather than an operation: it scores as high, or it names no product to
    search for or buy ("how much is overnight shipping", "how many points do I need"), or it asks
    about a rule, naming no order, product or earlier answer, in words the policies use
    ("does the 30 days start when it ships?", "my package hasn't moved in a week, what now?")."""
    knowledge_score = message.scores.get("knowledge")
    if knowledge_score >= 3 and knowledge_score >= message.scores.get(concept):
        return True
    if concept in ("cancel", "place", "refund") and _general_question(message):
        return True  # "can I still cancel an order after it has shipped?" asks about the rule
    if concept in ("search", "place") and knowledge_score >= 2 and not message.catalog_words:
        return True
    return (
        RULE_QUESTION.search(message.text) is not None
        and not _specific(message, products=concept in ("search", "place"))
        and knowledge.policy_evidence(message.text, ignore=CUE_TERMS.get(concept, frozenset())) >= 2
    )


GENERAL_QUESTION = re.compile(
    r"^(can|could|may) (i|you|we|customers?|someone)\b|^(is it possible|how do (i|you)|how can i|what if|"
    r"do you (allow|let)|are (customers|you) allowed|what happens if)\b"
)


# Asking how things work, or what to do about a problem: "what if", "do I get", "why", "what now".
RULE_QUESTION = re.compile(
    r"\b(what (now|do i do|should i do|can i do|happens|if)|who do i|how (do|can|long|much|many|soon|fast|"
    r"often) |is it possible|am i (going|allowed|able)|will (i|you|my)|do i (get|have|need|pay|still)|"
    r"does (it|the|my)|is there|are there|why|when (will|does|do)|can i|could i|may i|do you)\b|"
    r"^(can|could|may|do|does|is|are|will|would|should)\b"
)
# The words an operation's own cues use: they do not count as policy topics for that operation.
CUE_TERMS = {
    concept: frozenset(terms(" ".join(re.findall(r"[a-z]{3,}", " ".join(p for _, p in cues)))))
    for concept, cues in CUES.items()
}


def _specific(message: Understanding, products: bool = True) -> bool:
    """Does the message point at one order or earlier answer ("cancel it", "my last order", "the
    second one", an id) or, when ``products``, name a product of the catalog?"""
    pointed = re.search(r"\b(cancel|order|buy|refund|return) (it|that|this|them|those)\b", message.text)
    return bool(
        message.ids
        or (products and message.catalog_words)
        or RECENCY.search(message.text)
        or pointed
        or language.ordinal_reference(message.text)
    )


def _general_question(message: Understanding) -> bool:
    """A question about what is possible in general, not about one order or product."""
    return bool(GENERAL_QUESTION.search(message.text)) and not _specific(message)


def _answers(message: Understanding, pending: dict[str, Any], concept: str | None) -> bool:
    """Does this message answer the question I asked (rather than start something new)?"""
    if concept is not None and concept != pending["concept"]:
        return False
    if (
        concept is not None
        and (RECENCY.search(message.text) or message.ids)
        and len(message.text.split()) > 3
    ):
        return False  # a complete request of its own ("can you cancel my last order"): start afresh
    if message.scores.get("knowledge") >= 3 or message.scores.get("greeting") or message.scores.get("thanks"):
        return False
    short = len(message.text.split()) <= 6
    return bool(
        concept == pending["concept"]
        or message.ids
        or language.ordinal_reference(message.text)
        or message.product_words
        or re.search(r"\b\d+\b", language.number_words_to_digits(message.text))
        or short
    )


def _answer(category: str, rationale: str, text: str) -> Goal:
    return Goal(kind="answer", category=category, rationale=rationale, text=text)


def _knowledge(message: Understanding) -> Goal:
    return Goal(kind="knowledge", category="D", rationale="A question about store policy.", query=message.raw)


def _from_answer(parameter: Any, message: Understanding, memory: dict[str, Any]) -> Any:
    found = find_ids(message.text, parameter)
    if found:
        return found[0]
    if parameter.type == "integer":
        numbers = integers(message.text, message.ids)
        return numbers[0] if numbers else None
    return resolve_reference(parameter, message.text, memory)


def _options(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return []
    if "products" in body:
        return [
            {"id": p["productId"], "label": f"{p['name']} — ${p['price']}", "name": p["name"]}
            for p in body["products"]
        ]
    if "purchases" in body:
        return [
            {
                "id": p["purchaseId"],
                "label": f"{p['purchaseId']} ({p['placedAt'][:10]}: {', '.join(p['items'])})",
                "name": " ".join(p["items"]),
            }
            for p in body["purchases"]
        ]
    return []


def _best_name_match(words: str, options: list[dict[str, str]]) -> dict[str, str] | None:
    wanted = {singular(w) for w in language.words(words)}
    if not wanted:
        return None
    covering = [o for o in options if wanted <= {singular(w) for w in language.words(o["name"].lower())}]
    return covering[0] if len(covering) == 1 else None


def _describe(decision: Decision) -> dict[str, Any]:
    if isinstance(decision, ToolCall):
        return {
            "thought": decision.rationale,
            "action": {"tool": decision.operation_id, "input": decision.arguments},
        }
    if isinstance(decision, KnowledgeQuery):
        return {"thought": decision.rationale, "action": {"tool": "knowledge_base", "input": decision.query}}
    return {"thought": decision.rationale, "answer": decision.text}
