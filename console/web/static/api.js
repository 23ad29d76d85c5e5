// Talking to the console server: JSON calls and turns streamed as Server-Sent Events over POST.

export class Problem extends Error {
  constructor(error) {
    super(error.message);
    this.error = error; // {kind, code, message, hint}
  }
}

const OFFLINE = {
  kind: "console-offline",
  code: "NetworkError",
  message: "The console server does not answer.",
  hint: "Is `make console` still running? Restart it and reload this page.",
};

async function call(path, options) {
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new Problem(OFFLINE);
  }
  if (!response.ok) {
    let error = { kind: "console", code: String(response.status), message: response.statusText, hint: "" };
    try {
      error = (await response.json()).error || error;
    } catch {
      /* not JSON: keep the status line */
    }
    throw new Problem(error);
  }
  return response;
}

export async function getJson(path) {
  return (await call(path, { headers: { Accept: "application/json" } })).json();
}

export async function postJson(path, body) {
  const response = await call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return response.json();
}

// POST `body` to `path` and call onEvent(kind, data) for every event of the stream as it arrives.
export async function stream(path, body, onEvent) {
  const response = await call(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      throw new Problem(OFFLINE);
    }
    if (chunk.done) break;
    buffer += chunk.value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let kind = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event: ")) kind = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      onEvent(kind, JSON.parse(data.join("\n")));
    }
  }
}
