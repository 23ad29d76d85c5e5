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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from botocore.exceptions import ClientError
from moto.core.request import Request
from moto.dynamodb.urls import url_paths
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
    response: Iterable[bytes] = Response(body, status=status, headers=headers)(environ, start_response)
    return response
