from __future__ import annotations

from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_customer, new_product, product


def _place(product_id: str, quantity: int, *, customer: str = "C0042", session_id: str = "s-place"):
    return call(
        "orders",
        "/orders",
        "POST",
        customer=customer,
        body={"productId": product_id, "quantity": quantity},
        session_id=session_id,
    )


def test_search_finds_products_by_everyday_words(sample: SampleData) -> None:
    reply = call("orders", "/products", params={"query": "noise cancelling headphones"})
    assert reply.status == 200
    names = [p["name"] for p in reply.body["products"]]
    assert names and "Noise-Cancelling Headphones" in names[0]
    first = reply.body["products"][0]
    assert first["productId"].startswith("PRD-")
    assert first["price"] == "199.99"
    assert isinstance(first["inStock"], int)


def test_search_folds_plurals_and_respects_category(sample: SampleData) -> None:
    plural = call("orders", "/products", params={"query": "yoga blocks"}).body["products"]
    singular = call("orders", "/products", params={"query": "yoga block"}).body["products"]
    assert plural[0]["productId"] == singular[0]["productId"]
    books = call("orders", "/products", params={"query": "yoga", "category": "Books"}).body["products"]
    assert books and all(p["category"] == "Books" for p in books)


def test_search_with_no_match_returns_empty_list() -> None:
    reply = call("orders", "/products", params={"query": "submarine periscope"})
    assert reply.status == 200
    assert reply.body["products"] == []


def test_search_query_too_short_is_explained() -> None:
    reply = call("orders", "/products", params={"query": "a"})
    assert reply.status == 422
    assert "query must be at least 2 characters long" in reply.message


def test_place_order_decrements_stock_and_records_the_order() -> None:
    product_id = new_product(stock=5, price_cents=1250)
    reply = _place(product_id, 2)
    assert reply.status == 200
    receipt = reply.body
    assert receipt["status"] == "PLACED"
    assert receipt["quantity"] == 2
    assert receipt["total"] == "25.00"
    assert receipt["alreadyPlaced"] is False
    assert product(product_id)["stock"] == 3
    assert product(product_id)["sales"] == 2
    status = call("orders", "/orders/{orderId}", customer="C0042", params={"orderId": receipt["orderId"]})
    assert status.status == 200
    assert status.body["status"] == "PLACED"
    assert status.body["cancellable"] is True


def test_order_shows_up_first_in_purchase_history() -> None:
    customer = new_customer()
    product_id = new_product(stock=3)
    order_id = _place(product_id, 1, customer=customer).body["orderId"]
    history = call("purchase_history", "/purchases", customer=customer)
    assert [p["purchaseId"] for p in history.body["purchases"]] == [order_id]


def test_same_order_in_same_session_is_placed_once() -> None:
    product_id = new_product(stock=5)
    first = _place(product_id, 1, session_id="s-dup")
    second = _place(product_id, 1, session_id="s-dup")
    assert first.body["orderId"] == second.body["orderId"]
    assert second.body["alreadyPlaced"] is True
    assert product(product_id)["stock"] == 4


def test_idempotency_key_includes_the_customer() -> None:
    product_id = new_product(stock=5)
    mine = _place(product_id, 1, customer="C0043", session_id="shared")
    theirs = _place(product_id, 1, customer="C0044", session_id="shared")
    assert mine.body["orderId"] != theirs.body["orderId"]
    assert product(product_id)["stock"] == 3


def test_order_beyond_stock_is_refused_with_the_count_left() -> None:
    product_id = new_product(stock=2, name="Test Lamp Limited")
    reply = _place(product_id, 3, session_id="s-short")
    assert reply.status == 409
    assert (
        reply.message
        == "Only 2 of Test Lamp Limited left in stock; you asked for 3. The order was not placed."
    )
    assert product(product_id)["stock"] == 2


def test_out_of_stock_is_refused() -> None:
    product_id = new_product(stock=0, name="Test Sold Out Mug")
    reply = _place(product_id, 1, session_id="s-zero")
    assert reply.status == 409
    assert "Test Sold Out Mug is out of stock" in reply.message


def test_refused_order_leaves_no_idempotency_record_so_a_retry_can_succeed() -> None:
    product_id = new_product(stock=1)
    assert _place(product_id, 2, session_id="s-retry").status == 409
    assert _place(product_id, 1, session_id="s-retry").status == 200


def test_unknown_product_is_not_found() -> None:
    reply = _place("PRD-8888", 1)
    assert reply.status == 404
    assert "use searchProducts" in reply.message


def test_quantity_limits_are_explained() -> None:
    product_id = new_product(stock=50)
    too_many = _place(product_id, 11)
    assert too_many.status == 422
    assert "quantity must be at most 10 (got '11')" in too_many.message
    missing = call("orders", "/orders", "POST", body={"productId": product_id})
    assert missing.status == 422
    assert "quantity is required" in missing.message


def test_cancel_restores_stock_and_refunds() -> None:
    product_id = new_product(stock=4, price_cents=999)
    order_id = _place(product_id, 3, session_id="s-cancel").body["orderId"]
    assert product(product_id)["stock"] == 1
    reply = call("orders", "/orders/{orderId}/cancel", "POST", customer="C0042", params={"orderId": order_id})
    assert reply.status == 200
    assert reply.body == {
        "orderId": order_id,
        "status": "CANCELLED",
        "refund": "29.97",
        "cancelledAt": reply.body["cancelledAt"],
    }
    assert product(product_id)["stock"] == 4
    assert product(product_id)["sales"] == 0
    status = call("orders", "/orders/{orderId}", customer="C0042", params={"orderId": order_id}).body
    assert status["status"] == "CANCELLED"
    assert status["cancellable"] is False


def test_repeated_cancel_is_idempotent_and_restores_stock_once() -> None:
    product_id = new_product(stock=2)
    order_id = _place(product_id, 2, session_id="s-cancel-twice").body["orderId"]
    first = call("orders", "/orders/{orderId}/cancel", "POST", customer="C0042", params={"orderId": order_id})
    second = call(
        "orders", "/orders/{orderId}/cancel", "POST", customer="C0042", params={"orderId": order_id}
    )
    assert first.status == second.status == 200
    assert product(product_id)["stock"] == 2


def test_shipped_order_cannot_be_cancelled(sample: SampleData) -> None:
    customer = sample.customers[4]
    shipped = next(o for o in customer.orders if o.status in ("SHIPPED", "DELIVERED"))
    stock_before = {
        line.product.product_id: product(line.product.product_id)["stock"] for line in shipped.lines
    }
    reply = call(
        "orders",
        "/orders/{orderId}/cancel",
        "POST",
        customer=customer.customer_id,
        params={"orderId": shipped.order_id},
    )
    assert reply.status == 409
    assert "can't be cancelled" in reply.message and "returns policy" in reply.message
    assert {pid: product(pid)["stock"] for pid in stock_before} == stock_before


def test_seeded_processing_order_can_be_cancelled_and_restocks_every_line(sample: SampleData) -> None:
    # Customers C0001-C0010 belong to the planner suites; this test cancels a later customer's order.
    customer = next(c for c in sample.customers[10:] if any(o.status == "PROCESSING" for o in c.orders))
    in_flight = next(o for o in customer.orders if o.status == "PROCESSING")
    before = {line.product.product_id: product(line.product.product_id)["stock"] for line in in_flight.lines}
    reply = call(
        "orders",
        "/orders/{orderId}/cancel",
        "POST",
        customer=customer.customer_id,
        params={"orderId": in_flight.order_id},
    )
    assert reply.status == 200
    quantities: dict[str, int] = {}
    for line in in_flight.lines:
        quantities[line.product.product_id] = quantities.get(line.product.product_id, 0) + line.quantity
    assert {pid: product(pid)["stock"] for pid in before} == {
        pid: before[pid] + q for pid, q in quantities.items()
    }


def test_unknown_order_is_not_found() -> None:
    reply = call("orders", "/orders/{orderId}", params={"orderId": "ORD-ZZZZZZ"})
    assert reply.status == 404
    assert reply.message == "No order ORD-ZZZZZZ was found for this customer."
