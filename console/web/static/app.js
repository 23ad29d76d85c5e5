// The agent test console: wires the session panel, chat and trace panel to the console server.

import { Problem, getJson, postJson, stream } from "./api.js";
import { Chat } from "./chat.js";
import { errorBox } from "./dom.js";
import { SessionPanel, fillConnection, readConnection } from "./session.js";
import { TracePanel } from "./trace.js";

const state = { conversation: null, target: null, busy: false };
const input = document.getElementById("message-input");
const send = document.getElementById("send");
const sessionStatus = document.getElementById("session-status");
const trace = new TracePanel(document.getElementById("trace-turns"), document.getElementById("show-prompts"));
let panel = null;

function describeTarget(target) {
  const where = target.endpointUrl ? `endpoint ${target.endpointUrl}` : `AWS ${target.region}`;
  return `Agent ${target.agentId} · alias ${target.agentAliasId} · ${where}`;
}

function setBusy(on) {
  state.busy = on;
  send.disabled = on;
  document.getElementById("messages").setAttribute("aria-busy", String(on));
  for (const id of ["new-session", "end-session"]) document.getElementById(id).disabled = on;
}

function showSession(sessionId) {
  document.getElementById("session-id").textContent = sessionId;
}

function path(action) {
  return `/api/conversations/${state.conversation}/${action}`;
}

async function startConversation(target) {
  const body = { sessionAttributes: panel.attributes() };
  if (target) body.target = target;
  const started = await postJson("/api/conversations", body);
  state.conversation = started.conversationId;
  state.target = started.target;
  fillConnection(started.target);
  document.getElementById("where").textContent = describeTarget(started.target);
  showSession(started.sessionId);
  chat.clear();
  trace.clear();
}

// Run one streamed call (a message or a confirmation) into `message`.
async function runTurn(action, body, message) {
  setBusy(true);
  message.busy(true);
  try {
    await stream(path(action), body, (kind, data) => {
      if (kind === "chunk") message.append(data.text);
      else if (kind === "trace") trace.step(data.turnIndex, data.stepIndex, data.step);
      else if (kind === "returnControl") message.confirmation(data.requests);
      else if (kind === "error") message.error(data);
      else if (kind === "done") {
        message.done(data);
        trace.figures(data.turnIndex, data.figures);
      }
    });
  } catch (problem) {
    message.busy(false);
    message.error(problem instanceof Problem ? problem.error : { kind: "console", message: String(problem), hint: "" });
  } finally {
    setBusy(false);
    if (!document.querySelector(".confirm-card button:not(:disabled)")) input.focus();
  }
}

const chat = new Chat(document.getElementById("messages"), {
  onConfirm: (decision, message) => runTurn("confirmation", { decision }, message),
  onFeedback: (turnIndex, rating, comment) => postJson(path("feedback"), { turnIndex, rating, comment }),
});

async function sendMessage() {
  const text = input.value.trim();
  if (!text || state.busy) return;
  input.value = "";
  chat.user(text);
  const message = chat.agent();
  const turnIndex = document.querySelectorAll("#messages .msg.user").length - 1;
  trace.turn(turnIndex, text);
  await runTurn("turns", { text }, message);
}

function wire() {
  document.getElementById("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    sendMessage();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendMessage();
    }
  });
  const sessionAction = async (action) => {
    sessionStatus.textContent = action === "end" ? "Ending the session…" : "";
    try {
      const result = await postJson(path("session"), { action });
      showSession(result.sessionId);
      chat.clear();
      trace.clear();
      sessionStatus.textContent = action === "end" ? "Session ended; a new one has started." : "New session started.";
      if (result.error) sessionStatus.append(errorBox(result.error));
    } catch (problem) {
      sessionStatus.replaceChildren(errorBox(problem.error));
    }
  };
  document.getElementById("new-session").addEventListener("click", () => sessionAction("new"));
  document.getElementById("end-session").addEventListener("click", () => sessionAction("end"));
  document.getElementById("connection-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await startConversation(readConnection());
      sessionStatus.textContent = "Connected; new session started.";
    } catch (problem) {
      sessionStatus.replaceChildren(errorBox(problem.error));
    }
  });
}

async function main() {
  let config;
  try {
    config = await getJson("/api/config");
  } catch (problem) {
    document.getElementById("where").replaceChildren(errorBox(problem.error));
    return;
  }
  document.getElementById("feedback-file").textContent = `Feedback is stored in ${config.feedbackFile}. Prices as of ${config.pricesAsOf}.`;
  panel = new SessionPanel(config, async (attributes) => {
    try {
      const result = await postJson(path("attributes"), { sessionAttributes: attributes });
      const shown = Object.keys(attributes).length ? JSON.stringify(attributes) : "none";
      sessionStatus.textContent = `Session attributes applied: ${shown}.`;
      if (result.newSession) {
        showSession(result.sessionId);
        chat.clear();
        trace.clear();
        sessionStatus.textContent += " The agent keeps a session's attributes, so removing one started a new session.";
      }
    } catch (problem) {
      sessionStatus.replaceChildren(errorBox(problem.error));
    }
  });
  wire();
  await startConversation(null);
  input.focus();
}

main();
