"""`python -m local_bedrock serve` starts without boto3 (about 0.3 s of imports on an idle machine,
more on a loaded one): the endpoint needs botocore's service model only, the store runs in its own
process, and cached sample data unpickles without the action groups' data model. Measured by
`make bench-turns` (start-up); this test keeps the imports from creeping back."""

from __future__ import annotations

import subprocess
import sys

CACHE = "from local_bedrock.store.sample_cache import cached_sample; cached_sample()"
START = """
import sys
from local_bedrock.store.sample_cache import cached_sample
import local_bedrock.__main__, local_bedrock.runtime, local_bedrock.server
cached_sample()
print(sorted(m for m in ("boto3", "moto", "action_groups.common.config") if m in sys.modules))
"""


def _python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    ).stdout.strip()


def test_the_endpoint_process_starts_without_boto3_moto_or_the_lambda_config() -> None:
    _python(CACHE)  # a fresh checkout generates the sample data once (that needs the data model)
    assert _python(START) == "[]"


BEFORE_THE_STORE = """
import subprocess, sys
from local_bedrock.paths import CACHE_DIR
from local_bedrock.bytecode import keep_bytecode
from local_bedrock.store.sample_cache import cached_items
from local_bedrock.store.served import StoreProcess

class Started(Exception):
    pass

def popen(command, **settings):  # what is imported when the store process would start
    print(sorted(m for m in ("pydantic", "local_bedrock.manifest", "boto3", "botocore") if m in sys.modules))
    print(command[2])
    raise Started

subprocess.Popen = popen
try:
    StoreProcess(cached_items())
except Started:
    pass
"""


def test_serve_starts_the_store_process_before_importing_pydantic() -> None:
    """What `serve` imports before it starts the store process (its critical path at start-up)."""
    _python(CACHE)
    assert _python(BEFORE_THE_STORE).splitlines() == ["[]", "local_bedrock.store.served"]
