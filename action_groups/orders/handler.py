"""Action group `orders` (assistant agent): find products, place, track and cancel orders.

placeOrder and cancelOrder carry x-requireConfirmation, so Bedrock asks the user before calling.
"""

from typing import Annotated

from aws_lambda_powertools.event_handler import BedrockAgentResolver
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from action_groups import operations, views
from action_groups.categories import CATEGORIES
from action_groups.common.identity import customer_from_session
from action_groups.common.observability import tracer
from action_groups.common.params import OrderIdPath
from action_groups.common.resolver import create_resolver, lambda_entry
from action_groups.common.responses import bounded
from action_groups.models import (
    CancelReceipt,
    OrderReceipt,
    PlaceOrderRequest,
    ProductPage,
    PurchaseDetails,
    money,
)
from action_groups.orders import commands
from action_groups.store.search import search

CONFIRM = {"x-requireConfirmation": "ENABLED"}

app: BedrockAgentResolver = create_resolver()


def _customer() -> str:
    return customer_from_session(app.current_event.session_attributes)


@app.get(
    "/products",
    operation_id="searchProducts",
    description="Find products by words in their name; returns ids, prices and stock.",
)
@tracer.capture_method
def search_products(
    query: Annotated[
        str, Query(description="Product words, e.g. 'wireless headphones'", min_length=2, max_length=100)
    ],
    category: Annotated[
        str | None, Query(description="Optional; one of: " + ", ".join(CATEGORIES), max_length=40)
    ] = None,
    limit: Annotated[int, Query(description="How many, 1-10", ge=1, le=10)] = 5,
) -> ProductPage:
    found = search(query, category=category, limit=limit)
    return ProductPage.model_validate(bounded({"products": [views.product(p) for p in found]}, "products"))


@app.post(
    "/orders",
    operation_id="placeOrder",
    description="Order a product for the signed-in customer. Needs the product id from searchProducts.",
    openapi_extensions=CONFIRM,
)
@tracer.capture_method
def place_order(order: Annotated[PlaceOrderRequest, Body(description="What to order")]) -> OrderReceipt:
    customer = _customer()
    placed, repeated = commands.place(customer, app.current_event.session_id, order.productId, order.quantity)
    return OrderReceipt.model_validate(views.receipt(placed, already_placed=repeated))


@app.get(
    "/orders/<orderId>",
    operation_id="getOrderStatus",
    description="Status, contents and tracking of one order of the signed-in customer.",
)
@tracer.capture_method
def get_order_status(orderId: OrderIdPath) -> PurchaseDetails:
    return PurchaseDetails.model_validate(operations.order_details(_customer(), orderId))


@app.post(
    "/orders/<orderId>/cancel",
    operation_id="cancelOrder",
    description="Cancel an order that has not shipped yet; stock is restored and the total refunded.",
    openapi_extensions=CONFIRM,
)
@tracer.capture_method
def cancel_order(orderId: OrderIdPath) -> CancelReceipt:
    customer = _customer()
    commands.register_context(app.lambda_context)
    cancelled = commands.cancel(customer, orderId)
    return CancelReceipt(
        orderId=cancelled["order_id"],
        status=cancelled["status"],
        refund=money(int(cancelled["total_cents"])),
        cancelledAt=cancelled["cancelled_at"],
    )


lambda_handler = lambda_entry(app)
