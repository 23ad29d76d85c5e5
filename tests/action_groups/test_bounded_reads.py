"""Every read operation reads a bounded number of items, whatever the catalog or the history, and the
precomputed lists it reads are kept fresh by the stream consumer."""

from __future__ import annotations

import boto3

from action_groups.common.config import settings
from action_groups.recommender import stream_handler
from action_groups.recommender.refresh import BEST_SELLERS_KEPT
from action_groups.store.dynamo import (
    BEST_SELLERS_SK,
    OWNED_SK,
    RECOMMENDED_SK,
    STATS_PK,
    customer_pk,
    from_item,
    key,
    product_pk,
    to_item,
)
from action_groups.store.products import best_sellers
from action_groups.store.recommendations import SPARE, recommend
from action_groups.store.search import CANDIDATES, MAX_QUERY_TOKENS, WORD_PAGE, index_items
from local_bedrock.agent.lambda_events import LocalLambdaContext
from local_bedrock.store.seed import SampleData
from local_bedrock.store.seed.writer import write_items
from tests.action_groups.helpers import call, new_customer, write_orders
from tests.action_groups.reads import read_log
from tests.action_groups.test_recommendations import _stream_record


def _gizmos(count: int) -> None:
    """``count`` long-named products sharing two words no other product uses, then one short one."""
    items = []
    for n in range(count + 1):
        product_id = f"PRD-{7000 + n}"
        name = "Zorblax Gizmo" if n == count else f"Zorblax Gizmo Deluxe Edition Model {n}"
        items.append(
            {
                "pk": product_pk(product_id),
                "sk": "PRODUCT",
                "entity": "PRODUCT",
                "product_id": product_id,
                "name": name,
                "category": "Office",
                "price_cents": 999,
                "stock": 5,
                "sales": 0,
            }
        )
        items += index_items(product_id, name, "Office")
    write_items(boto3.client("dynamodb"), settings().store_table, items)


def test_search_reads_one_page_per_word_and_finds_the_exact_name(sample: SampleData) -> None:
    _gizmos(150)
    with read_log() as log:
        reply = call("orders", "/products", params={"query": "zorblax gizmo", "limit": "3"})
    assert reply.body["products"][0]["name"] == "Zorblax Gizmo"
    assert len(reply.body["products"]) == 3
    assert log.reads == 3  # one page per word, one batch of candidates
    assert log.items <= 2 * WORD_PAGE + CANDIDATES
    with read_log() as log:
        call("orders", "/products", params={"query": "zorblax gizmo deluxe edition model extra words"})
    assert log.reads == MAX_QUERY_TOKENS + 1


def test_recommendations_cost_the_same_for_a_customer_who_owns_the_catalog(sample: SampleData) -> None:
    loyal = new_customer()
    everything = {p.product_id for p in sample.catalog}
    write_orders(loyal, sample.catalog[0].product_id, 300)
    boto3.client("dynamodb").put_item(
        TableName=settings().store_table,
        Item=to_item({"pk": customer_pk(loyal), "sk": OWNED_SK, "entity": "OWNED", "products": everything}),
    )
    for customer in (loyal, sample.customers[5].customer_id, new_customer()):
        with read_log() as log:
            reply = call("purchase_history", "/recommendations", customer=customer, params={"limit": "10"})
        assert reply.status == 200
        assert log.reads <= 2
        assert log.items <= 3 + 10 + SPARE
        assert not {r["productId"] for r in reply.body["recommendations"]} & (
            everything if customer == loyal else set()
        )


def _item(pk: str, sk: str) -> dict:
    found = boto3.client("dynamodb").get_item(
        TableName=settings().store_table, Key=key(pk, sk), ConsistentRead=True
    )
    return from_item(found.get("Item", {}))


def test_an_order_refreshes_suggestions_and_best_sellers_through_the_stream(sample: SampleData) -> None:
    customer = new_customer()
    seed = next(p for p in sample.catalog if _item(product_pk(p.product_id), "COPURCHASE").get("neighbours"))
    assert not recommend(customer, limit=5) or all(
        s.reason.startswith("Best seller") for s in recommend(customer, limit=5)
    )
    placed = call(
        "orders", "/orders", "POST", customer=customer, body={"productId": seed.product_id, "quantity": 1}
    )
    assert placed.status == 200
    record = _stream_record(customer, [], [seed.product_id], "INSERT")
    assert stream_handler.lambda_handler({"Records": [record]}, LocalLambdaContext()) == {
        "batchItemFailures": []
    }

    stored = _item(customer_pk(customer), RECOMMENDED_SK)
    assert stored["categories"] == [seed.category]
    assert stored["suggestions"] and all(s["product_id"] != seed.product_id for s in stored["suggestions"])
    first = recommend(customer, limit=5)[0]
    assert first.reason == f"Often bought with {seed.name}"
    best = _item(STATS_PK, BEST_SELLERS_SK)["best_sellers"][seed.category]
    assert best == [p["product_id"] for p in best_sellers(seed.category, limit=BEST_SELLERS_KEPT)]
