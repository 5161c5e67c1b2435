// orgraph's interactive org chart: collapsible tree, pan and zoom (d3-zoom), search, cards.
// Served by `orgraph serve` (data and cards from the JSON API) or inlined by
// `orgraph chart --format html` (data in a <script type="application/json">, cards computed here).
// Everything from the data is put into the page with textContent (d3's .text()), never as HTML.
(function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";
  const BOX_W = 210, BOX_H = 58, GAP_X = 18, GAP_Y = 46, COL_GAP = 16, ROW_GAP = 6;
  const SMALL_H = 36;       // a box in a compact fan-out
  const FAN = 8;            // more collapsed reports than this are laid out as a compact grid
  const MIN_SCALE = 0.55;   // the first screen opens as many levels as fit the window at this scale
  const SEV = ["", "info", "warning", "error"];

  const body = document.body;
  const api = body.dataset.api || null;
  let D = null, T = null, viewName = "posts";
  let expanded = new Set(), chain = new Set(), selected = -1, absent = [];
  let svg, zoomLayer, linkPath, extraLayer, nodeLayer, zoom, pos = new Map();

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clip(s, n) { s = s == null ? "" : String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

  // ---- trees: posts by line superior, units by PART_OF; a virtual root (the organisation) on top.
  function buildTree(kind) {
    const src = kind === "posts" ? D.posts : D.units;
    const n = src.key.length, root = n;
    const children = Array.from({ length: n + 1 }, () => []);
    const parent = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const p = src.parent[i] >= 0 ? src.parent[i] : root;
      parent[i] = p; children[p].push(i);
    }
    parent[root] = -1;
    const order = [root], depth = new Int32Array(n + 1);
    for (let h = 0; h < order.length; h++) for (const c of children[order[h]]) { depth[c] = depth[order[h]] + 1; order.push(c); }
    const total = new Int32Array(n + 1);
    for (let h = order.length - 1; h > 0; h--) total[parent[order[h]]] += 1 + total[order[h]];
    const marks = D.findings[kind === "posts" ? "post" : "unit"];
    return { kind, n, root, children, parent, depth, total, order, marks };
  }
  function nodeName(i) {
    if (i === T.root) return D.org.name;
    return T.kind === "posts" ? D.posts.name[i] : D.units.name[i];
  }
  function nodeSub(i) {
    if (i === T.root) return D.org.key;
    if (T.kind === "posts") {
      const u = D.posts.unit[i], num = D.posts.number[i];
      return [num, u >= 0 ? D.units.name[u] : ""].filter(Boolean).join(" \u00b7 ");
    }
    const h = D.units.head[i], num = D.units.number[i];
    return [num, h >= 0 ? D.posts.name[h] : ""].filter(Boolean).join(" \u00b7 ");
  }
  function sev(i) { const m = T.marks[String(i)]; return m ? m[0] : 0; }

  // Open level after level while the drawing still fits the window at a readable scale.
  function startExpanded() {
    expanded = new Set([T.root]);
    const top = T.children[T.root];
    if (top.length === 1) expanded.add(top[0]);  // a lone root (the director): open it too
    const room = (svg.node().clientWidth || 1000) / MIN_SCALE;
    for (;;) {
      const next = [];
      for (const i of expanded) for (const c of T.children[i]) if (!expanded.has(c) && T.children[c].length) next.push(c);
      if (!next.length) break;
      next.forEach(c => expanded.add(c));
      const width = measure();
      if (width > room) { next.forEach(c => expanded.delete(c)); break; }
    }
  }
  function measure() {
    layout();
    let x0 = Infinity, x1 = -Infinity;
    for (const p of pos.values()) { x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x + BOX_W); }
    return x1 - x0;
  }

  // ---- layout: rows of subtrees, or a grid for many collapsed reports (a compact fan-out).
  function layout() {
    const S = new Map();
    function size(i) {
      const kids = expanded.has(i) ? T.children[i] : [];
      if (!kids.length) { S.set(i, { w: BOX_W, mode: "none" }); return BOX_W; }
      const leafy = kids.length > FAN && kids.every(k => !expanded.has(k) || !T.children[k].length);
      if (leafy) {
        const cols = Math.max(2, Math.ceil(Math.sqrt(kids.length / 2)));
        const w = cols * BOX_W + (cols - 1) * COL_GAP;
        S.set(i, { w: Math.max(BOX_W, w), mode: "grid", cols, inner: w });
        return Math.max(BOX_W, w);
      }
      let w = 0;
      for (const k of kids) w += size(k);
      w += GAP_X * (kids.length - 1);
      S.set(i, { w: Math.max(BOX_W, w), mode: "row", inner: w });
      return Math.max(BOX_W, w);
    }
    size(T.root);
    pos = new Map();
    const d = [];
    const seg = (x1, y1, x2, y2) => d.push("M" + x1 + "," + y1 + (x1 === x2 ? "V" + y2 : y1 === y2 ? "H" + x2 : "L" + x2 + "," + y2));
    (function place(i, left, top) {
      const s = S.get(i), x = left + (s.w - BOX_W) / 2;
      pos.set(i, { x, y: top, h: BOX_H });
      if (s.mode === "none") return;
      const kids = T.children[i], cy = top + BOX_H + GAP_Y, px = x + BOX_W / 2, bus = top + BOX_H + GAP_Y / 2;
      let cx = left + (s.w - s.inner) / 2;
      seg(px, top + BOX_H, px, bus);
      if (s.mode === "row") {
        const first = cx + S.get(kids[0]).w / 2;
        let last = first;
        for (const k of kids) {
          place(k, cx, cy);
          const kx = pos.get(k).x + BOX_W / 2;
          seg(kx, bus, kx, cy); last = kx;
          cx += S.get(k).w + GAP_X;
        }
        seg(Math.min(first, px), bus, Math.max(last, px), bus);
      } else {
        const rows = Math.ceil(kids.length / s.cols);
        for (let c = 0; c < s.cols && c < kids.length; c++) {
          const lx = cx + c * (BOX_W + COL_GAP) - COL_GAP / 2;
          const lastRow = Math.floor((kids.length - 1 - c) / s.cols);
          seg(lx, bus, lx, cy + lastRow * (SMALL_H + ROW_GAP) + SMALL_H / 2);
        }
        seg(Math.min(cx - COL_GAP / 2, px), bus, Math.max(cx + (s.cols - 1) * (BOX_W + COL_GAP) - COL_GAP / 2, px), bus);
        kids.forEach((k, j) => {
          const c = j % s.cols, r = Math.floor(j / s.cols);
          const kx = cx + c * (BOX_W + COL_GAP), ky = cy + r * (SMALL_H + ROW_GAP);
          pos.set(k, { x: kx, y: ky, h: SMALL_H });
          seg(kx - COL_GAP / 2, ky + SMALL_H / 2, kx, ky + SMALL_H / 2);
        });
        void rows;
      }
    })(T.root, 0, 0);
    return d.join("");
  }

  // ---- drawing
  function render() {
    linkPath.attr("d", layout());
    const ids = Array.from(pos.keys());
    const nodes = nodeLayer.selectAll("g.node").data(ids, i => i);
    nodes.exit().remove();
    const enter = nodes.enter().append("g").attr("class", "node").attr("tabindex", 0).attr("role", "treeitem");
    enter.append("rect").attr("width", BOX_W).attr("height", BOX_H).attr("rx", 6);
    enter.append("rect").attr("class", "sevbar").attr("width", 6).attr("height", BOX_H).attr("rx", 2);
    enter.append("text").attr("class", "name").attr("x", 12).attr("y", 22);
    enter.append("text").attr("class", "sub").attr("x", 12).attr("y", 40);
    enter.append("text").attr("class", "badge").attr("x", BOX_W - 8).attr("text-anchor", "end");
    const all = enter.merge(nodes);
    all.attr("transform", i => "translate(" + pos.get(i).x + "," + pos.get(i).y + ")")
      .attr("data-id", i => i)
      .attr("data-key", i => i === T.root ? D.org.key : (T.kind === "posts" ? D.posts.key : D.units.key)[i])
      .attr("aria-label", i => nodeName(i) + (i === T.root ? "" : ", " + nodeSub(i)) + (sev(i) ? ", finding: " + SEV[sev(i)] : ""))
      .attr("aria-expanded", i => T.children[i].length ? String(expanded.has(i)) : null)
      .attr("aria-selected", i => String(i === selected))
      .attr("aria-level", i => T.depth[i] + 1)
      .attr("class", i => "node" + (i === T.root ? " root" : "") + (sev(i) ? " sev-" + SEV[sev(i)] : "") +
        (chain.has(i) ? " chain" : "") + (i === selected ? " selected" : "") +
        (T.children[i].length && !expanded.has(i) ? " collapsed" : ""));
    all.select("text.name").text(i => clip(nodeName(i), 27));
    all.select("text.sub").text(i => clip(nodeSub(i), 31));
    all.select("text.badge").text(i => {
      const k = T.children[i].length;
      if (!k) return "";
      return (expanded.has(i) ? "\u2212 " : "+ ") + k + (T.total[i] > k ? " / " + T.total[i] : "");
    });
    all.select("rect").attr("height", i => pos.get(i).h);
    all.select("rect.sevbar").attr("height", i => pos.get(i).h);
    all.select("text.name").attr("y", i => pos.get(i).h === BOX_H ? 22 : 15);
    all.select("text.sub").attr("y", i => pos.get(i).h === BOX_H ? 40 : 29);
    all.select("text.badge").attr("y", i => pos.get(i).h - 6);
    drawExtra();
    drawCrumbs();
  }

  function drawExtra() {
    extraLayer.selectAll("*").remove();
    if (T.kind !== "posts") return;
    const curve = (a, b) => {
      const p = pos.get(a), q = pos.get(b);
      const x1 = p.x + BOX_W / 2, y1 = p.y, x2 = q.x + BOX_W / 2, y2 = q.y + q.h;
      return "M" + x1 + "," + y1 + "C" + x1 + "," + (y1 - 60) + " " + x2 + "," + (y2 + 60) + " " + x2 + "," + y2;
    };
    if ($("show-secondary").checked) for (const [a, b, kind] of D.extra) {
      if (pos.has(a) && pos.has(b)) extraLayer.append("path").attr("class", "extra " + kind).attr("d", curve(a, b))
        .append("title").text(kind);
    }
    if ($("show-subs").checked) for (const [p, s, order] of D.subs) {
      if (s >= 0 && pos.has(p) && pos.has(s)) {
        const g = extraLayer.append("g").attr("class", "subst");
        g.append("path").attr("d", curve(s, p));
        const q = pos.get(s);
        g.append("text").attr("x", q.x + BOX_W / 2 + 4).attr("y", q.y - 4).text(String(order));
        g.append("title").text("substitute, order " + order);
      }
    }
  }

  function drawCrumbs() {
    const nav = $("crumbs");
    nav.replaceChildren();
    if (selected < 0) return;
    const path = [];
    for (let i = selected; i >= 0; i = T.parent[i]) path.unshift(i);
    const ol = el("ol");
    path.forEach((i, j) => {
      const li = el("li");
      const b = el("button", clip(nodeName(i), 40));
      b.type = "button";
      if (j === path.length - 1) b.setAttribute("aria-current", "true");
      b.addEventListener("click", () => reveal(i, true));
      li.append(b); ol.append(li);
    });
    nav.append(ol);
  }

  // ---- interaction
  function toggle(i) {
    if (!T.children[i].length) return;
    if (expanded.has(i)) expanded.delete(i); else expanded.add(i);
    render();
  }
  function reveal(i, openCard) {
    chain = new Set();
    for (let j = T.parent[i]; j >= 0; j = T.parent[j]) { expanded.add(j); chain.add(j); }
    chain.add(i);
    selected = i;
    render();
    centerOn(i);
    if (openCard) showCard(i);
    const node = nodeLayer.select('g.node[data-id="' + i + '"]').node();
    if (node) node.focus({ preventScroll: true });
  }
  function select(i) {
    selected = i;
    chain = new Set();
    for (let j = i; j >= 0; j = T.parent[j]) chain.add(j);
    render();
    showCard(i);
  }
  function keyNav(ev, i) {
    const sib = T.parent[i] >= 0 ? T.children[T.parent[i]] : [i];
    let to = -1;
    if (ev.key === "Enter") { select(i); ev.preventDefault(); return; }
    if (ev.key === " " || ev.key === "+" || ev.key === "-") { toggle(i); ev.preventDefault(); focusNode(i); return; }
    if (ev.key === "ArrowUp") to = T.parent[i];
    else if (ev.key === "ArrowDown") { if (!expanded.has(i) && T.children[i].length) toggle(i); to = T.children[i][0] ?? -1; }
    else if (ev.key === "ArrowLeft") to = sib[sib.indexOf(i) - 1] ?? -1;
    else if (ev.key === "ArrowRight") to = sib[sib.indexOf(i) + 1] ?? -1;
    if (to >= 0) { ev.preventDefault(); focusNode(to); centerOn(to); }
  }
  function focusNode(i) {
    const node = nodeLayer.select('g.node[data-id="' + i + '"]').node();
    if (node) node.focus({ preventScroll: true });
  }
  function centerOn(i) {
    const p = pos.get(i); if (!p) return;
    const r = svg.node().getBoundingClientRect();
    const k = Math.max(d3.zoomTransform(svg.node()).k, 0.6);
    svg.call(zoom.transform, d3.zoomIdentity.translate(r.width / 2 - k * (p.x + BOX_W / 2), r.height / 3 - k * p.y).scale(k));
  }
  function fit() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of pos.values()) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x + BOX_W); y1 = Math.max(y1, p.y + p.h); }
    const r = svg.node().getBoundingClientRect(), pad = 20;
    const k = Math.min(1, (r.width - 2 * pad) / (x1 - x0), (r.height - 2 * pad) / (y1 - y0));
    svg.call(zoom.transform, d3.zoomIdentity.translate(r.width / 2 - k * (x0 + x1) / 2, pad - k * y0).scale(k));
  }

  // ---- search: the library's search over the API, or folded names in the file itself.
  function foldText(s) {
    const map = D.fold || {};
    let out = "";
    for (const ch of String(s)) out += map[ch] !== undefined ? map[ch] : ch;
    return out.replace(/\u0111/g, "dj").normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim().toLowerCase();
  }
  async function search(q) {
    const list = $("results");
    list.replaceChildren();
    body.classList.add("searching");
    if (!q.trim()) { $("results-status").textContent = ""; return; }
    let hits = [], total = 0;
    if (api) {
      const r = await getJSON(api + "/search?q=" + encodeURIComponent(q));
      hits = r.posts.map(p => ({ i: postIndex.get(p.key), unit: p.unit_name })).filter(h => h.i !== undefined);
      total = r.total;
    } else {
      const f = foldText(q);
      D.posts.folded.forEach((name, i) => { if (name.includes(f)) { total++; if (hits.length < 50) hits.push({ i }); } });
    }
    if (selected < 0) fit();  // the results pane took room from the chart
    $("results-status").textContent = total + (total === 1 ? " post" : " posts") + (total > hits.length ? ", first " + hits.length + " shown" : "");
    for (const h of hits) {
      const li = el("li"), b = el("button");
      b.type = "button";
      b.className = "result";
      b.dataset.key = D.posts.key[h.i];
      b.append(el("span", D.posts.name[h.i], "rname"));
      const u = D.posts.unit[h.i];
      b.append(el("span", (D.posts.number[h.i] ? D.posts.number[h.i] + " \u00b7 " : "") + (u >= 0 ? D.units.name[u] : ""), "rsub"));
      b.addEventListener("click", () => { if (T.kind !== "posts") switchView("posts"); reveal(h.i, true); });
      li.append(b); list.append(li);
    }
  }

  // ---- cards
  let postIndex = new Map(), cardTicket = 0;
  async function getJSON(url, opts) {
    const r = await fetch(url, Object.assign({ credentials: "same-origin" }, opts || {}));
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
    return data;
  }
  async function showCard(i, keepAbsent) {
    const aside = $("card");
    if (!keepAbsent) absent = [];
    if (i === T.root) { aside.replaceChildren(el("h2", D.org.name), el("p", D.org.key)); return; }
    if (T.kind === "units") { unitCard(i); return; }
    let c;
    const ticket = ++cardTicket;  // a slower answer for an earlier choice must not replace this one
    try {
      c = api ? await getJSON(api + "/card?post=" + encodeURIComponent(D.posts.key[i]) + absent.map(a => "&absent=" + encodeURIComponent(a)).join(""))
              : localCard(i);
    } catch (e) { if (ticket === cardTicket) aside.replaceChildren(el("p", "Could not read the card: " + e.message, "error")); return; }
    if (ticket === cardTicket) drawCard(i, c);
  }
  function localCard(i) {
    const P = D.posts, card = k => ({ key: P.key[k], number: P.number[k], name: P.name[k], unit_name: P.unit[k] >= 0 ? D.units.name[P.unit[k]] : null });
    const chainRows = [];
    for (let j = i, d = 0; j >= 0 && j < P.key.length; j = P.parent[j], d++) chainRows.push(Object.assign({ depth: d, root: P.parent[j] < 0 }, card(j)));
    const away = new Set([P.key[i], ...absent]), considered = [];
    let acting = null, rule = "none", order = null, unresolved = null;
    const subs = D.subs.filter(s => s[0] === i).sort((a, b) => a[2] - b[2]);
    for (const [, s, o, text] of subs) {
      if (s < 0) { considered.push({ rule: "substitute", order: o, name: text, status: "unresolved" }); rule = "unresolved"; unresolved = text; order = o; break; }
      if (away.has(P.key[s])) { considered.push({ rule: "substitute", order: o, key: P.key[s], name: P.name[s], status: "absent" }); continue; }
      considered.push({ rule: "substitute", order: o, key: P.key[s], name: P.name[s], status: "chosen" });
      acting = card(s); rule = "substitute"; order = o; break;
    }
    if (!acting && rule !== "unresolved") for (const r of chainRows.slice(1)) {
      if (away.has(r.key)) { considered.push({ rule: "line-superior", order: r.depth, key: r.key, name: r.name, status: "absent" }); continue; }
      considered.push({ rule: "line-superior", order: r.depth, key: r.key, name: r.name, status: "chosen" });
      acting = r; rule = "line-superior"; order = r.depth; break;
    }
    const stands = D.subs.filter(s => s[1] === i).map(([p, , o]) => Object.assign({ rule: "substitute", order: o }, card(p)));
    const t = P.title[i], doc = P.doc[i], m = D.findings.post[String(i)];
    const reports = { direct: T.children[i].length, total: T.total[i] };
    return {
      post: Object.assign(card(i), { title_name: t >= 0 ? D.titles[t] : null, headcount: P.headcount[i] }),
      chain: chainRows, complete: true, reports,
      acting: { acting, rule, rule_text: (D.rules || {})[rule] || rule, order, unresolved, considered, also_eligible: [], absent: absent.slice() },
      stands_in_for: stands, findings: m ? m[1] : [],
      provenance: { document: doc >= 0 ? D.docs[doc] : null, line: P.line[i], excerpt: null },
    };
  }
  function section(title) { const s = el("section"); s.append(el("h3", title)); return s; }
  function postButton(key, label) {
    const b = el("button", label, "link"); b.type = "button";
    b.addEventListener("click", () => { const j = postIndex.get(key); if (j !== undefined) { if (T.kind !== "posts") switchView("posts"); reveal(j, true); } });
    return b;
  }
  function drawCard(i, c) {
    const aside = $("card"), p = c.post;
    const h = el("h2", p.name); h.id = "card-title";
    const dl = el("dl");
    for (const [k, v] of [["Unit", p.unit_name], ["Title", p.title_name], ["Number", p.number], ["Headcount", p.headcount], ["Key", p.key]]) {
      if (v === null || v === undefined || v === "") continue;
      dl.append(el("dt", k), el("dd", v));
    }
    const parts = [h, dl];
    const ch = section("Reporting chain");
    const ol = el("ol", null, "chain"); ol.id = "card-chain";
    for (const r of c.chain.slice(1)) {
      const li = el("li"); li.dataset.number = r.number || "";
      li.append(postButton(r.key, (r.number ? r.number + " \u00b7 " : "") + r.name));
      ol.append(li);
    }
    if (c.chain.length > 1) ch.append(ol); else ch.append(el("p", "a root: reports to no post"));
    if (!c.complete) ch.append(el("p", "the chain does not reach a root (a cycle, or deeper than 50 levels)", "warn"));
    parts.push(ch);
    const rp = section("Reports");
    rp.append(el("p", "direct: " + c.reports.direct + (c.reports.direct_people !== undefined ? " posts (" + c.reports.direct_people + " people)" : " posts") +
      "; total: " + c.reports.total + (c.reports.total_people !== undefined ? " posts (" + c.reports.total_people + " people)" : " posts")));
    parts.push(rp);
    const ac = section("Who acts for it"), a = c.acting;
    ac.id = "card-acting";
    if (a.absent && a.absent.length) ac.append(el("p", "also absent: " + a.absent.map(k => D.posts.name[postIndex.get(k)] || k).join(", "), "absent"));
    const who = el("p", null, "acting");
    if (a.acting) { who.append(el("span", "acting: ")); who.append(postButton(a.acting.key, a.acting.name)); }
    else who.append(el("span", a.unresolved ? "acting: \u201c" + a.unresolved + "\u201d (the document names no post; not guessed)" : "acting: nobody"));
    ac.append(who);
    ac.append(el("p", "rule: " + a.rule + " \u2014 " + a.rule_text + (a.order !== null && a.order !== undefined ? "; order " + a.order : ""), "rule"));
    if (a.considered && a.considered.length) {
      const tbl = el("table"); tbl.className = "considered";
      tbl.append(el("caption", "Considered, in order"));
      const hr = el("tr"); ["order", "post", "rule", "status"].forEach(x => hr.append(el("th", x))); tbl.append(hr);
      for (const r of a.considered) { const tr = el("tr"); [r.order, r.name, r.rule, r.status].forEach(x => tr.append(el("td", x))); tbl.append(tr); }
      ac.append(tbl);
    }
    if (a.acting) {
      const b = el("button", "What if " + clip(a.acting.name, 40) + " is absent too?"); b.type = "button"; b.id = "what-if";
      b.addEventListener("click", () => { absent = absent.concat([a.acting.key]); showCard(i, true); });
      ac.append(b);
    }
    if (absent.length) {
      const b = el("button", "Everyone present again"); b.type = "button";
      b.addEventListener("click", () => { absent = []; showCard(i, true); });
      ac.append(b);
    }
    parts.push(ac);
    const st = section("Acts for");
    if (c.stands_in_for.length) {
      const ul = el("ul");
      for (const r of c.stands_in_for) { const li = el("li"); li.append(postButton(r.key, r.name), el("span", " (" + r.rule + (r.order ? ", order " + r.order : "") + ")")); ul.append(li); }
      st.append(ul);
    } else st.append(el("p", "nobody"));
    parts.push(st);
    if (c.people !== undefined && c.people !== null) {
      const hs = section("Held by (today)");
      hs.append(el("p", c.people, "people"));
      parts.push(hs);
    }
    const fs = section("Findings");
    if (c.findings.length) { const ul = el("ul", null, "findings"); c.findings.forEach(f => ul.append(el("li", f))); fs.append(ul); }
    else fs.append(el("p", "none"));
    parts.push(fs);
    const pv = section("Provenance"), pr = c.provenance;
    pv.append(el("p", pr.document ? pr.document + (pr.line ? ", line " + pr.line : "") : "not recorded"));
    if (pr.excerpt) {
      const pre = el("pre", null, "excerpt");
      for (const l of pr.excerpt.lines) { const s = el("span", String(l.line).padStart(5) + "  " + l.text + "\n", l.line === pr.line ? "here" : ""); pre.append(s); }
      pv.append(pre);
    } else if (pr.document && api) pv.append(el("p", "(the document is not at hand: give its folder to orgraph serve --docs)", "hint"));
    parts.push(pv);
    aside.replaceChildren(...parts);
    aside.setAttribute("aria-labelledby", "card-title");
  }
  function unitCard(i) {
    const U = D.units, h = U.head[i], m = D.findings.unit[String(i)];
    const parts = [el("h2", U.name[i])], dl = el("dl");
    for (const [k, v] of [["Number", U.number[i]], ["Key", U.key[i]], ["Sub-units", T.children[i].length + " (" + T.total[i] + " in all)"]]) if (v) dl.append(el("dt", k), el("dd", v));
    let n = 0; D.posts.unit.forEach(u => { if (u === i) n++; });
    dl.append(el("dt", "Posts in the unit itself"), el("dd", n));
    parts.push(dl);
    if (h >= 0) { const p = el("p", "head: "); p.append(postButton(D.posts.key[h], D.posts.name[h])); parts.push(p); }
    const fs = section("Findings");
    if (m) { const ul = el("ul"); m[1].forEach(f => ul.append(el("li", f))); fs.append(ul); } else fs.append(el("p", "none"));
    parts.push(fs);
    $("card").replaceChildren(...parts);
  }

  function switchView(name) {
    viewName = name;
    T = buildTree(name);
    selected = -1; chain = new Set();
    $("view").value = name;
    startExpanded();
    render();
    fit();
  }

  function openFromHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    if (h.get("post") && postIndex.has(h.get("post"))) { switchView("posts"); reveal(postIndex.get(h.get("post")), true); }
    else if (h.get("unit")) {
      const j = D.units.key.indexOf(h.get("unit"));
      if (j >= 0) { switchView("units"); reveal(j, true); }
    }
  }

  // The wire form (viz/web/data.py packed): distinct names once, keys without their common prefix.
  function unpack(col) {
    if (col && col.$dict) return col.ix.map(i => col.$dict[i]);
    if (col && col.$prefix !== undefined) return col.rest.map(r => col.$prefix + r);
    return col;
  }

  async function main() {
    const t0 = performance.now();
    const inline = $("orgraph-data");
    D = inline ? JSON.parse(inline.textContent) : await getJSON(api + "/chart");
    for (const section of [D.posts, D.units]) { section.key = unpack(section.key); section.name = unpack(section.name); }
    postIndex = new Map(D.posts.key.map((k, i) => [k, i]));
    $("org-name").textContent = D.org.name;
    document.title = D.org.name + " \u2014 orgraph";
    svg = d3.select("#chart");
    zoomLayer = svg.append("g");
    linkPath = zoomLayer.append("path").attr("class", "links");
    extraLayer = zoomLayer.append("g").attr("class", "extra-layer");
    nodeLayer = zoomLayer.append("g").attr("class", "nodes");
    // One listener each for every box (a fan-out of 800 boxes adds no listeners).
    const boxOf = ev => { const g = ev.target.closest && ev.target.closest("g.node"); return g ? +g.dataset.id : -1; };
    nodeLayer.on("click", ev => { const i = boxOf(ev); if (i >= 0 && ev.detail <= 1) select(i); })
      .on("dblclick", ev => { const i = boxOf(ev); if (i >= 0) toggle(i); })
      .on("keydown", ev => { const i = boxOf(ev); if (i >= 0) keyNav(ev, i); })
      .on("mouseover", ev => {
        // Tooltips are made when first pointed at: an SVG <title> per box costs as much as the box.
        const i = boxOf(ev), g = i >= 0 ? ev.target.closest("g.node") : null;
        if (!g || g.querySelector("title")) return;
        const t = document.createElementNS(SVGNS, "title");
        const m = T.marks[String(i)];
        t.textContent = nodeName(i) + "\n" + nodeSub(i) + (m ? "\n" + m[1].join("\n") : "");
        g.append(t);
      });
    zoom = d3.zoom().scaleExtent([0.02, 3]).on("zoom", ev => zoomLayer.attr("transform", ev.transform));
    svg.call(zoom).on("dblclick.zoom", null);
    $("fit").addEventListener("click", fit);
    $("zoom-in").addEventListener("click", () => svg.call(zoom.scaleBy, 1.4));
    $("zoom-out").addEventListener("click", () => svg.call(zoom.scaleBy, 1 / 1.4));
    $("collapse").addEventListener("click", () => { startExpanded(); chain = new Set(); render(); fit(); });
    $("view").addEventListener("change", ev => switchView(ev.target.value));
    $("show-secondary").addEventListener("change", drawExtra);
    $("show-subs").addEventListener("change", drawExtra);
    $("show-findings").addEventListener("change", ev => body.classList.toggle("hide-findings", !ev.target.checked));
    $("search").addEventListener("submit", ev => { ev.preventDefault(); search($("q").value).catch(e => { $("results-status").textContent = e.message; }); });
    switchView("posts");
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.orgchart.firstPaint = performance.now();
      window.orgchart.loadMs = performance.now() - t0;
      body.dataset.ready = "true";
    }));
  }

  window.orgchart = {
    toggle: i => toggle(i), reveal: (i, c) => reveal(i, c), visible: () => pos.size,
    find: key => postIndex.get(key), tree: () => T, fit: () => fit(),
  };
  main().catch(e => { const m = $("chart-error"); m.textContent = "Could not draw the chart: " + e.message; m.hidden = false; });
})();
