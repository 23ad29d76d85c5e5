"""Contract fuzzing: every operation of every action group, driven through its OpenAPI schema.

For each operation hypothesis draws a value (or none) for every parameter from the schema (valid,
on and past every bound, wrong type and format, empty, oversized, control characters, unpaired
surrogates) plus parameters the schema does not have, builds the event Bedrock would send, and runs
the Lambda handler. Properties:

- the handler always returns a well-formed Bedrock response: never an exception, never a 500;
- a request with a value the schema rejects gets a 422 whose message names every such parameter
  in words (never pydantic's raw wording), and writes nothing to DynamoDB;
- a request the schema accepts is never refused as invalid (422 only for the documented rules across
  parameters: since after until, a page token this service did not issue);
- a mutation that is refused (any non-200) leaves the customer's items, the products and the
  idempotency table exactly as they were.

Derandomized: every run tries the same cases (``make hardening`` prints how many).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from action_groups.common.resolver import MAX_EVENT_BYTES
from action_groups.common.responses import encoded_size
from action_groups.store import pagination
from tests.action_groups.helpers import call, new_customer, new_product
from tests.hardening import figures
from tests.hardening.dynamo_hooks import CallLog, call_log
from tests.hardening.lambdas import Answer, event_for, invoke, operations
from tests.hardening.schema_values import INVALID, LENIENT, VALID, derandomized, values, verdict
from tests.hardening.table_state import Snapshot, snapshot

EXAMPLES = 120
RAW_WORDING = re.compile(r"[Ii]nput should|unable to|[Vv]alue error|Field required")
BUSINESS_RULES = {
    "nextToken": "nextToken is not one this service issued",
    "since": "must be on or before until",
}


@dataclass
class Pool:
    """Things that exist in the store, so valid requests also reach the paths that find something."""

    customer: str  # the orders group acts for this customer: a fresh one, so nothing else is touched
    products: list[str]
    known: dict[str, list[str]]
    state: Snapshot | None = None  # what the table holds for them after the last accepted mutation

    def unchanged(self) -> bool:
        """Whether the table still holds ``state`` (reads after every refused mutation)."""
        return snapshot(self.customer, self.products) == self.state

    def accepted(self) -> None:
        self.state = snapshot(self.customer, self.products)


@pytest.fixture(scope="module")
def pool(store: None) -> Pool:
    customer, products = new_customer(), [new_product(stock=10_000) for _ in range(3)]
    placed = call(
        "orders", "/orders", "POST", customer=customer, body={"productId": products[0], "quantity": 1}
    )
    page = call("purchase_history", "/purchases", params={"limit": 1})
    tokens = [page.body["nextToken"], pagination.encode("2026-01-01T00:00:00Z", "ORD-AAAAAA")]
    order_ids = [placed.body["orderId"], page.body["purchases"][0]["purchaseId"]]
    known = {"productId": products, "orderId": order_ids, "purchaseId": order_ids, "nextToken": tokens}
    found = Pool(customer, products, known | {"customerId": ["C0001", "C0005", "C9999"]})
    found.accepted()
    return found


@pytest.fixture(scope="module")
def calls(pool: Pool) -> Iterator[CallLog]:
    with call_log() as log:
        yield log


def _names(message: str, parameter: str) -> bool:
    return re.search(rf"(^|\. ){re.escape(parameter)} ", message) is not None


def _problems(verdicts: dict[str, str], answer: Answer, oversized: bool, writes: list[str]) -> list[str]:
    if oversized:
        return [] if answer.status == 400 else [f"an oversized event got {answer.status}"]
    invalid = [name for name, v in verdicts.items() if v == INVALID]
    if answer.status in (400, 500, 503):
        return [f"{answer.status}: {answer.message}"]
    if invalid:
        problems = [] if answer.status == 422 else [f"invalid {invalid} accepted with {answer.status}"]
        problems += [f"422 does not name {name}" for name in invalid if not _names(answer.message, name)]
        problems += (
            [f"raw validation wording: {answer.message}"] if RAW_WORDING.search(answer.message) else []
        )
        return problems + ([f"an invalid request wrote {writes}"] if writes else [])
    if answer.status == 422:
        lenient = [n for n, v in verdicts.items() if v == LENIENT and _names(answer.message, n)]
        rule = [n for n, text in BUSINESS_RULES.items() if n in verdicts and text in answer.message]
        return [] if lenient or rule else [f"a valid request refused: {answer.message}"]
    return []


@pytest.mark.parametrize("operation_id", sorted(operations()))
@derandomized(EXAMPLES)
@given(data=st.data())
def test_every_operation_keeps_its_contract(
    operation_id: str, pool: Pool, calls: CallLog, data: st.DataObject
) -> None:
    operation = operations()[operation_id]
    drawn = {p.name: data.draw(values(p, pool.known.get(p.name)), label=p.name) for p in operation.parameters}
    undeclared = [n for n in ("customerId", "admin", "debug", "x") if operation.parameter(n) is None]
    extra = data.draw(
        st.dictionaries(st.sampled_from(undeclared), st.text(max_size=12), max_size=2), label="extra"
    )
    customer = pool.customer if operation.group == "orders" else "C0001"
    event = event_for(operation, drawn, customer=customer, extra=extra)
    verdicts = {p.name: verdict(p, drawn[p.name]) for p in operation.parameters}
    calls.clear()
    answer = invoke(event, operation.group)
    figures.tried("contract fuzzing (11 operations)")
    problems = _problems(verdicts, answer, encoded_size(event) > MAX_EVENT_BYTES, calls.writes())
    if operation.mutating and answer.status == 200:
        pool.accepted()
    elif operation.mutating and not pool.unchanged():
        problems.append(f"a refused mutation ({answer.status}) changed the table")
    assert not problems, (problems, drawn, verdicts)
    assert set(verdicts.values()) <= {VALID, LENIENT, INVALID}
