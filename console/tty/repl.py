"""The terminal console: a readline REPL with the web console's features, in plain ANSI text.

Type a message to send it; lines starting with / are commands (/help lists them). Traces stream
as they arrive (toggle with /trace); a confirmation request is answered at a y/n prompt.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from agent_client.invoke import ConsoleError, runtime_client
from agent_client.trace_entries import short
from console.conversation import Conversation, Update
from console.feedback import FeedbackStore
from console.launch import Launch
from console.tty import render
from console.tty.render import Painter

HELP = """Commands:
  /help                       this help
  /trace [on|off]             show trace steps while a turn streams (now: {trace})
  /prompts [on|off]           include model prompts and raw outputs in traces (now: {prompts})
  /color [on|off]             ANSI colours (now: {color})
  /steps                      the last turn's trace, grouped by step
  /raw N                      raw JSON of step N of the last turn
  /figures                    latency, tokens and estimated cost of the last turn
  /attr                       show the session attributes
  /attr set KEY=VALUE         set a session attribute (sent with every message)
  /attr del KEY               remove one
  /customer ID                the same as /attr set customerId=ID
  /customers                  sample customers (when this console started the local runtime)
  /new                        start a new session
  /end                        end this session on the agent's side, then start a new one
  /up [comment], /down [comment]   rate the last answer (stored in {feedback})
  /rate N up|down [comment]   rate answer N (see /history)
  /history                    this session's turns
  /quit                       leave (Ctrl+D too)"""


class Repl:
    def __init__(self, conversation: Conversation, store: FeedbackStore, launch: Launch, color: bool) -> None:
        self.conversation = conversation
        self.store = store
        self.launch = launch
        self.paint = Painter(color)
        self.show_trace = True
        self.show_prompts = False
        self.commands: dict[str, Callable[[list[str]], None]] = {
            "help": self.help,
            "trace": self.toggle("show_trace"),
            "prompts": self.toggle("show_prompts"),
            "color": self.color,
            "steps": self.steps,
            "raw": self.raw,
            "figures": self.figures,
            "attr": self.attr,
            "customer": lambda a: self.attr(["set", f"customerId={a[0]}"] if a else []),
            "customers": self.customers,
            "new": self.new,
            "end": self.end,
            "up": lambda a: self.rate(None, "up", a),
            "down": lambda a: self.rate(None, "down", a),
            "rate": self.rate_n,
            "history": self.history,
        }

    def out(self, text: str = "", style: str | None = None) -> None:
        print(self.paint(text, style) if style else text, flush=True)

    # --- turns ------------------------------------------------------------------------------
    def play(self, updates: Iterator[Update]) -> list[dict[str, str]]:
        """Print a streaming turn; returns the confirmation requests it ended with, if any."""
        printed: dict[int, int] = {}
        answer_started = False
        requests: list[dict[str, str]] = []
        for update in updates:
            data = update.data
            if update.kind == "trace" and self.show_trace:
                self._trace(data["stepIndex"], data["step"], printed)
            elif update.kind == "chunk":
                if not answer_started:
                    sys.stdout.write(self.paint("Agent: ", "agent"))
                    answer_started = True
                sys.stdout.write(data["text"])
                sys.stdout.flush()
            elif update.kind == "returnControl":
                requests = data["requests"]
            elif update.kind == "error":
                for line in render.error(data):
                    self.out(line, "error")
            elif update.kind == "done":
                if answer_started:
                    self.out()
                for line in render.citations(data["citations"]):
                    self.out(f"       {line}", "source")
                self.out(f"       {data['figures']['line']}", "dim")
        return requests

    def _trace(self, index: int, step: dict[str, object], printed: dict[int, int]) -> None:
        entries = [e for e in step["entries"] if self.show_prompts or not e["verbose"]]  # type: ignore[attr-defined]
        if index not in printed:
            self.out(f"  ▸ {step['title']}", "step")
            printed[index] = 0
        for entry in entries[printed[index] :]:
            self.out(f"    · {entry['text']}", "dim")
        printed[index] = len(entries)

    def say(self, text: str) -> None:
        requests = self.play(self.conversation.send(text))
        while requests and self.conversation.pending is not None:
            for line in render.confirmation(requests):
                self.out(line, "warn")
            decision = self.ask_decision()
            requests = self.play(self.conversation.answer(decision))

    def ask_decision(self) -> str:
        while True:
            try:
                reply = input(self.paint.prompt("Confirm? [y]es / [n]o: ", "warn")).strip().lower()
            except (EOFError, KeyboardInterrupt):
                self.out("\n(denied)")
                return "DENY"
            if reply in ("y", "yes"):
                return "CONFIRM"
            if reply in ("n", "no"):
                return "DENY"

    # --- commands -----------------------------------------------------------------------------
    def help(self, _args: list[str]) -> None:
        on = {True: "on", False: "off"}
        self.out(
            HELP.format(
                trace=on[self.show_trace],
                prompts=on[self.show_prompts],
                color=on[self.paint.enabled],
                feedback=self.store.path,
            )
        )

    def toggle(self, name: str) -> Callable[[list[str]], None]:
        def run(args: list[str]) -> None:
            value = (args[0] == "on") if args else not getattr(self, name)
            setattr(self, name, value)
            self.out(f"{name.removeprefix('show_')} {'on' if value else 'off'}")

        return run

    def color(self, args: list[str]) -> None:
        self.paint.enabled = (args[0] == "on") if args else not self.paint.enabled
        self.out(f"color {'on' if self.paint.enabled else 'off'}")

    def _last(self) -> int | None:
        if not self.conversation.turns:
            self.out("No turns yet.")
            return None
        return len(self.conversation.turns) - 1

    def steps(self, _args: list[str]) -> None:
        index = self._last()
        if index is None:
            return
        for number, step in enumerate(self.conversation.turns[index].grouper.steps, start=1):
            self.out(f"  {number}. {render.step_header(step.view())}", "step")
            for line in step.lines:
                self.out(f"     · {line}", "dim")

    def raw(self, args: list[str]) -> None:
        index = self._last()
        if index is None:
            return
        steps = self.conversation.turns[index].grouper.steps
        if not args or not args[0].isdigit() or not 1 <= int(args[0]) <= len(steps):
            self.out(f"Usage: /raw N with N from 1 to {len(steps)} (see /steps)")
            return
        self.out(render.raw(steps[int(args[0]) - 1].view()["parts"]))

    def figures(self, _args: list[str]) -> None:
        index = self._last()
        if index is not None:
            turn = self.conversation.turns[index]
            figures = turn.figures(self.conversation.prices)
            models = ", ".join(figures.models) or "none"
            self.out(f"{figures.line}  (models: {models}; prices as of {figures.cost.as_of})")

    def attr(self, args: list[str]) -> None:
        attributes = dict(self.conversation.session_attributes)
        if args[:1] == ["set"] and len(args) == 2 and "=" in args[1]:
            key, value = args[1].split("=", 1)
            attributes[key.strip()] = value.strip()
        elif args[:1] == ["del"] and len(args) == 2:
            attributes.pop(args[1], None)
        elif args:
            self.out("Usage: /attr | /attr set KEY=VALUE | /attr del KEY")
            return
        if self.conversation.update_attributes(attributes):
            self.out(
                "The agent keeps a session's attributes, so a removed one needs a new session: "
                f"started {self.conversation.session_id}.",
                "warn",
            )
        self.out(f"session attributes: {attributes or '{}'}")

    def customers(self, _args: list[str]) -> None:
        if not self.launch.customers:
            self.out("No sample customers here: set one with /customer ID.")
            return
        for customer in self.launch.customers[:20]:
            self.out(f"  {customer['id']}  {customer['name']}")
        if len(self.launch.customers) > 20:
            self.out(f"  … {len(self.launch.customers) - 20} more")

    def new(self, _args: list[str]) -> None:
        self.conversation.reset()
        self.out(f"New session {self.conversation.session_id}.", "ok")

    def end(self, _args: list[str]) -> None:
        try:
            self.conversation.end()
            self.out(f"Session ended. New session {self.conversation.session_id}.", "ok")
        except ConsoleError as error:
            for line in render.error(error.view()):
                self.out(line, "error")

    def rate(self, index: int | None, rating: str, words: list[str]) -> None:
        if index is None:
            index = self._last()
            if index is None:
                return
        try:
            record = self.conversation.feedback(index, rating, " ".join(words))  # type: ignore[arg-type]
        except IndexError as error:
            self.out(str(error), "error")
            return
        self.store.append(record)
        self.out(
            f"Feedback {rating} on answer {index + 1} saved to {self.store.path} (id {record.id}).", "ok"
        )

    def rate_n(self, args: list[str]) -> None:
        if len(args) < 2 or not args[0].isdigit() or args[1] not in ("up", "down"):
            self.out("Usage: /rate N up|down [comment]")
            return
        self.rate(int(args[0]) - 1, args[1], args[2:])

    def history(self, _args: list[str]) -> None:
        if not self.conversation.turns:
            self.out("No turns yet.")
        for number, turn in enumerate(self.conversation.turns, start=1):
            decided = f" [{turn.confirmation}]" if turn.confirmation else ""
            self.out(f"{number}. You: {turn.input or '(continued)'}{decided}", "user")
            self.out(f"   Agent: {short(turn.output) if turn.output else '(no answer)'}")

    # --- loop ---------------------------------------------------------------------------------
    def command(self, line: str) -> bool:
        """Run a /command; False means quit."""
        try:
            name, *args = shlex.split(line[1:])
        except ValueError:
            name, *args = line[1:].split()
        if name in ("quit", "exit", "q"):
            return False
        handler = self.commands.get(name)
        if handler is None:
            self.out(f"Unknown command /{name}; /help lists them.")
        else:
            handler(args)
        return True

    def loop(self) -> None:
        while True:
            try:
                line = input(self.paint.prompt("you> ", "user")).strip()
            except EOFError:
                self.out()
                return
            except KeyboardInterrupt:
                self.out("\n(Ctrl+D or /quit leaves)")
                continue
            if not line:
                continue
            if line.startswith("/"):
                if not self.command(line):
                    return
                continue
            try:
                self.say(line)
            except KeyboardInterrupt:
                self.out("\n(interrupted)", "warn")


def _readline(history: Path) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    history.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)

    atexit.register(save)


def run(args: argparse.Namespace, launch: Launch) -> int:
    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
    attributes = {"customerId": launch.customers[0]["id"]} if launch.customers else {}
    conversation = Conversation(
        runtime_client(launch.target),
        launch.target,
        attributes,
        stream_final_response=args.stream_final_response,
    )
    repl = Repl(conversation, FeedbackStore(args.feedback_file), launch, color)
    _readline(args.feedback_file.parent / "console_history")
    target = launch.target
    repl.out(f"Agent test console: agent {target.agent_id}, alias {target.agent_alias_id} at {target.where}")
    who = attributes.get("customerId")
    name = next((c["name"] for c in launch.customers or [] if c["id"] == who), "")
    customer = f"{who} ({name})" if who and name else who or "none"
    repl.out(
        f"Session {conversation.session_id}; customer {customer} (/customer ID to change)."
        " /help lists commands, /quit leaves."
    )
    repl.loop()
    return 0
