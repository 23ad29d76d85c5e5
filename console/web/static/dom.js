// Small DOM helpers: build elements without innerHTML (agent output is never parsed as HTML).

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function plural(count, word) {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

const TITLES = {
  "not-running": "The agent endpoint is not running",
  "console-offline": "The console server is not running",
  "no-credentials": "No AWS credentials",
  "access-denied": "Access denied",
  "not-found": "Unknown agent or alias",
  throttled: "Throttled",
  validation: "Request refused",
  conflict: "Session busy",
  "dependency-failed": "The agent could not finish",
  timeout: "Timed out",
};

export function errorBox(error) {
  return el(
    "div",
    { class: "error", role: "alert", "data-kind": error.kind },
    el("strong", { text: TITLES[error.kind] || "Something went wrong" }),
    el("span", { text: `${error.message} ` }),
    error.hint ? el("span", { class: "hint", text: error.hint }) : null,
  );
}
