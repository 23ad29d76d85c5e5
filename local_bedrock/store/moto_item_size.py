"""Item size checks for moto's DynamoDB (part of the adapter: ``moto_adapter.prepare_moto`` installs
it; tests/local_bedrock/test_moto_transactions.py checks it against moto's own ``Item``).

moto's ``Item`` keeps its attributes in a ``LimitedSizeDict`` that re-measures every attribute
already held each time one is added, so building an item of n attributes measures n(n+1)/2 of them.
Items are built with one running total instead, refused at the same attribute with the same error
(``ItemSizeTooLarge``, over moto's 405,000 bytes): a prefix of an item over the limit is over it at
the same attribute either way, as sizes are never negative. Later additions (an update's SET) still
go through moto's checked ``__setitem__``.
"""

from __future__ import annotations

from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

_original_item_init = Item.__init__

# moto 5.2.5 LimitedSizeDict.__setitem__: "current_item_size + new_item_size > 405000" (moto's reading
# of DynamoDB's 400 KB item size limit, "Service, account, and table quotas"; names count too).
MOTO_ITEM_LIMIT = 405_000


def _measured_once_init(
    self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]
) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    self.attrs = LimitedSizeDict()
    size = 0
    for key, value in attrs.items():
        typed = DynamoType(value)
        size += bytesize(key) + typed.size()
        if size > MOTO_ITEM_LIMIT:
            raise ItemSizeTooLarge
        dict.__setitem__(self.attrs, key, typed)


def prepare() -> None:
    """Install the one-total size check (idempotent)."""
    Item.__init__ = _measured_once_init  # type: ignore[method-assign]
