"""Action group `support` (support agent, Slack): read-only lookups for any customer.

Staff name the customer explicitly; AWS Chatbot carries no user identity, so access control is the
channel's IAM role, and this Lambda's role can only read. There is no write path here at all.
"""

from aws_lambda_powertools.event_handler import BedrockAgentResolver

from action_groups import operations
from action_groups.common.errors import NotFound
from action_groups.common.observability import tracer
from action_groups.common.params import (
    CustomerIdPath,
    CustomerPurchaseIdPath,
    NextToken,
    OrderIdPath,
    PageLimit,
    SinceDate,
    SuggestionLimit,
    UntilDate,
)
from action_groups.common.resolver import create_resolver, lambda_entry
from action_groups.models import PurchaseDetails, PurchasePage, RecommendationPage
from action_groups.store.customers import customer_exists

app: BedrockAgentResolver = create_resolver()


def _known(customer_id: str) -> str:
    if not customer_exists(customer_id):
        raise NotFound(f"No customer {customer_id} exists.")
    return customer_id


@app.get(
    "/customers/<customerId>/purchases",
    operation_id="getCustomerRecentPurchases",
    description="A customer's purchases, newest first, optionally within dates.",
)
@tracer.capture_method
def get_customer_recent_purchases(
    customerId: CustomerIdPath,
    limit: PageLimit = 5,
    since: SinceDate = None,
    until: UntilDate = None,
    nextToken: NextToken = None,
) -> PurchasePage:
    body = operations.recent_purchases(
        _known(customerId), limit=limit, since=since, until=until, next_token=nextToken
    )
    return PurchasePage.model_validate(body)


@app.get(
    "/customers/<customerId>/purchases/<purchaseId>",
    operation_id="getCustomerPurchaseDetails",
    description="One purchase of a customer: line items, status, total, tracking.",
)
@tracer.capture_method
def get_customer_purchase_details(
    customerId: CustomerIdPath, purchaseId: CustomerPurchaseIdPath
) -> PurchaseDetails:
    return PurchaseDetails.model_validate(
        operations.order_details(_known(customerId), purchaseId, noun="purchase")
    )


@app.get(
    "/customers/<customerId>/recommendations",
    operation_id="getCustomerRecommendations",
    description="Products to suggest to a customer, from co-purchase patterns.",
)
@tracer.capture_method
def get_customer_recommendations(
    customerId: CustomerIdPath, limit: SuggestionLimit = 5
) -> RecommendationPage:
    return RecommendationPage.model_validate(operations.recommendations(_known(customerId), limit=limit))


@app.get(
    "/customers/<customerId>/orders/<orderId>",
    operation_id="getCustomerOrder",
    description="Status and contents of one order of a customer.",
)
@tracer.capture_method
def get_customer_order(customerId: CustomerIdPath, orderId: OrderIdPath) -> PurchaseDetails:
    return PurchaseDetails.model_validate(operations.order_details(_known(customerId), orderId))


lambda_handler = lambda_entry(app)
