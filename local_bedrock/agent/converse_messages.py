"""The Converse ``system`` and ``messages`` of one orchestration step, rebuilt from the context.

Earlier turns contribute the user's text and the agent's answer; the current turn contributes the
user's text and, for every step taken so far, an assistant ``toolUse`` block (after any rationale
text) followed by a user ``toolResult`` block with the observation. The Converse rules hold by
construction: roles alternate (consecutive blocks of one role share a message), the first message is
the user's, every ``toolUse`` id is answered by a ``toolResult`` with the same id, no text block is
empty, and the last message is the user's so the model speaks next.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from local_bedrock.agent.converse_tools import KNOWLEDGE_BASE_TOOL, Toolbox
from local_bedrock.agent.model import KnowledgeQuery, Observation, PlanContext, Step, ToolCall

DEFAULT_MAX_TURNS = 10
DEFAULT_MAX_RESULT_CHARS = 20_000
EMPTY_USER_TEXT = "(no text)"
EMPTY_AGENT_TEXT = "(no answer)"


def system_prompt(instruction: str, today: date, prompt_session_attributes: Mapping[str, str]) -> str:
    """The agent instruction, the date, and the prompt session attributes (never session attributes).

    Bedrock agents put ``$prompt_session_attributes$`` into the orchestration prompt the same way;
    session attributes (such as the signed-in customer) stay with the application and the tools.
    """
    parts = [instruction.strip(), f"Today's date is {today.isoformat()} ({today.strftime('%A')})."]
    if prompt_session_attributes:
        lines = "\n".join(f"{key}: {value}" for key, value in sorted(prompt_session_attributes.items()))
        parts.append(f"Context from the application for this turn:\n{lines}")
    return "\n\n".join(parts)


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _knowledge_results(body: Any) -> list[dict[str, Any]]:
    results = []
    for item in body if isinstance(body, list) else []:
        if not isinstance(item, dict):
            continue
        uri = item.get("location", {}).get("s3Location", {}).get("uri")
        results.append(
            {"text": item.get("content", {}).get("text", ""), "source": uri, "score": item.get("score")}
        )
    return results


def tool_result_content(observation: Observation, max_chars: int) -> list[dict[str, Any]]:
    """The ``toolResult`` content for an observation: a JSON object, or text when it is too long."""
    if observation.kind == "KNOWLEDGE_BASE":
        document: Any = {"results": _knowledge_results(observation.body)}
    elif observation.kind == "DENIED":
        document = {"error": observation.text or "The user did not confirm this action; it did not run."}
    else:
        body = _json_safe(observation.body)
        document = body if isinstance(body, dict) else {"result": body}
    encoded = json.dumps(document, ensure_ascii=False)
    if len(encoded) > max_chars:
        return [{"text": encoded[:max_chars] + " …(truncated)"}]
    return [{"json": document}]


def failed(observation: Observation) -> bool:
    return observation.kind == "DENIED" or observation.status >= 400


class _Conversation:
    """Messages under construction: blocks of the same role as the last message join it."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def add(self, role: str, *blocks: dict[str, Any]) -> None:
        blocks = tuple(b for b in blocks if not ("text" in b and not b["text"].strip()))
        if not blocks:
            return
        if not self.messages and role != "user":
            return  # a conversation starts with the user
        if self.messages and self.messages[-1]["role"] == role:
            self.messages[-1]["content"].extend(blocks)
        else:
            self.messages.append({"role": role, "content": list(blocks)})


def _text(text: str, placeholder: str) -> dict[str, str]:
    """A text block; Converse rejects blank text, so a blank turn is stood in for by ``placeholder``."""
    return {"text": text if text.strip() else placeholder}


def tool_use_id(index: int) -> str:
    """The id of the current turn's step ``index`` (ids need only match within one request)."""
    return f"tooluse_step{index}"


def _tool_use(step: Step, index: int, tools: Toolbox) -> dict[str, Any] | None:
    decision = step.decision
    if isinstance(decision, ToolCall):
        name, tool_input = tools.name_for(decision.operation_id), _json_safe(decision.arguments)
    elif isinstance(decision, KnowledgeQuery):
        name, tool_input = KNOWLEDGE_BASE_TOOL, {"query": decision.query}
    else:
        return None
    return {"toolUse": {"toolUseId": tool_use_id(index), "name": name, "input": tool_input}}


def conversation(
    context: PlanContext,
    tools: Toolbox,
    max_turns: int = DEFAULT_MAX_TURNS,
    max_result_chars: int = DEFAULT_MAX_RESULT_CHARS,
    result_status: bool = True,
) -> list[dict[str, Any]]:
    """The Converse ``messages`` for the next decision of the current turn.

    Only the last ``max_turns`` earlier turns are kept, so prompts stay bounded in long sessions.
    Steps without an observation yet (nothing to answer the ``toolUse`` with) and final answers are
    left out. ``result_status`` marks failed results with ``status: "error"``, a field Converse
    accepts for Anthropic models only; the result content says what failed either way.
    """
    chat = _Conversation()
    for turn in context.history[-max_turns:] if max_turns > 0 else []:
        chat.add("user", _text(turn.user_text, EMPTY_USER_TEXT))
        chat.add("assistant", _text(turn.agent_text, EMPTY_AGENT_TEXT))
    chat.add("user", _text(context.user_text, EMPTY_USER_TEXT))
    for index, step in enumerate(context.steps):
        use = _tool_use(step, index, tools)
        if use is None or step.observation is None:
            continue
        chat.add("assistant", {"text": step.decision.rationale}, use)
        result: dict[str, Any] = {
            "toolUseId": use["toolUse"]["toolUseId"],
            "content": tool_result_content(step.observation, max_result_chars),
        }
        if result_status and failed(step.observation):
            result["status"] = "error"
        chat.add("user", {"toolResult": result})
    return chat.messages
