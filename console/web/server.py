"""The web console's HTTP server: stdlib ``http.server``, static files and a small JSON API.

Turns stream to the browser as Server-Sent Events over a POST response (read with ``fetch``): one
``event:``/``data:`` pair per update, flushed as the agent's events arrive. Only loopback Host headers
are served (no DNS rebinding) and POST bodies must be JSON (no cross-site form posts).

    GET  /                                      the page; /static/* its CSS and JS modules
    GET  /api/config                            target, sample customers, price date, feedback file
    POST /api/conversations                     {target?, sessionAttributes} -> {conversationId, sessionId}
    POST /api/conversations/{id}/turns          {text}              -> event stream
    POST /api/conversations/{id}/confirmation   {decision}          -> event stream
    POST /api/conversations/{id}/attributes     {sessionAttributes}
    POST /api/conversations/{id}/session        {action: new|end}
    POST /api/conversations/{id}/feedback       {turnIndex, rating, comment}
    GET  /api/feedback                          stored ratings (latest 50)
"""

from __future__ import annotations

import json
import logging
import mimetypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from console.web.app import ApiError, ConsoleApp

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
_MAX_BODY = 1024 * 1024
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_ROUTE = re.compile(r"^/api/conversations/([0-9a-f]{32})/(turns|confirmation|attributes|session|feedback)$")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: ConsoleApp) -> None:
        super().__init__(address, _Handler)
        self.app = app


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "agent-test-console"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    # --- helpers -------------------------------------------------------------------------------
    def _host_allowed(self) -> bool:
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in _LOOPBACK_HOSTS

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: Any) -> None:
        self._send(status, json.dumps(value).encode(), "application/json")

    def _error(self, status: int, message: str) -> None:
        self._json(
            status, {"error": {"kind": "console", "code": str(status), "message": message, "hint": ""}}
        )

    def _body(self) -> dict[str, Any]:
        if self.headers.get_content_type() != "application/json":
            raise ApiError(415, "Send JSON (Content-Type: application/json).")
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            raise ApiError(413, "Request body too large.")
        try:
            value = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            raise ApiError(400, "The body is not valid JSON.") from None
        if not isinstance(value, dict):
            raise ApiError(400, "The body must be a JSON object.")
        return value

    def _stream(self, updates: Iterator[Any]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for update in updates:
                payload = json.dumps(update.data)
                self.wfile.write(f"event: {update.kind}\ndata: {payload}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            log.info("the browser went away during a turn")
        finally:
            close = getattr(updates, "close", None)
            if close:
                close()

    # --- routes ----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if not self._host_allowed():
            return self._error(403, "Open the console through 127.0.0.1 or localhost.")
        path = self.path.split("?", 1)[0]
        app = self.server.app
        if path == "/api/config":
            return self._json(200, app.config())
        if path == "/api/feedback":
            return self._json(200, app.feedback_list())
        if path == "/":
            path = "/static/index.html"
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        return self._error(404, f"Nothing at {path}.")

    def _static(self, name: str) -> None:
        file = (STATIC / name).resolve()
        if not file.is_relative_to(STATIC.resolve()) or not file.is_file():
            return self._error(404, "No such file.")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".js":
            kind = "text/javascript"
        charset = "; charset=utf-8" if kind.startswith("text/") else ""
        policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
        self._send(200, file.read_bytes(), kind + charset, {"Content-Security-Policy": policy})

    def do_POST(self) -> None:
        if not self._host_allowed():
            return self._error(403, "Open the console through 127.0.0.1 or localhost.")
        app = self.server.app
        try:
            body = self._body()
            if self.path == "/api/conversations":
                return self._json(200, app.start(body))
            match = _ROUTE.match(self.path)
            if not match:
                raise ApiError(404, f"Nothing at {self.path}.")
            ident, action = match.groups()
            if action == "turns":
                return self._stream(app.turn(ident, body))
            if action == "confirmation":
                return self._stream(app.confirm(ident, body))
            handler = {"attributes": app.attributes, "session": app.session, "feedback": app.feedback}[action]
            return self._json(200, handler(ident, body))
        except ApiError as error:
            return self._error(error.status, str(error))


@contextmanager
def serving(app: ConsoleApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """The web console in a background thread; yields its URL."""
    server = _Server((host, port), app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="console-web", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
