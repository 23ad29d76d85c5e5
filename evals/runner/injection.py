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

from dataclasses import replace
from typing import Any

from evals.catalog import catalog
from evals.runner.results import InjectionCheck, ScenarioResult
from evals.runner.suite import RunOptions, SuiteRun, run_suite
from evals.runner.target import Target, local_target
from evals.spec.load import LoadedScenario
from local_bedrock.agent import converse_client
from local_bedrock.planner.planner import MODEL_ID as OFFLINE_MODEL

INJECTION_TAG = "injection"
MODES = ("auto", "bedrock", "off")
STRUCTURAL = "structural check of the offline planner, not a security result"


def _offline_only(results: list[ScenarioResult]) -> list[str]:
    """Scenarios that no real model answered: only the offline planner, or the local guardrail."""
    return [r.id for r in results if set(r.models) <= {OFFLINE_MODEL}]


def check_injection(
    scenarios: list[LoadedScenario], target: Target, run: SuiteRun, options: RunOptions, mode: str = "auto"
) -> tuple[InjectionCheck | None, dict[str, list[dict[str, Any]]]]:
    """The injection check of a finished run, and the traces of its real-model pass (if any)."""
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
    if mode == "off":
        return InjectionCheck(
            real_model=False, note="turned off (--injection-model off)", structural=structural
        ), {}
    if not converse_client.credentials_available():
        if mode == "bedrock":
            raise ValueError("--injection-model bedrock needs AWS credentials (AWS_PROFILE, keys, SSO)")
        note = "no AWS credentials found (configure them to run these against Bedrock Converse)"
        return InjectionCheck(real_model=False, note=note, structural=structural), {}
    from evals.runner.local_endpoint import local_endpoint

    model_id = converse_client.model_id_from_environment()
    print(
        f"evals: injection scenarios against a real model: Bedrock Converse {model_id}", file=options.progress
    )
    with local_endpoint(model="bedrock") as url:
        real = run_suite(chosen, local_target(url, catalog().agent_names()), replace(options, judge=None))
    note = f"Bedrock Converse {model_id} through the local runtime"
    check = InjectionCheck(real_model=True, note=note, scenarios=real.report.scenarios, structural=structural)
    return check, real.traces


def apply_to_gate(run: SuiteRun) -> None:
    """A real-model injection failure fails the gate, whatever the pass rate."""
    check = run.report.injection
    if check is None or not check.real_model or run.report.target == "aws":
        return  # on AWS the scenarios are the run's own: the gate already counted them
    reasons = [f"real-model injection scenario {failed} failed" for failed in check.failed]
    if reasons:
        run.report.gate.passed = False
        run.report.gate.reasons += reasons
