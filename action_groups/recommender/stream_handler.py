"""DynamoDB Streams consumer: keeps co-purchase scores fresh as orders arrive.

placeOrder adds the product to the customer's OWNED set in the same transaction as the order; the
stream carries that item's old and new images, so the difference is exactly what the customer
started owning. The event source mapping filters to OWNED items and reports partial batch failures.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from action_groups.common.observability import logger, metrics, tracer
from action_groups.recommender.scores import ownership_delta
from action_groups.recommender.updates import apply

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def handle_record(record: DynamoDBRecord) -> None:
    new = record.dynamodb.new_image if record.dynamodb else {}
    if new.get("entity") != "OWNED":
        return
    old = record.dynamodb.old_image if record.dynamodb else {}
    buyers, pairs = ownership_delta(old.get("products") or (), new.get("products") or ())
    updated = apply(buyers, pairs)
    metrics.add_metric(name="NeighbourListsUpdated", unit="Count", value=len(updated))


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=handle_record, processor=processor, context=context
    )
