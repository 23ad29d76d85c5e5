"""The prompt the planner "reads": what the trace shows as the model invocation input. It is built
like a Bedrock agent's orchestration prompt, from the same instruction and tool definitions."""

from __future__ import annotations

import json

from local_bedrock.agent.model import PlanContext

MAX_HISTORY_TURNS = 6
MAX_OBSERVATION_CHARS = 1500


def render_prompt(context: PlanContext) -> str:
    agent = context.agent
    tools = []
    for op in agent.operations:
        params = ", ".join(f"{p.name}{'' if p.required else '?'}: {p.type}" for p in op.parameters)
        confirm = " [asks the user to confirm]" if op.requires_confirmation else ""
        tools.append(f"- {op.operation_id}({params}): {op.description}{confirm}")
    if agent.knowledge_base_id:
        tools.append(f"- knowledge_base({agent.knowledge_base_id}): search the store's policy documents")
    lines = [agent.instruction.strip(), "", "Tools:", *tools, ""]
    if context.prompt_session_attributes:
        lines += ["Prompt session attributes: " + json.dumps(context.prompt_session_attributes), ""]
    lines.append("Conversation:")
    for turn in context.history[-MAX_HISTORY_TURNS:]:
        lines += [f"User: {turn.user_text}", f"Agent: {turn.agent_text}"]
    lines.append(f"User: {context.user_text}")
    for step in context.steps:
        lines.append(
            f"Step: {type(step.decision).__name__} {getattr(step.decision, 'operation_id', '')}".rstrip()
        )
        if step.observation:
            lines.append("Observation: " + step.observation.text[:MAX_OBSERVATION_CHARS])
    return "\n".join(lines)
