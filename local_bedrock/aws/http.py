"""HTTP for the emulated services: one loopback server per service, one thread per connection.

A ``ServiceApp`` joins a service's protocol (``protocol.py``) to its implementation: an object with
one method per emulated operation, named as botocore names it in Python (``create_agent`` for
CreateAgent), taking ``(call, params)`` and returning the output members. Calls into one service are
serialized with one lock, so the models never see two writers at once (each AWS API call is atomic
too); the transitions that take time are lazy (``transitions.py``), never a sleeping thread.

Idempotency tokens: where an operation's input has a member with the ``idempotencyToken`` trait
(botocore's models: ``clientToken`` of CreateAgent, CreateSecurityPolicy, CreateCollection, ...;
"Unique, case-sensitive identifier to ensure idempotency of the request"), a repeat of a successful
call with the same token and the same parameters answers the first call's output and changes
nothing. The SDKs fill the token once per call and keep it across their retries, so a retry of a
create whose answer was lost does not fail with ConflictException (the AWS provider's Go SDK did, on
a loaded machine: CreateSecurityPolicy answered 200, the SDK retried, the retry conflicted). A repeat
with the same token and other parameters is refused; which error AWS answers then is not in the
models (the services' own ConflictException or ValidationException, chosen here: a guess).
"""

from __future__ import annotations

import contextlib
import copy
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from botocore import xform_name
from botocore.model import OperationModel

from local_bedrock.aws.errors import (
    ConflictException,
    EmulationError,
    NotImplementedByLocalAws,
    ServiceError,
    ValidationException,
)
from local_bedrock.aws.protocol import HttpRequest, HttpResponse, ServiceProtocol

log = logging.getLogger(__name__)
App = Callable[[HttpRequest], HttpResponse]
MAX_BODY_BYTES = 8 * 1024 * 1024
KEPT_TOKENS = 10_000  # successful calls remembered per service, oldest forgotten first


def idempotency_token(op: OperationModel) -> str | None:
    """The input member that carries the operation's idempotency token, if it has one."""
    shape = op.input_shape
    if shape is None:
        return None
    return next((name for name, m in shape.members.items() if m.metadata.get("idempotencyToken")), None)


@dataclass(frozen=True)
class Call:
    """What a handler knows about the call besides its parameters."""

    operation: str
    region: str
    account_id: str
    request: HttpRequest


class ServiceApp:
    def __init__(self, service: str, implementation: Any, account_id: str) -> None:
        self.protocol = ServiceProtocol(service)
        self.implementation = implementation
        self.account_id = account_id
        # The implementation's own lock when it has one: readers outside HTTP (the local runtime) take it too.
        self.lock = getattr(implementation, "lock", None) or threading.RLock()
        self.unrouted: App | None = None  # non-API paths of the same host (a collection endpoint)
        self._tokens: OrderedDict[tuple[str, str], tuple[dict[str, Any], Any]] = OrderedDict()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            try:
                op, labels = self.protocol.operation_for(request)
            except ServiceError:
                if self.unrouted is not None and "x-amz-target" not in request.headers:
                    return self.unrouted(request)
                raise
            handler = getattr(self.implementation, xform_name(op.name), None)
            if handler is None:
                raise NotImplementedByLocalAws(
                    f"The local AWS does not emulate {self.protocol.name} {op.name}; see docs/local-aws.md."
                )
            params = self.protocol.parameters(op, labels, request)
            call = Call(op.name, request.region, self.account_id, request)
            with self.lock:
                output = self._once(op, params, lambda: handler(call, params))
            return self.protocol.success(op, output or {})
        except ServiceError as error:
            return self.protocol.failure(error)
        except Exception as error:  # a bug of the emulation: say so, keep serving
            log.exception("local %s failed", self.protocol.name)
            return self.protocol.failure(EmulationError(f"{type(error).__name__}: {error}"))

    def _once(self, op: OperationModel, params: dict[str, Any], run: Callable[[], Any]) -> Any:
        """``run()``, or the output of the earlier successful call with this idempotency token."""
        member = idempotency_token(op)
        token = params.get(member) if member else None
        if not token:
            return run()
        key = (op.name, token)
        kept = self._tokens.get(key)
        if kept is not None:
            first_params, first_output = kept
            if first_params != params:
                mismatch = (
                    ConflictException
                    if "ConflictException" in {e.name for e in op.error_shapes}
                    else ValidationException
                )
                raise mismatch(f"The client token {token} was used with other parameters for {op.name}.")
            return copy.deepcopy(first_output)
        output = run()
        self._tokens[key] = (copy.deepcopy(params), copy.deepcopy(output))
        while len(self._tokens) > KEPT_TOKENS:
            self._tokens.popitem(last=False)
        return output


# Statuses whose response ends with its header section. RFC 9110 15.3.5: "A 204 response is terminated
# by the end of the header section; it cannot contain content or trailers"; 8.6: "A server MUST NOT
# send a Content-Length header field in any response with a status code of 1xx (Informational) or 204
# (No Content)"; 15.4.5: a 304 has no content either. The models' 204 operations (DeleteAgentActionGroup,
# DisassociateAgentKnowledgeBase, AWS Chatbot's deletes) answered "{}" after their headers: a client
# reads the next response on the connection from those two bytes ("{}HTTP/1.1 ..."), fails, retries.
NO_CONTENT = frozenset({204, 304})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "local-aws"
    sys_version = ""
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.send_error(413, "request body too large")
            return
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        request = HttpRequest(
            method=self.command,
            path=url.path,
            query=url.query,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        response = self.server.app(request)
        log.info(
            "%s %s %s -> %s (%s)",
            self.server.name,
            self.command,
            url.path[:120],
            response.status,
            self.headers.get("amz-sdk-request", "-"),
        )
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status in NO_CONTENT:
            self.end_headers()  # no body, no Content-Length (RFC 9110 sections 8.6 and 15.3.5)
            return
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: App, name: str) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self.name = name


@contextmanager
def serving(app: App, host: str = "127.0.0.1", port: int = 0, name: str = "local-aws") -> Iterator[str]:
    """Serve ``app`` on a background thread; yields its base URL (port 0: an ephemeral port)."""
    server = _Server((host, port), app, name)
    thread = threading.Thread(target=server.serve_forever, name=f"local-aws-{port}", daemon=True)
    thread.start()
    try:
        bound_host, bound_port = server.server_address[:2]
        yield f"http://{bound_host!s}:{bound_port}"
    finally:
        server.shutdown()
        with contextlib.suppress(OSError):
            server.server_close()
        thread.join(timeout=5)
