"""`serve` keeps the checkout's bytecode between starts.

A shell may set ``PYTHONDONTWRITEBYTECODE=1`` (this project's build machines do; ``make`` exported it
too until 2026-12-01 and now unexports it for its targets), so Python compiled every module of the
checkout (``local_bedrock``, ``action_groups``, ``textnorm``; about 120 files) on every start of
``python -m local_bedrock serve`` and of its store process: about 0.4 s of CPU for the endpoint process
alone, most of a warm start's import time (docs/performance.md, issue 15, sixth pass). The virtualenv's
and the standard library's modules are compiled when installed and were never affected.

``keep_bytecode()`` lets this process and the processes it starts write bytecode where Python
writes it by default: ``__pycache__`` beside each source (ignored by git, left out of the Lambda zips
by ``deploy/package.py``; the Lambda execution environments, which never inherited the variable,
already wrote them), or under ``PYTHONPYCACHEPREFIX`` if the user set one. Python checks a cached
file against its source's modification time and size on every import (PEP 552's default,
timestamp-based invalidation), so an edited module is compiled afresh: nothing here decides whether
bytecode is current.

A prefix for every start (``sys.pycache_prefix`` under the cache folder) was measured and not kept:
Python then looks there for every module, the standard library's and the virtualenv's too, so a first
start compiled about 800 modules (cold start twice as long).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

NO_WRITE_VARIABLE = "PYTHONDONTWRITEBYTECODE"


def keep_bytecode(environ: MutableMapping[str, str] = os.environ) -> None:
    """Write bytecode as Python does by default, in this process and (through ``environ``) in the
    processes it starts afterwards."""
    environ.pop(NO_WRITE_VARIABLE, None)
    sys.dont_write_bytecode = False
