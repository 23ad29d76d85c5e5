"""The library agent's action group: a trivial in-memory Lambda handler that speaks the Bedrock
action-group contract (event in, `response` with the echoed actionGroup/apiPath/httpMethod out).

It exists to prove that the local runtime and its offline planner serve an agent they were not
written for; nothing in local_bedrock names it. State lives in memory; `reset()` restores it.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

TODAY = date(2026, 11, 30)
BRANCHES = ("Central", "Riverside", "Hillcrest")
FORMATS = ("book", "ebook", "audiobook", "dvd")
MAX_RENEWALS = 2
RENEWAL_DAYS = 14
# A catalogue search ignores these words, as any search engine does.
IGNORED = frozenset({"the", "a", "an", "of", "and", "by", "for", "to", "in", "on", "at"})


@dataclass(frozen=True)
class Item:
    item_id: str
    title: str
    author: str
    format: str
    on_shelf: int


CATALOG = (
    Item("BK-1001", "Dune", "Frank Herbert", "book", 0),
    Item("AU-1002", "Dune", "Frank Herbert", "audiobook", 1),
    Item("BK-1003", "The Left Hand of Darkness", "Ursula K. Le Guin", "book", 2),
    Item("BK-1004", "Project Hail Mary", "Andy Weir", "book", 0),
    Item("EB-1005", "Project Hail Mary", "Andy Weir", "ebook", 3),
    Item("BK-1006", "The Martian", "Andy Weir", "book", 1),
    Item("BK-1007", "Salt Fat Acid Heat", "Samin Nosrat", "book", 2),
    Item("BK-1008", "The Hobbit", "J.R.R. Tolkien", "book", 5),
    Item("DV-1009", "Spirited Away", "Hayao Miyazaki", "dvd", 1),
    Item("BK-1010", "A Brief History of Time", "Stephen Hawking", "book", 1),
    Item("BK-1011", "Pride and Prejudice", "Jane Austen", "book", 3),
    Item("AU-1012", "Pride and Prejudice", "Jane Austen", "audiobook", 0),
    Item("BK-1013", "Atomic Habits", "James Clear", "book", 0),
    Item("BK-1014", "The Very Hungry Caterpillar", "Eric Carle", "book", 6),
    Item("DV-1015", "The Fellowship of the Ring", "Peter Jackson", "dvd", 2),
    Item("BK-1016", "Becoming", "Michelle Obama", "book", 1),
    Item("BK-1017", "Goodnight Moon", "Margaret Wise Brown", "book", 4),
)
_ITEMS = {item.item_id: item for item in CATALOG}


@dataclass
class Loan:
    loan_id: str
    item_id: str
    borrowed_on: date
    due: date
    renewals: int = 0
    returned_on: date | None = None
    held_by_others: bool = False

    def view(self) -> dict[str, Any]:
        item = _ITEMS[self.item_id]
        status = "returned" if self.returned_on else ("overdue" if self.due < TODAY else "current")
        return {
            "loanId": self.loan_id,
            "itemId": self.item_id,
            "title": item.title,
            "format": item.format,
            "borrowedOn": self.borrowed_on.isoformat(),
            "dueDate": self.due.isoformat(),
            "renewals": self.renewals,
            "status": status,
        }


@dataclass
class Member:
    loans: list[Loan]
    fees: list[dict[str, str]]
    holds: list[dict[str, Any]]


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _members() -> dict[str, Member]:
    return {
        "M1001": Member(
            loans=[
                Loan("LN-40117", "BK-1006", _d("2026-11-12"), _d("2026-12-03")),
                Loan("LN-40102", "BK-1007", _d("2026-10-16"), _d("2026-11-20"), renewals=1),
                Loan("LN-40095", "BK-1008", _d("2026-11-19"), _d("2026-12-10"), held_by_others=True),
                Loan("LN-40120", "DV-1009", _d("2026-11-26"), _d("2026-12-03"), renewals=2),
                Loan("LN-39980", "BK-1013", _d("2026-09-02"), _d("2026-09-23"), returned_on=_d("2026-10-02")),
                Loan("LN-39871", "BK-1017", _d("2026-08-01"), _d("2026-08-22"), returned_on=_d("2026-08-20")),
            ],
            fees=[
                {"loanId": "LN-40102", "title": "Salt Fat Acid Heat", "reason": "overdue", "amount": "2.50"},
                {"loanId": "LN-39871", "title": "Goodnight Moon", "reason": "damaged", "amount": "4.00"},
            ],
            holds=[],
        ),
        "M1002": Member(
            loans=[
                Loan("LN-41201", "BK-1011", _d("2026-11-14"), _d("2026-12-05")),
                Loan("LN-41188", "BK-1010", _d("2026-11-04"), _d("2026-11-25")),
            ],
            fees=[
                {
                    "loanId": "LN-41188",
                    "title": "A Brief History of Time",
                    "reason": "overdue",
                    "amount": "1.25",
                }
            ],
            holds=[],
        ),
        "M1003": Member(
            loans=[
                Loan("LN-42310", "BK-1003", _d("2026-11-17"), _d("2026-12-08")),
                Loan("LN-42302", "BK-1016", _d("2026-10-27"), _d("2026-12-01"), renewals=1),
            ],
            fees=[],
            holds=[],
        ),
        "M1004": Member(
            loans=[Loan("LN-43050", "BK-1014", _d("2026-11-23"), _d("2026-12-14"))], fees=[], holds=[]
        ),
        "M1005": Member(loans=[], fees=[], holds=[]),
    }


_INITIAL = _members()
_state: dict[str, Member] = copy.deepcopy(_INITIAL)
_next_hold = [7001]


def reset() -> None:
    _state.clear()
    _state.update(copy.deepcopy(_INITIAL))
    _next_hold[0] = 7001


def _words(text: str) -> set[str]:
    words = "".join(c.lower() if c.isalnum() else " " for c in text).split()
    return {w for w in words if len(w) > 1 and w not in IGNORED}


def search_catalog(params: dict[str, str]) -> tuple[int, Any]:
    wanted = _words(params.get("query", ""))
    fmt = params.get("format", "").lower() or None
    if fmt is not None and fmt not in FORMATS:
        return 400, {"message": f"format must be one of: {', '.join(FORMATS)}"}
    if not wanted:
        return 400, {"message": "query needs at least one word of a title or author"}
    scored = []
    for item in CATALOG:
        words = _words(f"{item.title} {item.author}")
        hits = len(wanted & words)
        if hits and (fmt is None or item.format == fmt):
            scored.append((-hits, item.item_id, item))
    items = [
        {"itemId": i.item_id, "title": i.title, "author": i.author, "format": i.format, "onShelf": i.on_shelf}
        for _, _, i in sorted(scored)
    ]
    return 200, {"items": items}


def list_loans(member: Member, params: dict[str, str]) -> tuple[int, Any]:
    status = params.get("status", "current").lower()
    if status not in ("current", "overdue", "returned"):
        return 400, {"message": "status must be one of: current, overdue, returned"}
    limit = int(params.get("limit", "10"))
    since = _d(params["since"]) if params.get("since") else None
    views = [
        loan.view()
        for loan in sorted(member.loans, key=lambda loan: loan.borrowed_on, reverse=True)
        if since is None or loan.borrowed_on >= since
    ]
    if status == "current":
        views = [v for v in views if v["status"] != "returned"]
    else:
        views = [v for v in views if v["status"] == status]
    return 200, {"loans": views[:limit]}


def renew_loan(member: Member, loan_id: str) -> tuple[int, Any]:
    loan = next((x for x in member.loans if x.loan_id == loan_id and x.returned_on is None), None)
    if loan is None:
        return 404, {"message": f"No current loan {loan_id} on your account."}
    title = _ITEMS[loan.item_id].title
    if loan.held_by_others:
        return 409, {"message": f"{title} cannot be renewed: another member has placed a hold on it."}
    if loan.renewals >= MAX_RENEWALS:
        return 409, {"message": f"{title} cannot be renewed: it was already renewed {MAX_RENEWALS} times."}
    loan.due += timedelta(days=RENEWAL_DAYS)
    loan.renewals += 1
    return 200, loan.view()


def place_hold(member: Member, body: dict[str, str]) -> tuple[int, Any]:
    item = _ITEMS.get(body.get("itemId", ""))
    if item is None:
        return 404, {"message": f"No item {body.get('itemId')} in the catalogue."}
    branch = body.get("branch") or "Central"
    match = next((b for b in BRANCHES if b.lower() == branch.lower()), None)
    if match is None:
        return 400, {"message": f"branch must be one of: {', '.join(BRANCHES)}"}
    if any(h["itemId"] == item.item_id for h in member.holds):
        return 409, {"message": f"You already have a hold on {item.title}."}
    hold = {
        "holdId": f"HD-{_next_hold[0]}",
        "itemId": item.item_id,
        "title": item.title,
        "branch": match,
        "queuePosition": 0 if item.on_shelf else 3,
    }
    _next_hold[0] += 1
    member.holds.append(hold)
    return 200, hold


def get_fees(member: Member) -> tuple[int, Any]:
    total = sum(float(f["amount"]) for f in member.fees)
    return 200, {"fees": member.fees, "total": f"{total:.2f}"}


def _dispatch(
    route: tuple[str, str], member: Member, params: dict[str, str], body: dict[str, str]
) -> tuple[int, Any]:
    if route == ("GET", "/catalog"):
        return search_catalog(params)
    if route == ("GET", "/loans"):
        return list_loans(member, params)
    if route == ("POST", "/loans/{loanId}/renew"):
        return renew_loan(member, params.get("loanId", ""))
    if route == ("POST", "/holds"):
        return place_hold(member, body)
    if route == ("GET", "/fees"):
        return get_fees(member)
    return 404, {"message": f"No operation {route[0]} {route[1]}"}


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    params = {p["name"]: p["value"] for p in event.get("parameters", [])}
    content = event.get("requestBody", {}).get("content", {}).get("application/json", {})
    body = {p["name"]: p["value"] for p in content.get("properties", [])}
    member = _state.get(event.get("sessionAttributes", {}).get("memberId", ""))
    route = (event["httpMethod"], event["apiPath"])
    if member is None:
        status, payload = 403, {"message": "No signed-in member: the application must set memberId."}
    else:
        status, payload = _dispatch(route, member, params, body)
    return {
        "messageVersion": "1.0",
        "response": {
            "actionGroup": event["actionGroup"],
            "apiPath": event["apiPath"],
            "httpMethod": event["httpMethod"],
            "httpStatusCode": status,
            "responseBody": {"application/json": {"body": json.dumps(payload)}},
        },
    }
