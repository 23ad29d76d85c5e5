"""GuardrailEngine.assess builds its result without validating it again (GuardrailResult.model_construct):
the result equals the validated model of the same values, field for field and type for type, on the
corpus, for both sources."""

from __future__ import annotations

from local_bedrock.guardrail.engine import GuardrailEngine, GuardrailResult
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.guardrail_fixtures import TOPICS
from tests.local_bedrock.test_guardrail_anchors import _corpus


def test_results_equal_their_validated_model() -> None:
    engine = GuardrailEngine.from_policy_file(REPO_ROOT / GUARDRAIL_POLICY)
    texts = [*_corpus()[:800], *(t for texts in TOPICS.values() for t in texts)]
    actions = set()
    for text in texts:
        for source in ("INPUT", "OUTPUT"):
            got = engine.assess(text, source)
            validated = GuardrailResult(**{name: getattr(got, name) for name in got.model_fields_set})
            assert got == validated
            assert got.model_fields_set == validated.model_fields_set
            assert got.model_dump() == validated.model_dump()
            types = {name: type(value) for name, value in vars(validated).items()}
            assert {name: type(value) for name, value in vars(got).items()} == types
            actions.add((got.action, got.blocked, got.anonymized))
    assert len(actions) == 3  # nothing found, blocked and anonymized all occur
