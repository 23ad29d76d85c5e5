"""moto's DynamoDB handler as a bare WSGI application, for the store process's HTTP server.

moto's own server (``moto.moto_server.werkzeug_app.create_backend_app``) mounts this same handler,
``moto.dynamodb.urls.url_paths["{0}/"]`` (``DynamoHandler.dispatch``), in a Flask application with
CORS and a request recorder; every DynamoDB call is a POST to ``/`` whose ``X-Amz-Target`` header
names the operation (botocore's ``dynamodb`` service model: protocol ``json``), so the Flask layer
only adds work: about 0.4 ms a call, measured (docs/performance.md).

Requests are moto's own ``Request`` marked as coming from a WSGI server, as moto's server marks them
(``BackendRequest.from_wsgi_server``), so moto answers exactly as it does in server mode.
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


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    request = ServerRequest(environ)
    try:
        status, headers, body = DISPATCH(request, request.raw_url, dict(request.headers))
    except ClientError as error:  # as moto's convert_to_flask_response (moto/core/utils.py) answers it
        status, headers, body = 400, {}, error.response["Error"]["Message"]
    response: Iterable[bytes] = Response(body, status=status, headers=headers)(environ, start_response)
    return response
