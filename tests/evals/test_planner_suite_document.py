"""A suite file is parsed once per process and shared (`suite_document`); what one reader does with
its cases never reaches the next reader, and an edited file is read again."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from evals.planner.suite import load_cases, suite_document, suite_header
from local_bedrock.store.seed import generate

SUITE = """cases:
  - {id: first, say: "where is my order {C0001.open}?", expect: {calls: [getOrderStatus]}}
"""


def _suite(tmp_path: Path, text: str = SUITE) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(text)
    return path


def test_a_suite_file_is_parsed_once(tmp_path: Path) -> None:
    path = _suite(tmp_path)
    assert suite_document(path) is suite_document(path)
    assert suite_header(path).default_customer == "C0001"


def test_changing_the_cases_one_reader_got_leaves_the_next_readers_cases_alone(tmp_path: Path) -> None:
    path = _suite(tmp_path)
    sample = generate()
    first = load_cases(sample, path)
    untouched = copy.deepcopy(first)
    assert "{" not in first[0]["say"]
    first[0]["say"] = "changed"
    first[0]["expect"]["calls"].append("placeOrder")
    first.append({"id": "extra"})
    assert load_cases(sample, path) == untouched
    assert suite_document(path)["cases"][0]["say"] == "where is my order {C0001.open}?"


def test_an_edited_suite_file_is_read_again(tmp_path: Path) -> None:
    path = _suite(tmp_path)
    before = suite_document(path)
    stat = path.stat()
    path.write_text(SUITE.replace("first", "second"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # however coarse the clock
    assert suite_document(path)["cases"][0]["id"] == "second"
    assert before["cases"][0]["id"] == "first"
