"""Cheaper expression handling for moto's DynamoDB (part of the adapter: ``moto_adapter.prepare_moto``
installs it; tests/local_bedrock/test_moto_adapter.py checks it and the moto internals it leans on).

moto parses every UpdateExpression (twice per UpdateItem: to validate it and
to apply it) and lexes every ConditionExpression on each call, though the strings repeat (values
travel apart, as ``:placeholders``). Parsed update trees are kept per string and shared: moto only
reads them (``find_clauses``) or hands them to a ``Validator``, which works on a deep copy; lexed
condition tokens are kept per string and handed out as new tokens. Validating a tree, each of
moto's ten tree walkers rebuilt its node-type map at every node (its docstring says "cached
accessor"; it is not); each walker now builds it once. Together about 20 % of a placeOrder's CPU
(docs/performance.md, issue 15).
"""

from __future__ import annotations

from collections import deque
from functools import lru_cache
from typing import Any

from moto.dynamodb.comparisons import ConditionExpressionParser
from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser  # type: ignore[attr-defined]
from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]

_original_update_parse = UpdateExpressionParser.__dict__["make"].__func__
_original_condition_lex = ConditionExpressionParser._lex_condition_expression
_original_nodes_to_be_processed = DepthFirstTraverser.nodes_to_be_processed
_original_process = DepthFirstTraverser.process

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


KEPT_MAP = "_kept_processing_map"


def _processing(walker: Any) -> tuple[dict[type, Any], tuple[type, ...]]:
    """The walker's node-type map and its keys, built once per walker (every moto walker returns a
    fixed mapping of node classes to its own methods)."""
    kept: tuple[dict[type, Any], tuple[type, ...]] | None = walker.__dict__.get(KEPT_MAP)
    if kept is None:
        mapping = walker._processing_map()
        kept = walker.__dict__[KEPT_MAP] = (mapping, tuple(mapping))
    return kept


def _kept_node_types(self: Any) -> tuple[type, ...]:
    return _processing(self)[1]


def _kept_process(self: Any, node: Any) -> Any:
    for kind, processor in _processing(self)[0].items():
        if isinstance(node, kind):
            return processor(node)
    return None


def prepare() -> None:
    """Install (idempotent)."""
    UpdateExpressionParser.make = classmethod(_kept_update_parse)
    ConditionExpressionParser._lex_condition_expression = _kept_condition_lex  # type: ignore[method-assign]
    DepthFirstTraverser.nodes_to_be_processed = _kept_node_types
    DepthFirstTraverser.process = _kept_process
