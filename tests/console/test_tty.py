"""The terminal console through a pseudo-terminal, started with no target (it starts the local
runtime itself): traces, answers, confirmation prompts, session attributes, feedback, history."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from pexpect import fdpexpect

from local_bedrock.manifest import REPO_ROOT

PROMPT = "you> "


@pytest.fixture
def tty(tmp_path: Path) -> Iterator[fdpexpect.fdspawn]:
    """The console on a pseudo-terminal of 50 x 200. Started with subprocess on the terminal's far
    end rather than pexpect.spawn: pexpect forks the (multi-threaded) test process itself, which
    Python 3.12+ warns may deadlock the child (DeprecationWarning from os.forkpty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.update(TERM="xterm", NO_COLOR="", PYTHONUNBUFFERED="1")
    terminal, far_end = pty.openpty()
    fcntl.ioctl(far_end, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "console", "tty", "--feedback-file", str(tmp_path / "feedback.jsonl")],
        stdin=far_end,
        stdout=far_end,
        stderr=far_end,
        cwd=str(REPO_ROOT),
        env=env,
        start_new_session=True,
    )
    os.close(far_end)
    child = fdpexpect.fdspawn(terminal, encoding="utf-8", timeout=60)
    try:
        yield child
    finally:
        process.kill()
        process.wait()
        child.close()


def _say(child: fdpexpect.fdspawn, text: str, until: str = PROMPT) -> str:
    child.sendline(text)
    child.expect_exact(until)
    return str(child.before)


def test_the_terminal_console(tty: fdpexpect.fdspawn, tmp_path: Path) -> None:
    tty.expect(r"customer C0001 \(([^)]+)\)")
    tty.expect_exact(PROMPT)

    answer = _say(tty, "How long do I have to return headphones?")
    assert "▸ Guardrail on input" in answer and "▸ Orchestration step 1" in answer
    assert "· searches knowledge base LOCALKB001" in answer
    assert "Agent: " in answer and "30 days" in answer
    assert re.search(r"\[1\] s3://\S+/returns\.md", answer)
    assert re.search(r"\d+ ms · [\d,]+ tokens in / [\d,]+ out · offline \(\$0\)", answer)
    assert "\x1b[" in answer  # colours on a terminal

    steps = _say(tty, "/steps")
    assert "3. Orchestration step 1" in steps and "tokens)" in steps
    raw = _say(tty, "/raw 1")
    assert '"guardrailTrace"' in raw

    _say(tty, "/trace off")
    _say(tty, "/color off")
    asked = _say(tty, "Order a yoga mat", until="Confirm? [y]es / [n]o: ")
    assert "The agent asks for confirmation:" in asked and "orders: POST /orders" in asked
    assert "productId = PRD-0065" in asked and "▸" not in asked and "\x1b[" not in asked
    placed = _say(tty, "y")
    assert re.search(r"Agent: Your order ORD-\w+ is placed", placed)

    _say(tty, "Order a water bottle", until="Confirm? [y]es / [n]o: ")
    denied = _say(tty, "n")
    assert "Agent: Okay, I haven't placed that order." in denied

    saved = _say(tty, "/rate 2 up placed after I confirmed")
    assert "Feedback up on answer 2 saved to" in saved
    assert "Feedback down on answer 3" in _say(tty, "/down")
    history = _say(tty, "/history")
    assert (
        "2. You: Order a yoga mat [CONFIRM]" in history and "3. You: Order a water bottle [DENY]" in history
    )
    assert "models: local.offline-planner-v1; prices as of 20" in _say(tty, "/figures")

    assert "{'customerId': 'C0002'}" in _say(tty, "/customer C0002")
    removed = _say(tty, "/attr del customerId")
    assert "a removed one needs a new session" in removed and "session attributes: {}" in removed
    refused = _say(tty, "What did I buy recently?")
    assert "can't tell which customer is signed in" in refused
    assert "Session ended. New session console-" in _say(tty, "/end")
    assert "No turns yet." in _say(tty, "/history")
    assert "Unknown command /nope" in _say(tty, "/nope")
    tty.sendline("/quit")
    tty.expect(pexpect.EOF)

    records = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert [(r["rating"], r["comment"], len(r["turns"])) for r in records] == [
        ("up", "placed after I confirmed", 2),
        ("down", "", 3),
    ]
    assert (
        records[0]["turns"][1]["confirmation"] == "CONFIRM"
        and records[1]["turns"][2]["confirmation"] == "DENY"
    )
    assert (tmp_path / "console_history").read_text().count("Order a yoga mat") == 1
