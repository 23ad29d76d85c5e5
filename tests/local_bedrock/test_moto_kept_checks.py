"""Kept condition parses and update checks run once per expression (local_bedrock/store/
moto_expressions.py): every answer is moto's, conditional writes and refused expressions included.
The moto internals these adjustments lean on are pinned here: after a moto upgrade these tests fail
first. Items measured once and transactions: test_moto_transactions.py."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from moto.dynamodb import comparisons
from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.parsing import ast_nodes, validators
from moto.dynamodb.parsing.validators import Validator

from local_bedrock.store import moto_expressions
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData

TABLES = {"store": "kept-store", "idempotency": "kept-idempotency"}
STORE, IDEMPOTENCY = TABLES["store"], TABLES["idempotency"]
REVIEW = "moto changed: review local_bedrock/store/moto_expressions.py and moto_adapter.py before upgrading"


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


@pytest.fixture(scope="module")
def client(sample: SampleData) -> Iterator[Any]:
    """An in-process moto of its own (its internals are inspected), inside the session's store so the
    session's settings are back in place afterwards."""
    with moto_store(SampleData([], []), tables=TABLES):
        yield boto3.client("dynamodb")


def _source(function: Any) -> str:
    return " ".join(inspect.getsource(function).split())


# --------------------------------------------------------------------------- moto's internals


def _self_mutations(function: ast.FunctionDef) -> list[str]:
    """Assignments to ``self``'s attributes (or into them) and mutating calls on them."""
    mutating = {
        "append",
        "extend",
        "insert",
        "pop",
        "remove",
        "clear",
        "update",
        "add",
        "discard",
        "setdefault",
    }

    def on_self(node: ast.AST) -> bool:
        while isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        return isinstance(node, ast.Name) and node.id == "self"

    found = []
    for node in ast.walk(function):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        found += [
            ast.unparse(t) for t in targets if isinstance(t, ast.Attribute | ast.Subscript) and on_self(t)
        ]
        func = node.func if isinstance(node, ast.Call) else None
        mutates = isinstance(func, ast.Attribute) and func.attr in mutating
        if mutates and not isinstance(func.value, ast.Name) and on_self(func.value):  # type: ignore[union-attr]
            found.append(ast.unparse(node))
    return found


def _evaluation_classes() -> list[ast.ClassDef]:
    tree = ast.parse(inspect.getsource(comparisons))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    evaluated = {name for name, cls in vars(comparisons).items() if isinstance(cls, type)}
    roots = (comparisons.Op, comparisons.Func, comparisons.Operand)
    return [
        classes[name]
        for name in evaluated
        if name in classes and issubclass(getattr(comparisons, name), roots)
    ]


def test_a_parsed_condition_is_only_read_when_moto_evaluates_it() -> None:
    classes = _evaluation_classes()
    assert len(classes) >= 20, REVIEW  # every Op, Func and operand class of moto's conditions
    for cls in classes:
        for method in (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name != "__init__"):
            assert _self_mutations(method) == [], f"{cls.name}.{method.name}: {REVIEW}"


def test_a_condition_parse_depends_on_the_expression_its_names_and_its_values_alone() -> None:
    parser = ast.parse(textwrap.dedent(inspect.getsource(ConditionExpressionParser)))
    assigned = {
        target.attr
        for node in ast.walk(parser)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }
    assert assigned == {
        "condition_expression",
        "expression_attribute_names",
        "expression_attribute_values",
        "expr_attr_names_found",
        "expr_attr_values_found",
    }, REVIEW
    parse = _source(moto_expressions._original_condition_parse)
    for line in (
        "if not self.condition_expression: return OpDefault(None, None)",
        "self.expr_attr_names_found.extend(self._find_literals(node))",
        "self.expr_attr_values_found.extend(self._find_expr_attr_values(node))",
        "op = self._make_op_condition(node) return op",
    ):
        assert line in parse, REVIEW


def test_the_update_checks_kept_once_read_the_tree_its_names_and_the_key_alone() -> None:
    processors = _source(moto_expressions._original_update_checks)
    made = re.findall(r"(\w+Validator|\w+Processor|\w+Evaluator|\w+Checker|ExecuteOperations)\(", processors)
    assert made[: moto_expressions.STATIC_CHECKS] == [
        "ActionCountValidator",
        "OverlappingPathsValidator",
        "UpdateHashRangeKeyValidator",
    ], REVIEW
    assert len(made) == 10, REVIEW
    for call_ in (
        "ActionCountValidator(),",
        "OverlappingPathsValidator(self.expression_attribute_names),",
        "UpdateHashRangeKeyValidator( self.table.table_key_attrs, self.expression_attribute_names or {} ),",
    ):
        assert call_ in processors, REVIEW
    for walker in (validators.ActionCountValidator, validators.OverlappingPathsValidator):
        assert "pre_processing_of_child" not in vars(walker), REVIEW
    assert "pre_processing_of_child" not in vars(validators.UpdateHashRangeKeyValidator), REVIEW
    walkers = ast.parse(inspect.getsource(validators))
    checks = {"verify_action_counts", "check_for_overlapping_paths", "check_for_hash_or_range_key"}
    for node in ast.walk(walkers):
        if isinstance(node, ast.FunctionDef) and node.name in checks:
            checks.discard(node.name)
            returns = [ast.unparse(r.value) for r in ast.walk(node) if isinstance(r, ast.Return) and r.value]
            assert returns == ["node"], REVIEW  # each hands back the node it was given, unchanged
            assert _self_mutations(node) == [], REVIEW
    assert not checks, REVIEW
    init = _source(Validator.__init__)
    assert "self.processors = self.get_ast_processors()" in init, REVIEW
    assert "self.node_to_validate = deepcopy(expression)" in init, REVIEW
    assert "for processor in self.processors: n = processor.traverse(n)" in _source(Validator.validate), (
        REVIEW
    )
    assert list(inspect.signature(moto_expressions._original_validator_init).parameters) == [
        "self",
        "expression",
        "expression_attribute_names",
        "expression_attribute_values",
        "item",
        "table",
    ], REVIEW


# --------------------------------------------------------------------------- kept conditions

PIN = "attribute_not_exists(#id) OR #expiry < :now OR (attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis AND #status = :inprogress)"  # noqa: E501 - Powertools' idempotency condition
CONDITIONS: list[tuple[str, dict[str, str] | None, dict[str, Any] | None]] = [
    ("attribute_exists(pk) AND stock >= :q AND price_cents = :p", None, {":q": _n(2), ":p": _n(1999)}),
    ("attribute_not_exists(pk)", None, None),
    (
        "#s IN (:placed, :processing)",
        {"#s": "status"},
        {":placed": _s("PLACED"), ":processing": _s("PROCESSING")},
    ),
    (
        PIN,
        {"#id": "pk", "#expiry": "expiration", "#in_progress_expiry": "in_progress", "#status": "status"},
        {":now": _n(1000), ":now_in_millis": _n(1_000_000), ":inprogress": _s("INPROGRESS")},
    ),
    ("contains(tags, :t) AND size(tags) > :n", None, {":t": _s("b"), ":n": _n(1)}),
    ("NOT (stock BETWEEN :lo AND :hi)", None, {":lo": _n(3), ":hi": _n(8)}),
    (
        "tags = :set OR begins_with(#m.part, :prefix)",
        {"#m": "nested"},
        {":set": {"SS": ["a", "b"]}, ":prefix": _s("de")},
    ),
    ("listed[1] = :v AND attribute_type(stock, :type)", None, {":v": _n(2), ":type": _s("N")}),
]


def _item(**attrs: Any) -> Item:
    return Item(DynamoType(_s("P")), DynamoType(_s("S")), {"pk": _s("P"), "sk": _s("S"), **attrs})


ITEMS: list[Item | None] = [
    None,
    _item(),
    _item(stock=_n(5), price_cents=_n(1999), status=_s("PLACED"), tags={"SS": ["a", "b"]}),
    _item(stock=_n(1), price_cents=_n(2000), status=_s("PROCESSING"), tags={"SS": ["b", "c"]}),
    _item(expiration=_n(999), in_progress=_n(5), status=_s("INPROGRESS"), nested={"M": {"part": _s("deep")}}),
    _item(stock=_n(9), listed={"L": [_n(1), _n(2)]}, status=_s("CANCELLED")),
]


def _shape(value: Any) -> Any:
    """Everything a parsed condition holds, as plain values."""
    if isinstance(value, list | tuple):
        return [_shape(member) for member in value]
    if isinstance(value, dict):
        return {key: _shape(member) for key, member in value.items()}
    if hasattr(value, "__dict__"):
        return (type(value).__name__, _shape(vars(value)))
    return value


def _parse(
    parse: Callable[[ConditionExpressionParser], Any], case: tuple[Any, ...]
) -> tuple[Any, list[str], list[str]]:
    expression, names, values = case
    parser = ConditionExpressionParser(expression, names, values)
    condition = parse(parser)
    return condition, parser.expr_attr_names_found, parser.expr_attr_values_found


def _other(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Other values of the same types (what the next request sends: a new time, another id)."""
    if values is None:
        return None
    other: dict[str, Any] = {}
    for name, value in values.items():
        ((kind, member),) = value.items()
        if kind == "N":
            other[name] = _n(int(Decimal(member)) + 3)
        elif kind == "S":
            other[name] = _s({"PLACED": "CANCELLED", "N": "S"}.get(member, member[::-1]))
        else:
            other[name] = {kind: member[:1]}
    return other


@pytest.mark.parametrize("case", CONDITIONS, ids=lambda c: c[0][:30])
def test_a_kept_condition_answers_as_a_fresh_parse_and_never_changes(
    client: Any, case: tuple[Any, ...]
) -> None:
    moto_expressions._condition_template.cache_clear()
    kept, names, values = _parse(ConditionExpressionParser.parse, case)
    fresh, fresh_names, fresh_values = _parse(moto_expressions._original_condition_parse, case)
    assert (names, values) == (fresh_names, fresh_values)
    before = _shape(kept)
    assert before == _shape(fresh)
    expression, expression_names, expression_values = case
    later = (expression, expression_names, _other(expression_values))
    for _ in range(3):
        for item in ITEMS:
            assert kept.expr(item) == fresh.expr(item)
        # The next request, other values of the same types: the kept parse, bound to them.
        again, again_names, again_values = _parse(ConditionExpressionParser.parse, later)
        fresh_again = _parse(moto_expressions._original_condition_parse, later)[0]
        assert again is not kept and (again_names, again_values) == (names, values)
        assert _shape(again) == _shape(fresh_again)
        for item in ITEMS:
            assert again.expr(item) == fresh_again.expr(item)
    assert moto_expressions._condition_template.cache_info().misses == 1  # parsed once
    assert _shape(kept) == before


def test_an_earlier_requests_values_never_reach_a_later_one(client: Any) -> None:
    values = {":set": {"SS": ["a", "b"]}}
    first = ConditionExpressionParser("tags = :set", None, values).parse()
    values[":set"]["SS"].append("c")  # the caller's dict changes after the parse
    later = ConditionExpressionParser("tags = :set", None, {":set": {"SS": ["a", "b"]}}).parse()
    fresh = moto_expressions._original_condition_parse(
        ConditionExpressionParser("tags = :set", None, {":set": {"SS": ["a", "b"]}})
    )
    item = _item(tags={"SS": ["a", "b"]})
    assert later.expr(item) is fresh.expr(item) is True
    assert first.expr(item) is False  # as moto's own parse: it holds the caller's values


def test_a_condition_refers_to_an_operand_twice_as_moto_builds_it(client: Any) -> None:
    case = ("begins_with(#m.part, :prefix)", {"#m": "nested"}, {":prefix": _s("de")})
    kept = _parse(ConditionExpressionParser.parse, case)[0]
    assert kept.attr is kept.arguments[0] and kept.substr is kept.arguments[1]


def test_conditions_with_binary_values_and_bad_conditions_answer_as_moto_does(client: Any) -> None:
    client.put_item(TableName=STORE, Item={"pk": _s("KEPT"), "sk": _s("BLOB"), "payload": {"B": b"\x00\x01"}})
    for blob, passes in ((b"\x00\x01", True), (b"\x02", False), (b"\x00\x01", True)):
        request = {
            "TableName": STORE,
            "Key": {"pk": _s("KEPT"), "sk": _s("BLOB")},
            "UpdateExpression": "SET seen = :t",
            "ConditionExpression": "payload = :b",
            "ExpressionAttributeValues": {":b": {"B": blob}, ":t": {"BOOL": True}},
        }
        if passes:
            client.update_item(**request)
        else:
            with pytest.raises(client.exceptions.ConditionalCheckFailedException):
                client.update_item(**request)
    for _ in range(2):  # a refused parse is refused again, not kept
        with pytest.raises(client.exceptions.ClientError, match="unused in expressions"):
            client.put_item(
                TableName=STORE,
                Item={"pk": _s("KEPT"), "sk": _s("UNUSED")},
                ConditionExpression="attribute_not_exists(#a)",
                ExpressionAttributeNames={"#a": "pk", "#b": "sk"},
            )
        with pytest.raises(client.exceptions.ClientError, match="reserved keyword"):
            client.put_item(
                TableName=STORE,
                Item={"pk": _s("KEPT"), "sk": _s("RESERVED")},
                ConditionExpression="attribute_not_exists(name)",
            )


# --------------------------------------------------------------------------- update checks


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The nodes moto's update checks visit from now on (one of the three tree-only checks, counted)."""
    visited: list[str] = []
    original = validators.OverlappingPathsValidator.check_for_overlapping_paths

    def counted(self: Any, node: Any) -> Any:
        visited.append(node.__class__.__name__)
        return original(self, node)

    monkeypatch.setattr(validators.OverlappingPathsValidator, "check_for_overlapping_paths", counted)
    return visited


def test_update_checks_run_once_per_expression_names_and_key(client: Any, checked: list[str]) -> None:
    client.put_item(TableName=STORE, Item={"pk": _s("KEPT"), "sk": _s("CHECKS"), "stock": _n(1)})
    key = {"pk": _s("KEPT"), "sk": _s("CHECKS")}

    def update(expression: str, names: dict[str, str], table: str = STORE, **extra: Any) -> None:
        client.update_item(
            TableName=table,
            Key=extra.pop("key", key),
            UpdateExpression=expression,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={":v": _n(1)},
        )

    update("SET #k = :v", {"#k": "kept_note"})
    assert checked  # checked the first time
    checked.clear()
    update("SET #k = :v", {"#k": "kept_note"})
    assert checked == []  # not the second
    with pytest.raises(client.exceptions.ClientError, match="Cannot update attribute pk"):
        update("SET #k = :v", {"#k": "pk"})  # other names: checked again, and refused
    update("SET #a = :v, #b = :v", {"#a": "x", "#b": "y"})
    with pytest.raises(client.exceptions.ClientError, match="Two document paths"):
        update("SET #a = :v, #b = :v", {"#a": "x", "#b": "x"})
    for _ in range(2):  # another table's key attributes: sk is a key of the store, not of the other
        update("SET sk = :v", {}, table=IDEMPOTENCY, key={"id": _s("KEPT")})
        with pytest.raises(client.exceptions.ClientError, match="Cannot update attribute sk"):
            update("SET sk = :v", {})
    for _ in range(2):
        with pytest.raises(client.exceptions.ClientError, match="does not exist"):
            update("SET stock = absent + :v", {})  # the item-dependent checks still run every time
    assert client.get_item(TableName=STORE, Key=key)["Item"]["kept_note"] == _n(1)


def test_the_record_of_passed_update_checks_is_bounded_least_recently_used_first(
    client: Any, checked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update naming its attribute through ever new ExpressionAttributeNames adds a verdict per
    call; the record keeps the latest ``PASSED_CHECKS`` and checks a dropped one again."""
    monkeypatch.setattr(moto_expressions, "PASSED_CHECKS", 16)
    key = {"pk": _s("KEPT"), "sk": _s("BOUND")}

    def update(field: str) -> None:
        client.update_item(
            TableName=STORE,
            Key=key,
            UpdateExpression="SET #f = :v",
            ExpressionAttributeNames={"#f": field},
            ExpressionAttributeValues={":v": _n(1)},
        )

    for i in range(300):
        update(f"field{i}")
    assert len(moto_expressions._passed) == 16
    checked.clear()
    update("field299")  # among the latest: not checked again
    assert checked == []
    update("field0")  # dropped long ago: checked again, and kept again
    assert checked and len(moto_expressions._passed) == 16
    checked.clear()
    update("field0")
    assert checked == []
    assert len(client.get_item(TableName=STORE, Key=key)["Item"]) == 2 + 300


def test_no_tree_node_copies_itself_otherwise() -> None:
    """``moto_expressions._copied`` copies a node with ``_node_deepcopy`` directly: right only while
    no node class has a ``__deepcopy__`` of its own."""
    moto_expressions.prepare()
    own = [
        name
        for name, cls in vars(ast_nodes).items()
        if isinstance(cls, type) and issubclass(cls, ast_nodes.Node) and "__deepcopy__" in vars(cls)
    ]
    assert own == ["Node"] and ast_nodes.Node.__deepcopy__ is moto_expressions._node_deepcopy, REVIEW
    assert "__deepcopy__" not in inspect.getsource(ast_nodes), REVIEW
