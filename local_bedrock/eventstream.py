"""Encoder for the AWS event-stream framing (``application/vnd.amazon.eventstream``).

botocore ships only the decoder (``botocore.eventstream``); this is its mirror image, and the tests
decode everything written here with botocore's own ``EventStreamBuffer``.

A message is::

    prelude  = total_length:u32 | headers_length:u32 | crc32(prelude[0:8]):u32
    headers  = (name_length:u8 | name | type:u8 | value...)*
    payload  = bytes
    trailer  = crc32(everything before):u32

All integers are big-endian. Only the header value types the bedrock-agent-runtime stream uses are
written (string, plus bool/int32/int64 for completeness).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Mapping
from typing import Any

CONTENT_TYPE = "application/vnd.amazon.eventstream"

_PRELUDE = struct.Struct(">II")
_CRC = struct.Struct(">I")
_PRELUDE_LENGTH = _PRELUDE.size + _CRC.size
_TRAILER_LENGTH = _CRC.size

# Header value type tags (see botocore.eventstream.EventStreamHeaderParser).
_TRUE, _FALSE, _INT32, _INT64, _STRING = 0, 1, 4, 5, 7

# Limits enforced by botocore's decoder; exceeding them would make the client fail.
MAX_HEADERS_LENGTH = 128 * 1024
MAX_PAYLOAD_LENGTH = 24 * 1024 * 1024
_MAX_HEADER_NAME = 255
_MAX_STRING_VALUE = 2**15 - 1

HeaderValue = str | bool | int


class EncodingError(ValueError):
    """The message cannot be framed (header or payload too large, bad header value)."""


def _encode_header(name: str, value: HeaderValue) -> bytes:
    raw_name = name.encode("utf-8")
    if not 0 < len(raw_name) <= _MAX_HEADER_NAME:
        raise EncodingError(f"header name {name!r} must be 1..{_MAX_HEADER_NAME} bytes")
    head = struct.pack(">B", len(raw_name)) + raw_name
    if isinstance(value, bool):
        return head + struct.pack(">B", _TRUE if value else _FALSE)
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return head + struct.pack(">Bi", _INT32, value)
        return head + struct.pack(">Bq", _INT64, value)
    raw_value = value.encode("utf-8")
    if len(raw_value) > _MAX_STRING_VALUE:
        raise EncodingError(f"header {name!r} value exceeds {_MAX_STRING_VALUE} bytes")
    return head + struct.pack(">BH", _STRING, len(raw_value)) + raw_value


def encode_message(headers: Mapping[str, HeaderValue], payload: bytes) -> bytes:
    """Frame one event-stream message with its prelude and message CRCs."""
    encoded_headers = b"".join(_encode_header(name, value) for name, value in headers.items())
    if len(encoded_headers) > MAX_HEADERS_LENGTH:
        raise EncodingError(f"headers exceed {MAX_HEADERS_LENGTH} bytes")
    if len(payload) > MAX_PAYLOAD_LENGTH:
        raise EncodingError(f"payload exceeds {MAX_PAYLOAD_LENGTH} bytes")
    total = _PRELUDE_LENGTH + len(encoded_headers) + len(payload) + _TRAILER_LENGTH
    prelude = _PRELUDE.pack(total, len(encoded_headers))
    prelude += _CRC.pack(zlib.crc32(prelude))
    body = prelude + encoded_headers + payload
    return body + _CRC.pack(zlib.crc32(body))


def _json(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_message(event_type: str, payload: Mapping[str, Any]) -> bytes:
    """An ``:message-type event`` message whose JSON payload is one ResponseStream member."""
    headers = {
        ":event-type": event_type,
        ":content-type": "application/json",
        ":message-type": "event",
    }
    return encode_message(headers, _json(payload))


def exception_message(exception_type: str, message: str) -> bytes:
    """An ``:message-type exception`` message; boto3 raises it as ``EventStreamError``.

    ``exception_type`` is the ResponseStream member name (e.g. ``dependencyFailedException``), which
    botocore reports as the error code.
    """
    headers = {
        ":exception-type": exception_type,
        ":content-type": "application/json",
        ":message-type": "exception",
    }
    return encode_message(headers, _json({"message": message}))
