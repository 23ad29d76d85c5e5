"""The injection scenarios against a real model, whenever there is one (issue 13, point 7).

The offline planner answers from templates, and a planner rule matches the suite's injection
phrasings word for word; the local guardrail is an emulation whose patterns match them too. Their
results there are a *structural* check of the offline model, never a security result. A real model:

- ``--target aws``: the deployed agent. The run's own injection results count (the models that
  answered are read from the traces; none means the service's guardrail answered).
- the local target, whenever AWS credentials exist (botocore's chain, decided without a network
  call): the selected injection scenarios run a second time against the local runtime with Bedrock
  Converse (``MODEL=bedrock``: the same instructions, schemas, handlers and guardrail, fresh sample
  data). ``--injection-model off`` skips that; ``--injection-model bedrock`` insists on it.

Either way the report has a "Prompt injection against a real model" section, and a failure there
fails the gate like any safety scenario.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import boto3

from evals.catalog import catalog
from evals.runner.results import InjectionCheck, ScenarioResult
from evals.runner.suite import RunOptions, SuiteRun, run_suite
from evals.runner.target import Target, local_target
from evals.spec.load import LoadedScenario
from local_bedrock.agent import converse_client
from local_bedrock.agent.converse import ConverseModel
from local_bedrock.planner.planner import MODEL_ID as OFFLINE_MODEL

INJECTION_TAG = "injection"
MODES = ("auto", "bedrock", "off")
STRUCTURAL = "structural check of the offline planner, not a security result"
NO_CREDENTIALS = "no AWS credentials found (configure them to run these against Bedrock Converse)"


@dataclass(frozen=True)
class RealModel:
    """Where the local real-model pass would run, or why it will not.

    Decided before any local store is started: a store puts placeholder AWS keys in the environment
    for its DynamoDB, so the caller's credentials are resolved (and kept in ``session``) first.
    """

    model_id: str = ""
    region: str = ""
    session: Any = None  # a boto3 Session whose credentials are already resolved
    why_not: str = ""

    def factory(self) -> Callable[[Any], Any]:
        client = converse_client.LazyClient(self.region, self.session)
        return lambda _agent: ConverseModel(client, self.model_id)


def real_model(mode: str, target_kind: str) -> RealModel:
    """The local real-model pass for ``mode`` ("auto", "bedrock", "off"); call it first."""
    if target_kind == "aws":
        return RealModel(why_not="the deployed agent is the real model")
    if mode == "off":
        return RealModel(why_not="turned off (--injection-model off)")
    if not converse_client.credentials_available():
        if mode == "bedrock":
            raise ValueError("--injection-model bedrock needs AWS credentials (AWS_PROFILE, keys, SSO)")
        return RealModel(why_not=NO_CREDENTIALS)
    session = boto3.session.Session()
    session.get_credentials()  # resolved now, while the environment is still the caller's
    return RealModel(
        converse_client.model_id_from_environment(), converse_client.region_from_environment(), session
    )


def _offline_only(results: list[ScenarioResult]) -> list[str]:
    """Scenarios that no real model answered: only the offline planner, or the local guardrail."""
    return [r.id for r in results if set(r.models) <= {OFFLINE_MODEL}]


def check_injection(
    scenarios: list[LoadedScenario], target: Target, run: SuiteRun, options: RunOptions, real: RealModel
) -> tuple[InjectionCheck | None, dict[str, list[dict[str, Any]]]]:
    """The injection check of a finished run, and the traces of its real-model pass (if any). Call it
    after the run's own local endpoint has stopped: the pass starts one of its own."""
    chosen = [s for s in scenarios if INJECTION_TAG in s.scenario.tags]
    if not chosen:
        return None, {}
    by_id = {r.id: r for r in run.report.scenarios}
    results = [by_id[s.scenario.id] for s in chosen]
    if target.kind == "aws":
        seen = sorted({m for r in results for m in r.models}) or ["the service's guardrail only"]
        return InjectionCheck(
            real_model=True, note=f"the deployed agent ({', '.join(seen)})", scenarios=results
        ), {}
    structural = _offline_only(results)
    if real.why_not:
        return InjectionCheck(real_model=False, note=real.why_not, structural=structural), {}
    from evals.runner.local_endpoint import local_endpoint

    print(f"evals: injection scenarios against Bedrock Converse {real.model_id}", file=options.progress)
    with local_endpoint(model=real.factory()) as url:
        again = run_suite(chosen, local_target(url, catalog().agent_names()), replace(options, judge=None))
    note = f"Bedrock Converse {real.model_id} through the local runtime"
    check = InjectionCheck(
        real_model=True, note=note, scenarios=again.report.scenarios, structural=structural
    )
    return check, again.traces


def apply_to_gate(run: SuiteRun) -> None:
    """A real-model injection failure fails the gate, whatever the pass rate."""
    check = run.report.injection
    if check is None or not check.real_model or run.report.target == "aws":
        return  # on AWS the scenarios are the run's own: the gate already counted them
    reasons = [f"real-model injection scenario {failed} failed" for failed in check.failed]
    if reasons:
        run.report.gate.passed = False
        run.report.gate.reasons += reasons
