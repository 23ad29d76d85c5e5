"""Text rendering for the terminal console: plain ANSI colours (off with NO_COLOR or --no-color)."""

from __future__ import annotations

import json
from typing import Any

STYLES = {
    "user": "1;34",
    "agent": "1;32",
    "dim": "2",
    "step": "1;35",
    "source": "36",
    "warn": "1;33",
    "error": "1;31",
    "ok": "32",
}


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\033[{STYLES[style]}m{text}\033[0m" if self.enabled else text

    def prompt(self, text: str, style: str) -> str:
        """For input(): readline must not count escape sequences as characters."""
        return f"\001\033[{STYLES[style]}m\002{text}\001\033[0m\002" if self.enabled else text


def step_header(view: dict[str, Any]) -> str:
    bits = []
    if view.get("durationMs") is not None:
        bits.append(f"{view['durationMs']} ms")
    if view.get("inputTokens") or view.get("outputTokens"):
        bits.append(f"{view['inputTokens']}/{view['outputTokens']} tokens")
    return view["title"] + (f"  ({', '.join(bits)})" if bits else "")


def citations(views: list[dict[str, Any]]) -> list[str]:
    lines = []
    for citation in views:
        uris = list(dict.fromkeys(source["uri"] for source in citation["sources"]))
        lines.append(f"[{citation['number']}] {', '.join(uris) or 'unknown source'}")
    return lines


def confirmation(requests: list[dict[str, Any]]) -> list[str]:
    lines = ["The agent asks for confirmation:"]
    for request in requests:
        lines.append(f"  {request['actionGroup']}: {request['operation']}")
        lines += [f"    {name} = {value}" for name, value in request["parameters"].items()]
    return lines


def error(view: dict[str, Any]) -> list[str]:
    return [f"Error ({view['kind']}, {view['code']}): {view['message']}", f"  {view['hint']}"]


def raw(parts: list[dict[str, Any]]) -> str:
    return json.dumps(parts, indent=2)
