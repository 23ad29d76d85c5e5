"""Tags by resource ARN, as every emulated service keeps them (TagResource/UntagResource/ListTags)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from local_bedrock.aws.paging import not_found


def tag_map(pairs: list[dict[str, str]]) -> dict[str, str]:
    """Tags given as a list of ``{key, value}`` (Bedrock, OpenSearch Serverless) as a mapping."""
    return {pair["key"]: pair["value"] for pair in pairs}


def tag_pairs(tags: dict[str, str]) -> list[dict[str, str]]:
    """A mapping of tags as the list of ``{key, value}`` those services answer, sorted by key."""
    return [{"key": k, "value": v} for k, v in sorted(tags.items())]


class TagStore:
    def __init__(self, tags: dict[str, dict[str, str]], exists: Callable[[str], bool]) -> None:
        self._tags = tags
        self._exists = exists

    def _check(self, arn: str) -> None:
        if not self._exists(arn):
            # botocore: TagResource/UntagResource/ListTagsForResource list ResourceNotFoundException.
            raise not_found("resource", arn)

    def tags(self, arn: str) -> dict[str, str]:
        self._check(arn)
        return dict(self._tags.get(arn, {}))

    def tag(self, arn: str, tags: dict[str, str]) -> dict[str, Any]:
        self._check(arn)
        self._tags.setdefault(arn, {}).update(tags)
        return {}

    def untag(self, arn: str, keys: list[str]) -> dict[str, Any]:
        self._check(arn)
        for key in keys:
            self._tags.get(arn, {}).pop(key, None)
        return {}
