"""A local HTTP server that an unmodified boto3 ``bedrock-agent-runtime`` client can talk to.

    from local_bedrock.server import running

    with running(backend, knowledge) as local:          # port 0: an ephemeral port
        client = local.client()                          # boto3, endpoint_url=local.url
        response = client.invoke_agent(agentId=..., agentAliasId=..., sessionId=..., inputText=...)
        for event in response["completion"]:
            ...

``serve(backend, knowledge, port=8000)`` runs the same server in the foreground until interrupted.

HTTP/1.1 with keep-alive; one thread per connection; InvokeAgent answers stream with chunked
transfer encoding, one HTTP chunk per event-stream message, flushed as the backend yields it. A bad
request gets the API's error and never takes the server down; bodies over ``max_body_bytes`` are
refused; shutting down closes open connections and waits (bounded) for running turns.

Bounded resources (``EndpointConfig``): at most ``max_connections`` connections (default 128) are
open at once. The next one is answered at once, from the accepting thread without blocking it, with
a 429 ``ThrottlingException`` (``Connection: close``), which boto3 retries with backoff; it is then
drained briefly and closed. A connection must deliver a whole request (line, headers and body)
within ``request_read_seconds`` (default 60) of connecting or of its previous answer: past that it
is closed without an answer, however slowly its bytes trickle in (the socket timeout alone would
restart with every byte). Answers being streamed have no deadline. These are the local runtime's
own bounds: AWS documents no connection limit for the service.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from botocore.config import Config

from local_bedrock import wire
from local_bedrock.backend import AgentBackend, KnowledgeBackend, ThrottlingError, ValidationFailedError
from local_bedrock.endpoint import Endpoint, EndpointConfig, Reply, error_reply
from local_bedrock.wire import UNKNOWN_OPERATION

log = logging.getLogger(__name__)

_DRAIN_FACTOR = 4  # bodies up to this many times the limit are read and discarded, keeping the connection
_READ_PIECE = 64 * 1024
_IDLE_CONNECTION_SECONDS = 300  # socket timeout of one read or write; whole requests: request_read_seconds
_SHUTDOWN_WAIT_SECONDS = 5.0
_LINGER_SECONDS = 1.0  # a refused connection is drained this long, so the client reads its 429
_MAX_LINGERING = 256  # refused connections being drained at once; past that, closed at once


class _BodyRejected(Exception):
    def __init__(self, message: str, *, keep_alive: bool) -> None:
        super().__init__(message)
        self.keep_alive = keep_alive


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "bedrock-agent-runtime-local"
    sys_version = ""
    timeout = _IDLE_CONNECTION_SECONDS
    disable_nagle_algorithm = True  # small event messages must not wait for delayed ACKs (~40 ms each)
    server: _Server

    def handle_one_request(self) -> None:
        self.server.awaiting_request(self.connection)
        super().handle_one_request()

    def do_POST(self) -> None:
        self._dispatch()

    do_GET = do_PUT = do_PATCH = do_DELETE = do_POST

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own rejections (bad request line, oversized headers, unknown method), in the
        API's error form instead of an HTML page."""
        # A garbled request line leaves request_version at HTTP/0.9, which would send no status line.
        self.request_version = self.protocol_version
        self.close_connection = True
        error_code = "ValidationException" if code < 500 else "InternalServerException"
        if code == HTTPStatus.NOT_IMPLEMENTED:
            code, error_code = HTTPStatus.NOT_FOUND, UNKNOWN_OPERATION
        reply = error_reply(error_code, message or self.responses.get(code, ("",))[0])
        reply.status = code
        reply.headers["Connection"] = "close"
        self._write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def _dispatch(self) -> None:
        endpoint = self.server.endpoint
        try:
            body = self._read_body(endpoint.config.max_body_bytes)
            self.server.request_received(self.connection)
        except _BodyRejected as exc:
            self.close_connection = self.close_connection or not exc.keep_alive
            reply = error_reply(ValidationFailedError.code, str(exc))
        else:
            headers = {name.lower(): value for name, value in self.headers.items()}
            reply = endpoint.handle(self.command, self.path, headers, body)
        self._write(reply)

    def _read_body(self, limit: int) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _BodyRejected(
                "Chunked request bodies are not supported; send Content-Length.", keep_alive=False
            )
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise _BodyRejected("Content-Length is not a number.", keep_alive=False) from None
        if length < 0:
            raise _BodyRejected("Content-Length is negative.", keep_alive=False)
        if length > limit:
            drained = length <= limit * _DRAIN_FACTOR and self._discard(length)
            raise _BodyRejected(
                f"The request body of {length} bytes exceeds the limit of {limit} bytes.", keep_alive=drained
            )
        body = self.rfile.read(length)
        if len(body) < length:
            raise _BodyRejected("The connection ended before the whole body arrived.", keep_alive=False)
        return body

    def _discard(self, length: int) -> bool:
        while length > 0:
            piece = self.rfile.read(min(length, _READ_PIECE))
            if not piece:
                return False
            length -= len(piece)
        return True

    def _write(self, reply: Reply) -> None:
        try:
            self._send(reply)
        except OSError:
            log.info("client went away before the answer was sent")
            self.close_connection = True
        finally:
            if reply.stream is not None:
                reply.stream.close()

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream is None:
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in reply.stream:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    """Threaded server that knows its open connections, so shutdown can close them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's default listen backlog of 5 drops bursts of clients

    def __init__(self, address: tuple[str, int], endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._connections: set[socket.socket] = set()
        self._deadlines: dict[socket.socket, float] = {}  # connections reading a request, until when
        self._refused: list[tuple[socket.socket, float]] = []  # answered 429, drained until when
        self._idle = threading.Condition()
        self._active = 0
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._idle:
            full = self._active >= self.endpoint.config.max_connections
            if not full:
                self._active += 1
                self._connections.add(request)
                self._deadlines[request] = time.monotonic() + self.endpoint.config.request_read_seconds
        if full:
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._done(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._done(request)

    def _done(self, request: Any) -> None:
        with self._idle:
            self._active -= 1
            self._connections.discard(request)
            self._deadlines.pop(request, None)
            self._idle.notify_all()

    def awaiting_request(self, connection: socket.socket) -> None:
        with self._idle:
            self._deadlines[connection] = time.monotonic() + self.endpoint.config.request_read_seconds

    def request_received(self, connection: socket.socket) -> None:
        with self._idle:
            self._deadlines.pop(connection, None)

    def _refuse(self, request: socket.socket) -> None:
        """Answer a connection past the bound with a 429 without blocking the accepting thread."""
        error = ThrottlingError(
            f"The local endpoint already has {self.endpoint.config.max_connections} connections open "
            "(its limit); retry later."
        )
        status, headers, body = wire.error_response(error.code, error.message)
        headers |= {
            "Content-Length": str(len(body)),
            "Connection": "close",
            "x-amzn-RequestId": str(uuid.uuid4()),
        }
        head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        try:
            request.setblocking(False)
            request.send(head.encode("ascii") + b"\r\n" + body)  # a few hundred bytes: fits the buffer
            request.shutdown(socket.SHUT_WR)
        except OSError:
            request.close()
            return
        self._refused.append((request, time.monotonic() + _LINGER_SECONDS))
        while len(self._refused) > _MAX_LINGERING:
            self._refused.pop(0)[0].close()

    def service_actions(self) -> None:
        """Between accepts (socketserver calls this every poll): end connections past their request
        deadline, and close refused ones once drained."""
        now = time.monotonic()
        with self._idle:
            late = [connection for connection, deadline in self._deadlines.items() if deadline <= now]
            for connection in late:
                del self._deadlines[connection]
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self._refused = [(c, until) for c, until in self._refused if not _drained(c, until, now)]

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.exception("connection from %s failed", client_address)

    def close_connections(self, wait_seconds: float = _SHUTDOWN_WAIT_SECONDS) -> bool:
        """Shut every open connection and wait for their threads; True if all finished in time."""
        for refused, _ in self._refused:
            refused.close()
        self._refused = []
        with self._idle:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            return self._idle.wait_for(lambda: self._active == 0, timeout=wait_seconds)


def _drained(connection: socket.socket, until: float, now: float) -> bool:
    """Read what a refused client sent (closing before reading it would reset the connection and
    could destroy the 429 in flight); True once the connection is closed."""
    try:
        for _ in range(_DRAIN_FACTOR):  # a bounded read per poll: the accepting thread never spins here
            if not connection.recv(_READ_PIECE):
                break
        else:
            if now < until:
                return False
    except BlockingIOError:
        if now < until:
            return False
    except OSError:
        pass
    connection.close()
    return True


@cache
def _client_session() -> Any:
    """One session for every client of the local endpoints in this process: a new session loads the
    service models again (0.1–0.4 s a client, measured 2026-12-01)."""
    import boto3  # only clients of the endpoint need it: `serve` starts without (about 0.3 s)

    from local_bedrock.client_session import client_session

    return boto3.session.Session(botocore_session=client_session())


_CLIENT_CREATION = threading.Lock()  # botocore sessions are not thread-safe; their clients are


def _client(url: str, **config: Any) -> Any:
    with _CLIENT_CREATION:
        return _client_session().client(
            "bedrock-agent-runtime",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - the local endpoint ignores credentials
            config=Config(**config) if config else None,
        )


@dataclass(frozen=True)
class RunningEndpoint:
    """A server running in a background thread."""

    url: str
    endpoint: Endpoint

    def client(self, **config: Any) -> Any:
        """A boto3 ``bedrock-agent-runtime`` client for this server (``config``: botocore Config args)."""
        return _client(self.url, **config)


def _make_server(
    backend: AgentBackend, knowledge: KnowledgeBackend | None, config: EndpointConfig
) -> tuple[_Server, str]:
    server = _Server((config.host, config.port), Endpoint(backend, knowledge, config))
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}"


def _stop(server: _Server) -> None:
    server.shutdown()
    if not server.close_connections():
        log.warning("some turns were still running at shutdown")
    server.server_close()


@contextmanager
def running(
    backend: AgentBackend,
    knowledge: KnowledgeBackend | None = None,
    config: EndpointConfig | None = None,
    **settings: Any,
) -> Iterator[RunningEndpoint]:
    """Run the endpoint in a background thread; ``settings`` override ``EndpointConfig`` fields.

    The default port here is 0 (ephemeral); read the address from ``.url``.
    """
    base = (config or EndpointConfig(port=0)).model_dump()
    server, url = _make_server(backend, knowledge, EndpointConfig.model_validate(base | settings))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield RunningEndpoint(url, server.endpoint)
    finally:
        _stop(server)
        thread.join()


def serve(
    backend: AgentBackend,
    knowledge: KnowledgeBackend | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    on_ready: Callable[[str], None] | None = None,
    **settings: Any,
) -> None:
    """Serve in the foreground until interrupted; ``on_ready(url)`` runs once the socket listens."""
    config = EndpointConfig(host=host, port=port, **settings)
    server, url = _make_server(backend, knowledge, config)
    log.info("bedrock-agent-runtime endpoint listening on %s", url)
    if on_ready is not None:
        on_ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("interrupted; shutting down")
    finally:
        server.close_connections()
        server.server_close()
