"""Parameter declarations shared by several operations (one description per concept)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from action_groups.common.formats import CUSTOMER_ID, ORDER_ID, CustomerIdStr, OrderIdStr

PurchaseIdPath = Annotated[
    OrderIdStr,
    Path(description=f"Purchase id from getRecentPurchases, e.g. {ORDER_ID.example}"),
]
# The support agent lists a customer's purchases with getCustomerRecentPurchases: its purchase ids
# come from there (the agent has no getRecentPurchases to name).
CustomerPurchaseIdPath = Annotated[
    OrderIdStr,
    Path(description=f"Purchase id from getCustomerRecentPurchases, e.g. {ORDER_ID.example}"),
]
OrderIdPath = Annotated[
    OrderIdStr,
    Path(description=f"Order id, e.g. {ORDER_ID.example}"),
]
CustomerIdPath = Annotated[
    CustomerIdStr,
    Path(description=f"Customer id, e.g. {CUSTOMER_ID.example}"),
]
PageLimit = Annotated[int, Query(description="How many, 1-20", ge=1, le=20)]
SinceDate = Annotated[date | None, Query(description="Only on or after this date (YYYY-MM-DD)")]
UntilDate = Annotated[date | None, Query(description="Only on or before this date (YYYY-MM-DD)")]
NextToken = Annotated[str | None, Query(description="nextToken of the previous page", max_length=200)]
SuggestionLimit = Annotated[int, Query(description="How many, 1-10", ge=1, le=10)]
