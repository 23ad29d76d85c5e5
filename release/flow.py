"""Promote and roll back: the order of the bedrock-agent calls, and the rule that ``live`` moves only
after the gate passed.

``promote``: prepare the DRAFT -> new version via the candidate alias -> diff against the version
``live`` routes to -> run the gate against the candidate alias -> route ``live`` to the new version.
A failing gate (or any error before it) leaves ``live`` untouched; the new version stays on the
candidate alias for inspection.

``rollback``: route ``live`` to the previous version — the highest-numbered version lower than the
current one that ``live`` has routed to before (from ``agentAliasHistoryEvents``), or an explicit one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from release.bedrock import AgentApi, Alias, ReleaseError
from release.snapshot import diff, snapshot

CANDIDATE_ALIAS = "candidate"


@dataclass(frozen=True)
class GateResult:
    passed: bool
    summary: str  # one line, e.g. "44/44 passed (100.0%)"
    report: str | None = None  # path of the Markdown report


@dataclass(frozen=True)
class Outcome:
    promoted: bool
    live_version: str | None  # what live routes to at the end
    candidate_version: str | None = None
    message: str = ""


def promote(
    api: AgentApi,
    agent_id: str,
    live_alias_id: str,
    run_gate: Callable[[str], GateResult],
    log: Callable[[str], None],
    *,
    candidate_name: str = CANDIDATE_ALIAS,
) -> Outcome:
    live = api.alias(agent_id, live_alias_id)
    log(f"live alias {live.name} ({live.alias_id}) routes to version {live.version}")
    prepared_at = api.ensure_prepared(agent_id, log)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    candidate = api.new_version(
        agent_id, candidate_name, f"Release candidate (DRAFT prepared {prepared_at}) {stamp}"
    )
    version = str(candidate.version)
    log(f"created version {version}; alias {candidate.name} ({candidate.alias_id}) routes to it")
    if live.version and live.version != "DRAFT":
        log(diff(snapshot(api, agent_id, live.version), snapshot(api, agent_id, version)))
    else:
        log(f"live routes to {live.version}; no earlier version to compare with")
    log(f"running the eval suite against alias {candidate.alias_id} (version {version})")
    gate = run_gate(candidate.alias_id)
    if not gate.passed:
        message = (
            f"gate FAILED ({gate.summary}); live stays on version {live.version}. "
            f"Version {version} remains on alias {candidate.name} for inspection."
        )
        return Outcome(False, live.version, version, message)
    moved = api.route(live, version)
    message = f"gate passed ({gate.summary}); live: version {live.version} -> {moved.version}"
    return Outcome(True, moved.version, version, message)


def previous_version(live: Alias) -> str | None:
    """The highest version below the current one that ``live`` routed to before."""
    current = int(live.version) if live.version and live.version.isdigit() else None
    earlier = {int(v) for _, v in live.history if v.isdigit()}
    candidates = sorted(v for v in earlier if current is None or v < current)
    return str(candidates[-1]) if candidates else None


def rollback(
    api: AgentApi,
    agent_id: str,
    live_alias_id: str,
    log: Callable[[str], None],
    to_version: str | None = None,
) -> Outcome:
    live = api.alias(agent_id, live_alias_id)
    target = to_version or previous_version(live)
    if target is None:
        raise ReleaseError(
            f"live routes to version {live.version} and its history has no earlier version; "
            "name one with VERSION=<n>"
        )
    if target == live.version:
        return Outcome(False, live.version, message=f"live already routes to version {target}")
    log(diff(snapshot(api, agent_id, str(live.version)), snapshot(api, agent_id, target)))
    moved = api.route(live, target)
    return Outcome(True, moved.version, message=f"live: version {live.version} -> {moved.version}")
