"""moto's DynamoDB handler as a bare WSGI application, for the store process's HTTP server.

moto's own server (``moto.moto_server.werkzeug_app.create_backend_app``) mounts this same handler,
``moto.dynamodb.urls.url_paths["{0}/"]`` (``DynamoHandler.dispatch``), in a Flask application with
CORS and a request recorder; every DynamoDB call is a POST to ``/`` whose ``X-Amz-Target`` header
names the operation (botocore's ``dynamodb`` service model: protocol ``json``), so the Flask layer
only adds work: about 0.4 ms a call, measured (docs/performance.md).

Requests are moto's own ``Request`` marked as coming from a WSGI server, as moto's server marks them
(``BackendRequest.from_wsgi_server``), so moto answers exactly as it does in server mode.

The URL handed to moto is the request's ``raw_url``: werkzeug builds it from the environ (host
validation, IDNA decoding, path decoding; about a tenth of the store's CPU for a GetItem) though
every request of a connection has the same one. It is kept per value of the environ entries it is
built from (``URL_PARTS``: what werkzeug's ``Request`` reads for scheme, host, root path, path and
query, and moto's ``raw_path`` for ``RAW_URI``).

Answers are handed to ``start_response`` directly, as werkzeug's ``Response(body, status, headers)``
would hand them (``answer``: its status line, moto's headers in order, its
default Content-Type when moto names none, Content-Length last, the body as UTF-8): building a
``Response`` and its ``Headers`` per request was about 4 % of the store's CPU in an order turn
(docs/performance.md, issue 15, eighth pass). Answers werkzeug would change further (1xx, 204 and 304,
a Location, Content-Location or Content-Length header from moto, and any answer to a HEAD request,
whose body werkzeug drops) still go through ``Response``; DynamoDB's answers have none of them.
tests/local_bedrock/test_store_wsgi_answer.py compares the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from botocore.exceptions import ClientError
from moto.core.request import Request
from moto.dynamodb.urls import url_paths
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

Dispatch = Callable[[Request, str, dict[str, str]], tuple[int, dict[str, str], str | bytes]]

# moto 5.2: the one path DynamoDB registers. A moto upgrade that renames it fails here, at import,
# and in tests/local_bedrock/test_served_store.py.
DISPATCH: Dispatch = url_paths["{0}/"]


class ServerRequest(Request):
    from_wsgi_server = True


# werkzeug 3.1 wrappers.Request.__init__ (scheme, server, root path, path, query) and its host
# (the Host header), moto 5.2 Request.raw_path (RAW_URI): tests/local_bedrock/test_served_store.py.
URL_PARTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "RAW_URI",
    "QUERY_STRING",
)
KEPT_URLS = 64
_urls: dict[tuple[Any, ...], str] = {}


def raw_url(request: Request) -> str:
    """``request.raw_url``, built once per distinct set of ``URL_PARTS``."""
    key = tuple(request.environ.get(part) for part in URL_PARTS)
    url = _urls.get(key)
    if url is None:
        url = request.raw_url
        if len(_urls) >= KEPT_URLS:
            _urls.clear()
        _urls[key] = url
    return url


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    request = ServerRequest(environ)
    try:
        status, headers, body = DISPATCH(request, raw_url(request), dict(request.headers))
    except ClientError as error:  # as moto's convert_to_flask_response (moto/core/utils.py) answers it
        status, headers, body = 400, {}, error.response["Error"]["Message"]
    return answer(environ, start_response, status, headers, body)


# Headers werkzeug's Response.get_wsgi_headers rewrites or derives from the answer (werkzeug 3.1).
REWRITTEN = frozenset({"location", "content-location", "content-length"})
DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8"  # Response.default_mimetype, with its charset


def _plain(value: Any) -> bool:
    """A header value werkzeug writes as it is: text on one line (it splits lists into several
    headers, converts other values with str() and refuses line breaks)."""
    return type(value) is str and "\n" not in value and "\r" not in value


@cache
def status_line(status: int) -> str | None:
    """werkzeug's status line for ``status`` ("200 OK", "400 BAD REQUEST"), or None when werkzeug
    treats the answer specially (no body: 1xx, 204, 304) or does not know the code."""
    if status < 200 or status in (204, 304) or status not in HTTP_STATUS_CODES:
        return None
    return f"{status} {HTTP_STATUS_CODES[status].upper()}"


def answer(
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    status: int,
    headers: dict[str, Any],
    body: str | bytes,
) -> Iterable[bytes]:
    """What ``Response(body, status=status, headers=headers)(environ, start_response)`` answers."""
    line = status_line(status)
    names = {name.lower() for name in headers}
    if (
        line is None
        or environ.get("REQUEST_METHOD") == "HEAD"  # werkzeug's get_app_iter answers HEAD with no body
        or not names.isdisjoint(REWRITTEN)
        or not all(map(_plain, headers.values()))
    ):
        response: Iterable[bytes] = Response(body, status=status, headers=headers)(environ, start_response)
        return response
    data = body.encode() if isinstance(body, str) else body
    listed = list(headers.items())
    if "content-type" not in names:
        listed.append(("Content-Type", DEFAULT_CONTENT_TYPE))
    listed.append(("Content-Length", str(len(data))))
    start_response(line, listed)
    return [data]
