"""The web console in a real headless Chromium against the local endpoint: a question with its
answer, citations and trace; an order placed through Confirm; another denied; feedback stored; an
unknown alias shown as such. Saves the README's screenshot (see SCREENSHOT)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from console.web.app import ConsoleApp
from local_bedrock.manifest import REPO_ROOT
from tests.console.browser import chromium

# The README's screenshot: `make console-screenshot` refreshes docs/console.png; plain test runs write
# under build/ so that `make test` leaves the working tree clean.
SCREENSHOT = Path(os.environ.get("CONSOLE_SCREENSHOT", REPO_ROOT / "build" / "console.png"))


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    with chromium() as browser:
        yield browser


def _until(driver: webdriver.Chrome, check: Callable[[webdriver.Chrome], Any], timeout: float = 30) -> Any:
    return WebDriverWait(driver, timeout).until(check)


def _answers(driver: webdriver.Chrome) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#messages .msg.agent")


def _send(driver: webdriver.Chrome, text: str) -> WebElement:
    count = len(_answers(driver))
    driver.find_element(By.ID, "message-input").send_keys(text, Keys.ENTER)
    return _until(driver, lambda d: len(_answers(d)) > count and _answers(d)[count])


def _finished(message: WebElement) -> Callable[[webdriver.Chrome], bool]:
    return lambda _d: bool(message.find_element(By.CSS_SELECTOR, ".figures").text)


def test_the_console_in_a_browser(
    driver: webdriver.Chrome, web: tuple[str, ConsoleApp], spare_customer: str
) -> None:
    url, app = web
    driver.get(url)
    _until(driver, lambda d: d.find_element(By.ID, "session-id").text.startswith("console-"))
    assert "endpoint http://127.0.0.1:" in driver.find_element(By.ID, "where").text
    picker = Select(driver.find_element(By.ID, "customer-select"))
    assert picker.first_selected_option.get_attribute("value") == "C0001"
    picker.select_by_value(spare_customer)  # the customer these tests may place orders for
    _until(driver, lambda d: spare_customer in d.find_element(By.ID, "session-status").text)
    assert app.conversations[next(iter(app.conversations))].session_attributes == {
        "customerId": spare_customer
    }

    # A policy question: the answer streams in with its sources, the trace fills in by step.
    first = _send(driver, "How long do I have to return headphones?")
    _until(driver, _finished(first))
    text = first.find_element(By.CSS_SELECTOR, ".text")
    assert "30 days" in text.text and text.get_attribute("aria-live") == "polite"
    assert text.get_attribute("aria-busy") == "false"
    source_link = first.find_element(By.CSS_SELECTOR, "sup a")
    source = driver.find_element(By.ID, source_link.get_attribute("href").split("#")[1])
    assert source.find_element(By.TAG_NAME, "code").get_attribute("textContent").endswith(".md")
    assert "offline ($0)" in first.find_element(By.CSS_SELECTOR, ".figures").text
    turn = driver.find_element(By.CSS_SELECTOR, ".trace-turn[data-turn='0']")
    titles = [s.text.split("\n")[0] for s in turn.find_elements(By.CSS_SELECTOR, ".step summary .title")]
    assert (
        titles[0] == "Guardrail on input"
        and "Orchestration step 1" in titles
        and titles[-1] == "Guardrail on output"
    )
    step = turn.find_elements(By.CSS_SELECTOR, ".step")[2]
    step.find_element(By.TAG_NAME, "summary").click()
    assert "knowledge base lookup:" in step.find_element(By.CSS_SELECTOR, ".entries").text
    raw_button = step.find_element(By.CSS_SELECTOR, ".raw-toggle")
    raw_button.click()
    assert raw_button.get_attribute("aria-expanded") == "true"
    assert '"orchestrationTrace"' in step.find_element(By.CSS_SELECTOR, "pre.raw").text

    # An order, confirmed: the card shows what will happen, Confirm resumes the turn.
    order = _send(driver, "Order a yoga mat")
    confirm = _until(driver, lambda _d: order.find_elements(By.CSS_SELECTOR, ".confirm-card .confirm"))[0]
    card = order.find_element(By.CSS_SELECTOR, ".confirm-card")
    assert "orders: POST /orders" in card.text and "PRD-0065" in card.text
    assert driver.switch_to.active_element == confirm  # keyboard users land on the decision
    confirm.click()
    _until(driver, lambda _d: "is placed" in order.find_element(By.CSS_SELECTOR, ".text").text)
    assert "You confirmed." in card.text

    # Another, denied.
    other = _send(driver, "Order a water bottle")
    _until(driver, lambda _d: other.find_elements(By.CSS_SELECTOR, ".confirm-card .deny"))[0].click()
    _until(driver, lambda _d: "haven't placed" in other.find_element(By.CSS_SELECTOR, ".text").text)

    # Feedback on the placed order, stored with the conversation up to it.
    order.find_element(By.CSS_SELECTOR, ".rate-up").click()
    order.find_element(By.CSS_SELECTOR, ".feedback textarea").send_keys("placed after I confirmed")
    order.find_element(By.CSS_SELECTOR, ".feedback button[type=submit]").click()
    _until(driver, lambda _d: "Saved" in order.find_element(By.CSS_SELECTOR, ".feedback .status").text)
    records = app.store.records()
    assert (
        len(records) == 1 and records[0].rating == "up" and records[0].comment == "placed after I confirmed"
    )
    assert [t.input for t in records[0].turns] == [
        "How long do I have to return headphones?",
        "Order a yoga mat",
    ]
    assert records[0].turns[1].confirmation == "CONFIRM" and "is placed" in records[0].turns[1].output

    # Every form control has an accessible name.
    unnamed = driver.execute_script(
        "return [...document.querySelectorAll('input, select, textarea, button')].filter(e =>"
        " !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
        ".map(e => e.outerHTML)"
    )
    assert unnamed == []

    # The screenshot for the README: the placed order and its trace, the call step open.
    order_turn = driver.find_element(By.CSS_SELECTOR, ".trace-turn[data-turn='1']")
    order_turn.find_elements(By.CSS_SELECTOR, ".step summary")[4].click()
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", order_turn)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", order)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unknown_alias_and_a_stopped_server_are_explained(
    driver: webdriver.Chrome, web: tuple[str, ConsoleApp]
) -> None:
    url, _ = web
    driver.get(url)
    _until(driver, lambda d: d.find_element(By.ID, "session-id").text.startswith("console-"))
    driver.find_element(By.CSS_SELECTOR, ".connection summary").click()
    alias = driver.find_element(By.ID, "conn-alias")
    alias.clear()
    alias.send_keys("NOSUCH", Keys.ENTER)
    _until(driver, lambda d: "alias NOSUCH" in d.find_element(By.ID, "where").text)
    message = _send(driver, "hello")
    error = _until(driver, lambda _d: message.find_elements(By.CSS_SELECTOR, ".error[role=alert]"))[0]
    assert error.get_attribute("data-kind") == "not-found"
    assert "Unknown agent or alias" in error.text and "NOSUCH" in error.text

    # The endpoint stops answering (nothing listens on that port): the page says so.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    endpoint = driver.find_element(By.ID, "conn-endpoint")
    endpoint.clear()
    endpoint.send_keys(f"http://127.0.0.1:{closed}")
    alias = driver.find_element(By.ID, "conn-alias")
    alias.clear()
    alias.send_keys("TSTALIASID", Keys.ENTER)
    _until(driver, lambda d: f"127.0.0.1:{closed}" in d.find_element(By.ID, "where").text)
    message = _send(driver, "hello again")
    error = _until(driver, lambda _d: message.find_elements(By.CSS_SELECTOR, ".error[role=alert]"))[0]
    assert error.get_attribute("data-kind") == "not-running"
    assert "The agent endpoint is not running" in error.text and "make serve" in error.text
