"""What the action groups return and accept: pydantic models, camelCase as the agent sees them.

Field descriptions end up in the OpenAPI schemas sent to the model on every step: keep them short.
Money is a string in US dollars ("24.99") so no float rounding ever reaches a customer.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from action_groups.common.formats import PRODUCT_ID, ProductIdStr

# An order (a purchase is an order seen from the history) moves PLACED -> PROCESSING -> SHIPPED ->
# DELIVERED, or to CANCELLED before it ships. The response schemas carry these as `enum`.
OrderStatus = Literal["PLACED", "PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED"]


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


class LineItem(BaseModel):
    productId: str
    name: str
    quantity: int
    unitPrice: str = Field(description="USD")


class PurchaseSummary(BaseModel):
    purchaseId: str
    placedAt: str
    status: OrderStatus
    itemCount: int
    total: str = Field(description="USD")
    items: list[str] = Field(description="Product names, first three")


class PurchasePage(BaseModel):
    purchases: list[PurchaseSummary]
    nextToken: str | None = Field(default=None, description="Pass back to get older purchases")
    truncated: bool = False


class Tracking(BaseModel):
    carrier: str
    trackingNumber: str


class PurchaseDetails(BaseModel):
    purchaseId: str
    placedAt: str
    status: OrderStatus
    lines: list[LineItem]
    total: str = Field(description="USD")
    cancellable: bool = Field(description="True until the order ships")
    shippedAt: str | None = None
    deliveredAt: str | None = None
    cancelledAt: str | None = None
    tracking: Tracking | None = None
    truncated: bool = False


class Product(BaseModel):
    productId: str
    name: str
    category: str
    price: str = Field(description="USD")
    inStock: int


class ProductPage(BaseModel):
    products: list[Product]
    truncated: bool = False


class Recommendation(Product):
    reason: str


class RecommendationPage(BaseModel):
    recommendations: list[Recommendation]
    truncated: bool = False


class PlaceOrderRequest(BaseModel):
    productId: Annotated[
        ProductIdStr,
        Field(description=f"From searchProducts, e.g. {PRODUCT_ID.example}"),
    ]
    quantity: int = Field(ge=1, le=10, description="1 to 10")


class OrderReceipt(BaseModel):
    orderId: str
    status: OrderStatus
    productId: str
    name: str
    quantity: int
    unitPrice: str = Field(description="USD")
    total: str = Field(description="USD")
    placedAt: str
    alreadyPlaced: bool = Field(default=False, description="True if this repeats an order already placed")


class CancelReceipt(BaseModel):
    orderId: str
    status: OrderStatus
    refund: str = Field(description="USD, back to the original payment method")
    cancelledAt: str
