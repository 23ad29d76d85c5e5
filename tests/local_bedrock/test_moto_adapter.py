"""The moto adapter (local_bedrock/store/moto_adapter.py) answers exactly as moto does, only cheaper,
and the moto internals it leans on are still where it expects them: after a moto upgrade these tests
fail and name what moved, instead of the local store silently answering differently."""

from __future__ import annotations

import copy
import inspect
import json
import random
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import moto
import pytest
from moto.core.common_models import BaseModel
from moto.core.responses import BaseResponse
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models import table as moto_table
from moto.dynamodb.models.dynamo_type import Item
from moto.dynamodb.models.table import StreamShard, Table
from moto.dynamodb.parsing import validators
from moto.dynamodb.parsing.expressions import UpdateExpressionParser
from moto.dynamodb.parsing.validators import Validator
from moto.dynamodb.responses import DynamoHandler

from local_bedrock.store import moto_adapter, moto_answers, moto_expressions
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData
from local_bedrock.store.tables import create_tables

TABLES = {"store": "adapter-store", "idempotency": "adapter-idempotency"}
STORE = TABLES["store"]
CHECKED_MOTO = "5.2.5"
REVIEW = "moto changed: review local_bedrock/store/moto_adapter.py against the new moto before upgrading"


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


def _items(rng: random.Random) -> Iterator[dict[str, Any]]:
    for customer in range(6):
        for order in range(rng.choice((0, 1, 7, 40))):
            day = rng.randint(1, 28)
            yield {
                "pk": _s(f"CUSTOMER#C{customer}"),
                "sk": _s(f"ORDER#ORD-{customer}{order:05d}"),
                "placed_at": _s(f"2026-{rng.randint(1, 12):02d}-{day:02d}T{rng.randint(0, 23):02d}:00:00Z"),
                "status": _s(rng.choice(("PLACED", "DELIVERED", "CANCELLED"))),
                "total_cents": _n(rng.randint(100, 90_000)),
            }
        yield {"pk": _s(f"CUSTOMER#C{customer}"), "sk": _s("PROFILE"), "name": _s(f"Customer {customer}")}
    for product in range(60):
        yield {
            "pk": _s(f"PRODUCT#PRD-{product:04d}"),
            "sk": _s("PRODUCT"),
            "category": _s(rng.choice(("Books", "Office", "Toys"))),
            "sales": _n(rng.randint(0, 30)),
        }


EVERY_TYPE = {
    "pk": _s("TYPES"),
    "sk": _s("ALL"),
    "text": _s("héllo"),
    "number": {"N": "-12.50"},
    "blob": {"B": b"\x00\x01binary"},
    "texts": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2.5"]},
    "blobs": {"BS": [b"x", b"y"]},
    "nothing": {"NULL": True},
    "flag": {"BOOL": False},
    "nested": {"M": {"elements": {"L": [_s("one"), _n(2), {"M": {"deep": {"BOOL": True}}}]}}},
}


@pytest.fixture(scope="module")
def client(sample: SampleData) -> Iterator[Any]:
    """An in-process moto of its own (its internals are inspected), inside the session's store so the
    session's settings are back in place afterwards."""
    with moto_store(SampleData([], []), tables=TABLES):
        dynamodb = boto3.client("dynamodb")
        for item in _items(random.Random(15)):
            dynamodb.put_item(TableName=STORE, Item=item)
        dynamodb.put_item(TableName=STORE, Item=EVERY_TYPE)
        yield dynamodb


def test_moto_is_the_version_the_adapter_was_checked_against() -> None:
    assert moto.__version__ == CHECKED_MOTO, REVIEW


def test_the_moto_internals_the_adapter_uses_are_unchanged() -> None:
    query = inspect.getsource(moto_adapter._original_query)
    assert {"hash_key", "index_name", "hash_key_conditions"} <= set(
        moto_adapter.QUERY_SIGNATURE.parameters
    ), REVIEW
    assert query.count("self.all_items()") == 2, REVIEW  # the one place a query finds its candidates
    assert "possible_results.sort(" in query and "self.sorted_items(" in query, REVIEW  # and re-sorts them
    assert list(inspect.signature(moto_answers._original_serialized).parameters) == ["self", "action_result"]
    stream_add = inspect.getsource(moto_adapter._original_stream_add)
    assert "self.items.append(StreamRecord(" in stream_add, REVIEW
    assert "len(self.items) + self.starting_sequence_number" in stream_add, REVIEW
    record = inspect.getsource(moto_table.StreamRecord.__init__)
    assert '"ApproximateCreationDateTime": utcnow()' in record, REVIEW
    assert list(inspect.signature(DynamoDBBackend.put_item).parameters)[:3] == [
        "self",
        "table_name",
        "item_attrs",
    ]
    assert "instances_tracked.append(instance)" in inspect.getsource(BaseModel.__new__), REVIEW
    put = inspect.getsource(Table.put_item)  # what bulk_put does for each item, less the checks it skips
    assert "self.items[hash_value][range_value] = item" in put, REVIEW
    assert "self.attrs = LimitedSizeDict()" in inspect.getsource(Item.__init__), REVIEW


QUERIES: list[dict[str, Any]] = [
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": _s("CUSTOMER#C3")}},
    {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": _s("CUSTOMER#NOBODY")}},
    {
        "KeyConditionExpression": "pk = :p AND begins_with(sk, :o)",
        "ExpressionAttributeValues": {":p": _s("CUSTOMER#C1"), ":o": _s("ORDER#")},
        "ScanIndexForward": False,
        "Limit": 4,
        "ProjectionExpression": "sk, total_cents",
    },
    {
        "IndexName": "by_placed_at",
        "KeyConditionExpression": "pk = :p AND placed_at BETWEEN :low AND :high",
        "ExpressionAttributeValues": {":p": _s("CUSTOMER#C2"), ":low": _s("2026-03"), ":high": _s("2026-10")},
        "ScanIndexForward": False,
        "Limit": 3,
    },
    {
        "IndexName": "by_placed_at",
        "KeyConditionExpression": "pk = :p",
        "FilterExpression": "#s <> :c",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":p": _s("CUSTOMER#C4"), ":c": _s("CANCELLED")},
        "Limit": 5,
    },
    {
        "IndexName": "by_category_sales",
        "KeyConditionExpression": "category = :c",
        "ExpressionAttributeValues": {":c": _s("Books")},
        "ScanIndexForward": False,
        "Limit": 6,
    },
]


def _every_page(client: Any, request: dict[str, Any]) -> list[dict[str, Any]]:
    pages, start = [], None
    while True:
        page = client.query(TableName=STORE, **request, **({"ExclusiveStartKey": start} if start else {}))
        page.pop("ResponseMetadata")
        pages.append(page)
        start = page.get("LastEvaluatedKey")
        if not start:
            return pages


@pytest.mark.parametrize("request_", QUERIES, ids=lambda q: q.get("IndexName", "table"))
def test_queries_answer_exactly_as_moto_does(
    client: Any, request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    adapted = _every_page(client, request_)
    monkeypatch.setattr(Table, "query", moto_adapter._original_query)
    assert adapted == _every_page(client, request_)
    assert sum(page["Count"] for page in adapted) == sum(len(page["Items"]) for page in adapted)


def _sets_sorted(value: Any) -> Any:
    """Sets come back in any order (DynamoDB promises none): compare them as sorted lists."""
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else _sets_sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sets_sorted(v) for v in value]
    return value


@pytest.mark.parametrize(
    "projection",
    ["#t, blobs, nested, #n", "texts, numbers, pk", "nested.elements[2], #t", "absent_attribute, flag"],
)
def test_projections_answer_exactly_as_moto_does(
    client: Any, projection: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def get() -> Any:
        names = {k: v for k, v in {"#t": "text", "#n": "number"}.items() if k in projection}
        found = client.get_item(
            TableName=STORE,
            Key={"pk": _s("TYPES"), "sk": _s("ALL")},
            ProjectionExpression=projection,
            **({"ExpressionAttributeNames": names} if names else {}),
        )
        return _sets_sorted(found.get("Item"))

    adapted = get()
    monkeypatch.setattr(Item, "project", moto_adapter._original_project)
    assert adapted == get()


def test_the_kept_method_list_is_moto_s() -> None:
    assert moto_adapter.method_names(DynamoHandler) == moto_adapter._original_method_names(DynamoHandler)
    assert "method_names_from_class(self.__class__)" in inspect.getsource(BaseResponse.call_action), REVIEW


def test_no_query_walks_the_whole_table(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_table: Table) -> None:
        raise AssertionError("a query asked moto for every item of the table")

    monkeypatch.setattr(Table, "all_items", refuse)
    for request in QUERIES:
        assert _every_page(client, request)


def test_what_a_query_returns_is_not_kept_in_memory(client: Any) -> None:
    tracked = len(Item.instances_tracked)  # type: ignore[attr-defined]
    for _ in range(20):
        assert _every_page(client, QUERIES[0])
    assert len(Item.instances_tracked) == tracked == 0  # type: ignore[attr-defined]


def test_fast_answers_are_what_moto_would_serialize(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, list[tuple[Any, Any]]] = {}

    def both(handler: DynamoHandler, result: Any) -> Any:
        fast = moto_answers._fast_serialized(handler, result)
        slow = moto_answers._original_serialized(handler, result)
        seen.setdefault(handler._get_action(), []).append((fast, slow))
        return fast

    monkeypatch.setattr(DynamoHandler, "serialized", both)
    key = {"pk": _s("TYPES"), "sk": _s("ALL")}
    other = {"pk": _s("TYPES"), "sk": _s("OTHER")}
    client.get_item(TableName=STORE, Key=key)
    client.get_item(TableName=STORE, Key={"pk": _s("NONE"), "sk": _s("NONE")})
    client.query(TableName=STORE, **QUERIES[2])
    client.scan(TableName=STORE, Limit=5)
    client.batch_get_item(
        RequestItems={STORE: {"Keys": [key, {"pk": _s("CUSTOMER#C1"), "sk": _s("PROFILE")}]}}
    )
    client.put_item(TableName=STORE, Item={**EVERY_TYPE, **other}, ReturnValues="ALL_OLD")
    client.put_item(
        TableName=STORE, Item={**EVERY_TYPE, **other, "flag": {"BOOL": True}}, ReturnValues="ALL_OLD"
    )
    client.update_item(
        TableName=STORE,
        Key=other,
        UpdateExpression="ADD #n :one SET #b = :b",
        ExpressionAttributeNames={"#n": "number", "#b": "blob"},
        ExpressionAttributeValues={":one": _n(1), ":b": {"B": b"\xff"}},
        ReturnValues="ALL_NEW",
    )
    client.delete_item(TableName=STORE, Key=other, ReturnValues="ALL_OLD")
    client.batch_write_item(RequestItems={STORE: [{"PutRequest": {"Item": {**EVERY_TYPE, **other}}}]})
    client.transact_write_items(
        TransactItems=[{"Update": {"TableName": STORE, "Key": other, "UpdateExpression": "REMOVE nothing"}}]
    )
    client.transact_get_items(TransactItems=[{"Get": {"TableName": STORE, "Key": key}}])
    assert set(seen) == moto_answers.DATA_PLANE
    for action, answers in seen.items():
        for (fast_status, fast_headers, fast_body), (slow_status, slow_headers, slow_body) in answers:
            assert (fast_status, json.loads(fast_body)) == (slow_status, json.loads(slow_body)), action
            assert fast_headers["Content-Type"] == slow_headers["Content-Type"], action


def test_bulk_loaded_items_read_back_as_put_items_do(client: Any) -> None:
    create_tables(client, {"store": "adapter-bulk"})
    item = {**EVERY_TYPE, "sk": _s("BULK")}
    moto_adapter.bulk_put("adapter-bulk", [item])
    client.put_item(TableName="adapter-bulk", Item={**EVERY_TYPE, "sk": _s("PUT")})
    bulk, put = (
        client.get_item(TableName="adapter-bulk", Key={"pk": _s("TYPES"), "sk": _s(sk)})["Item"]
        for sk in ("BULK", "PUT")
    )
    assert {**bulk, "sk": _s("PUT")} == put
    with pytest.raises(ValueError, match="over 409600 bytes"):
        moto_adapter.bulk_put("adapter-bulk", [{"pk": _s("BIG"), "sk": _s("X"), "text": _s("x" * 410_000)}])
    with pytest.raises(ValueError, match="wrong type"):
        moto_adapter.bulk_put("adapter-bulk", [{"pk": _n(1), "sk": _s("X")}])


def test_stream_records_older_than_a_day_are_dropped(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    create_tables(client, {"store": "adapter-stream"})
    backend = next(b for region in dynamodb_backends.values() for b in region.values() if b.tables)
    shard: StreamShard = backend.get_table("adapter-stream").stream_shard
    now = moto_table.utcnow()
    for clock in (moto_table, moto_adapter):  # a write made 25 hours ago
        monkeypatch.setattr(clock, "utcnow", lambda: now - timedelta(hours=25))
    client.put_item(TableName="adapter-stream", Item={"pk": _s("STREAM"), "sk": _s("OLD")})
    old = int(shard.items[-1].record["dynamodb"]["SequenceNumber"])
    for clock in (moto_table, moto_adapter):
        monkeypatch.setattr(clock, "utcnow", lambda: now)
    client.put_item(TableName="adapter-stream", Item={"pk": _s("STREAM"), "sk": _s("NEW")})
    remaining = [record.record["dynamodb"] for record in shard.items]
    assert [r["Keys"]["sk"] for r in remaining] == [{"S": "NEW"}]
    assert int(remaining[0]["SequenceNumber"]) > old


USE = r"(\w+\(\s*)?update_expression_ast(\s*=|\.find_clauses|,)"  # how moto uses a parsed tree


def _tree(node: Any) -> Any:
    """A parse tree as nested tuples of node types and leaf values (moto's nodes define no equality)."""
    children = getattr(node, "children", None)
    if children is None:
        return node
    return (type(node).__name__, tuple(_tree(child) for child in children))


def test_kept_expression_parses_are_moto_s_and_moto_never_changes_them(client: Any) -> None:
    make = inspect.getsource(moto_expressions._original_update_parse)
    assert "ExpressionTokenizer.make_list(expression_str)" in make and "cls(token_list).parse()" in make, (
        REVIEW
    )
    # The shared tree is only read or deep-copied: every use of a parsed UpdateExpression in moto.
    assert "self.node_to_validate = deepcopy(expression)" in inspect.getsource(Validator.__init__), REVIEW
    uses = [
        [(call.split("(")[0], use) for call, use in re.findall(USE, inspect.getsource(function))]
        for function in (
            DynamoHandler.update_item,
            DynamoHandler.transact_write_items,
            DynamoDBBackend.update_item,
        )
    ]
    parsed, read = ("", " ="), ("", ".find_clauses")
    validated = ("UpdateExpressionValidator", ",")
    assert uses == [[parsed, read, read], [parsed, read], [parsed, validated, validated]], REVIEW
    lex = inspect.getsource(moto_expressions._original_condition_lex)  # depends on the expression alone
    assert set(re.findall(r"self\.(\w+)", lex)) == {"condition_expression", "_lex_one_node", "Nonterminal"}
    assert "children=[]," in inspect.getsource(ConditionExpressionParser._lex_one_node), REVIEW

    update = "SET stock = stock - :q, #n = :name ADD sales :q REMOVE gone"
    kept = UpdateExpressionParser.make(update)
    assert _tree(kept) == _tree(moto_expressions._original_update_parse(UpdateExpressionParser, update))
    before = _tree(kept)
    client.put_item(TableName=STORE, Item={"pk": _s("EXPR"), "sk": _s("TREE"), "stock": _n(5), "gone": _n(1)})
    client.update_item(
        TableName=STORE,
        Key={"pk": _s("EXPR"), "sk": _s("TREE")},
        UpdateExpression=update,
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":q": _n(2), ":name": _s("renamed")},
    )
    assert UpdateExpressionParser.make(update) is kept and _tree(kept) == before

    condition = "attribute_exists(pk) AND stock >= :q AND (price_cents = :p OR #s IN (:a, :b))"
    fresh = moto_expressions._original_condition_lex(ConditionExpressionParser(condition, None, None))
    tokens = ConditionExpressionParser(condition, None, None)._lex_condition_expression()
    assert list(tokens) == list(fresh)
    tokens[0].children.append("changed")
    assert ConditionExpressionParser(condition, None, None)._lex_condition_expression()[0].children == []


def test_one_expression_with_new_values_each_call_updates_by_those_values(client: Any) -> None:
    client.put_item(TableName=STORE, Item={"pk": _s("EXPR"), "sk": _s("COUNT"), "stock": _n(10)})
    results = []
    for quantity, floor in ((3, 3), (4, 4), (5, 5)):
        try:
            answer = client.update_item(
                TableName=STORE,
                Key={"pk": _s("EXPR"), "sk": _s("COUNT")},
                UpdateExpression="SET stock = stock - :q ADD sales :q",
                ConditionExpression="stock >= :floor",
                ExpressionAttributeValues={":q": _n(quantity), ":floor": _n(floor)},
                ReturnValues="ALL_NEW",
            )
            results.append((answer["Attributes"]["stock"], answer["Attributes"]["sales"]))
        except client.exceptions.ConditionalCheckFailedException:
            results.append(("refused", quantity))
    assert results == [(_n(7), _n(3)), (_n(3), _n(7)), ("refused", 5)]


def test_moto_s_tree_walkers_map_fixed_node_types_and_still_refuse_bad_updates(client: Any) -> None:
    walkers = inspect.getsource(validators)
    maps = re.findall(r"def _processing_map\([^)]*\)[^:]*:\s*(?:\"\"\"[^\"]*\"\"\"\s*)?return (\S)", walkers)
    assert len(maps) == walkers.count("def _processing_map(") >= 10 and set(maps) == {"{"}, REVIEW
    for name in ("nodes_to_be_processed", "process"):
        assert "self._processing_map()" in inspect.getsource(
            getattr(moto_expressions, "_original_" + name)
        ), REVIEW
    client.put_item(TableName=STORE, Item={"pk": _s("EXPR"), "sk": _s("KEYS"), "stock": _n(1)})
    for update, message in (
        ("SET pk = :v", "Cannot update attribute pk. This attribute is part of the key"),
        ("SET stock = :v, stock = :v", "Two document paths overlap"),
        ("SET absent = absent + :v", "The provided expression refers to an attribute that does not exist"),
    ):
        with pytest.raises(client.exceptions.ClientError, match=message):
            client.update_item(
                TableName=STORE,
                Key={"pk": _s("EXPR"), "sk": _s("KEYS")},
                UpdateExpression=update,
                ExpressionAttributeValues={":v": _n(1)},
            )


TREES = (
    "SET stock = stock - :q, #n = :name ADD sales :q REMOVE gone",
    "SET tags = list_append(if_not_exists(tags, :empty), :t), a.b[2] = :v DELETE colours :c",
    "REMOVE a[1], a[3] SET updated = :now",
)


def _nodes(node: Any) -> Iterator[Any]:
    """The nodes of a tree (leaf values left out)."""
    if hasattr(node, "children"):
        yield node
        for child in node.children or []:
            yield from _nodes(child)


def test_the_walk_and_the_clause_search_are_moto_s_with_type_checks_answered_once() -> None:
    walk = inspect.getsource(moto_expressions._original_traverse)
    for line in (
        "if isinstance(node, Node):",
        "parent_node = node.parent",
        "for i, child_node in enumerate(node.children):",
        "self.pre_processing_of_child(node, i)",
        "self.traverse_node_recursively(child_node, i)",
        "if isinstance(node, self.nodes_to_be_processed()):",
        "node = self.process(node)",
        "parent_node.children[child_id] = node",
    ):
        assert line in walk, REVIEW
    search = inspect.getsource(moto_expressions._original_find_clauses)
    assert (
        "isinstance(child, Expression)" in search and "isinstance(child, UpdateExpressionFunction)" in search
    )
    assert search.count("clauses.extend(child.find_clauses(clause_types))") == 2, REVIEW
    for expression in TREES:
        tree = UpdateExpressionParser.make(expression)
        for node in _nodes(tree):
            for kinds in ([type(c) for c in _nodes(tree)], [validators.UpdateExpressionSetAction]):
                assert moto_expressions._kept_find_clauses(node, kinds) == (
                    moto_expressions._original_find_clauses(node, kinds)
                )


def _shape(value: Any) -> Any:
    """Everything a tree holds, parents aside, as plain values (moto's nodes define no equality)."""
    if isinstance(value, list):
        return [_shape(member) for member in value]
    if hasattr(value, "__dict__"):
        return (type(value).__name__, {k: _shape(v) for k, v in vars(value).items() if k != "parent"})
    return value


def test_a_deep_copy_of_a_tree_is_a_whole_new_tree_equal_to_it() -> None:
    moto_expressions.prepare()
    assert moto_expressions.Node.__deepcopy__ is moto_expressions._node_deepcopy
    for expression in TREES:
        tree = UpdateExpressionParser.make(expression)
        copied = copy.deepcopy(tree)
        assert _shape(copied) == _shape(tree)
        shared = {id(n) for n in _nodes(tree)} | {id(n.children) for n in _nodes(tree) if n.children}
        for node in _nodes(copied):
            assert id(node) not in shared and (not node.children or id(node.children) not in shared)
            assert all(child.parent is node for child in node.children or [] if hasattr(child, "parent"))
