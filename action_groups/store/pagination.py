"""Opaque page tokens for purchase lists.

A token names only the last purchase seen (its time and id). The key to resume from is rebuilt with
the *session's* customer, so a token can never open another customer's partition.
"""

from __future__ import annotations

import base64
import binascii
import re

from action_groups.common.errors import Unprocessable
from action_groups.common.formats import ORDER_ID

_TOKEN_BODY = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\|(ORD-[0-9A-Z]{6})$")
UNKNOWN_PAGE = (
    "nextToken is not one this service issued; call again without it to start from the newest purchase."
)


def encode(placed_at: str, order_id: str) -> str:
    return base64.urlsafe_b64encode(f"{placed_at}|{order_id}".encode()).decode().rstrip("=")


def decode(token: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise Unprocessable(UNKNOWN_PAGE) from exc
    match = _TOKEN_BODY.match(raw)
    if not match or not ORDER_ID.matches(match.group(2)):
        raise Unprocessable(UNKNOWN_PAGE)
    return match.group(1), match.group(2)
