"""Offline guardrail engine: applies the repository's Bedrock guardrail policy file locally.

An approximation of Amazon Bedrock Guardrails for development and tests, emitting assessments and
traces in the service's shapes.
"""

from local_bedrock.guardrail.engine import GuardrailEngine, GuardrailResult, Source
from local_bedrock.guardrail.policy import GuardrailPolicy
from local_bedrock.guardrail.trace import guardrail_trace, new_trace_id

__all__ = [
    "GuardrailEngine",
    "GuardrailPolicy",
    "GuardrailResult",
    "Source",
    "guardrail_trace",
    "new_trace_id",
]
