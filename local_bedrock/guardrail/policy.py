"""The guardrail policy file (terraform/guardrail_policy.json) as pydantic models.

Field names are those of the Bedrock CreateGuardrail API, so the same file feeds Terraform's
aws_bedrock_guardrail and this engine. Fields the engine does not use (name, kmsKeyId, tags ...)
are accepted and ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Strength = Literal["NONE", "LOW", "MEDIUM", "HIGH"]
ContentFilterType = Literal["HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT", "PROMPT_ATTACK"]
PiiAction = Literal["BLOCK", "ANONYMIZE", "NONE"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ContentFilterConfig(_Model):
    type: ContentFilterType
    inputStrength: Strength
    outputStrength: Strength


class ContentPolicyConfig(_Model):
    filtersConfig: list[ContentFilterConfig] = Field(default_factory=list)


class TopicConfig(_Model):
    name: str = Field(min_length=1, max_length=100)
    definition: str = Field(min_length=1, max_length=1000)
    examples: list[str] = Field(default_factory=list, max_length=5)
    type: Literal["DENY"] = "DENY"


class TopicPolicyConfig(_Model):
    topicsConfig: list[TopicConfig] = Field(default_factory=list)


class PiiEntityConfig(_Model):
    type: str
    action: PiiAction
    inputAction: PiiAction | None = None
    outputAction: PiiAction | None = None


class RegexConfig(_Model):
    name: str
    pattern: str
    action: PiiAction
    description: str | None = None
    inputAction: PiiAction | None = None
    outputAction: PiiAction | None = None


class SensitiveInformationPolicyConfig(_Model):
    piiEntitiesConfig: list[PiiEntityConfig] = Field(default_factory=list)
    regexesConfig: list[RegexConfig] = Field(default_factory=list)


class WordConfig(_Model):
    text: str = Field(min_length=1)


class ManagedWordListConfig(_Model):
    type: Literal["PROFANITY"]


class WordPolicyConfig(_Model):
    wordsConfig: list[WordConfig] = Field(default_factory=list)
    managedWordListsConfig: list[ManagedWordListConfig] = Field(default_factory=list)


class ContextualGroundingFilterConfig(_Model):
    """GuardrailContextualGroundingFilterConfig (botocore ``bedrock`` model): a score under
    ``threshold`` is detected; BLOCK replaces the response, NONE only reports it."""

    type: Literal["GROUNDING", "RELEVANCE"]
    threshold: float = Field(ge=0, le=0.99)  # 1 would block everything: the service allows 0..0.99
    action: Literal["BLOCK", "NONE"] = "BLOCK"
    enabled: bool = True


class ContextualGroundingPolicyConfig(_Model):
    filtersConfig: list[ContextualGroundingFilterConfig] = Field(default_factory=list)


class GuardrailPolicy(_Model):
    """What the offline engine reads from a CreateGuardrail-shaped policy document."""

    blockedInputMessaging: str = Field(min_length=1)
    blockedOutputsMessaging: str = Field(min_length=1)
    contentPolicyConfig: ContentPolicyConfig = Field(default_factory=ContentPolicyConfig)
    topicPolicyConfig: TopicPolicyConfig = Field(default_factory=TopicPolicyConfig)
    sensitiveInformationPolicyConfig: SensitiveInformationPolicyConfig = Field(
        default_factory=SensitiveInformationPolicyConfig
    )
    wordPolicyConfig: WordPolicyConfig = Field(default_factory=WordPolicyConfig)
    contextualGroundingPolicyConfig: ContextualGroundingPolicyConfig = Field(
        default_factory=ContextualGroundingPolicyConfig
    )

    @classmethod
    def from_file(cls, path: str | Path) -> GuardrailPolicy:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))
