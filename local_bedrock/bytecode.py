"""Bytecode for the local runtime's processes, kept under the cache directory instead of beside the
sources.

``make`` exports ``PYTHONDONTWRITEBYTECODE=1`` so that no ``__pycache__`` folders appear in the
checkout (they would be listed by git tools and copied by hand-made archives). Python then compiles
every module of the checkout (``local_bedrock``, ``action_groups``, ``textnorm``; the virtualenv's
packages are compiled when installed) on every start: about 0.4 s of CPU for ``python -m
local_bedrock serve`` alone, plus the store process and each Lambda execution environment
(docs/performance.md, issue 15, sixth pass).

``keep_bytecode()`` points Python at a bytecode folder of its own, ``<cache>/bytecode``
(``sys.pycache_prefix``: Python's own mirror of the source tree, "PYTHONPYCACHEPREFIX" in the
Python documentation's command-line page), and lets this process and the processes it starts write
there: the checkout stays free of ``__pycache__``, and a warm start reads compiled modules. Python
checks each cached file against its source's modification time and size on every import
(PEP 552's default, timestamp-based invalidation), so an edited module is compiled afresh: nothing
here decides whether bytecode is current.

A prefix the user set (``PYTHONPYCACHEPREFIX``) is kept as it is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

PREFIX_VARIABLE = "PYTHONPYCACHEPREFIX"
NO_WRITE_VARIABLE = "PYTHONDONTWRITEBYTECODE"
FOLDER = "bytecode"


def keep_bytecode(cache_dir: Path, environ: MutableMapping[str, str] = os.environ) -> Path:
    """Write and read bytecode under ``cache_dir``/bytecode (or the prefix the user chose), in this
    process and in the processes it starts (through ``environ``). Returns the folder used."""
    chosen = environ.get(PREFIX_VARIABLE)
    prefix = Path(chosen) if chosen else cache_dir / FOLDER
    environ[PREFIX_VARIABLE] = str(prefix)
    environ.pop(NO_WRITE_VARIABLE, None)
    sys.pycache_prefix = str(prefix)
    sys.dont_write_bytecode = False
    return prefix
