"""Which model the local runtime would use, and (with --ask) one real Converse step to check access.

    python -m local_bedrock.agent.converse_cli                     # no network call
    python -m local_bedrock.agent.converse_cli --ask "what did I buy recently?"

``--ask`` sends one Converse request to Bedrock with the agent's instruction and tools (it costs a
few thousand input tokens) and prints the step the model chose; nothing is executed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from local_bedrock.agent import converse
from local_bedrock.agent.converse_errors import MODEL_ENV
from local_bedrock.agent.definition import load_agents
from local_bedrock.agent.model import FinalAnswer, KnowledgeQuery, PlanContext, ToolCall
from local_bedrock.backend import ApiError


def _describe(decision: ToolCall | KnowledgeQuery | FinalAnswer) -> str:
    if isinstance(decision, ToolCall):
        return f"call {decision.operation_id}({decision.arguments})"
    if isinstance(decision, KnowledgeQuery):
        return f"search the knowledge base for {decision.query!r}"
    return f"answer: {decision.text}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agent", default="assistant", help="agent name from agents.json")
    parser.add_argument("--model-id", help=f"model or inference profile id (default: ${MODEL_ENV})")
    parser.add_argument("--region", help="AWS region (default: $LOCAL_AGENT_REGION, AWS settings, us-east-1)")
    parser.add_argument("--ask", metavar="TEXT", help="send one Converse request and print the chosen step")
    args = parser.parse_args(argv)

    model = converse.converse_model_from_environment(args.model_id, args.region)
    if model is None:
        print("No AWS credentials found: the local runtime uses the offline planner.")
        return 0
    print(f"Bedrock Converse: {model.model_id} in {model.region}")
    if not args.ask:
        return 0
    agent = load_agents()[args.agent]
    context = PlanContext(agent, args.ask, [], [], {}, {})
    try:
        output = model.decide(context)
    except ApiError as error:
        print(f"{error.code}: {error.message}", file=sys.stderr)
        return 1
    print(f"{args.agent} would {_describe(output.decision)}")
    if output.decision.rationale:
        print(f"rationale: {output.decision.rationale}")
    print(f"tokens: {output.input_tokens} in, {output.output_tokens} out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
