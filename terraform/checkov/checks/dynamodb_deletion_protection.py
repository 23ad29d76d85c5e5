"""CKV_PA_6: DynamoDB tables have deletion protection enabled."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from hcl_values import first


class DynamoDbDeletionProtection(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="DynamoDB table has deletion protection enabled",
            id="CKV_PA_6",
            categories=[CheckCategories.BACKUP_AND_RECOVERY],
            supported_resources=["aws_dynamodb_table"],
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        return (
            CheckResult.PASSED
            if first(conf.get("deletion_protection_enabled")) is True
            else CheckResult.FAILED
        )


check = DynamoDbDeletionProtection()
