// The trace panel: one section per turn, one collapsible row per step, raw JSON on demand.

import { el, plural } from "./dom.js";

function numbers(view) {
  const bits = [];
  if (view.durationMs !== null && view.durationMs !== undefined) bits.push(`${view.durationMs} ms`);
  if (view.inputTokens || view.outputTokens) bits.push(`${view.inputTokens}/${view.outputTokens} tokens`);
  return bits.join(" · ");
}

function blocked(view) {
  return view.entries.some((e) => / INTERVENED| BLOCKED/.test(e.text));
}

class StepRow {
  constructor(turnIndex, stepIndex) {
    this.title = el("span", { class: "title" });
    this.numbers = el("span", { class: "numbers" });
    this.entries = el("ul", { class: "entries" });
    const rawId = `raw-${turnIndex}-${stepIndex}`;
    this.raw = el("pre", { class: "raw", id: rawId, hidden: true, tabindex: "0" });
    this.rawButton = el("button", {
      type: "button",
      class: "raw-toggle",
      "aria-expanded": "false",
      "aria-controls": rawId,
      text: "Raw JSON",
      onclick: () => this.toggleRaw(),
    });
    this.details = el("details", {}, el("summary", {}, this.title, this.numbers), this.entries, this.rawButton, this.raw);
    this.node = el("li", { class: "step" }, this.details);
  }

  toggleRaw() {
    const open = this.raw.hidden;
    this.raw.hidden = !open;
    this.rawButton.setAttribute("aria-expanded", String(open));
    this.rawButton.textContent = open ? "Hide raw JSON" : "Raw JSON";
  }

  update(view) {
    this.node.className = `step kind-${view.kind}${blocked(view) ? " blocked" : ""}`;
    this.title.textContent = view.title;
    this.numbers.textContent = numbers(view);
    this.entries.replaceChildren(
      ...view.entries.map((entry) =>
        el("li", { class: entry.verbose ? "verbose" : null }, el("span", { class: "label", text: `${entry.label}:` }), entry.text),
      ),
    );
    this.raw.textContent = JSON.stringify(view.parts, null, 2);
  }
}

export class TracePanel {
  constructor(root, promptsToggle) {
    this.root = root;
    this.turns = new Map();
    promptsToggle.addEventListener("change", () => root.classList.toggle("show-prompts", promptsToggle.checked));
  }

  clear() {
    this.turns.clear();
    this.root.replaceChildren(el("p", { class: "muted", text: "Each turn's trace appears here, grouped by step." }));
  }

  turn(turnIndex, input) {
    if (this.turns.has(turnIndex)) return this.turns.get(turnIndex);
    if (this.turns.size === 0) this.root.replaceChildren();
    const quoted = input ? `“${input.length > 60 ? `${input.slice(0, 59)}…` : input}”` : "(continued)";
    const figures = el("p", { class: "figures" });
    const steps = el("ol", { class: "steps", "aria-label": `Trace steps of turn ${turnIndex + 1}` });
    const section = el("section", { class: "trace-turn", "data-turn": turnIndex }, el("h3", { text: `Turn ${turnIndex + 1} · ${quoted}` }), figures, steps);
    this.root.append(section);
    const entry = { section, figures, steps, rows: [] };
    this.turns.set(turnIndex, entry);
    return entry;
  }

  step(turnIndex, stepIndex, view) {
    const turn = this.turn(turnIndex, "");
    while (turn.rows.length <= stepIndex) {
      const row = new StepRow(turnIndex, turn.rows.length);
      turn.rows.push(row);
      turn.steps.append(row.node);
    }
    turn.rows[stepIndex].update(view);
    turn.section.scrollIntoView({ block: "end" });
  }

  figures(turnIndex, figures) {
    const turn = this.turn(turnIndex, "");
    turn.figures.textContent = `${figures.latencyMs.toLocaleString("en-US")} ms · ${plural(figures.inputTokens, "token")} in / ${figures.outputTokens.toLocaleString("en-US")} out · ${figures.cost}`;
  }
}
