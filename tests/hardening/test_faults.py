"""DynamoDB faults at every step of placeOrder and cancelOrder.

Each case gives a fresh product and customer, breaks one DynamoDB call (or one call and the next one,
to reach the error paths), then reads the table: never a partial order, lost or doubled stock, or a
second order. Then the customer retries without faults, as a person (or the agent) would after an
error, and the end state must be exactly one order (placeOrder) or one cancellation (cancelOrder).

Transient faults (fewer failed attempts than the client makes: 1, or all but the last) must be
absorbed by retries: the answer is 200. Persistent ones must give a clear error: 503 "busy" (never
a 500 or a traceback). Backoff sleeps are zeroed so the matrix runs in seconds; the attempts are
botocore's real ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from botocore.retries.standard import ExponentialBackoff

from action_groups.orders import commands
from action_groups.store.orders import MAX_TRANSACTION_ATTEMPTS
from tests.action_groups.helpers import new_customer
from tests.hardening import figures
from tests.hardening.dynamo_hooks import hooked
from tests.hardening.faults import ATTEMPTS, EVERY_ATTEMPT, KINDS, Fault, FaultyNetwork, Switchboard
from tests.hardening.lambdas import Answer, event_for, invoke, operations
from tests.hardening.stores import served_store
from tests.hardening.table_state import Snapshot, put_product, snapshot

STOCK, QUANTITY = 50, 2
EXPIRING_LAMBDA_MS = 1  # the in-progress idempotency lock lasts as long as the Lambda may still run
_sessions = itertools.count()


SWITCHBOARD = Switchboard()


@pytest.fixture(scope="module", autouse=True)
def network() -> Iterator[None]:
    with (
        served_store(),
        hooked("before-send.dynamodb", SWITCHBOARD),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(ExponentialBackoff, "delay_amount", lambda _self, _context: 0.0)
        patch.setattr(commands, "IN_PROGRESS_WAIT_SECONDS", 0.01)
        yield


@dataclass
class Order:
    customer: str
    product: str
    session: str

    def place(
        self, faults: list[Fault], timeout_millis: int = EXPIRING_LAMBDA_MS
    ) -> tuple[Answer, list[str]]:
        values = {"productId": self.product, "quantity": str(QUANTITY)}
        event = event_for(operations()["placeOrder"], values, customer=self.customer, session_id=self.session)
        return _run(event, faults, timeout_millis)

    def cancel(self, order_id: str, faults: list[Fault]) -> tuple[Answer, list[str]]:
        return self.cancel_within(order_id, faults, EXPIRING_LAMBDA_MS)

    def cancel_within(
        self, order_id: str, faults: list[Fault], timeout_millis: int
    ) -> tuple[Answer, list[str]]:
        event = event_for(operations()["cancelOrder"], {"orderId": order_id}, customer=self.customer)
        return _run(event, faults, timeout_millis)

    def state(self) -> Snapshot:
        # The checks below read the customer's items and the product; the idempotency table's size
        # is for the contract fuzzing's "unchanged" comparison.
        return snapshot(self.customer, [self.product], idempotency=False)


def _run(event: dict, faults: list[Fault], timeout_millis: int) -> tuple[Answer, list[str]]:
    network = SWITCHBOARD.install(FaultyNetwork(faults))
    answer = invoke(event, "orders", timeout_millis=timeout_millis)
    assert network.failed_attempts >= len(faults), "a fault never fired"
    return answer, network.calls


def _fresh() -> Order:
    return Order(new_customer(), put_product(stock=STOCK), f"fault-{next(_sessions)}")


def _cases(calls: list[str]) -> Iterator[list[Fault]]:
    for step, operation in enumerate(calls, start=1):
        for kind in KINDS:
            if kind == "conflict":
                if operation == "TransactWriteItems":
                    for count in (1, MAX_TRANSACTION_ATTEMPTS - 1, MAX_TRANSACTION_ATTEMPTS):
                        yield [Fault(step, kind, calls=count)]
                continue
            for attempts in (1, ATTEMPTS - 1, EVERY_ATTEMPT):
                yield [Fault(step, kind, attempts)]


def _explore(
    run: Callable[[list[Fault]], tuple[list[str], list[str]]], baseline: list[str], label: str
) -> list[str]:
    """Every single-fault case, then a second persistent fault on the call that follows a persistent
    one (the error paths: releasing the idempotency record, reading why a transaction failed)."""
    problems: list[str] = []
    queue, seen = list(_cases(baseline)), set()
    while queue:
        faults = queue.pop(0)
        key = tuple(faults)
        if key in seen:
            continue
        seen.add(key)
        calls, found = run(faults)
        problems += [f"{', '.join(map(str, faults))}: {p}" for p in found]
        last = faults[-1]
        after = last.step + last.calls
        if last.persistent and len(calls) >= after and len(faults) < 2:
            queue.append([*faults, Fault(after, "throttled", EVERY_ATTEMPT)])
    figures.tried(f"faults injected: {label}", len(seen))
    return problems


def _error_is_clear(answer: Answer, transient: bool) -> list[str]:
    if transient and answer.status != 200:
        return [f"a transient fault was not retried: {answer.status} {answer.message}"]
    if answer.status == 503 and "busy" not in answer.message:
        return [f"503 without saying the store is busy: {answer.message}"]
    if answer.status not in (200, 409, 503):
        return [f"unclear error {answer.status}: {answer.message}"]
    return []


def _placed_consistently(order: Order, state: Snapshot, at_most: int) -> list[str]:
    orders = state.orders()
    stock, sales = state.products[order.product]
    problems = []
    if len(orders) > at_most:
        problems.append(f"{len(orders)} orders")
    if (stock, sales) != (STOCK - QUANTITY * len(orders), QUANTITY * len(orders)):
        problems.append(f"stock {stock} / sales {sales} with {len(orders)} order(s)")
    if state.owned() != ([order.product] if orders else []):
        problems.append(f"OWNED {state.owned()} with {len(orders)} order(s)")
    return problems


def _place_case(faults: list[Fault]) -> tuple[list[str], list[str]]:
    order = _fresh()
    answer, calls = order.place(faults)
    problems = _error_is_clear(answer, not any(f.persistent for f in faults))
    state = order.state()
    problems += _placed_consistently(order, state, at_most=1)
    if answer.status == 200 and [o["order_id"] for o in state.orders()] != [answer.body["orderId"]]:
        problems.append("200 but the receipt is not the stored order")
    retry, _ = order.place([])
    final = order.state()
    if retry.status != 200:
        problems.append(f"the retry failed: {retry.status} {retry.message}")
    problems += _placed_consistently(order, final, at_most=1)
    if len(final.orders()) != 1:
        problems.append(f"{len(final.orders())} orders after the retry")
    return calls, problems


def _cancel_case(faults: list[Fault]) -> tuple[list[str], list[str]]:
    order = _fresh()
    placed, _ = order.place([])
    assert placed.status == 200, placed.message
    order_id = placed.body["orderId"]
    answer, calls = order.cancel(order_id, faults)
    problems = _error_is_clear(answer, not any(f.persistent for f in faults))
    problems += _cancelled_consistently(order, order.state(), answer.status == 200)
    retry, _ = order.cancel(order_id, [])
    if retry.status not in (200, 409) or (retry.status == 409 and "already cancelled" not in retry.message):
        problems.append(f"the retry failed: {retry.status} {retry.message}")
    problems += _cancelled_consistently(order, order.state(), True)
    return calls, problems


def _cancelled_consistently(order: Order, state: Snapshot, must_be_cancelled: bool) -> list[str]:
    (stored,) = state.orders()
    cancelled = stored["status"] == "CANCELLED"
    stock, sales = state.products[order.product]
    expected = (STOCK, 0) if cancelled else (STOCK - QUANTITY, QUANTITY)
    problems = (
        [] if (stock, sales) == expected else [f"{stored['status']} with stock {stock} / sales {sales}"]
    )
    if must_be_cancelled and not cancelled:
        problems.append(f"status {stored['status']}, expected CANCELLED")
    return problems


def test_place_order_survives_a_fault_at_every_step() -> None:
    _, baseline = _fresh().place([])
    assert baseline == ["GetItem", "TransactWriteItems"]  # no idempotency record (decision 0041)
    problems = _explore(_place_case, baseline, "placeOrder")
    assert not problems, "\n".join(problems)


def test_cancel_order_survives_a_fault_at_every_step() -> None:
    order = _fresh()
    placed, _ = order.place([])
    _, baseline = order.cancel(placed.body["orderId"], [])
    assert baseline == ["PutItem", "GetItem", "TransactWriteItems", "UpdateItem"]
    problems = _explore(_cancel_case, baseline, "cancelOrder")
    assert not problems, "\n".join(problems)


def test_an_order_whose_answer_was_lost_is_replayed_at_once() -> None:
    """The transaction commits and every answer to it is lost: 503, and the retry, with nothing in
    progress to wait for, finds the order by its request-derived id (decision 0041)."""
    order = _fresh()
    lost = [Fault(2, "lost_response", EVERY_ATTEMPT)]
    first, _ = order.place(lost, timeout_millis=30_000)
    assert first.status == 503
    retry, calls = order.place([], timeout_millis=30_000)
    assert (retry.status, retry.body["alreadyPlaced"]) == (200, True)
    assert calls == ["GetItem", "TransactWriteItems", "GetItem"]  # the cancelled Put, then the order
    assert [o["order_id"] for o in order.state().orders()] == [retry.body["orderId"]]


def test_a_retry_while_the_first_cancellation_may_still_run_is_refused_clearly() -> None:
    order = _fresh()
    placed, _ = order.place([])
    lost_save = [Fault(4, "throttled", EVERY_ATTEMPT)]  # the order is cancelled; its record stays in progress
    first, _ = order.cancel_within(placed.body["orderId"], lost_save, timeout_millis=30_000)
    assert first.status == 503
    retry, _ = order.cancel_within(placed.body["orderId"], [], timeout_millis=30_000)
    assert retry.status == 409
    assert "being cancelled right now" in retry.message
    assert [o["status"] for o in order.state().orders()] == ["CANCELLED"]
