"""GuardrailEngine: applies a Bedrock guardrail policy file offline.

An approximation of the Bedrock Guardrails service for development and tests: PII by regex and
checksum, word lists, denied topics by weighted cues, content filters and prompt attacks by
lexicons. Results carry the assessment in the exact shape of bedrock-agent-runtime's
`GuardrailAssessment`, ready for a `guardrailTrace` (see `trace.py`).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from local_bedrock.guardrail import grounding
from local_bedrock.guardrail.content import CONTENT_RULES, AnyRules, blocks, classify
from local_bedrock.guardrail.pii import Finding, anonymize, detect_pii, detect_regexes
from local_bedrock.guardrail.policy import ContentFilterConfig, GuardrailPolicy, PiiAction, Strength
from local_bedrock.guardrail.topics import TopicMatcher
from local_bedrock.guardrail.words import PROFANITY, WordMatcher

Source = Literal["INPUT", "OUTPUT"]
_ACTION_WORD = {"BLOCK": "BLOCKED", "ANONYMIZE": "ANONYMIZED"}


class GuardrailResult(BaseModel):
    """Outcome of one assessment, like ApplyGuardrail's response plus the trace assessment."""

    model_config = ConfigDict(frozen=True)

    source: Source
    action: Literal["NONE", "GUARDRAIL_INTERVENED"]
    text: str  # what to use next: the original, the anonymized text, or the blocked message
    blocked: bool
    anonymized: bool
    assessment: dict[str, Any]  # bedrock-agent-runtime GuardrailAssessment
    # bedrock-runtime GuardrailContextualGroundingPolicyAssessment, for a grounding check: InvokeAgent's
    # trace shape (bedrock-agent-runtime GuardrailAssessment) has no field for it.
    grounding: dict[str, Any] | None = None
    started_at: datetime
    latency_ms: float


def _direction_action(
    default: PiiAction, inbound: PiiAction | None, outbound: PiiAction | None, source: Source
) -> PiiAction:
    override = inbound if source == "INPUT" else outbound
    return override or default


def _strength(config: ContentFilterConfig, source: Source) -> Strength:
    return config.inputStrength if source == "INPUT" else config.outputStrength


class GuardrailEngine:
    """Assesses user input and model output against one guardrail policy."""

    def __init__(self, policy: GuardrailPolicy) -> None:
        self.policy = policy
        self._pii = policy.sensitiveInformationPolicyConfig.piiEntitiesConfig
        self._regexes = [
            (r, re.compile(r.pattern)) for r in policy.sensitiveInformationPolicyConfig.regexesConfig
        ]
        self._filters = policy.contentPolicyConfig.filtersConfig
        # Per source, one search for every content category the policy checks there (AnyRules):
        # a text it does not match has confidence NONE in each, which no strength blocks.
        self._content_screen = {
            source: AnyRules(
                CONTENT_RULES[c.type]
                for c in self._filters
                if c.type in CONTENT_RULES and _strength(c, source) != "NONE"
            )
            for source in ("INPUT", "OUTPUT")
        }
        self._topics = TopicMatcher(policy.topicPolicyConfig.topicsConfig)
        words = policy.wordPolicyConfig
        self._custom_words = WordMatcher(w.text for w in words.wordsConfig)
        self._profanity = WordMatcher(
            PROFANITY if any(m.type == "PROFANITY" for m in words.managedWordListsConfig) else ()
        )

    @classmethod
    def from_policy_file(cls, path: str | Path) -> GuardrailEngine:
        return cls(GuardrailPolicy.from_file(path))

    def _sensitive(self, text: str, source: Source) -> tuple[dict[str, Any], list[Finding], bool]:
        actions = {
            c.type: _direction_action(c.action, c.inputAction, c.outputAction, source) for c in self._pii
        }
        entities: list[dict[str, str]] = []
        regexes: list[dict[str, str]] = []
        to_mask: list[Finding] = []
        blocked = False
        for finding in detect_pii(text):
            action = actions.get(finding.type, "NONE")
            if action == "NONE":
                continue
            entities.append({"match": finding.match, "type": finding.type, "action": _ACTION_WORD[action]})
            blocked |= action == "BLOCK"
            to_mask.append(finding)
        for config, pattern in self._regexes:
            action = _direction_action(config.action, config.inputAction, config.outputAction, source)
            if action == "NONE":
                continue
            for finding in detect_regexes(text, [(config.name, pattern)]):
                regexes.append(
                    {
                        "name": config.name,
                        "match": finding.match,
                        "regex": config.pattern,
                        "action": _ACTION_WORD[action],
                    }
                )
                blocked |= action == "BLOCK"
                to_mask.append(finding)
        policy: dict[str, Any] = {}
        if entities:
            policy["piiEntities"] = entities
        if regexes:
            policy["regexes"] = regexes
        return policy, to_mask, blocked

    def _content(self, text: str, source: Source) -> list[dict[str, str]]:
        found = []
        screened = self._content_screen[source].search(text)
        for config in self._filters:
            strength = _strength(config, source)
            if config.type == "PROMPT_ATTACK" and source == "OUTPUT":
                continue  # the service applies prompt-attack detection to input only
            if strength == "NONE" or (config.type in CONTENT_RULES and not screened):
                continue
            confidence = classify(text, config.type)
            if blocks(strength, confidence):
                found.append({"type": config.type, "confidence": confidence, "action": "BLOCKED"})
        return found

    def _words(self, text: str) -> dict[str, Any]:
        policy: dict[str, Any] = {}
        custom = self._custom_words.find(text)
        managed = self._profanity.find(text)
        if custom:
            policy["customWords"] = [{"match": m, "action": "BLOCKED"} for m in custom]
        if managed:
            policy["managedWordLists"] = [
                {"match": m, "type": "PROFANITY", "action": "BLOCKED"} for m in managed
            ]
        return policy

    def check_grounding(self, response: str, sources: list[str], query: str) -> GuardrailResult | None:
        """The contextual grounding check of a knowledge-base answer, or None when the policy has
        no enabled grounding filter. A BLOCK filter that fires replaces the answer with the blocked
        output message; a NONE filter only reports."""
        filters = [f for f in self.policy.contextualGroundingPolicyConfig.filtersConfig if f.enabled]
        if not filters:
            return None
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        scores = grounding.score(response, sources, query)
        found, blocked = grounding.assessment(scores, filters)
        return GuardrailResult(
            source="OUTPUT",
            action="GUARDRAIL_INTERVENED" if blocked else "NONE",
            text=self.policy.blockedOutputsMessaging if blocked else response,
            blocked=blocked,
            anonymized=False,
            assessment={},
            grounding=found,
            started_at=started_at,
            latency_ms=(time.perf_counter() - clock) * 1000,
        )

    def assess(self, text: str, source: Source = "INPUT") -> GuardrailResult:
        """Apply every policy of the guardrail to `text` coming from `source`."""
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        assessment: dict[str, Any] = {}
        topics = self._topics.match(text, from_user=source == "INPUT")
        if topics:
            assessment["topicPolicy"] = {
                "topics": [{"name": name, "type": "DENY", "action": "BLOCKED"} for name in topics]
            }
        filters = self._content(text, source)
        if filters:
            assessment["contentPolicy"] = {"filters": filters}
        words = self._words(text)
        if words:
            assessment["wordPolicy"] = words
        sensitive, to_mask, pii_blocked = self._sensitive(text, source)
        if sensitive:
            assessment["sensitiveInformationPolicy"] = sensitive
        blocked = bool(topics or filters or words or pii_blocked)
        anonymized = bool(to_mask) and not blocked
        if blocked:
            output = (
                self.policy.blockedInputMessaging
                if source == "INPUT"
                else self.policy.blockedOutputsMessaging
            )
        else:
            output = anonymize(text, to_mask) if anonymized else text
        # Every value has its field's type already (built here): validating them again was 3 % of the
        # endpoint's GIL samples under 8 clients (2026-12-02). tests/local_bedrock/test_guardrail_result.py
        return GuardrailResult.model_construct(
            source=source,
            action="GUARDRAIL_INTERVENED" if blocked or anonymized else "NONE",
            text=output,
            blocked=blocked,
            anonymized=anonymized,
            assessment=assessment,
            started_at=started_at,
            latency_ms=(time.perf_counter() - clock) * 1000,
        )
