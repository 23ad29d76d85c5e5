"""Scenario files are validated with errors that name the file, the scenario and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.spec.load import ScenarioError, load_file, load_suite, select

GOOD = """
scenarios:
  - id: history-recent
    description: Recent purchases
    tags: [history]
    session_attributes: {customerId: C0001}
    turns:
      - input: What did I buy recently?
        expect:
          operations: [getRecentPurchases]
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_file(path)
    return caught.value.problems


def test_a_valid_file_loads_with_shorthand_operations(tmp_path: Path) -> None:
    (loaded,) = load_file(write(tmp_path, GOOD))
    assert loaded.scenario.turns[0].expect.operations[0].operation == "getRecentPurchases"
    assert loaded.source.name == "s.yaml"


def test_unknown_operation_names_file_scenario_field_and_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("[getRecentPurchases]", "[getRecentPurchase]"))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}: scenario 'history-recent' (#1): ")
    assert (
        "turns[0].expect.operations[0]: unknown operation 'getRecentPurchase' for agent assistant" in problem
    )
    assert "getRecentPurchases" in problem


def test_operation_of_the_other_agent_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("[getRecentPurchases]", "[getCustomerOrder]")
    assert "unknown operation 'getCustomerOrder' for agent assistant" in problems(write(tmp_path, text))[0]


def test_unknown_parameter_is_named(tmp_path: Path) -> None:
    text = GOOD.replace(
        "[getRecentPurchases]", "[{operation: getRecentPurchases, parameters: {customerId: C2}}]"
    )
    (problem,) = problems(write(tmp_path, text))
    assert "operation getRecentPurchases has no parameter 'customerId'" in problem


def test_misspelled_field_and_bad_tag_are_both_reported(tmp_path: Path) -> None:
    text = GOOD.replace("tags: [history]", "tags: [saftey]").replace("operations:", "operation:")
    found = problems(write(tmp_path, text))
    assert any("tags: unknown tag(s) ['saftey']" in p for p in found)
    assert any("turns[0].expect.operation: Extra inputs are not permitted" in p for p in found)


def test_turn_needs_exactly_one_of_input_or_confirm(tmp_path: Path) -> None:
    text = GOOD.replace("- input: What did I buy recently?", "- input: hi\n        confirm: CONFIRM")
    assert "turns[0]: a turn has exactly one of `input`" in problems(write(tmp_path, text))[0]


def test_confirm_cannot_open_a_conversation(tmp_path: Path) -> None:
    text = GOOD.replace("- input: What did I buy recently?", "- confirm: CONFIRM")
    assert "the first turn must be user input" in problems(write(tmp_path, text))[0]


def test_confirmation_must_be_for_an_operation_that_requires_it(tmp_path: Path) -> None:
    text = GOOD.replace("operations: [getRecentPurchases]", "confirmation: {operation: getRecentPurchases}")
    assert "getRecentPurchases does not require confirmation" in problems(write(tmp_path, text))[0]


def test_variable_used_before_capture(tmp_path: Path) -> None:
    text = GOOD.replace("What did I buy recently?", "Status of ${order_id}?")
    assert "${order_id} is used before any earlier turn captures it" in problems(write(tmp_path, text))[0]


def test_capture_needs_one_group_and_regexes_must_compile(tmp_path: Path) -> None:
    text = GOOD.replace(
        "operations: [getRecentPurchases]", "capture: {order: 'ORD-\\w+'}\n          matches: ['(']"
    )
    found = problems(write(tmp_path, text))
    assert any("capture 'order': the regex needs exactly one group" in p for p in found)
    assert any("invalid regex '('" in p for p in found)


def test_not_a_scenario_document(tmp_path: Path) -> None:
    path = write(tmp_path, "- just a list\n")
    assert problems(path) == [f"{path}: expected a mapping with one key `scenarios` holding a list"]


def test_invalid_yaml(tmp_path: Path) -> None:
    assert "not valid YAML" in problems(write(tmp_path, "scenarios: [unclosed\n"))[0]


def test_duplicate_ids_across_and_within_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ScenarioError) as caught:
        load_suite([tmp_path])
    assert caught.value.problems == [
        f"{tmp_path / 'b.yaml'}: scenario 'history-recent': id already used in {tmp_path / 'a.yaml'}"
    ]
    twice = GOOD + GOOD.split("scenarios:\n", 1)[1]
    with pytest.raises(ScenarioError) as caught:
        load_suite([write(tmp_path, twice, "c.yaml")])
    assert "id already used in this file" in caught.value.problems[0]


def test_select_by_tags_exclusions_and_ids(tmp_path: Path) -> None:
    other = GOOD.replace("history-recent", "history-two").replace("[history]", "[history, mutates]")
    suite = load_suite([write(tmp_path, GOOD, "a.yaml"), write(tmp_path, other, "b.yaml")])
    assert [s.scenario.id for s in select(suite, tags=["mutates"])] == ["history-two"]
    assert [s.scenario.id for s in select(suite, exclude=["mutates"])] == ["history-recent"]
    assert [s.scenario.id for s in select(suite, ids=["history-two"])] == ["history-two"]
