"""The identity rule: a customer-facing operation acts only for sessionAttributes.customerId.

The trusted caller (the store app, the console) sets it in InvokeAgent's sessionState; Bedrock
passes it to the Lambda untouched. The model never supplies it, so no schema has a customer field.
"""

from __future__ import annotations

from collections.abc import Mapping

from action_groups.common.errors import IdentityMissing
from action_groups.common.formats import CUSTOMER_ID

SESSION_ATTRIBUTE = "customerId"

NO_IDENTITY = (
    "I can't tell which customer is signed in, so I can't look up or change purchases and orders. "
    "Please sign in to the store app and try again."
)


def customer_from_session(session_attributes: Mapping[str, str] | None) -> str:
    raw = (session_attributes or {}).get(SESSION_ATTRIBUTE)
    if not isinstance(raw, str) or not raw:
        raise IdentityMissing(NO_IDENTITY)
    if not CUSTOMER_ID.matches(raw):
        raise IdentityMissing("The signed-in customer id is not valid. " + NO_IDENTITY.split(". ", 1)[1])
    return raw
