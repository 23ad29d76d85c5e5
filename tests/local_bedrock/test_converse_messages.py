"""Whatever the session holds, the rebuilt conversation keeps the Converse rules and the service model."""

from __future__ import annotations

from typing import Any

from botocore_shapes import shape_errors
from converse_fixtures import TODAY, agents, context, converse_rule_violations
from hypothesis import given, settings
from hypothesis import strategies as st

from local_bedrock.agent.converse_messages import conversation, system_prompt, tool_result_content
from local_bedrock.agent.converse_tools import Toolbox
from local_bedrock.agent.model import FinalAnswer, KnowledgeQuery, Observation, Step, ToolCall
from local_bedrock.sessions import Turn

TOOLS = Toolbox.for_agent(agents()["assistant"])
OPERATIONS = [op.operation_id for op in agents()["assistant"].operations]

texts = st.text(max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
decisions = st.one_of(
    st.builds(ToolCall, st.sampled_from(OPERATIONS), st.dictionaries(texts, json_values, max_size=3), texts),
    st.builds(KnowledgeQuery, texts, texts),
    st.builds(FinalAnswer, texts, texts),
)
observations = st.builds(
    Observation,
    st.sampled_from(["ACTION_GROUP", "KNOWLEDGE_BASE", "DENIED"]),
    st.sampled_from([200, 400, 404, 422, 500]),
    json_values,
    texts,
)
steps = st.builds(Step, decisions, st.none() | observations)
turns = st.builds(Turn, texts, texts)


@settings(max_examples=150)
@given(
    history=st.lists(turns, max_size=8),
    user_text=texts,
    taken=st.lists(steps, max_size=6),
    max_turns=st.integers(min_value=0, max_value=5),
)
def test_conversations_keep_the_converse_rules(
    history: list[Turn], user_text: str, taken: list[Step], max_turns: int
) -> None:
    messages = conversation(context(user_text, history=history, steps=taken), TOOLS, max_turns=max_turns)
    assert converse_rule_violations(messages) == []
    request: dict[str, Any] = {
        "modelId": "m",
        "messages": messages,
        "toolConfig": {"tools": list(TOOLS.specs)},
    }
    assert shape_errors(request, "ConverseRequest", "bedrock-runtime") == []
    answered = [s for s in taken if s.observation is not None and not isinstance(s.decision, FinalAnswer)]
    results = [b for m in messages for b in m["content"] if "toolResult" in b]
    assert len(results) == len(answered)
    user_texts = [b for m in messages if m["role"] == "user" for b in m["content"] if "text" in b]
    assert len(user_texts) == min(len(history), max_turns) + 1


def test_long_results_are_cut_and_sent_as_text() -> None:
    big = {"purchases": [{"purchaseId": f"ORD-{i:06d}", "note": "x" * 100} for i in range(100)]}
    (block,) = tool_result_content(Observation("ACTION_GROUP", 200, big, ""), max_chars=500)
    assert block["text"].endswith("…(truncated)")
    assert len(block["text"]) < 520
    (small,) = tool_result_content(Observation("ACTION_GROUP", 200, [1, 2], ""), max_chars=500)
    assert small == {"json": {"result": [1, 2]}}


def test_system_prompt_without_prompt_attributes_has_no_context_section() -> None:
    prompt = system_prompt("Be helpful.", TODAY, {})
    assert prompt == "Be helpful.\n\nToday's date is 2026-03-14 (Saturday)."
