"""CKV_PA_4 / CKV_PA_5: OpenSearch Serverless is not public and is encrypted with a CMK."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import as_json, first


class NetworkPolicyNotPublic(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="OpenSearch Serverless network policy does not allow public access",
            id="CKV_PA_4",
            categories=[CheckCategories.NETWORKING],
            supported_resources=["aws_opensearchserverless_security_policy"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if first(conf.get("type")) != "network":
            return CheckResult.UNKNOWN
        policy = as_json(conf.get("policy"))
        rules = policy if isinstance(policy, list) else [policy]
        if not rules or not all(isinstance(r, dict) for r in rules):
            return CheckResult.FAILED
        for rule in rules:
            if first(rule.get("AllowFromPublic")) is not False:
                return CheckResult.FAILED
            if not (rule.get("SourceServices") or rule.get("SourceVPCEs")):
                return CheckResult.FAILED
        return CheckResult.PASSED


class EncryptionPolicyUsesCmk(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="OpenSearch Serverless encryption policy uses a customer-managed KMS key",
            id="CKV_PA_5",
            categories=[CheckCategories.ENCRYPTION],
            supported_resources=["aws_opensearchserverless_security_policy"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if first(conf.get("type")) != "encryption":
            return CheckResult.UNKNOWN
        policy = as_json(conf.get("policy"))
        if not isinstance(policy, dict):
            return CheckResult.FAILED
        owned = first(policy.get("AWSOwnedKey"))
        key = first(policy.get("KmsARN"))
        return CheckResult.PASSED if owned is False and isinstance(key, str) and key else CheckResult.FAILED


network_check = NetworkPolicyNotPublic()
encryption_check = EncryptionPolicyUsesCmk()
