"""The event-stream encoder, checked with botocore's own decoder and response parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.eventstream import ChecksumMismatch, EventStream, EventStreamBuffer
from botocore.exceptions import EventStreamError
from botocore.parsers import EventStreamJSONParser
from hypothesis import given
from hypothesis import strategies as st

from local_bedrock import eventstream, wire
from local_bedrock.eventstream import EncodingError, encode_message, event_message, exception_message

header_names = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).filter(lambda s: len(s.encode()) <= 255)
header_values = st.one_of(
    st.text(max_size=200), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1)
)


def decode(data: bytes) -> list[Any]:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


@given(headers=st.dictionaries(header_names, header_values, max_size=8), payload=st.binary(max_size=4096))
def test_botocore_decodes_what_we_encode(headers: dict[str, Any], payload: bytes) -> None:
    (message,) = decode(encode_message(headers, payload))
    assert message.headers == headers
    assert message.payload == payload


@given(
    payloads=st.lists(st.binary(max_size=300), min_size=1, max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=2000), max_size=10),
)
def test_messages_split_anywhere_reassemble(payloads: list[bytes], cuts: list[int]) -> None:
    data = b"".join(encode_message({":event-type": "chunk"}, p) for p in payloads)
    buffer = EventStreamBuffer()
    decoded = []
    start = 0
    for cut in [*sorted(c for c in cuts if c < len(data)), len(data)]:
        buffer.add_data(data[start:cut])
        decoded += [m.payload for m in buffer]
        start = cut
    assert decoded == payloads


@pytest.mark.parametrize("position", [2, 9, 20, -1])
def test_a_flipped_byte_fails_botocore_checksums(position: int) -> None:
    data = bytearray(encode_message({":event-type": "chunk", ":message-type": "event"}, b'{"bytes":"aGk="}'))
    data[position] ^= 0x01
    with pytest.raises(ChecksumMismatch):
        decode(bytes(data))


def test_framing_limits() -> None:
    with pytest.raises(EncodingError):
        encode_message({"x" * 256: "v"}, b"")
    with pytest.raises(EncodingError):
        encode_message({"h": "v" * (2**15)}, b"")
    with pytest.raises(EncodingError):
        encode_message({}, b"\0" * (eventstream.MAX_PAYLOAD_LENGTH + 1))


def _parse_stream(data: bytes) -> list[dict[str, Any]]:
    """Parse with exactly what boto3 uses for InvokeAgent's completion stream."""

    class _Raw:
        def stream(self) -> Any:
            yield data

    return list(EventStream(_Raw(), wire.response_stream(), EventStreamJSONParser(), "InvokeAgent"))


def test_event_message_headers_and_json_payload() -> None:
    (message,) = decode(event_message("chunk", {"bytes": "aGk="}))
    assert message.headers == {
        ":event-type": "chunk",
        ":content-type": "application/json",
        ":message-type": "event",
    }
    assert json.loads(message.payload) == {"bytes": "aGk="}


def test_encoded_events_parse_into_the_response_stream_shape() -> None:
    data = wire.encode_event({"chunk": {"bytes": "héllo".encode()}}) + wire.encode_event(
        {
            "returnControl": {
                "invocationId": "inv-1",
                "invocationInputs": [{"functionInvocationInput": {"actionGroup": "g"}}],
            }
        }
    )
    assert _parse_stream(data) == [
        {"chunk": {"bytes": "héllo".encode()}},
        {
            "returnControl": {
                "invocationId": "inv-1",
                "invocationInputs": [{"functionInvocationInput": {"actionGroup": "g"}}],
            }
        },
    ]


def test_exception_message_becomes_event_stream_error_with_its_code() -> None:
    data = exception_message("throttlingException", "slow down")
    (message,) = decode(data)
    assert message.headers[":message-type"] == "exception"
    with pytest.raises(EventStreamError) as raised:
        _parse_stream(data)
    assert raised.value.response["Error"] == {"Code": "throttlingException", "Message": "slow down"}
