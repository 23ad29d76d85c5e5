// The session side panel: customer picker or field, the session attributes editor, connection.

import { el } from "./dom.js";

export class SessionPanel {
  constructor(config, onApply) {
    this.onApply = onApply; // (attributes) => Promise
    this.rows = document.getElementById("attribute-rows");
    this.select = document.getElementById("customer-select");
    this.input = document.getElementById("customer-input");
    const customers = config.customers || [];
    if (customers.length) {
      document.getElementById("customer-picker").hidden = false;
      document.getElementById("customer-free").hidden = true;
      this.select.append(el("option", { value: "", text: "(none: no identity)" }));
      for (const c of customers) this.select.append(el("option", { value: c.id, text: `${c.id} · ${c.name}` }));
      this.select.value = customers[0].id;
      this.select.addEventListener("change", () => this.setCustomer(this.select.value, true));
    } else {
      this.input.addEventListener("change", () => this.setCustomer(this.input.value.trim(), true));
    }
    document.getElementById("add-attribute").addEventListener("click", () => this.addRow("", "", true));
    document.getElementById("apply-attributes").addEventListener("click", () => this.apply());
    if (customers.length) this.addRow("customerId", customers[0].id);
  }

  addRow(key, value, focus = false) {
    const n = this.rows.children.length;
    const keyInput = el("input", { type: "text", value: key, "aria-label": `Attribute ${n + 1} key`, spellcheck: "false" });
    const valueInput = el("input", { type: "text", value, "aria-label": `Attribute ${n + 1} value`, spellcheck: "false" });
    const row = el("tr", {}, el("td", {}, keyInput), el("td", {}, valueInput));
    const remove = el("button", { type: "button", "aria-label": `Remove attribute ${n + 1}`, text: "×", onclick: () => row.remove() });
    row.append(el("td", {}, remove));
    this.rows.append(row);
    if (focus) keyInput.focus();
    return row;
  }

  attributes() {
    const result = {};
    for (const row of this.rows.querySelectorAll("tr")) {
      const [key, value] = [...row.querySelectorAll("input")].map((i) => i.value.trim());
      if (key) result[key] = value;
    }
    return result;
  }

  setCustomer(id, apply) {
    let found = null;
    for (const row of this.rows.querySelectorAll("tr")) {
      const [key, value] = row.querySelectorAll("input");
      if (key.value.trim() === "customerId") found = { row, value };
    }
    if (!id && found) found.row.remove();
    else if (id && found) found.value.value = id;
    else if (id) this.addRow("customerId", id);
    if (apply) this.apply();
  }

  async apply() {
    await this.onApply(this.attributes());
  }
}

export function fillConnection(target) {
  document.getElementById("conn-endpoint").value = target.endpointUrl || "";
  document.getElementById("conn-region").value = target.region;
  document.getElementById("conn-agent").value = target.agentId;
  document.getElementById("conn-alias").value = target.agentAliasId;
}

export function readConnection() {
  return {
    endpointUrl: document.getElementById("conn-endpoint").value.trim() || null,
    region: document.getElementById("conn-region").value.trim(),
    agentId: document.getElementById("conn-agent").value.trim(),
    agentAliasId: document.getElementById("conn-alias").value.trim(),
  };
}
