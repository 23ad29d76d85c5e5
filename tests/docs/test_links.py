"""The documentation holds together: the README stays a front page, every relative link and anchor in
README.md and docs/**/*.md resolves, and no table cell is a wall of text.

Anchors follow GitHub's rules for headings: the rendered text, lowercased, with everything but
letters, digits, spaces, hyphens and underscores removed, spaces turned into hyphens, and "-1", "-2"
... appended to repeated headings."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README_MAX_LINES = 300
TABLE_CELL_MAX_CHARS = 400

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MARKUP = re.compile(r"[*`]")
_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)


def doc_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link renders as its text
    text = _MARKUP.sub("", text).strip().lower()
    return _NOT_SLUG.sub("", text).replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(text):
        match = _HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


@dataclass(frozen=True)
class Broken:
    file: str
    line: int
    target: str
    why: str


def broken_links(path: Path) -> list[Broken]:
    """Every relative link of `path` whose file, or heading anchor, does not exist."""
    problems: list[Broken] = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for match in _LINK.finditer(_INLINE_CODE.sub("", line)):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # http:, https:, mailto: ...: not checked offline
            file_part, _, anchor = target.partition("#")
            resolved = (path.parent / file_part).resolve() if file_part else path
            where = str(path.relative_to(REPO))
            if not resolved.exists():
                problems.append(Broken(where, number, target, "no such file"))
            elif anchor and resolved.is_dir():
                problems.append(Broken(where, number, target, "an anchor into a folder"))
            elif anchor and anchor not in anchors(resolved.read_text(encoding="utf-8")):
                problems.append(Broken(where, number, target, f"no heading #{anchor} in {resolved.name}"))
    return problems


def long_cells(path: Path) -> list[tuple[int, int]]:
    """(line number, length) of table cells over the limit."""
    found = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        if line.lstrip().startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            longest = max(len(cell.strip()) for cell in cells)
            if longest > TABLE_CELL_MAX_CHARS:
                found.append((number, longest))
    return found


def test_the_readme_is_a_front_page() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; at most {README_MAX_LINES}: move details to a page under docs/"
    )


def test_the_pages_exist() -> None:
    pages = {p.name for p in (REPO / "docs").glob("*.md")}
    for page in (
        "action-groups.md",
        "local-runtime.md",
        "console.md",
        "evals-and-release.md",
        "deploy-and-terraform.md",
        "security-and-reliability.md",
        "performance.md",
        "development.md",
    ):
        assert page in pages
    assert (REPO / "docs" / "decisions" / "README.md").exists()


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    assert broken_links(path) == []


@pytest.mark.parametrize("path", doc_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_table_cell_is_a_wall_of_text(path: Path) -> None:
    assert long_cells(path) == [], f"cells over {TABLE_CELL_MAX_CHARS} characters: use a list below the table"


def test_every_page_under_docs_is_linked_from_somewhere() -> None:
    linked: set[Path] = set()
    for path in doc_files():
        for _, line in prose_lines(path.read_text(encoding="utf-8")):
            for match in _LINK.finditer(_INLINE_CODE.sub("", line)):
                file_part = match.group(1).partition("#")[0]
                if file_part and "://" not in file_part:
                    linked.add((path.parent / file_part).resolve())
    orphans = [str(p.relative_to(REPO)) for p in doc_files()[1:] if p.resolve() not in linked]
    assert orphans == []


def test_slugs_follow_github() -> None:
    assert slug("Sample data (`make seed`)") == "sample-data-make-seed"
    assert slug("Orders: transactions, idempotency") == "orders-transactions-idempotency"
    assert slug("The local Bedrock (`local_bedrock/`)") == "the-local-bedrock-local_bedrock"
    assert slug("See [the page](x.md) now") == "see-the-page-now"
    assert anchors("# Tests\n## Tests\n```\n# not a heading\n```\n") == {"tests", "tests-1"}


def test_the_checker_finds_broken_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    (tmp_path / "other.md").write_text("# Real heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n"
        "[ok](other.md) [ok](other.md#real-heading) [ok](#top) [web](https://example.com/x)\n"
        "`[in code](missing.md)`\n"
        "```\n[in a block](missing.md)\n```\n"
        "[gone](missing.md) [bad anchor](other.md#nope) [self](#nowhere) ![img](pic.png)\n",
        encoding="utf-8",
    )
    assert [(b.line, b.target) for b in broken_links(page)] == [
        (7, "missing.md"),
        (7, "other.md#nope"),
        (7, "#nowhere"),
        (7, "pic.png"),
    ]


def test_the_checker_finds_long_cells(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"| a | b |\n|---|---|\n| short | {'x' * 401} |\n", encoding="utf-8")
    assert long_cells(page) == [(3, 401)]
