from __future__ import annotations

import pytest

from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_customer


def _orders(sample: SampleData, customer_id: str):
    return next(c for c in sample.customers if c.customer_id == customer_id).orders


def test_recent_purchases_are_newest_first_and_bounded(sample: SampleData) -> None:
    reply = call("purchase_history", "/purchases", params={"limit": "3"})
    assert reply.status == 200
    expected = [o.order_id for o in _orders(sample, "C0001")[:3]]
    assert [p["purchaseId"] for p in reply.body["purchases"]] == expected
    assert reply.body["nextToken"]
    assert reply.body["truncated"] is False


def test_default_page_is_five(sample: SampleData) -> None:
    reply = call("purchase_history", "/purchases")
    assert len(reply.body["purchases"]) == 5


def test_pages_follow_each_other_without_gaps(sample: SampleData) -> None:
    seen: list[str] = []
    token = None
    for _ in range(100):
        reply = call("purchase_history", "/purchases", params={"limit": "7", "nextToken": token})
        seen += [p["purchaseId"] for p in reply.body["purchases"]]
        token = reply.body["nextToken"]
        if not token:
            break
    assert seen == [o.order_id for o in _orders(sample, "C0001")]


def test_date_filter_keeps_only_purchases_in_range(sample: SampleData) -> None:
    reply = call(
        "purchase_history", "/purchases", params={"since": "2026-01-01", "until": "2026-06-30", "limit": "20"}
    )
    assert reply.status == 200
    expected = [
        o.order_id
        for o in _orders(sample, "C0001")
        if "2026-01-01" <= o.placed_at.date().isoformat() <= "2026-06-30"
    ]
    assert [p["purchaseId"] for p in reply.body["purchases"]] == expected[:20]
    assert all("2026-01-01" <= p["placedAt"][:10] <= "2026-06-30" for p in reply.body["purchases"])


def test_inverted_dates_are_rejected_in_words() -> None:
    reply = call("purchase_history", "/purchases", params={"since": "2026-05-01", "until": "2026-01-01"})
    assert reply.status == 422
    assert "since (2026-05-01) must be on or before until (2026-01-01)" in reply.message


def test_bad_date_names_the_field_and_format() -> None:
    reply = call("purchase_history", "/purchases", params={"since": "last tuesday"})
    assert reply.status == 422
    assert reply.message.startswith("since must be a date written as YYYY-MM-DD")


@pytest.mark.parametrize(
    ("limit", "rule"), [("0", "at least 1"), ("21", "at most 20"), ("many", "whole number")]
)
def test_limit_rules_are_explained(limit: str, rule: str) -> None:
    reply = call("purchase_history", "/purchases", params={"limit": limit})
    assert reply.status == 422
    assert f"limit must be {rule}" in reply.message or f"limit must be a {rule}" in reply.message


def test_forged_page_token_is_refused() -> None:
    reply = call("purchase_history", "/purchases", params={"nextToken": "not-a-token"})
    assert reply.status == 422
    assert "nextToken" in reply.message


def test_customer_without_history_gets_an_empty_page() -> None:
    reply = call("purchase_history", "/purchases", customer=new_customer())
    assert reply.status == 200
    assert reply.body["purchases"] == []
    assert reply.body["nextToken"] is None


def test_purchase_details_have_lines_totals_and_tracking(sample: SampleData) -> None:
    order = next(o for o in _orders(sample, "C0001") if o.status == "DELIVERED")
    reply = call("purchase_history", "/purchases/{purchaseId}", params={"purchaseId": order.order_id})
    assert reply.status == 200
    body = reply.body
    assert body["purchaseId"] == order.order_id
    assert body["status"] == "DELIVERED"
    assert [line["productId"] for line in body["lines"]] == [line.product.product_id for line in order.lines]
    cents = sum(line.quantity * line.product.price_cents for line in order.lines)
    assert body["total"] == f"{cents // 100}.{cents % 100:02d}"
    assert body["tracking"]["carrier"] in {"UPS", "FedEx", "USPS"}
    assert body["cancellable"] is False


def test_purchase_id_is_normalized_from_model_sloppiness(sample: SampleData) -> None:
    order = _orders(sample, "C0001")[0]
    reply = call(
        "purchase_history", "/purchases/{purchaseId}", params={"purchaseId": f" {order.order_id.lower()} "}
    )
    assert reply.status == 200
    assert reply.body["purchaseId"] == order.order_id


def test_malformed_purchase_id_explains_the_format() -> None:
    reply = call("purchase_history", "/purchases/{purchaseId}", params={"purchaseId": "12345"})
    assert reply.status == 422
    assert (
        "purchaseId must look like ORD- followed by 6 letters or digits, for example ORD-7K3F9Q"
        in reply.message
    )


def test_unknown_purchase_is_not_found() -> None:
    reply = call("purchase_history", "/purchases/{purchaseId}", params={"purchaseId": "ORD-000000"})
    assert reply.status == 404
    assert reply.message == "No purchase ORD-000000 was found for this customer."
