"""CKV_PA_2: a Bedrock guardrail blocks payment-card numbers and CVVs (PII policy)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import guardrail_entries

MUST_BLOCK = ("CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV")


class GuardrailBlocksCards(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bedrock guardrail PII policy blocks card numbers and CVVs",
            id="CKV_PA_2",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_bedrock_guardrail"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        entities = guardrail_entries(
            conf,
            self.entity_path.split(":")[0],
            ("sensitive_information_policy_config", "pii_entities_config"),
            ("sensitiveInformationPolicyConfig", "piiEntitiesConfig"),
            {"type": "type", "action": "action"},
        )
        if not entities:
            return CheckResult.FAILED
        blocked = {e["type"] for e in entities if e["action"] == "BLOCK"}
        return CheckResult.PASSED if all(t in blocked for t in MUST_BLOCK) else CheckResult.FAILED


check = GuardrailBlocksCards()
