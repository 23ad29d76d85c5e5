"""`make seed`: load the deterministic sample data into a DynamoDB table.

    python -m local_bedrock.store.seed --store-table NAME [--endpoint-url URL] [--region REGION]
                                 [--create-tables --idempotency-table NAME]

With no table at all it seeds an in-memory moto DynamoDB and prints what it wrote, so you can see
the data without any AWS account.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import Any

import boto3

from action_groups.common.config import CLIENT_CONFIG
from local_bedrock.store.seed import DEFAULT_CUSTOMERS, DEFAULT_SEED, SampleData, generate
from local_bedrock.store.seed.writer import write_items
from local_bedrock.store.tables import create_tables


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m local_bedrock.store.seed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--store-table", help="store table name (omit to preview in memory)")
    parser.add_argument("--idempotency-table", default=None, help="idempotency table (with --create-tables)")
    parser.add_argument("--endpoint-url", default=None, help="DynamoDB endpoint, e.g. a moto server")
    parser.add_argument("--region", default=None, help="AWS region (default: your AWS configuration)")
    parser.add_argument(
        "--create-tables", action="store_true", help="create missing tables first (local only)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS, help="how many customers")
    return parser


def _summary(data: SampleData, items: list[dict[str, Any]]) -> str:
    kinds = Counter(item["entity"] for item in items)
    orders = sum(len(c.orders) for c in data.customers)
    sample = ", ".join(f"{c.customer_id} ({c.name})" for c in data.customers[:3])
    return (
        f"{len(data.catalog)} products in {len({p.category for p in data.catalog})} categories, "
        f"{len(data.customers)} customers, {orders} orders; items by kind: {dict(sorted(kinds.items()))}.\n"
        f"Sample customers: {sample}."
    )


def _progress(total: int) -> Any:
    def report(done: int) -> None:
        if done == total or done % 500 < 25:
            print(f"  wrote {done}/{total} items", file=sys.stderr, flush=True)

    return report


def run(args: argparse.Namespace) -> int:
    data = generate(seed=args.seed, customers=args.customers)
    client = boto3.client(
        "dynamodb", endpoint_url=args.endpoint_url, region_name=args.region, config=CLIENT_CONFIG
    )
    if args.create_tables:
        names = {"store": args.store_table}
        if args.idempotency_table:
            names["idempotency"] = args.idempotency_table
        create_tables(client, names)
    items = data.items()
    print(f"Seeding {args.store_table} ({len(items)} items)...", file=sys.stderr)
    write_items(client, args.store_table, items, _progress(len(items)))
    print(_summary(data, items))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.store_table:
        return run(args)
    from moto import mock_aws

    print("No --store-table given: seeding an in-memory moto DynamoDB to show the data.", file=sys.stderr)
    print("To load a real or local table: make seed STORE_TABLE=<name> [ENDPOINT_URL=<url>]", file=sys.stderr)
    with mock_aws():
        args.store_table, args.create_tables, args.region = "preview-store", True, args.region or "us-east-1"
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
