"""CKV_PA_1: a Bedrock guardrail filters prompt attacks at HIGH strength on input."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import guardrail_entries


class GuardrailPromptAttackHigh(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bedrock guardrail blocks prompt attacks at HIGH strength on input",
            id="CKV_PA_1",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_bedrock_guardrail"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        filters = guardrail_entries(
            conf,
            self.entity_path.split(":")[0],
            ("content_policy_config", "filters_config"),
            ("contentPolicyConfig", "filtersConfig"),
            {"type": "type", "input_strength": "inputStrength"},
        )
        if not filters:
            return CheckResult.FAILED
        ok = any(f["type"] == "PROMPT_ATTACK" and f["inputStrength"] == "HIGH" for f in filters)
        return CheckResult.PASSED if ok else CheckResult.FAILED


check = GuardrailPromptAttackHigh()
