"""The one walk of a botocore shape over DynamoDB's JSON wire form (protocol ``json``), shared by both
directions of the adapter: ``moto_requests.request_form`` reads a request body as moto's JSON request
parser does, ``moto_answers.wire_form`` writes an answer as moto's serializer does. Structures go
member by member in the shape's order (absent or null members left out), lists and maps element by
element; what differs between the directions is given to the walk: how an ``AttributeValue`` is
read or written (each side has a direct path for it), how a scalar is (blobs, numbers, timestamps)
and under which key a member is found in the value walked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.model import Shape

ATTRIBUTE_VALUE = "AttributeValue"  # botocore's dynamodb model: the shape of every item attribute


class ShapeWalk:
    """``walk(value, shape)``: ``value`` walked along ``shape``; an ``AttributeValue`` is handed to
    ``attribute``, a scalar (string, number, boolean, blob, timestamp) to ``scalar``, and a
    structure's member is looked up in ``value`` under ``source_key(name, member shape)``."""

    def __init__(
        self,
        attribute: Callable[[Any], Any],
        scalar: Callable[[Any, Shape], Any],
        source_key: Callable[[str, Shape], str],
    ) -> None:
        self.attribute, self.scalar, self.source_key = attribute, scalar, source_key

    def __call__(self, value: Any, shape: Shape) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if shape.name == ATTRIBUTE_VALUE:
                return self.attribute(value)
            return self.structure(value, shape)
        if kind == "list":
            return [self(member, shape.member) for member in value]
        if kind == "map":
            key, item = shape.key, shape.value
            return {self(name, key): self(member, item) for name, member in value.items()}
        return self.scalar(value, shape)

    def structure(self, value: Any, shape: Shape) -> Any:
        """A structure member by member (an ``AttributeValue`` too: each side's fallback for one it
        does not read directly). Document types are handed over as they are."""
        if shape.is_document_type or value is None:
            return value
        walked = {}
        for name, member in shape.members.items():
            raw = value.get(self.source_key(name, member))
            if raw is not None:
                walked[name] = self(raw, member)
        return walked
