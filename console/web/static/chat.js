// The chat pane: user and agent messages, streamed answers with citations, confirmation cards,
// per-turn figures and feedback.

import { el, errorBox } from "./dom.js";

function sourceName(uri) {
  return uri.split("/").pop() || uri;
}

// The answer with a [n] marker where each cited span ends, and the numbered sources below it.
function renderAnswer(textNode, sourcesNode, text, citations, turnIndex) {
  const marks = citations.filter((c) => Number.isInteger(c.end)).sort((a, b) => a.end - b.end);
  const pieces = [];
  let at = 0;
  for (const citation of marks) {
    const end = Math.min(Math.max(citation.end, at), text.length);
    pieces.push(text.slice(at, end));
    pieces.push(el("sup", {}, el("a", { href: `#source-${turnIndex}-${citation.number}`, "aria-label": `source ${citation.number}`, text: `[${citation.number}]` })));
    at = end;
  }
  pieces.push(text.slice(at));
  textNode.replaceChildren(...pieces);
  const items = citations.map((citation) => {
    const first = citation.sources[0] || { uri: "unknown source", text: "" };
    return el(
      "li",
      { id: `source-${turnIndex}-${citation.number}` },
      el(
        "details",
        {},
        el("summary", {}, el("span", { text: sourceName(first.uri) }), citation.sources.length > 1 ? ` and ${citation.sources.length - 1} more` : ""),
        ...citation.sources.map((s) => [el("blockquote", { text: s.text }), el("code", { text: s.uri })]),
      ),
    );
  });
  sourcesNode.replaceChildren(...items);
  sourcesNode.hidden = items.length === 0;
}

export class AgentMessage {
  constructor(chat) {
    this.chat = chat;
    this.turnIndex = null;
    this.textValue = "";
    this.text = el("div", { class: "text", "aria-live": "polite", "aria-busy": "true" });
    this.thinking = el("p", { class: "thinking", text: "The agent is working…" });
    this.sources = el("ol", { class: "sources", hidden: true, "aria-label": "Sources" });
    this.cards = el("div");
    this.extras = el("div");
    this.figures = el("p", { class: "figures" });
    this.node = el("li", { class: "msg agent" }, el("div", { class: "who", text: "Agent" }), this.thinking, this.cards, this.text, this.sources, this.extras, this.figures);
  }

  busy(on) {
    this.thinking.hidden = !on;
    this.text.setAttribute("aria-busy", String(on));
  }

  append(text) {
    this.textValue += text;
    this.text.textContent = this.textValue;
    this.chat.scroll();
  }

  confirmation(requests) {
    const rows = requests.flatMap((r) => Object.entries(r.parameters).map(([k, v]) => el("tr", {}, el("th", { scope: "row", text: k }), el("td", { text: v }))));
    const confirm = el("button", { type: "button", class: "confirm", text: "Confirm" });
    const deny = el("button", { type: "button", class: "deny", text: "Deny" });
    const actions = el("div", { class: "confirm-actions" }, confirm, deny);
    const card = el(
      "section",
      { class: "confirm-card", role: "group", "aria-label": "Confirmation requested" },
      el("h3", { text: "The agent asks for confirmation" }),
      ...requests.map((r) => el("p", {}, el("code", { text: `${r.actionGroup}: ${r.operation}` }))),
      rows.length ? el("table", {}, el("tbody", {}, ...rows)) : null,
      actions,
    );
    const decide = (decision) => {
      confirm.disabled = true;
      deny.disabled = true;
      actions.replaceWith(el("p", { class: "decided", text: decision === "CONFIRM" ? "You confirmed." : "You denied." }));
      this.chat.handlers.onConfirm(decision, this);
    };
    confirm.addEventListener("click", () => decide("CONFIRM"));
    deny.addEventListener("click", () => decide("DENY"));
    // The answer to the request follows the card; text already streamed goes above it.
    (this.textValue ? this.extras : this.cards).append(card);
    this.chat.scroll();
    confirm.focus();
  }

  error(error) {
    this.extras.append(errorBox(error));
    this.chat.scroll();
  }

  done(view) {
    this.busy(false);
    this.turnIndex = view.turnIndex;
    this.textValue = view.output;
    renderAnswer(this.text, this.sources, view.output, view.citations, view.turnIndex);
    if (!view.output && !view.pending && !view.error) this.text.textContent = "(no answer)";
    const f = view.figures;
    this.figures.textContent = `${f.latencyMs.toLocaleString("en-US")} ms · ${f.inputTokens.toLocaleString("en-US")} tokens in / ${f.outputTokens.toLocaleString("en-US")} out · ${f.cost}`;
    if (!view.pending && !this.feedbackNode) {
      this.feedbackNode = this.feedback();
      this.node.append(this.feedbackNode);
    }
    this.chat.scroll();
  }

  feedback() {
    let rating = null;
    const up = el("button", { type: "button", class: "rate-up", "aria-pressed": "false", text: "▲ Good" });
    const down = el("button", { type: "button", class: "rate-down", "aria-pressed": "false", text: "▼ Bad" });
    const commentId = `comment-${this.turnIndex}-${Math.random().toString(36).slice(2, 8)}`;
    const comment = el("textarea", { id: commentId, rows: "2" });
    const status = el("p", { class: "status", role: "status" });
    const form = el("form", { hidden: true }, el("label", { for: commentId, text: "Comment (optional)" }), comment, el("div", { class: "row" }, el("button", { type: "submit", text: "Send feedback" })));
    const pick = (value) => {
      rating = value;
      up.setAttribute("aria-pressed", String(value === "up"));
      down.setAttribute("aria-pressed", String(value === "down"));
      form.hidden = false;
      comment.focus();
    };
    up.addEventListener("click", () => pick("up"));
    down.addEventListener("click", () => pick("down"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      status.textContent = "Saving…";
      try {
        const saved = await this.chat.handlers.onFeedback(this.turnIndex, rating, comment.value);
        form.hidden = true;
        status.className = "status saved";
        status.textContent = `Saved (${rating === "up" ? "good" : "bad"}) to ${saved.file.split("/").pop()}.`;
        status.title = saved.file;
      } catch (problem) {
        status.textContent = "";
        status.append(errorBox(problem.error || { kind: "console", message: String(problem), hint: "" }));
      }
    });
    return el("div", { class: "feedback" }, el("div", { class: "thumbs" }, el("span", { text: "Rate this answer:" }), up, down), form, status);
  }
}

export class Chat {
  constructor(list, handlers) {
    this.list = list;
    this.handlers = handlers; // {onConfirm(decision, message), onFeedback(turnIndex, rating, comment)}
  }

  clear() {
    this.list.replaceChildren();
  }

  scroll() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  user(text) {
    this.list.append(el("li", { class: "msg user" }, el("div", { class: "who", text: "You" }), el("div", { class: "text", text })));
    this.scroll();
  }

  agent() {
    const message = new AgentMessage(this);
    this.list.append(message.node);
    this.scroll();
    return message;
  }

  notice(text) {
    this.list.append(el("li", { class: "muted", text }));
    this.scroll();
  }
}
