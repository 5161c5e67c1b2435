// The read-only Cypher console: the query goes to the server's guard (graph.queries.adhoc.run).
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  function cell(v) {
    if (v === null || v === undefined) return "";
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  $("cypher-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    const status = $("cypher-status"), out = $("cypher-result");
    status.textContent = "running\u2026";
    status.className = "";
    out.replaceChildren();
    let r, data;
    try {
      r = await fetch("/api/cypher", {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: $("cypher").value, params: $("params").value }),
      });
      data = await r.json();
    } catch (e) { status.textContent = "error: " + e.message; status.className = "error"; return; }
    if (!r.ok) { status.textContent = data.error; status.className = "error"; return; }
    status.textContent = data.rows.length + (data.rows.length === 1 ? " row" : " rows") + (data.truncated ? " (stopped at the limit)" : "");
    const table = document.createElement("table");
    table.className = "result";
    const head = document.createElement("tr");
    for (const c of data.columns) { const th = document.createElement("th"); th.scope = "col"; th.textContent = c; head.append(th); }
    const thead = document.createElement("thead"); thead.append(head); table.append(thead);
    const tbody = document.createElement("tbody");
    for (const row of data.rows) {
      const tr = document.createElement("tr");
      for (const c of data.columns) { const td = document.createElement("td"); td.textContent = cell(row[c]); tr.append(td); }
      tbody.append(tr);
    }
    table.append(tbody);
    out.append(table);
  });
})();
