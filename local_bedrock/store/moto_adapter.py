"""Adjustments that make moto's in-memory DynamoDB behave like DynamoDB where our code depends on it.

moto 5.2.5 is the store of the local runtime, the tests and the benchmarks. The adjustments below, each
checked by tests/local_bedrock/test_moto_adapter.py (which fails loudly if moto's internals move):

- Atomicity. moto is not linearizable when several threads call it at once (two conditional
  transactions can both pass their checks). Real DynamoDB is. So every moto request is serialized
  with one lock: callers still race through *our* code between calls, as concurrent Lambdas would,
  but each DynamoDB call is atomic, as it is on AWS.
- Transaction cost. moto backs up every table in a transaction with a deep copy, once per operation
  (seconds on the sample data). Under the lock, a backup of only the items the transaction writes
  gives the same all-or-nothing result (a copy for an Update, which changes its item in place; the
  item itself for a Put or a Delete, which replace or drop it).
- Cancelled transactions. moto runs every operation of a transaction, the ones after a failed
  condition too, and rolls the items back, but keeps the stream records of the operations that ran:
  the recommender would read an order that was never placed. A cancelled transaction here leaves
  no stream record, as on DynamoDB.
- Query cost. ``Table.query`` builds and sorts a list of *every item of the table* (``all_items()``)
  before it keeps the ones of the queried partition, for the table's own key and for local indexes
  alike; DynamoDB reads only the partition ("Query operations", DynamoDB developer guide). Here a
  query whose hash key is the table's hash key (the table or a local secondary index) is handed only
  its partition's items; a global-index query is handed the items unsorted (moto sorts what matches
  by the index key afterwards, so the result is the same). Answers are identical; the cost follows
  the partition, not the table.
- Response cost: data-plane answers written with ``json.dumps``, in ``moto_answers`` (same tests).
- Memory. moto appends every model object it creates to its class's ``instances_tracked`` list, for
  its server's dashboard (``/moto-api/``), and never lets go: every item a query returns is a deep
  copy, so each read stayed in memory for good (about 20 KB a read turn). DynamoDB's model classes
  here track nothing; the dashboard is not used.
- Projection cost. ``Item.project`` converts the whole item to plain JSON once per projected path and
  back (70 % of a Query that names six attributes). Paths that are top-level attribute names copy
  those attributes instead; nested paths and list elements still go through moto.
- Dispatch cost. For every request moto lists the methods of the handler class (``inspect.getmembers``)
  to find the action's method; the class does not change while serving, so the list is kept.
- Expression parsing: kept parses and walker maps, kept conditions and update checks, in
  ``moto_expressions`` (same tests).
- Request reading and request ids: in ``moto_requests`` (tests/local_bedrock/test_moto_requests.py).
- Item size checks: one running total per item built, in ``moto_item_size``
  (tests/local_bedrock/test_moto_transactions.py).
- Stream retention. DynamoDB Streams keep a record for 24 hours ("Change data capture for DynamoDB
  Streams", developer guide); moto keeps every record for the life of the process, so a long-running
  local store grows with every write. Records older than the retention are dropped on each write.
"""

from __future__ import annotations

import copy
import inspect
import threading
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from typing import Any

from moto.core import responses as moto_responses
from moto.core.model_instances import model_data
from moto.core.responses import BaseResponse
from moto.core.utils import utcnow
from moto.dynamodb.exceptions import ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import LocalSecondaryIndex, StreamShard, Table
from moto.dynamodbstreams import models as _streams  # noqa: F401 - registers its models for _untrack

from local_bedrock.store import moto_answers, moto_expressions, moto_item_size, moto_requests

STREAM_RETENTION = timedelta(hours=24)  # DynamoDB Streams: "stream records are removed after 24 hours"

_lock = threading.RLock()
_original_dispatch = BaseResponse._dispatch
_original_transact = DynamoDBBackend.transact_write_items
_original_query = Table.query
_original_stream_add = StreamShard.add
_original_project = Item.project
QUERY_SIGNATURE = inspect.signature(_original_query)


def _serialized_dispatch(self: BaseResponse, *args: Any, **kwargs: Any) -> Any:
    with _lock:
        return _original_dispatch(self, *args, **kwargs)


# --------------------------------------------------------------------------- transactions


def _touched(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What to put back if the transaction fails: each written item as it stands. An Update changes
    its item in place (moto's executors), so it is copied; a Put or a Delete only replaces or drops
    the item object (``Table.put_item``, ``Table.delete_item``), which is kept as it is; a
    ConditionCheck writes nothing. One item appears once in a transaction (moto refuses a second
    operation on it, as DynamoDB does). A table is found as moto's operations find it
    (``get_table``): by name or by ARN (TransactWriteItems' TableName takes either, botocore's
    dynamodb model: shape ``TableArn``, "You can also provide the Amazon Resource Name (ARN) of the
    table"); a table moto cannot find holds nothing to put back (moto cancels that operation)."""
    touched = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        if op_type == "ConditionCheck":
            continue
        try:
            table = backend.get_table(op.get("TableName", ""))
        except ResourceNotFoundException:
            continue
        attrs = op["Item"] if op_type == "Put" else op.get("Key", {})
        if table.hash_key_attr not in attrs or (table.range_key_attr and table.range_key_attr not in attrs):
            continue
        hash_value = DynamoType(attrs[table.hash_key_attr])
        range_value = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        current = table.get_item(hash_value, range_value)
        touched.append(
            (table, hash_value, range_value, copy.deepcopy(current) if op_type == "Update" else current)
        )
    return touched


def _stream_ends(touched: list[tuple[Any, ...]]) -> dict[int, tuple[StreamShard, int]]:
    """Where each touched table's stream ends now (the sequence position of its next record)."""
    shards = {id(t[0].stream_shard): t[0].stream_shard for t in touched if t[0].stream_shard is not None}
    return {key: (shard, shard.starting_sequence_number + len(shard.items)) for key, shard in shards.items()}


def _drop_records_after(ends: dict[int, tuple[StreamShard, int]]) -> None:
    """A cancelled transaction writes no stream records (DynamoDB Streams record item changes, and a
    cancelled transaction changes none: "TransactWriteItems", DynamoDB API reference); moto records
    the operations that ran before it rolls the items back."""
    for shard, end in ends.values():
        del shard.items[max(end - shard.starting_sequence_number, 0) :]


def _restore(table: Table, hash_value: DynamoType, range_value: DynamoType | None, item: Any) -> None:
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
        return
    bucket = table.items[hash_value]
    if item is None:
        bucket.pop(range_value, None)
    else:
        bucket[range_value] = item
    if not bucket:
        table.items.pop(hash_value, None)


def _item_level_transact(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    with _lock:
        touched = _touched(self, transact_items)
        ends = _stream_ends(touched)
        Table.__deepcopy__ = lambda table, memo: table  # type: ignore[attr-defined]
        try:
            _original_transact(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(touched):
                _restore(table, hash_value, range_value, item)
            _drop_records_after(ends)
            raise
        finally:
            del Table.__deepcopy__  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- queries


def partition_items(table: Table, hash_value: DynamoType) -> list[Item]:
    """The items of one partition, unsorted: ``Table.query`` sorts what it keeps by the queried key."""
    partition: Any = table.items.get(hash_value)
    if partition is None:
        return []
    if not table.range_key_attr:
        return [partition]
    return list(partition.values())


def _every_item(table: Table) -> list[Item]:
    if not table.range_key_attr:
        return list(table.items.values())  # type: ignore[arg-type]
    return [item for partition in table.items.values() for item in partition.values()]


def _queried_partition(table: Table, arguments: dict[str, Any]) -> DynamoType | None:
    """The hash value when the query names the table's own hash key (table or local index)."""
    index_name = arguments.get("index_name")
    if index_name:
        index = next((i for i in table.indexes or [] if i.name == index_name), None)
        if not isinstance(index, LocalSecondaryIndex):
            return None
        conditions = arguments.get("hash_key_conditions") or []
        if [name for name, _ in conditions] != [table.hash_key_attr]:
            return None
        return conditions[0][1]
    value = arguments.get("hash_key")
    return value if isinstance(value, DynamoType) else None


def _partition_query(self: Table, *args: Any, **kwargs: Any) -> Any:
    arguments = QUERY_SIGNATURE.bind(self, *args, **kwargs).arguments
    hash_value = _queried_partition(self, arguments)
    candidates = _every_item(self) if hash_value is None else partition_items(self, hash_value)
    with _lock:
        self.all_items = lambda: candidates  # type: ignore[method-assign]
        try:
            return _original_query(self, *args, **kwargs)
        finally:
            del self.all_items


def _top_level_project(self: Item, projection_expressions: list[list[str]]) -> Item:
    if any(len(path) != 1 or "[" in path[0] for path in projection_expressions):
        return _original_project(self, projection_expressions)
    names = dict.fromkeys(path[0] for path in projection_expressions)
    projected = Item(hash_key=self.hash_key, range_key=self.range_key, attrs={})
    # Copied as moto's own Item.__deepcopy__ copies: the source passed the size check on write.
    dict.update(
        projected.attrs, {name: copy.deepcopy(self.attrs[name]) for name in names if name in self.attrs}
    )
    return projected


# --------------------------------------------------------------------------- streams


def _retained_stream_add(self: StreamShard, old: Item | None, new: Item | None) -> None:
    _original_stream_add(self, old, new)
    oldest = utcnow() - STREAM_RETENTION
    expired = next(
        (n for n, r in enumerate(self.items) if r.record["dynamodb"]["ApproximateCreationDateTime"] > oldest),
        len(self.items),
    )
    if expired:
        # Sequence numbers are derived from len(items): keep them growing past the dropped records.
        self.starting_sequence_number += expired
        del self.items[:expired]


# --------------------------------------------------------------------------- bulk load


ITEM_SIZE_LIMIT = 400 * 1024  # DynamoDB's item size limit ("Service, account, and table quotas")


def _stored(table: Table, attributes: dict[str, Any], text_bytes: int | None = None) -> Item:
    """``text_bytes``: the length of the item's DynamoDB-JSON text, if known. An item is never larger
    than that text (each attribute name and value is written out in full, plus quotes and type
    keys; a number's size, moto's ``len(str(value))``, is its text's length; non-ASCII characters
    take at least as many bytes escaped or in UTF-8), so an item whose text is within the limit is
    within it, and only longer ones are measured."""
    hash_value = DynamoType(attributes[table.hash_key_attr])
    range_value = DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
    if hash_value.type != table.hash_key_type or (range_value and range_value.type != table.range_key_type):
        raise ValueError(f"key of the wrong type for {table.name}: {attributes[table.hash_key_attr]}")
    item = Item(hash_value, range_value, {})
    # One size check for the whole item: moto re-measures every attribute on each one added.
    dict.update(item.attrs, {name: DynamoType(value) for name, value in attributes.items()})
    if (text_bytes is None or text_bytes > ITEM_SIZE_LIMIT) and item.size() > ITEM_SIZE_LIMIT:
        raise ValueError(f"item over {ITEM_SIZE_LIMIT} bytes: {attributes[table.hash_key_attr]}")
    return item


def bulk_put(table_name: str, items: Iterable[dict[str, Any]]) -> int:
    """Put DynamoDB-JSON items straight into the moto table ``table_name``: the keys' types and each
    item's size are checked, as PutItem would; there are no stream records (data loaded before
    anyone listens: the sample data predates the stream) and no conditions. For our own generated
    items only: moto's per-attribute validation is skipped."""
    return bulk_put_sized(table_name, ((item, None) for item in items))


def bulk_put_sized(table_name: str, items: Iterable[tuple[dict[str, Any], int | None]]) -> int:
    """``bulk_put`` of (item, length of its DynamoDB-JSON text in bytes, or None) pairs: an item
    whose text is within DynamoDB's size limit is not measured again (see ``_stored``)."""
    backends = (b for regions in dynamodb_backends.values() for b in regions.values())
    backend = next((b for b in backends if table_name in b.tables), None)
    if backend is None:
        raise LookupError(f"no moto table {table_name}: create it first")
    table = backend.get_table(table_name)
    count = 0
    with _lock:
        for attributes, text_bytes in items:
            item = _stored(table, attributes, text_bytes)
            if item.range_key is None:
                table.items[item.hash_key] = item  # type: ignore[assignment]
            else:
                table.items[item.hash_key][item.range_key] = item
            count += 1
    return count


# --------------------------------------------------------------------------- dispatch

_original_method_names = moto_responses.method_names_from_class
method_names = cache(_original_method_names)


# --------------------------------------------------------------------------- memory

UNTRACKED_SERVICES = ("dynamodb", "dynamodbstreams")


class _Untracked(list[Any]):
    """A list that keeps nothing: what moto's instance tracking appends to, for these services."""

    def append(self, _item: Any) -> None:
        return None


def _untrack() -> None:
    for service in UNTRACKED_SERVICES:
        for model in model_data.get(service, {}).values():
            if not isinstance(model.instances_tracked, _Untracked):  # type: ignore[attr-defined]
                model.instances_tracked = _Untracked()  # type: ignore[attr-defined]


def prepare_moto() -> None:
    """Install the adjustments (idempotent; they apply to every moto backend in this process).
    Call it again after a mock_aws() context ends: moto then resets its instance tracking."""
    BaseResponse._dispatch = _serialized_dispatch  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = _item_level_transact  # type: ignore[method-assign]
    Table.query = _partition_query  # type: ignore[method-assign]
    Item.project = _top_level_project  # type: ignore[method-assign]
    moto_item_size.prepare()
    StreamShard.add = _retained_stream_add  # type: ignore[method-assign]
    moto_answers.prepare()
    moto_responses.method_names_from_class = method_names
    moto_expressions.prepare()
    moto_requests.prepare()
    _untrack()
