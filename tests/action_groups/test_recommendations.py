from __future__ import annotations

import math

import pytest

from action_groups.recommender import stream_handler
from action_groups.recommender.scores import neighbours, ownership_delta, similarity, totals
from action_groups.store.customers import owned_products
from action_groups.store.recommendations import recommend
from local_bedrock.agent.lambda_events import LocalLambdaContext
from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_customer


def test_similarity_is_cosine_with_shrinkage() -> None:
    assert similarity(0, 5, 5) == 0.0
    assert similarity(4, 4, 4) == pytest.approx(1.0 * 4 / 6)
    assert similarity(2, 8, 2) == pytest.approx(2 / math.sqrt(16) * 2 / 4)
    # More shared customers at the same overlap ratio scores higher (less noise).
    assert similarity(10, 20, 20) > similarity(1, 2, 2)


def test_ownership_delta_counts_each_new_pair_once_per_direction() -> None:
    buyers, pairs = ownership_delta({"A", "B"}, {"A", "B", "C", "D"})
    assert buyers == {"C": 1, "D": 1}
    assert pairs == {
        "C": {"A": 1, "B": 1, "D": 1},
        "D": {"A": 1, "B": 1, "C": 1},
        "A": {"C": 1, "D": 1},
        "B": {"C": 1, "D": 1},
    }
    assert ownership_delta({"A"}, {"A"}) == ({}, {})


def test_incremental_updates_equal_a_full_recount() -> None:
    histories = [["A", "B"], ["A", "B", "C"], ["B", "C", "D"], ["A", "D"]]
    full_buyers, full_pairs = totals(set(h) for h in histories)
    buyers: dict[str, int] = {}
    pairs: dict[str, dict[str, int]] = {}
    for history in histories:
        owned: set[str] = set()
        for product in history:  # one order at a time, as the stream sees them
            add_buyers, add_pairs = ownership_delta(owned, owned | {product})
            owned |= {product}
            for p, n in add_buyers.items():
                buyers[p] = buyers.get(p, 0) + n
            for p, others in add_pairs.items():
                for o, n in others.items():
                    pairs.setdefault(p, {})[o] = pairs.get(p, {}).get(o, 0) + n
    assert buyers == full_buyers
    assert pairs == full_pairs


def test_neighbours_are_ranked_and_capped() -> None:
    counts = {f"P{i}": i for i in range(1, 30)}
    buyers = {f"P{i}": 30 for i in range(1, 30)}
    ranked = neighbours(counts, buyers, 30)
    assert len(ranked) == 20
    assert ranked[0]["product_id"] == "P29"
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)


def test_recommendations_exclude_owned_and_explain_themselves(sample: SampleData) -> None:
    customer = sample.customers[0]
    owned = owned_products(customer.customer_id)
    suggestions = recommend(customer.customer_id, limit=8)
    assert len(suggestions) == 8
    ids = [s.product["product_id"] for s in suggestions]
    assert len(set(ids)) == 8
    assert not set(ids) & owned
    assert all(int(s.product["stock"]) > 0 for s in suggestions)
    assert suggestions[0].reason.startswith("Often bought with ")


def test_suggestions_match_customers_interests_far_better_than_chance(sample: SampleData) -> None:
    """Each synthetic customer shops within a few interests; co-purchase scores must find them."""
    import random

    by_id = {p.product_id: p for p in sample.catalog}
    rng = random.Random(7)
    hits = chance = total = 0
    for customer in sample.customers[:30]:
        interests = set(customer.interests)
        for suggestion in recommend(customer.customer_id, limit=5):
            total += 1
            hits += bool(set(by_id[suggestion.product["product_id"]].groups) & interests)
            chance += bool(set(rng.choice(sample.catalog).groups) & interests)
    assert total == 150
    assert hits >= 2 * chance


def test_new_customer_gets_best_sellers(sample: SampleData) -> None:
    reply = call("purchase_history", "/recommendations", customer=new_customer(), params={"limit": "4"})
    assert reply.status == 200
    recommendations = reply.body["recommendations"]
    assert len(recommendations) == 4
    assert all(r["reason"].startswith("Best seller in ") for r in recommendations)
    sales = {p.product_id: 0 for p in sample.catalog}
    for c in sample.customers:
        for o in c.orders:
            if o.status != "CANCELLED":
                for line in o.lines:
                    sales[line.product.product_id] += line.quantity
    first = recommendations[0]
    category = first["reason"].removeprefix("Best seller in ")
    in_stock = [p for p in sample.catalog if p.category == category and p.stock > 0]
    assert sales[first["productId"]] == max(sales[p.product_id] for p in in_stock)


def _stream_record(
    customer_id: str, before: list[str], after: list[str], event_name: str = "MODIFY", sequence: str = "1"
) -> dict:
    def image(products: list[str]) -> dict:
        item: dict = {"pk": {"S": f"CUSTOMER#{customer_id}"}, "sk": {"S": "OWNED"}, "entity": {"S": "OWNED"}}
        if products:
            item["products"] = {"SS": products}
        return item

    return {
        "eventID": f"{customer_id}-{len(after)}",
        "eventName": event_name,
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "Keys": {"pk": {"S": f"CUSTOMER#{customer_id}"}, "sk": {"S": "OWNED"}},
            "OldImage": image(before),
            "NewImage": image(after),
            "SequenceNumber": sequence,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026",
    }


def test_stream_updates_make_new_pairs_recommendable(sample: SampleData) -> None:
    # Two never-before-seen products become neighbours once enough customers own both.
    from tests.action_groups.helpers import new_product

    first, second = (
        new_product(stock=5, name="Stream Test Alpha"),
        new_product(stock=5, name="Stream Test Beta"),
    )
    customers = [new_customer() for _ in range(3)]
    records = [_stream_record(c, [], [first, second], "INSERT") for c in customers]
    result = stream_handler.lambda_handler({"Records": records}, LocalLambdaContext())
    assert result == {"batchItemFailures": []}
    # A fourth customer who owns only the first product now gets the second suggested.
    buyer = new_customer()
    stream_handler.lambda_handler(
        {"Records": [_stream_record(buyer, [], [first], "INSERT")]}, LocalLambdaContext()
    )
    from action_groups.store.dynamo import COPURCHASE_SK, key, product_pk
    from action_groups.store.products import batch_get

    item = batch_get([key(product_pk(first), COPURCHASE_SK)])[0]
    assert item["counts"][second] == 3
    assert item["neighbours"][0]["product_id"] == second


def test_stream_ignores_other_items_and_reports_failures(
    sample: SampleData, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_record = _stream_record("C0001", [], ["PRD-0001"], "INSERT")
    order_record["dynamodb"]["NewImage"]["entity"] = {"S": "ORDER"}
    assert stream_handler.lambda_handler({"Records": [order_record]}, LocalLambdaContext()) == {
        "batchItemFailures": []
    }

    real_apply = stream_handler.apply

    def flaky(buyers: dict[str, int], pairs: dict) -> set[str]:
        if "PRD-0002" in buyers:
            raise RuntimeError("throttled")
        return real_apply(buyers, pairs)

    monkeypatch.setattr(stream_handler, "apply", flaky)
    good = _stream_record(new_customer(), [], ["PRD-0003"], "INSERT", sequence="10")
    failing = _stream_record(new_customer(), [], ["PRD-0002"], "INSERT", sequence="11")
    result = stream_handler.lambda_handler({"Records": [good, failing]}, LocalLambdaContext())
    assert result == {"batchItemFailures": [{"itemIdentifier": "11"}]}
