"""Should layer.zip bundle boto3/botocore, or use the copy Lambda's Python runtime ships?
(docs/decisions/0025-layer-bundles-the-aws-sdk.md; `make bench-cold-start SDK=1`)

The runtime's SDK cannot be measured offline, so it is modelled: the layer's own SDK packages,
moved to a directory after the layer on sys.path, where Lambda's runtime keeps its own
(/var/runtime). Whether the runtime ships them compiled is not documented, so both are measured:
with the layer's bytecode, and as sources only.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.lambda_sandbox import Samples, Sandbox, ms, ratio, read_only, total
from deploy.package import deterministic_zip

RUNTIME_COMPILED, RUNTIME_SOURCES = "runtime SDK, compiled", "runtime SDK, sources"
VARIANTS = (RUNTIME_COMPILED, RUNTIME_SOURCES)

# What Lambda's Python runtime provides: boto3 and what it depends on.
SDK_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
SDK_DISTRIBUTIONS = ("boto3", "botocore", "s3transfer", "jmespath", "python_dateutil", "six", "urllib3")


def is_sdk(relative: str) -> bool:
    """Whether a path under the layer's python/ belongs to the SDK."""
    parts = relative.split("/")
    if parts[0] == "__pycache__":  # python/__pycache__/six.cpython-313.pyc
        return parts[1].split(".", 1)[0] in SDK_MODULES
    if parts[0].endswith(".dist-info"):
        return parts[0].split("-", 1)[0] in SDK_DISTRIBUTIONS
    return parts[0].removesuffix(".py") in SDK_MODULES


@dataclass(frozen=True)
class Split:
    lean_opt: Path  # holds python/: the layer without the SDK
    runtime_compiled: Path  # the SDK with its bytecode
    runtime_sources: Path  # the SDK without bytecode
    lean_zip: Path


def split_layer(opt: Path, work: Path) -> Split:
    """Split an unpacked layer (opt/python/...) into a layer without the SDK and the SDK alone."""
    split = Split(work / "lean", work / "runtime-compiled", work / "runtime-sources", work / "lean-layer.zip")
    for root in (split.lean_opt, split.runtime_compiled, split.runtime_sources):
        shutil.rmtree(root, ignore_errors=True)
    lean: list[tuple[str, Path]] = []
    for path in sorted((opt / "python").rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(opt / "python").as_posix()
        if not is_sdk(relative):
            targets = [split.lean_opt / "python" / relative]
            lean.append((f"python/{relative}", targets[0]))
        elif path.suffix == ".pyc":
            targets = [split.runtime_compiled / relative]
        else:
            targets = [split.runtime_compiled / relative, split.runtime_sources / relative]
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    deterministic_zip(lean, split.lean_zip)
    return split


def unzipped_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def sandboxes(shipped: Sandbox, work: Path) -> dict[str, Sandbox]:
    """The shipped code with the layer minus its SDK, the SDK after it on sys.path (read-only)."""
    split = split_layer(shipped.opt, work)
    read_only(work)
    return {
        RUNTIME_COMPILED: Sandbox(shipped.task, split.lean_opt, split.runtime_compiled),
        RUNTIME_SOURCES: Sandbox(shipped.task, split.lean_opt, split.runtime_sources),
    }


def report(
    samples: Samples, groups: list[str], boxes: dict[str, Sandbox], layer_zip: Path, rounds: int
) -> None:
    shipped, lean = boxes["shipped"], boxes[RUNTIME_COMPILED]
    assert lean.runtime is not None
    lean_zip = lean.opt.parent / "lean-layer.zip"
    rows = [
        ("layer.zip as shipped", _mb(layer_zip.stat().st_size), _mb(unzipped_bytes(shipped.opt))),
        ("layer.zip without the SDK", _mb(lean_zip.stat().st_size), _mb(unzipped_bytes(lean.opt))),
        ("the SDK (boto3, botocore, ...)", "", _mb(unzipped_bytes(lean.runtime))),
    ]
    print(f"\nThe layer's own SDK vs the runtime's (tracing off, {rounds} rounds)")
    print(f"  {'':<32} {'zipped':>8} {'unzipped':>8}")
    for label, zipped, unzipped in rows:
        print(f"  {label:<32} {zipped:>8} {unzipped:>8}")
    print("  CPU ms of import + first call, min median max; paired ratio to the layer's own SDK")
    for group in groups:
        own = total(samples, (group, "shipped"))
        print(f"  {group:<17} {'layer SDK':<22} {ms(own)}")
        for variant in VARIANTS:
            runs = total(samples, (group, variant))
            print(f"  {group:<17} {variant:<22} {ms(runs)}   {ratio(runs, own)}")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
