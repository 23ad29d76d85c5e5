"""Where the checkout and the local runtime's cache are, without importing anything heavy: `serve`
reads them before it starts the store process (pydantic, which ``manifest`` needs, takes 0.1-0.3 s to
import; the store waits for none of it).

The repository root holds agents.json and the files it names. It is `LOCAL_BEDROCK_ROOT` when set,
else the nearest directory from the working directory up that holds agents.json (so an installed
package serves the checkout it is started in), else the checkout this module lives in.
"""

from __future__ import annotations

import os
from pathlib import Path


def _repo_root() -> Path:
    if root := os.environ.get("LOCAL_BEDROCK_ROOT"):
        return Path(root).resolve()
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / "agents.json").is_file():
            return directory
    return Path(__file__).resolve().parent.parent


REPO_ROOT = _repo_root()
# What the local runtime derives once and keeps between starts (the sample data, the word list).
CACHE_DIR = Path(os.environ.get("LOCAL_BEDROCK_CACHE_DIR") or REPO_ROOT / "build" / "sample-data")
