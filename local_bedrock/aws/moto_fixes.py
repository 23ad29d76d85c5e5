"""Where moto 5.2.5 answers differently from AWS in a way Terraform or deploy.adopt notices, corrected here.

Each fix names the AWS behaviour it restores. They patch moto's backend models in this process
(the local AWS runs moto's server in-process) and are applied once, at start.

- Lambda ``LoggingConfig``: moto drops it, so every plan wants to add ``logging_config`` again.
  AWS keeps it and answers it in GetFunctionConfiguration, with the defaults it fills in: LogFormat
  Text and LogGroup ``/aws/lambda/<name>``; with LogFormat JSON, ApplicationLogLevel and
  SystemLogLevel INFO (API reference, LoggingConfig; Lambda developer guide, "Configuring
  advanced logging controls").
- S3 bucket policies with conditions: moto denies every object call of a bucket whose policy has a
  Deny statement with a Condition, met or not (``IAMPolicyStatement._check_conditions`` answers
  DENIED whenever the request brings no condition values). IAM evaluates a statement only when its
  conditions hold (IAM User Guide, "IAM JSON policy elements: Condition"; a key missing from the
  request makes the condition false). The request context here: ``aws:SecureTransport`` is true,
  because the local endpoint stands in for AWS's TLS endpoint (S3 User Guide, "Enforce encryption
  in transit"); other condition keys are absent.
- DynamoDB stream event source mappings with ``FilterCriteria``: moto hands every stream record to
  the function, matching or not. Lambda drops the records no filter matches, without invoking the
  function (Lambda Developer Guide, "Control which events Lambda sends to your function": "If an
  event doesn't meet any of the filter criteria, Lambda drops the event"; "Filter rule syntax").
  Here a record is dropped only when a pattern's plain values (an array of strings or numbers, in
  nested objects) tell it apart; a pattern with an operator (prefix, numeric, exists, ...) is
  taken as matching, so nothing AWS would deliver is dropped. The stack's recommender mapping
  (terraform/lambda.tf) passes only OWNED items; without this every seeded item was handed to
  moto's Lambda, each a failed Docker start (about 6 ms of CPU, 3,167 of them in a round trip).
- Lambda AddPermission with a StatementId the function's policy already holds: moto adds a second
  statement; AWS refuses with ResourceConflictException, HTTP 409 (API reference, AddPermission,
  "Errors"). The message is the one AWS gives in reports against it (hashicorp/terraform-provider-aws
  #1524, #3312): "The statement id (<sid>) provided already exists. Please provide a new statement
  id, or remove the existing statement."; the API reference documents only the code.
- Lambda CreateEventSourceMapping of a DynamoDB or Kinesis stream to a function that already has a
  mapping of it: moto makes a second one; AWS refuses with ResourceConflictException, 409 (API
  reference, CreateEventSourceMapping, "Errors"). The message is AWS's as quoted in reports against
  it (tmobile/jazz#74 for Kinesis, hashicorp/terraform-provider-aws#40257), not documented.
- Lambda ListEventSourceMappings with FunctionName: moto keeps the mappings whose FunctionName was
  given the same way at creation (a mapping made with the ARN, as Terraform makes it, is not listed
  by its name). AWS takes a name, an ARN, a version or alias ARN, or a partial ARN
  (<account>:function:<name>), and lists the mappings of the function they name (API reference,
  ListEventSourceMappings, "FunctionName").
- KMS ListAliases: moto answers no CreationDate; AWS gives each alias its CreationDate (API
  reference, AliasListEntry), which deploy/adopt.py compares with when the failed apply started.
"""

from __future__ import annotations

import json
from typing import Any

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import EventSourceMapping, LambdaBackend, LambdaFunction
from moto.awslambda.policy import Policy
from moto.awslambda.utils import make_function_arn
from moto.core.utils import unix_time, utcnow
from moto.iam.access_control import IAMPolicy, PermissionResult
from moto.kms.models import Alias
from moto.kms.responses import KmsResponse
from moto.s3.models import FakeBucket
from moto.utilities.utils import get_partition

_applied = False


def _logging_config(function: LambdaFunction, given: dict[str, Any] | None) -> dict[str, Any]:
    config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function.function_name}", **(given or {})}
    if config["LogFormat"] == "JSON":
        config.setdefault("ApplicationLogLevel", "INFO")
        config.setdefault("SystemLogLevel", "INFO")
    return config


REQUEST_CONTEXT = {"aws:securetransport": "true"}
_TRUE_IF_EQUAL = ("StringEquals", "StringEqualsIgnoreCase", "Bool")


def _condition_holds(condition: dict[str, Any] | None) -> bool:
    """Whether every operator of a Condition block holds for REQUEST_CONTEXT (the operators bucket
    policies use for transport and equality; any other operator or missing key: does not hold)."""
    for operator, tests in (condition or {}).items():
        for key, expected in tests.items():
            actual = REQUEST_CONTEXT.get(key.lower())
            wanted = [str(v).lower() for v in (expected if isinstance(expected, list) else [expected])]
            if operator not in _TRUE_IF_EQUAL or actual is None or actual.lower() not in wanted:
                return False
    return True


def _bucket_permission(self: FakeBucket, action: str, resource: str) -> Any:
    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy.decode())
    statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
    applicable = [
        {k: v for k, v in statement.items() if k != "Condition"}
        for statement in statements
        if _condition_holds(statement.get("Condition"))
    ]
    if not applicable:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**document, "Statement": applicable})).is_action_permitted(action, resource)


def _matches(pattern: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` (a stream record, as Lambda's event holds it) may match ``pattern``."""
    for key, rule in pattern.items():
        found = value.get(key) if isinstance(value, dict) else None
        if isinstance(rule, dict):
            if not _matches(rule, found):
                return False
        elif isinstance(rule, list):
            if any(isinstance(condition, dict) for condition in rule):
                continue  # an operator: not evaluated here, taken as matching
            candidates = found if isinstance(found, list) else [found]
            if not any(candidate in rule for candidate in candidates if candidate is not None):
                return False
    return True


def _patterns(mapping: EventSourceMapping | None) -> list[dict[str, Any]]:
    filters = ((mapping.filter_criteria or {}).get("Filters") or []) if mapping is not None else []
    return [json.loads(f["Pattern"]) for f in filters if f.get("Pattern")]


def _filtered_stream_delivery(original: Any) -> Any:
    def send(self: LambdaBackend, function_arn: str, items: list[Any], source: str) -> Any:
        mapping = next(
            (
                m
                for m in self._event_source_mappings.values()
                if m.function_arn == function_arn and m.event_source_arn == source
            ),
            None,
        )
        patterns = _patterns(mapping)
        kept = [i for i in items if any(_matches(p, i.to_json()) for p in patterns)] if patterns else items
        if not kept:
            return "filtered"  # truthy: the shard lets go of the records, as Lambda drops them
        return original(self, function_arn, kept, source)

    return send


class ResourceConflict(LambdaClientError):
    code = 409

    def __init__(self, message: str) -> None:
        super().__init__("ResourceConflictException", message)


def _unique_statement_ids(original: Any) -> Any:
    def add(self: Policy, raw: str, qualifier: str | None = None) -> Any:
        sid = json.loads(raw).get("StatementId")
        if isinstance(self.parent, LambdaFunction) and any(s.get("Sid") == sid for s in self.statements):
            raise ResourceConflict(
                f"The statement id ({sid}) provided already exists. Please provide a new statement id, "
                "or remove the existing statement."
            )
        return original(self, raw, qualifier)

    return add


def _one_mapping_per_stream(original: Any) -> Any:
    def create(self: LambdaBackend, spec: dict[str, Any]) -> Any:
        source = spec.get("EventSourceArn") or ""
        if source.split(":")[2:3] in (["dynamodb"], ["kinesis"]) and spec.get("FunctionName"):
            function = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec["FunctionName"])
            for mapping in self._event_source_mappings.values():
                if mapping.event_source_arn == source and mapping.function_arn == function.function_arn:
                    raise ResourceConflict(
                        f'The event source arn (" {source} ") and function (" {function.function_name} ") '
                        "provided mapping already exists. Please update or delete the existing mapping "
                        f"with UUID {mapping.uuid}"
                    )
        return original(self, spec)

    return create


def _function_arn(backend: LambdaBackend, given: str) -> str:
    """A FunctionName as ListEventSourceMappings takes it (name, ARN, partial ARN) as a full ARN."""
    if given.startswith("arn:"):
        return given
    if ":function:" in given:  # <account>:function:<name>[:<qualifier>]
        return f"arn:{get_partition(backend.region_name)}:lambda:{backend.region_name}:{given}"
    return str(make_function_arn(backend.region_name, backend.account_id, given))


def _mappings_of_any_function_name(original: Any) -> Any:
    def listing(self: LambdaBackend, event_source_arn: str, function_name: str) -> Any:
        mappings = original(self, event_source_arn, None)
        if not function_name:
            return mappings
        wanted = _function_arn(self, function_name)
        return [m for m in mappings if m.function_arn == wanted]

    return listing


def _alias_creation_dates(original: Any) -> Any:
    def listing(self: KmsResponse) -> str:
        answer = json.loads(original(self))
        made = {name: alias for key in self.kms_backend.keys.values() for name, alias in key.aliases.items()}
        for entry in answer["Aliases"]:
            created = getattr(made.get(entry["AliasName"]), "creation_date", None)
            if created is not None:
                entry["CreationDate"] = created
        return json.dumps(answer)

    return listing


def apply() -> None:
    global _applied  # noqa: PLW0603 - patches are process-wide and must happen once
    if _applied:
        return
    _applied = True
    original_init = LambdaFunction.__init__
    original_configuration = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def init(self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        self.logging_config = _logging_config(self, spec.get("LoggingConfig"))  # type: ignore[attr-defined]

    def configuration(self: LambdaFunction, on_create: bool = False) -> dict[str, Any]:
        config = original_configuration(self, on_create)
        config["LoggingConfig"] = getattr(self, "logging_config", None) or _logging_config(self, None)
        return config

    def update(self: LambdaFunction, updates: dict[str, Any]) -> dict[str, Any]:
        if "LoggingConfig" in updates:
            self.logging_config = _logging_config(self, updates["LoggingConfig"])  # type: ignore[attr-defined]
        return original_update(self, updates)

    LambdaFunction.__init__ = init  # type: ignore[method-assign]
    LambdaFunction.get_configuration = configuration  # type: ignore[method-assign]
    LambdaFunction.update_configuration = update  # type: ignore[method-assign,assignment]
    FakeBucket.get_permission = _bucket_permission  # type: ignore[method-assign]
    LambdaBackend.send_dynamodb_items = _filtered_stream_delivery(LambdaBackend.send_dynamodb_items)  # type: ignore[method-assign]
    Policy.add_statement = _unique_statement_ids(Policy.add_statement)  # type: ignore[method-assign]
    LambdaBackend.create_event_source_mapping = _one_mapping_per_stream(  # type: ignore[method-assign]
        LambdaBackend.create_event_source_mapping
    )
    LambdaBackend.list_event_source_mappings = _mappings_of_any_function_name(  # type: ignore[method-assign]
        LambdaBackend.list_event_source_mappings
    )
    original_alias = Alias.__init__

    def alias(self: Alias, *args: Any, **kwargs: Any) -> None:
        original_alias(self, *args, **kwargs)
        self.creation_date = unix_time(utcnow())  # type: ignore[attr-defined]

    Alias.__init__ = alias  # type: ignore[method-assign]
    KmsResponse.list_aliases = _alias_creation_dates(KmsResponse.list_aliases)  # type: ignore[method-assign]
