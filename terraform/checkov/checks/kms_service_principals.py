"""CKV_PA_11: a KMS key policy lets Amazon Bedrock use the key only for named resources.

The Bedrock user guide ("Encryption of agent resources") grants bedrock.amazonaws.com
kms:GenerateDataKey and kms:Decrypt under the encryption context aws:bedrock:arn of the agent. A
statement conditioned only on aws:SourceAccount would let Bedrock use the key for any resource of
the account. Passes when every statement that allows bedrock.amazonaws.com is conditioned on
aws:SourceArn or on a kms:EncryptionContext:<key> value.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import as_json

BEDROCK = "bedrock.amazonaws.com"


def _services(statement: dict[str, Any]) -> list[Any]:
    principal = statement.get("Principal")
    services = principal.get("Service", []) if isinstance(principal, dict) else []
    return services if isinstance(services, list) else [services]


def _scoped(statement: dict[str, Any]) -> bool:
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return False
    keys = [key for block in condition.values() if isinstance(block, dict) for key in block]
    return any(key == "aws:SourceArn" or key.startswith("kms:EncryptionContext:") for key in keys)


class BedrockKeyUseIsScoped(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="KMS key policy: Bedrock may use the key only under a source ARN or encryption context",
            id="CKV_PA_11",
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_kms_key"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        policy = as_json(conf.get("policy"))
        if not isinstance(policy, dict):
            return CheckResult.UNKNOWN
        statements = policy.get("Statement") or []
        statements = statements if isinstance(statements, list) else [statements]
        for statement in statements:
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            if BEDROCK in _services(statement) and not _scoped(statement):
                return CheckResult.FAILED
        return CheckResult.PASSED


check = BedrockKeyUseIsScoped()
