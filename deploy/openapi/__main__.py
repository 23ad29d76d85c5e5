"""`make openapi`: write openapi/<group>.json for every action group in agents.json.

python -m deploy.openapi           # (re)generate the files
python -m deploy.openapi --check   # exit 1 if a committed file is stale
"""

from __future__ import annotations

import argparse
import sys

from deploy.openapi.generate import generate_all, render
from local_bedrock.manifest import REPO_ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.openapi")
    parser.add_argument("--check", action="store_true", help="fail if committed schemas differ from the code")
    args = parser.parse_args(argv)
    stale = []
    for group, (path, document) in generate_all().items():
        target = REPO_ROOT / path
        text = render(document)
        if args.check:
            if not target.exists() or target.read_text() != text:
                stale.append(path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        print(f"wrote {path} ({len(text.encode())} bytes, {group})")
    if stale:
        print(f"Stale OpenAPI schemas: {', '.join(stale)}. Run `make openapi` and commit.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
