"""Which distributions a directory of Python source imports, and which ones an extra declares.

Read from the source with ast (no import runs), mapped module -> distribution with
importlib.metadata.packages_distributions() of the running environment, and compared with
pyproject.toml's dependencies and optional-dependencies (extras that name the project itself are
followed, as pip and uv follow them).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

BASE = ""  # the name this module gives project.dependencies, next to the extras' names


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str
    extras: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> Requirement:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", text)
        if match is None:
            raise ValueError(f"cannot read the requirement {text!r}")
        extras = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
        return cls(canonical(match.group(1)), extras)


class Extras:
    """pyproject.toml's dependency sets: BASE for project.dependencies, else the extra's name."""

    def __init__(self, pyproject: Path) -> None:
        project = tomllib.loads(pyproject.read_text())["project"]
        self.project = canonical(project["name"])
        self.sets: dict[str, list[str]] = {BASE: project["dependencies"], **project["optional-dependencies"]}

    def declared(self, extra: str) -> set[str]:
        """Distributions an install of `project[extra]` asks for by name (BASE: a plain install)."""
        names: set[str] = set()
        seen: set[str] = set()
        todo = [BASE, extra]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for text in self.sets[current]:
                requirement = Requirement.parse(text)
                if requirement.name == self.project:
                    todo.extend(requirement.extras)
                else:
                    names.add(requirement.name)
        return names

    def includes(self, extra: str) -> set[str]:
        """The extras that installing `extra` installs too (itself and BASE included)."""
        seen: set[str] = set()
        todo = [BASE, extra]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(
                    e
                    for text in self.sets[current]
                    if (r := Requirement.parse(text)).name == self.project
                    for e in r.extras
                )
        return seen


def _type_checking_only(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(nodes: Iterable[ast.AST]) -> Iterator[str]:
    """Absolute module names imported anywhere in these nodes, except under `if TYPE_CHECKING:`."""
    for node in nodes:
        if _type_checking_only(node):
            yield from _imported_names(node.orelse)  # type: ignore[attr-defined]
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        yield from _imported_names(ast.iter_child_nodes(node))


def top_level_imports(directory: Path) -> dict[str, set[Path]]:
    """{top-level module: files importing it} for every .py file under directory, less the
    standard library."""
    found: dict[str, set[Path]] = {}
    for path in sorted(directory.rglob("*.py")):
        for name in _imported_names([ast.parse(path.read_text(), filename=str(path))]):
            top = name.split(".")[0]
            if top in sys.stdlib_module_names or top == "__future__":
                continue
            found.setdefault(top, set()).add(path)
    return found


@cache
def _installed_modules() -> dict[str, list[str]]:
    return packages_distributions()  # reads every installed distribution's metadata: once


def distributions_of(module: str) -> set[str]:
    """The installed distributions that provide a top-level module (empty: none installed does)."""
    return {canonical(d) for d in _installed_modules().get(module, [])}


def undeclared(directory: Path, declared: set[str], first_party: set[str]) -> dict[str, str]:
    """{module: what is wrong} for each module imported under directory, other than first_party,
    whose distribution is not in `declared` (or that no installed distribution provides)."""
    problems: dict[str, str] = {}
    for module, files in top_level_imports(directory).items():
        if module in first_party:
            continue
        where = ", ".join(sorted(str(f.relative_to(directory.parent)) for f in files)[:3])
        dists = distributions_of(module)
        if not dists:
            problems[module] = f"no installed distribution provides it (imported by {where})"
        elif not dists & declared:
            problems[module] = f"comes from {'/'.join(sorted(dists))}, not declared (imported by {where})"
    return problems
