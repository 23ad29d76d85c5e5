"""The last candidate before a refusal: a read of the user's own things, when nothing else matched.

A message no operation matched well enough (intents.MIN_SCORE) and no document answers is refused
as out of scope. A model in the same place weighs every action against every other, the refusal
included: a message about the user's own things ("by when is that one due back", "anything we got in
March?") carries evidence for the reads that act for the signed-in user, however weak its words,
and almost none for a refusal. Here the refusal is one candidate among the reads: a read wins when
it has evidence from the agent's declarations (its profile's words, or a date for an operation that
declares a date parameter, told of the user's own past) and leads the next read clearly; otherwise
the refusal stands. Part of the offline planner (planner.py).
"""

from __future__ import annotations

import re

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.planner import intents, language, lexicon, policy
from local_bedrock.planner.dates import mentions_date
from local_bedrock.planner.goals import Understanding
from local_bedrock.planner.routing import UNKNOWN_SENTENCE

# The lead a read needs over the next one: below it the words do not tell the reads apart.
MARGIN = 1.5
# "I grabbed", "we got": the user telling of what they did (a past form in -ed or an irregular one).
_TOLD_BY_USER = re.compile(
    r"\b(?:i|we) (?:just |already |recently )?(?:[a-z]{3,}ed|" + "|".join(lexicon.IRREGULAR) + r")\b"
)


def own_read(agent: AgentDefinition, message: Understanding) -> intents.Match | None:
    """The read of the user's own things a message no operation matched still asks for, if one
    stands out; None: the refusal stands."""
    if agent.identity == "explicit" or len(message.product_words.split()) >= UNKNOWN_SENTENCE:
        return None
    told = _TOLD_BY_USER.search(message.text) is not None
    if not (policy.own_data(message) or policy.FIRST_PERSON.search(message.text)):
        return None
    dated = told and mentions_date(message.text)
    text = language.without(message.text, message.ids)
    scored = sorted(
        (
            (match.score + (intents.VALUE_BONUS if dated and _dated(match.operation) else 0.0), match)
            for match in intents.rank(agent, text, message.id_parameters)
            if not match.operation.mutating and match.role in ("list", "read")
        ),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] <= 0:
        return None
    best, match = scored[0]
    if len(scored) > 1 and best < scored[1][0] * MARGIN:
        return None
    if match.role == "read" and not message.referenced:
        return None  # a read of one thing needs one pointed at
    return intents.Match(match.operation, best, match.role)


def _dated(operation: Operation) -> bool:
    return any(p.schema.get("format") == "date" for p in operation.parameters)
