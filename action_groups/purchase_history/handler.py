"""Action group `purchase_history` (assistant agent): the signed-in customer's purchases."""

from aws_lambda_powertools.event_handler import BedrockAgentResolver

from action_groups import operations
from action_groups.common.identity import customer_from_session
from action_groups.common.observability import tracer
from action_groups.common.params import (
    NextToken,
    PageLimit,
    PurchaseIdPath,
    SinceDate,
    SuggestionLimit,
    UntilDate,
)
from action_groups.common.resolver import create_resolver, lambda_entry
from action_groups.models import PurchaseDetails, PurchasePage, RecommendationPage

app: BedrockAgentResolver = create_resolver()


def _customer() -> str:
    return customer_from_session(app.current_event.session_attributes)


@app.get(
    "/purchases",
    operation_id="getRecentPurchases",
    description="The signed-in customer's purchases, newest first, optionally within dates.",
)
@tracer.capture_method
def get_recent_purchases(
    limit: PageLimit = 5,
    since: SinceDate = None,
    until: UntilDate = None,
    nextToken: NextToken = None,
) -> PurchasePage:
    body = operations.recent_purchases(
        _customer(), limit=limit, since=since, until=until, next_token=nextToken
    )
    return PurchasePage.model_validate(body)


@app.get(
    "/purchases/<purchaseId>",
    operation_id="getPurchaseDetails",
    description="One purchase of the signed-in customer: line items, status, total, tracking.",
)
@tracer.capture_method
def get_purchase_details(purchaseId: PurchaseIdPath) -> PurchaseDetails:
    return PurchaseDetails.model_validate(operations.order_details(_customer(), purchaseId, noun="purchase"))


@app.get(
    "/recommendations",
    operation_id="getRecommendedPurchases",
    description="Products to suggest next, based on what customers with similar purchases bought.",
)
@tracer.capture_method
def get_recommended_purchases(limit: SuggestionLimit = 5) -> RecommendationPage:
    return RecommendationPage.model_validate(operations.recommendations(_customer(), limit=limit))


lambda_handler = lambda_entry(app)
