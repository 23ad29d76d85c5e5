"""CKV_PA_3: an AWS Chatbot Slack channel sets guardrail_policy_arns, and not AdministratorAccess.

Omitted, the channel guardrail defaults to AdministratorAccess.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import first

TOO_BROAD = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")


class ChatbotGuardrailPolicies(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Chatbot Slack channel has guardrail policies other than AdministratorAccess",
            id="CKV_PA_3",
            categories=[CheckCategories.IAM],
            supported_resources=["aws_chatbot_slack_channel_configuration"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        arns = first(conf.get("guardrail_policy_arns"))
        if isinstance(arns, str):
            arns = [arns]
        if not arns:
            return CheckResult.FAILED
        if any(isinstance(a, str) and a.rsplit("/", 1)[-1] in TOO_BROAD for a in arns):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = ChatbotGuardrailPolicies()
