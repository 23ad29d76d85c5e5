"""Cheaper expression handling for moto's DynamoDB (part of the adapter: ``moto_adapter.prepare_moto``
installs it; tests/local_bedrock/test_moto_adapter.py checks it and the moto internals it leans on).

moto parses every UpdateExpression (twice per UpdateItem: to validate it and
to apply it) and lexes every ConditionExpression on each call, though the strings repeat (values
travel apart, as ``:placeholders``). Parsed update trees are kept per string and shared: moto only
reads them (``find_clauses``) or hands them to a ``Validator``, which works on a deep copy; lexed
condition tokens are kept per string and handed out as new tokens. Validating a tree, each of
moto's ten tree walkers rebuilt its node-type map at every node (its docstring says "cached
accessor"; it is not); each walker now builds it once (the walk below is the only caller of
``process`` and ``nodes_to_be_processed``, so it reads the kept map directly). Together about 20 %
of a placeOrder's CPU (docs/performance.md, issue 15).

Walking and copying trees: moto's ``Node`` is an ``abc.ABCMeta`` class, so every
``isinstance(node, Node)`` and every ``isinstance(node, <node types>)`` at every node of every walk
goes through ``ABCMeta.__instancecheck__`` (half a million checks for 200 placeOrder
transactions). The walk below answers both questions once per node class (``issubclass``, the same
answer: no virtual subclasses are registered) and is otherwise moto's
``DepthFirstTraverser.traverse_node_recursively`` line for line (``Node.find_clauses`` likewise).
``Validator`` deep-copies the
tree it validates; ``Node.__deepcopy__`` below makes the same deep copy (a new object of the same
class, every attribute deep-copied, shared references kept shared through ``memo``) without
``copy``'s generic ``__reduce_ex__`` path, and hands immutable atoms over as they are, as ``copy``
does; the lists of children and the nodes in them are copied here directly rather than through
``copy.deepcopy``'s dispatch (the same steps: ``memo`` first, then a new list or node).

Conditions: moto parses a request's ConditionExpression two or three times (the handler parses it
to find the names it uses, the backend to evaluate it, and a transaction's Put or Update again
inside ``put_item``/``update_item``), and every call again. A parsed condition (an ``Op`` tree) depends
on the expression and its names; the values enter it only as leaves, ``AttributeValue(value)`` of
each placeholder's value (``ConditionExpressionParser._make_operand``), after a check of their types
(``FuncBetween`` refuses NULL bounds). So the tree is parsed once per (expression, names, each
placeholder's type) with stand-ins for the values, kept with the names and values it used
(``expr_attr_names_found``/``expr_attr_values_found``, which the handler checks against the request),
and each request gets a copy whose ``AttributeValue`` leaves are built from its own values, as moto's
parse builds them: Powertools' idempotency condition carries the time (``:now``), so keeping trees
per value parsed it on every PutItem (a sixth of the store's CPU in an order turn, docs/performance.md,
issue 15, sixth pass). moto's evaluation only reads the tree (``expr`` methods assign nothing), and
nothing of one request's values is kept. Values that are not one ``{type: value}`` pair, names that
are not JSON, and a parse that fails go to moto's parse each time (it fails again, with the same error).

Update checks that depend on the expression alone: of the ten walkers moto validates an update
with, ``ActionCountValidator``, ``OverlappingPathsValidator`` and ``UpdateHashRangeKeyValidator``
read only the tree, its names and the table's key attributes, change nothing (each returns the node
it was given) and either raise or pass. The first two search every clause below every clause node
(quadratic in the expression). Once they have passed for a kept tree with the same names and key
attributes they would pass again, so they are run once per (tree, names, key attributes); every
other walker (values, the item's attributes, functions, types) runs on every update. The record of
what passed is bounded (``PASSED_CHECKS``, least recently used dropped first): an update that names
its attributes through ever new ExpressionAttributeNames would otherwise grow it with every call; a
dropped verdict only means the three checks run again.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict, deque
from functools import cache, lru_cache
from typing import Any

from moto.dynamodb.comparisons import AttributeValue, ConditionExpressionParser, Func, Op, Operand
from moto.dynamodb.parsing.ast_nodes import (  # type: ignore[attr-defined]
    DepthFirstTraverser,
    Expression,
    Node,
    UpdateExpressionFunction,
)
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]
from moto.dynamodb.parsing.validators import UpdateExpressionValidator

_original_update_parse = UpdateExpressionParser.__dict__["make"].__func__
_original_condition_lex = ConditionExpressionParser._lex_condition_expression
_original_condition_parse = ConditionExpressionParser.parse
_original_update_checks = UpdateExpressionValidator.get_ast_processors
# moto's own process and nodes_to_be_processed: no longer called here (the walk replaces their one
# caller); kept so the tests can pin the behaviour the walk reproduces.
_original_nodes_to_be_processed = DepthFirstTraverser.nodes_to_be_processed
_original_process = DepthFirstTraverser.process
_original_traverse = DepthFirstTraverser.traverse_node_recursively
_original_find_clauses = Node.find_clauses

PARSED_EXPRESSIONS = 512  # distinct expression strings kept; the action groups use a few dozen


@lru_cache(maxsize=PARSED_EXPRESSIONS)
def _parsed_update(expression: str) -> Any:
    return _original_update_parse(UpdateExpressionParser, expression)


def _kept_update_parse(_parser: type, expression: str) -> Any:
    return _parsed_update(expression)


@lru_cache(maxsize=PARSED_EXPRESSIONS)
def _lexed_condition(expression: str) -> tuple[Any, ...]:
    return tuple(_original_condition_lex(ConditionExpressionParser(expression, None, None)))


def _kept_condition_lex(self: ConditionExpressionParser) -> deque[Any]:
    return deque(token._replace(children=[]) for token in _lexed_condition(self.condition_expression))


Parsed = tuple[Op | Func, tuple[str, ...], tuple[str, ...]]
ValueTypes = tuple[tuple[str, str], ...] | None  # each placeholder's type ("S", "N", "SS", ...)


class _Placeholder:
    """Stands in a kept condition for the value of an ExpressionAttributeValue (by its name) until a
    request's value is bound to it."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


@lru_cache(maxsize=PARSED_EXPRESSIONS)
def _condition_template(expression: str, names: str, types: ValueTypes) -> Parsed:
    values: Any = None if types is None else {name: {kind: _Placeholder(name)} for name, kind in types}
    parser = ConditionExpressionParser(expression, json.loads(names), values)
    condition = _original_condition_parse(parser)
    return condition, tuple(parser.expr_attr_names_found), tuple(parser.expr_attr_values_found)


def _bound(node: Any, values: dict[str, dict[str, Any]], memo: dict[int, Any]) -> Any:
    """A copy of a kept condition whose every ``AttributeValue`` is built, as moto's parse builds it
    (``AttributeValue(value)``), from the request's value of its placeholder. Objects the condition
    refers to twice (a Func's ``attr`` is also its first argument) are copied once."""
    if isinstance(node, list | tuple):
        return type(node)(_bound(member, values, memo) for member in node)
    if not isinstance(node, Op | Func | Operand):
        return node
    copied = memo.get(id(node))
    if copied is None:
        if isinstance(node, AttributeValue) and isinstance(node.value, _Placeholder):
            copied = AttributeValue(values[node.value.name])
        else:
            copied = object.__new__(type(node))
            copied.__dict__.update({key: _bound(member, values, memo) for key, member in vars(node).items()})
        memo[id(node)] = copied
    return copied


def _value_types(values: dict[str, Any] | None) -> ValueTypes | bool:
    """Each placeholder's type, or False when a value is not one {type: value} pair (moto's parse
    then answers, each time)."""
    if values is None:
        return None
    if not all(isinstance(value, dict) and len(value) == 1 for value in values.values()):
        return False
    return tuple(sorted((name, next(iter(value))) for name, value in values.items()))


def _kept_condition_parse(self: ConditionExpressionParser) -> Op | Func:
    types = _value_types(self.expression_attribute_values)
    if not self.condition_expression or types is False:
        return _original_condition_parse(self)
    try:
        names = json.dumps(self.expression_attribute_names, sort_keys=True)
    except TypeError:  # not JSON: parsed as moto does, each time
        return _original_condition_parse(self)
    condition, names_found, values_found = _condition_template(self.condition_expression, names, types)
    self.expr_attr_names_found.extend(names_found)
    self.expr_attr_values_found.extend(values_found)
    bound: Op | Func = _bound(condition, self.expression_attribute_values or {}, {})
    return bound


# moto 5.2.5 UpdateExpressionValidator.get_ast_processors: these three come first and depend on the
# tree, the names and the table's key attributes alone (tests pin the list and what each reads).
STATIC_CHECKS = 3
PASSED_CHECKS = 1024  # (tree, names, key attributes) verdicts kept; placeOrder's updates use a handful
Verdict = tuple[Any, str, tuple[str, ...]]  # a kept tree (held here: verdicts outlive no tree), names, keys
_passed: OrderedDict[Verdict, None] = OrderedDict()
_passed_lock = threading.Lock()


def _already_passed(verdict: Verdict) -> bool:
    with _passed_lock:
        if verdict not in _passed:
            return False
        _passed.move_to_end(verdict)
        return True


def _record_passed(verdict: Verdict) -> None:
    with _passed_lock:
        _passed[verdict] = None
        _passed.move_to_end(verdict)
        while len(_passed) > PASSED_CHECKS:
            _passed.popitem(last=False)


class _CheckedOnce:
    """The static walkers as one step of ``Validator.validate``: run, unless they already passed
    for this tree with these names and key attributes."""

    def __init__(self, walkers: list[Any], verdict: Verdict) -> None:
        self.walkers, self.verdict = walkers, verdict

    def traverse(self, node: Any) -> Any:
        if _already_passed(self.verdict):
            return node
        for walker in self.walkers:
            node = walker.traverse(node)
        _record_passed(self.verdict)
        return node


_original_validator_init = UpdateExpressionValidator.__init__


def _checked_once_init(
    self: UpdateExpressionValidator,
    expression: Any,
    expression_attribute_names: dict[str, str],
    expression_attribute_values: dict[str, dict[str, Any]],
    item: Any,
    table: Any,
) -> None:
    _original_validator_init(
        self, expression, expression_attribute_names, expression_attribute_values, item, table
    )
    # moto builds the validator in ``DynamoDBBackend.update_item`` only (UpdateItem, and a
    # TransactWriteItems' Update), with the ExpressionAttributeNames read from the request's JSON
    # body (``DynamoHandler.body``): JSON values with string keys, which json.dumps always writes.
    names = json.dumps(expression_attribute_names, sort_keys=True)
    verdict = (expression, names, tuple(table.table_key_attrs))
    self.processors[:STATIC_CHECKS] = [_CheckedOnce(self.processors[:STATIC_CHECKS], verdict)]


KEPT_MAP = "_kept_processing_map"


def _processing(walker: Any) -> tuple[dict[type, Any], tuple[type, ...]]:
    """The walker's node-type map and its keys, built once per walker (every moto walker returns a
    fixed mapping of node classes to its own methods)."""
    kept: tuple[dict[type, Any], tuple[type, ...]] | None = walker.__dict__.get(KEPT_MAP)
    if kept is None:
        mapping = walker._processing_map()
        kept = walker.__dict__[KEPT_MAP] = (mapping, tuple(mapping))
    return kept


@cache
def _is_node(kind: type) -> bool:
    return issubclass(kind, Node)


@cache
def _processed_as(kind: type, keys: tuple[type, ...]) -> type | None:
    """The first of a walker's map keys that a node of class ``kind`` is an instance of (the one
    moto's ``process`` picks), or None."""
    return next((k for k in keys if issubclass(kind, k)), None)


def _kept_traverse(self: Any, node: Any, child_id: int = -1) -> Any:
    if _is_node(node.__class__):
        parent_node = node.parent
        if node.children is not None:
            for i, child_node in enumerate(node.children):
                self.pre_processing_of_child(node, i)
                self.traverse_node_recursively(child_node, i)
        mapping, keys = _processing(self)
        processed_as = _processed_as(node.__class__, keys)
        if processed_as is not None:
            node = mapping[processed_as](node)
            node.parent = parent_node
            if parent_node:
                parent_node.children[child_id] = node
    return node


@cache
def _searched(kind: type) -> bool:
    """Whether ``find_clauses`` looks inside a child of class ``kind`` (moto: an Expression or an
    UpdateExpressionFunction)."""
    return issubclass(kind, (Expression, UpdateExpressionFunction))


def _kept_find_clauses(self: Any, clause_types: Any) -> list[Any]:
    clauses = []
    for child in self.children or []:
        if type(child) in clause_types:
            clauses.append(child)
        elif _searched(child.__class__):
            clauses.extend(child.find_clauses(clause_types))
    return clauses


_ATOMS = frozenset({str, int, float, bool, bytes, type(None)})  # copy.deepcopy returns these as they are


def _copied(value: Any, memo: dict[int, Any]) -> Any:
    """``copy.deepcopy(value, memo)``, with its steps for atoms, what ``memo`` already holds, lists
    and tree nodes (no node class defines a ``__deepcopy__`` of its own) taken here directly."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    seen = memo.get(id(value))
    if seen is not None:
        return seen
    if kind is list:
        result: list[Any] = []
        memo[id(value)] = result
        result.extend(_copied(member, memo) for member in value)
        return result
    if _is_node(value.__class__):
        return _node_deepcopy(value, memo)
    return copy.deepcopy(value, memo)


def _node_deepcopy(self: Any, memo: dict[int, Any]) -> Any:
    clone = object.__new__(type(self))
    memo[id(self)] = clone
    state = clone.__dict__
    for name, value in self.__dict__.items():
        state[name] = _copied(value, memo)
    return clone


def prepare() -> None:
    """Install (idempotent)."""
    UpdateExpressionParser.make = classmethod(_kept_update_parse)
    ConditionExpressionParser._lex_condition_expression = _kept_condition_lex  # type: ignore[method-assign]
    ConditionExpressionParser.parse = _kept_condition_parse  # type: ignore[method-assign]
    UpdateExpressionValidator.__init__ = _checked_once_init  # type: ignore[method-assign,assignment]
    DepthFirstTraverser.traverse_node_recursively = _kept_traverse
    Node.__deepcopy__ = _node_deepcopy
    Node.find_clauses = _kept_find_clauses
