"""Items measured once (local_bedrock/store/moto_item_size.py) and transactions that copy only what
they change (moto_adapter.py): moto's size limit holds at the same attribute, and what our code relies on from
DynamoDB (a transaction's cancellation reasons and rollback, stream records for the recommender, none
for a cancelled transaction, a repeated order answered by its cancelled Put) behaves as DynamoDB
documents it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

from local_bedrock.store import moto_item_size
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_product
from tests.local_bedrock.test_moto_kept_checks import REVIEW, _n, _s, _shape, _source

TABLES = {"store": "transactions-store", "idempotency": "transactions-idempotency"}
STORE, IDEMPOTENCY = TABLES["store"], TABLES["idempotency"]


@pytest.fixture(scope="module")
def client(sample: SampleData) -> Iterator[Any]:
    with moto_store(SampleData([], []), tables=TABLES):  # in-process: its tables and streams are read
        yield boto3.client("dynamodb")


def test_moto_s_item_size_check_is_the_one_measured_once() -> None:
    init = _source(moto_item_size._original_item_init)
    assert (
        "self.attrs = LimitedSizeDict() for key, value in attrs.items(): self.attrs[key] = DynamoType(value)"
        in (init)
    ), REVIEW
    setitem = _source(LimitedSizeDict.__setitem__)
    for line in (
        "item.size() if type(item) is DynamoType else bytesize(str(item))",
        "for item in (list(self.keys()) + list(self.values()))",
        "new_item_size = bytesize(key) + ( value.size() if type(value) is DynamoType",
        f"if (current_item_size + new_item_size) > {moto_item_size.MOTO_ITEM_LIMIT}: raise ItemSizeTooLarge",
    ):
        assert line in setitem, REVIEW


# --------------------------------------------------------------------------- items measured once


def test_items_are_refused_at_moto_s_size_limit_as_before() -> None:
    limit = moto_item_size.MOTO_ITEM_LIMIT
    cases = [{"pk": _s("P"), "sk": _s("S"), "body": _s("x" * (limit - 8 - size))} for size in range(-3, 4)]
    cases.append({"pk": _s("P"), "a": _s("x" * 200_000), "b": _s("y" * 200_000), "c": _s("z" * 10_000)})
    cases.append({"pk": _s("P"), "a": _s("é" * 100_000), "b": {"L": [_n(1), {"M": {"k": _s("v" * 5_000)}}]}})
    outcomes = set()
    for attrs in cases:
        answers = []
        for init in (moto_item_size._original_item_init, moto_item_size._measured_once_init):
            item = Item.__new__(Item)
            try:
                init(item, DynamoType(_s("P")), None, attrs)
            except ItemSizeTooLarge:
                answers.append("too large")
            else:
                assert type(item.attrs) is LimitedSizeDict
                answers.append(_shape(item.attrs))
        assert answers[0] == answers[1]
        outcomes.add(answers[0] == "too large")
    assert outcomes == {True, False}


def test_an_item_over_the_limit_is_refused_through_the_api(client: Any) -> None:
    with pytest.raises(
        client.exceptions.ClientError, match="Item size has exceeded the maximum allowed size"
    ):
        client.put_item(TableName=STORE, Item={"pk": _s("KEPT"), "sk": _s("BIG"), "body": _s("x" * 410_000)})
    assert "Item" not in client.get_item(TableName=STORE, Key={"pk": _s("KEPT"), "sk": _s("BIG")})


# --------------------------------------------------------------------------- what our code relies on


def _order_transaction(product: str, order: str, quantity: int, price: int) -> list[dict[str, Any]]:
    """placeOrder's transaction (action_groups/store/orders.py), the same three writes."""
    return [
        {
            "Update": {
                "TableName": STORE,
                "Key": {"pk": _s(f"PRODUCT#{product}"), "sk": _s("PRODUCT")},
                "UpdateExpression": "SET stock = stock - :q ADD sales :q",
                "ConditionExpression": "attribute_exists(pk) AND stock >= :q AND price_cents = :p",
                "ExpressionAttributeValues": {":q": _n(quantity), ":p": _n(price)},
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        },
        {
            "Put": {
                "TableName": STORE,
                "Item": {"pk": _s("CUSTOMER#K1"), "sk": _s(f"ORDER#{order}"), "entity": _s("ORDER")},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        {
            "Update": {
                "TableName": STORE,
                "Key": {"pk": _s("CUSTOMER#K1"), "sk": _s("OWNED")},
                "UpdateExpression": "ADD products :p SET entity = :e, customer_id = :c",
                "ExpressionAttributeValues": {":p": {"SS": [product]}, ":e": _s("OWNED"), ":c": _s("K1")},
            }
        },
    ]


def _records() -> list[Any]:
    table = next(b for r in dynamodb_backends.values() for b in r.values() if STORE in b.tables).tables[STORE]
    return list(table.stream_shard.items)


def _state(client: Any) -> list[Any]:
    keys = [("PRODUCT#PRD-K1", "PRODUCT"), ("CUSTOMER#K1", "OWNED"), ("CUSTOMER#K1", "ORDER#O2")]
    return [client.get_item(TableName=STORE, Key={"pk": _s(pk), "sk": _s(sk)}).get("Item") for pk, sk in keys]


def test_a_transaction_commits_whole_or_is_cancelled_with_its_reasons_and_leaves_nothing(client: Any) -> None:
    client.put_item(
        TableName=STORE,
        Item={
            "pk": _s("PRODUCT#PRD-K1"),
            "sk": _s("PRODUCT"),
            "stock": _n(3),
            "sales": _n(0),
            "price_cents": _n(500),
        },
    )
    owned = {"pk": _s("CUSTOMER#K1"), "sk": _s("OWNED"), "products": {"SS": ["PRD-OTHER"]}}
    client.put_item(TableName=STORE, Item=owned)
    before = len(_records())
    client.transact_write_items(TransactItems=_order_transaction("PRD-K1", "O1", 2, 500))
    records = _records()[before:]
    assert [(r.record["eventName"], r.record["dynamodb"]["Keys"]["sk"]) for r in records] == [
        ("MODIFY", _s("PRODUCT")),
        ("INSERT", _s("ORDER#O1")),
        ("MODIFY", _s("OWNED")),
    ]
    assert records[0].record["dynamodb"]["OldImage"]["stock"] == _n(3)
    assert records[0].record["dynamodb"]["NewImage"]["stock"] == _n(1)
    for quantity, price in ((2, 500), (1, 499), (2, 500)):  # too many, then a price that moved; kept parses
        state, count = _state(client), len(_records())
        with pytest.raises(client.exceptions.TransactionCanceledException) as cancelled:
            client.transact_write_items(TransactItems=_order_transaction("PRD-K1", "O2", quantity, price))
        reasons = cancelled.value.response["CancellationReasons"]
        assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "None", "None"]
        assert reasons[0]["Item"]["stock"] == _n(1)  # ALL_OLD: the item as it stood
        assert _state(client) == state and state[2] is None and len(_records()) == count
    with pytest.raises(client.exceptions.TransactionCanceledException) as collided:
        client.transact_write_items(TransactItems=_order_transaction("PRD-K1", "O1", 1, 500))
    assert [r["Code"] for r in collided.value.response["CancellationReasons"]] == [
        "None",
        "ConditionalCheckFailed",
        "None",
    ]
    product = client.get_item(TableName=STORE, Key={"pk": _s("PRODUCT#PRD-K1"), "sk": _s("PRODUCT")})["Item"]
    assert (product["stock"], product["sales"]) == (_n(1), _n(2))  # the rolled-back update left no trace


def _cancelled(client: Any, writes: list[dict[str, Any]]) -> None:
    """``writes`` followed by a ConditionCheck that fails: the transaction is cancelled."""
    missing = {"pk": _s("CUSTOMER#K1"), "sk": _s("ABSENT")}
    check = {"TableName": STORE, "Key": missing, "ConditionExpression": "attribute_exists(pk)"}
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.transact_write_items(TransactItems=[*writes, {"ConditionCheck": check}])


def _get(client: Any, sk: str) -> Any:
    return client.get_item(TableName=STORE, Key={"pk": _s("CUSTOMER#K1"), "sk": _s(sk)}).get("Item")


def test_a_cancelled_put_over_an_item_and_delete_of_an_item_restore_both_exactly(client: Any) -> None:
    kept = {"pk": _s("CUSTOMER#K1"), "sk": _s("KEPT"), "note": _s("old"), "tags": {"SS": ["a", "b"]}}
    gone = {"pk": _s("CUSTOMER#K1"), "sk": _s("GONE"), "count": _n(7), "nested": {"M": {"k": {"L": [_n(1)]}}}}
    for item in (kept, gone):
        client.put_item(TableName=STORE, Item=item)
    count = len(_records())
    replacement = {"pk": _s("CUSTOMER#K1"), "sk": _s("KEPT"), "note": _s("new")}
    _cancelled(
        client,
        [
            {"Put": {"TableName": STORE, "Item": replacement}},
            {"Delete": {"TableName": STORE, "Key": {"pk": _s("CUSTOMER#K1"), "sk": _s("GONE")}}},
        ],
    )
    assert (_get(client, "KEPT"), _get(client, "GONE")) == (kept, gone)
    assert len(_records()) == count


def test_a_cancelled_transaction_naming_its_table_by_arn_leaves_nothing(client: Any) -> None:
    """TransactWriteItems takes a table's name or its ARN (botocore's dynamodb model, shape TableArn)."""
    arn = client.describe_table(TableName=STORE)["Table"]["TableArn"]
    kept = {"pk": _s("CUSTOMER#K1"), "sk": _s("ARN"), "note": _s("old")}
    client.put_item(TableName=STORE, Item=kept)
    count = len(_records())
    update = {
        "TableName": arn,
        "Key": {"pk": _s("CUSTOMER#K1"), "sk": _s("ARN")},
        "UpdateExpression": "SET note = :n",
        "ExpressionAttributeValues": {":n": _s("via-arn")},
    }
    insert = {"TableName": arn, "Item": {"pk": _s("CUSTOMER#K1"), "sk": _s("ARN-NEW")}}
    _cancelled(client, [{"Update": update}, {"Put": insert}])
    assert (_get(client, "ARN"), _get(client, "ARN-NEW")) == (kept, None)
    assert len(_records()) == count
    client.transact_write_items(TransactItems=[{"Update": update}])  # by ARN, committed
    assert _get(client, "ARN")["note"] == _s("via-arn") and len(_records()) == count + 1


def test_place_order_answers_a_repeat_from_its_cancelled_put_without_a_record(client: Any) -> None:
    """The repeat's transaction is cancelled by its order's ``attribute_not_exists`` and the order is
    read back (decision 0041): no idempotency record is written, stock is taken once."""
    product = new_product(stock=4, price_cents=1250)
    body = {"productId": product, "quantity": 1}
    first = call("orders", "/orders", "POST", customer="C0001", session_id="kept-1", body=body)
    again = call("orders", "/orders", "POST", customer="C0001", session_id="kept-1", body=body)
    assert first.status == again.status == 200
    assert again.body["orderId"] == first.body["orderId"] and again.body.get("alreadyPlaced") is True
    assert client.scan(TableName=IDEMPOTENCY)["Items"] == []
    stock = client.get_item(TableName=STORE, Key={"pk": _s(f"PRODUCT#{product}"), "sk": _s("PRODUCT")})[
        "Item"
    ]
    assert stock["stock"] == _n(3)  # placed once
