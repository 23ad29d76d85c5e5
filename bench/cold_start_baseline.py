"""The cold-start baseline of issue 16: what any Bedrock action-group handler needs, and nothing else.

A one-route `BedrockAgentResolver`, Logger, Metrics, a pydantic model and a boto3 DynamoDB client,
decorated as the Powertools documentation shows. `make bench-cold-start` ships this file alone as a
function's code, next to the project's own layer, and its one route reads one item, as the
handlers' first invocations do. It imports nothing of the project.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import BedrockAgentResolver
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

logger = Logger()
metrics = Metrics(namespace="Bench")
app = BedrockAgentResolver()
dynamodb = boto3.client("dynamodb")
TABLE = os.environ["STORE_TABLE_NAME"]


class Customer(BaseModel):
    customerId: str
    known: bool


@app.get("/customers/<customerId>", description="Whether a customer exists.")
def get_customer(customerId: str) -> Customer:
    key = {"pk": {"S": f"CUSTOMER#{customerId}"}, "sk": {"S": "PROFILE"}}
    found = dynamodb.get_item(TableName=TABLE, Key=key)
    return Customer(customerId=customerId, known="Item" in found)


@logger.inject_lambda_context(correlation_id_path="sessionId")
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
