"""Re-record tests/console/fixtures/local_turns.json: real turns of the local runtime, as the console
stores them (trace parts with ISO datetimes). Run: python -m tests.console.record_traces"""

from __future__ import annotations

import json
import os
from pathlib import Path

from agent_client.invoke import Target, runtime_client
from console.conversation import Conversation
from local_bedrock.runtime import local_runtime

FIXTURE = Path(__file__).parent / "fixtures" / "local_turns.json"
SCRIPT = [
    ("How long do I have to return headphones?", None),
    ("Order a yoga mat", "CONFIRM"),
    ("My card number is 4111 1111 1111 1111, can you save it?", None),
]


def record() -> list[dict[str, object]]:
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    with local_runtime() as runtime:
        target = Target(endpoint_url=runtime.url, agent_id="ASSISTANT", agent_alias_id="TSTALIASID")
        conversation = Conversation(runtime_client(target), target, {"customerId": "C0001"})
        for text, decision in SCRIPT:
            list(conversation.send(text))
            if decision:
                list(conversation.answer(decision))
        return [
            {"input": t.input, "output": t.output, "confirmation": t.confirmation, "parts": t.trace}
            for t in conversation.turns
        ]


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(record(), indent=1) + "\n")
    print(f"wrote {FIXTURE}")
