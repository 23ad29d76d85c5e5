"""The botocore session that clients of the agent runtime are made from (this endpoint or AWS).

An InvokeAgent answer carries an ``eventTime`` on every trace part, about twenty-five a turn, and
botocore parses each with ``dateutil`` (``botocore.utils.parse_timestamp``): measured 2026-12-01 on
the `planner_dev3` suite through the local endpoint, a fifth of the process's CPU. The wire's
timestamps are ISO 8601 with an offset (the ``timestampFormat`` of the event-stream members of
`bedrock-agent-runtime`'s service model is iso8601), which the standard library reads directly. Every
other form (epoch numbers, RFC 822 dates, times without an offset) still goes to botocore's own
parser, so a value parses to the same instant either way (tests/local_bedrock/test_client_session.py).

The parser is swapped through botocore's own extension point, the ``response_parser_factory``
component's ``set_parser_defaults(timestamp_parser=...)`` (botocore/parsers.py), the one the AWS CLI
uses for its ``cli_timestamp_format`` setting.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import botocore.session
from botocore.utils import parse_timestamp


def iso_timestamp(value: Any) -> datetime:
    """``value`` as botocore would parse it; an ISO 8601 string with an offset without dateutil."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed
    return parse_timestamp(value)


def client_session() -> botocore.session.Session:
    """A fresh botocore session (credentials and configuration from the environment, as
    ``botocore.session.get_session()``) whose clients parse timestamps with ``iso_timestamp``."""
    session = botocore.session.get_session()
    session.get_component("response_parser_factory").set_parser_defaults(timestamp_parser=iso_timestamp)
    return session
