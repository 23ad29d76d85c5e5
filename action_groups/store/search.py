"""Product search: an inverted index in the store table, read one bounded page per query word.

Each product has one index item per word of its name and category (pk ``WORD#<token>``). The sort
key puts the best candidates of a word first, so the first page of a word is its best page: name
matches before category-only matches, then shorter names (more specific: "Yoga Mat" before "Yoga Mat
Carry Strap"). Every index item also carries the product's name words and category, so one page of
any query word scores the product against *all* query words.

A search reads at most ``MAX_QUERY_TOKENS`` pages of ``WORD_PAGE`` index items and one batch of
``CANDIDATES`` products, whatever the size of the catalog.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import Item, from_item, product_pk, word_pk
from action_groups.store.products import get_products
from action_groups.store.text import tokens

MAX_QUERY_TOKENS = 4
WORD_PAGE = 25
CANDIDATES = 25
NAME_MATCH, CATEGORY_MATCH = "1", "2"  # sort-key prefixes: name matches sort first
NAME_WEIGHT = 2
CATEGORY_WEIGHT = 1


def index_items(product_id: str, name: str, category: str) -> list[dict[str, Any]]:
    """The index items of one product (written by the seed and by anyone who adds a product)."""
    name_words = tokens(name)
    words = dict.fromkeys(tokens(category), CATEGORY_MATCH) | dict.fromkeys(name_words, NAME_MATCH)
    return [
        {
            "pk": word_pk(word),
            "sk": f"{match}{len(name_words):02d}#{product_pk(product_id)}",
            "entity": "WORD",
            "product_id": product_id,
            "words": name_words,
            "category": category,
        }
        for word, match in words.items()
    ]


class _Score(NamedTuple):
    matched: int
    weight: int
    order: int  # position in the index pages: the index's own ranking


def _score(hit: Item, words: list[str], order: int) -> _Score:
    name = set(hit.get("words", []))
    category = set(tokens(str(hit.get("category", ""))))
    matched = [w for w in words if w in name or w in category]
    weight = sum(NAME_WEIGHT if w in name else CATEGORY_WEIGHT for w in matched)
    return _Score(len(matched), weight, order)


def _page(token: str) -> list[Item]:
    response = dynamodb().query(
        TableName=settings().store_table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": word_pk(token)}},
        ProjectionExpression="product_id, words, category",
        Limit=WORD_PAGE,
    )
    return [from_item(i) for i in response.get("Items", [])]


def search(text: str, *, category: str | None, limit: int) -> list[Item]:
    """Products matching the most query words; ties go to the better seller. Fresh stock and price."""
    words = tokens(text)[:MAX_QUERY_TOKENS]
    wanted = category.strip().lower() if category else None
    scores: dict[str, _Score] = {}
    for token in words:
        for hit in _page(token):
            if wanted is None or str(hit.get("category", "")).lower() == wanted:
                scores.setdefault(hit["product_id"], _score(hit, words, len(scores)))
    if not scores:
        return []
    best = max(score.matched for score in scores.values())
    # Require most of the words: "red running shoes" should not list every red thing.
    needed = max(1, best - (1 if len(words) > 2 else 0))
    ranked = sorted(
        (pid for pid, score in scores.items() if score.matched >= needed),
        key=lambda pid: (-scores[pid].matched, -scores[pid].weight, scores[pid].order),
    )
    products = get_products(ranked[:CANDIDATES])
    found = sorted(
        products.values(),
        key=lambda p: (
            -scores[p["product_id"]].matched,
            -scores[p["product_id"]].weight,
            -int(p.get("sales", 0)),
            scores[p["product_id"]].order,
        ),
    )
    return found[:limit]
