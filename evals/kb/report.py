"""``report.json`` (KbReport) and ``report.html``: per-metric score histograms like the Bedrock
evaluation console's breakdown graphs (how many questions fall in each tenth of 0..1), the failing
questions with what was retrieved, and the run's configuration. Self-contained: no scripts, no CSS
or fonts from the network."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

from evals.kb.results import METRICS, KbReport, QuestionResult

BINS = 10
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#16191f;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #d5dbdb;padding:.3rem .6rem;text-align:left;vertical-align:top}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
.card{border:1px solid #d5dbdb;border-radius:8px;padding:.8rem}.score{font-size:1.6rem;font-weight:600}
.muted{color:#5f6b7a}.fail{color:#d13212}.pass{color:#1d8102}details{margin:.4rem 0}
pre{white-space:pre-wrap;background:#f2f3f3;padding:.5rem;border-radius:4px;margin:.3rem 0}
"""


def report_directory(root: Path, target: str) -> Path:
    return root / f"eval-kb-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{target}"


def histogram(values: list[float]) -> list[int]:
    counts = [0] * BINS
    for value in values:
        counts[min(BINS - 1, max(0, int(value * BINS)))] += 1
    return counts


def _svg(counts: list[int], label: str) -> str:
    width, height, bar = 272, 110, 24
    top = max(counts) or 1
    parts = [f'<svg width="{width}" height="{height + 30}" role="img" aria-label="{html.escape(label)}">']
    for i, n in enumerate(counts):
        h = round(height * n / top)
        x = i * (bar + 2)
        parts.append(
            f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" fill="#0972d3">'
            f"<title>{i / BINS:.1f}–{(i + 1) / BINS:.1f}: {n}</title></rect>"
        )
        if n:
            label_y = max(10, height - h - 2)  # inside the top of a full-height bar
            fill = ' fill="#fff"' if label_y > height - h else ""
            parts.append(
                f'<text x="{x + bar / 2}" y="{label_y}" font-size="10" text-anchor="middle"{fill}>{n}</text>'
            )
    parts.append(f'<text x="0" y="{height + 14}" font-size="10">0</text>')
    parts.append(f'<text x="{BINS * (bar + 2) - 16}" y="{height + 14}" font-size="10">1.0</text>')
    parts.append("</svg>")
    return "".join(parts)


def _cards(report: KbReport) -> str:
    cards = []
    for name, label in METRICS:
        values = [v for q in report.questions if (v := getattr(q, name)) is not None]
        if not values:
            continue
        means = " · ".join(
            f"{split} {means[name]:.3f}"
            for split, means in report.summary.items()
            if means.get(name) is not None
        )
        cards.append(
            f'<div class="card"><div>{label}</div><div class="score">{sum(values) / len(values):.3f}</div>'
            f'<div class="muted">{len(values)} questions; {html.escape(means)}</div>'
            f"{_svg(histogram(values), label)}</div>"
        )
    return '<div class="cards">' + "".join(cards) + "</div>"


def _question(q: QuestionResult) -> str:
    facts = "".join(
        f'<li class="{"pass" if f.stated else "fail"}">{html.escape(f.fact)}'
        f" — answer: {'yes' if f.stated else 'no'}, retrieved: {'yes' if f.retrieved else 'no'}</li>"
        for f in q.facts
    )
    passages = "".join(
        f"<details><summary>#{p.rank} {html.escape(p.document)} › {html.escape(', '.join(p.sections) or '?')}"
        f" (relevance {p.relevance:g}{f', score {p.score:.3f}' if p.score is not None else ''})</summary>"
        f"<pre>{html.escape(p.text)}</pre></details>"
        for p in q.passages
    )
    cites = "".join(
        f"<li>{html.escape(doc)}: {'quoted' if ok else 'NOT quoted'}</li>"
        for c in q.citations
        for doc, ok in zip(c.documents, c.precise, strict=True)
    )
    figures = ", ".join(
        f"{label} {value:.2f}" for name, label in METRICS if (value := getattr(q, name)) is not None
    )
    return (
        f"<details><summary><b>{html.escape(q.id)}</b> {html.escape(q.question)} — "
        f'<span class="fail">{html.escape("; ".join(q.problems()))}</span></summary>'
        f'<p class="muted">gold: {html.escape("; ".join(q.gold))}<br>{figures}</p>'
        f"<p>Answer:</p><pre>{html.escape(q.answer or q.error or '(none)')}</pre>"
        f"<ul>{facts}</ul><p>Citations:</p><ul>{cites or '<li>none</li>'}</ul>"
        f"<p>Retrieved:</p>{passages}</details>"
    )


def render_html(report: KbReport) -> str:
    config = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in report.config.model_dump().items()
    )
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.counts.items())
    gate = ""
    if report.gate is not None:
        verdict = "passed" if report.gate.passed else "FAILED"
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in report.gate.reasons)
        tone = "pass" if report.gate.passed else "fail"
        gate = f'<h2>Gate: <span class="{tone}">{verdict}</span></h2><ul>{reasons}</ul>'
    job = ""
    if report.bedrock_job is not None:
        rows = "".join(
            f"<tr><td>{html.escape(m)}</td><td>{v:.3f}</td></tr>"
            for m, v in report.bedrock_job.metrics.items()
        )
        job = (
            f"<h2>Bedrock evaluation job</h2><p>{html.escape(report.bedrock_job.job_arn)}: "
            f"{html.escape(report.bedrock_job.status)}</p><table>{rows}</table>"
        )
    failing = [q for q in report.questions if q.problems()]
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Knowledge-base evaluation</title>'
        f'<style>{_STYLE}</style><h1>Knowledge-base evaluation</h1><p class="muted">{html.escape(counts)}</p>'
        f"{gate}<h2>Scores per question</h2>{_cards(report)}{job}"
        f"<h2>Failing questions ({len(failing)})</h2>"
        f"{''.join(_question(q) for q in failing) or '<p>none</p>'}"
        f"<h2>Run configuration</h2><table>{config}</table></html>"
    )


def write_report(report: KbReport, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, html_path = directory / "report.json", directory / "report.html"
    json_path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path


def summary_lines(report: KbReport) -> list[str]:
    lines = []
    for split, means in report.summary.items():
        figures = ", ".join(
            f"{label} {means[name]:.3f}" for name, label in METRICS if means.get(name) is not None
        )
        lines.append(f"{split}: {figures}")
    return lines
