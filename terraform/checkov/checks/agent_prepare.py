"""CKV_PA_10: agent action groups never prepare the agent themselves.

Each group with prepare_agent = true calls PrepareAgent after it is created or updated; the groups
of one agent are created in parallel and Bedrock refuses a prepare while the agent is PREPARING
(hashicorp/terraform-provider-aws#42845). The bedrock_agent module prepares the DRAFT once instead.
The provider's default for this attribute is true, so an unset value fails too.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import first


class ActionGroupDoesNotPrepare(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bedrock agent action group leaves preparing to one step per agent (prepare_agent = false)",
            id="CKV_PA_10",
            categories=[CheckCategories.GENERAL_SECURITY],
            supported_resources=["aws_bedrockagent_agent_action_group"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        return CheckResult.PASSED if first(conf.get("prepare_agent")) is False else CheckResult.FAILED


check = ActionGroupDoesNotPrepare()
