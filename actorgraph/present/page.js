"use strict";
// The diagram page's own script. Every text from the data reaches the DOM through textContent or
// vis-network's canvas labels and element tooltips; nothing is parsed as HTML.
(function () {
  const DATA = JSON.parse(document.getElementById("actorgraph-data").textContent);
  const SYMBOL = {dot: "\u25CF", square: "\u25A0", triangle: "\u25B2", hexagon: "\u2B22", diamond: "\u25C6",
                  star: "\u2605", ellipse: "\u25CF"};
  const kinds = {}; DATA.kinds.forEach(k => { kinds[k.key] = k; });
  const types = {}; DATA.types.forEach(t => { types[t.key] = t; });
  const nodesById = {}; DATA.nodes.forEach(n => { nodesById[n.id] = n; });
  const enabled = {}; DATA.kinds.forEach(k => { enabled[k.key] = true; });
  const kindIndex = {}; DATA.kinds.forEach((k, i) => { kindIndex[k.key] = i; });
  let year = DATA.year, focus = "", selected = "", panel = null, timer = null;
  let range = DATA.view.slice();
  const big = DATA.relations.length > 1500;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function span(r) { return (r.start || "?") + " \u2013 " + r.endText; }
  function label(id) { return nodesById[id] ? nodesById[id].label : id; }
  function alive(n, y) { return (n.y0 === null || n.y0 <= y) && (n.y1 === null || y <= n.y1); }
  function inForce(r, y) { return (r.y0 === null || r.y0 <= y) && (r.y1 === null || y <= r.y1); }
  function kindLabel(k) { return kinds[k] ? kinds[k].label : k; }

  // ------------------------------------------------------------------ a view in the address: #year=2016&actor=russia
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const y = parseInt(params.get("year"), 10);
    if (!isNaN(y) && y >= DATA.span[0] && y <= DATA.span[1]) {
      year = y;
      if (y < range[0] || y > range[1]) range = DATA.span.slice();
    }
    const a = params.get("actor");
    selected = a && nodesById[a] ? a : "";
    panel = selected ? {kind: "node", id: selected} : panel;
    const f = params.get("filter");
    focus = f && nodesById[f] ? f : "";
  }
  function writeHash() {
    const params = new URLSearchParams();
    params.set("year", String(year));
    if (selected) params.set("actor", selected);
    if (focus) params.set("filter", focus);
    const hash = "#" + params.toString();
    if (location.hash === hash) return;
    try { history.replaceState(null, "", hash); } catch (e) { location.replace(hash); }
  }

  // ------------------------------------------------------------------ texts
  function relationBlock(r, withQuotes) {
    const box = el("div", null, "tip-rel rel");
    const head = el("div");
    head.appendChild(el("strong", label(r.from)));
    head.appendChild(document.createTextNode(" \u2192 " + kindLabel(r.kind) + " \u2192 "));
    head.appendChild(el("strong", label(r.to)));
    box.appendChild(head);
    box.appendChild(el("div", span(r) + " \u00B7 " + r.certainty + (r.how ? " \u00B7 " + r.how : ""), "muted"));
    r.sources.forEach(s => {
      box.appendChild(el("div", (s.publisher || "source") + (s.date ? ", " + s.date : "") +
                                (s.title ? ": " + s.title : "")));
      if (withQuotes && s.quote) box.appendChild(el("div", "\u201C" + s.quote + "\u201D", "quote"));
      if (withQuotes && s.url && /^https?:\/\//i.test(s.url)) {
        const a = el("a", s.url); a.href = s.url; a.rel = "noopener noreferrer"; a.target = "_blank";
        const p = el("div"); p.appendChild(a); box.appendChild(p);
      }
    });
    if (r.note) box.appendChild(el("div", "note: " + r.note, "muted"));
    return box;
  }
  function nodeTip(n) {  // compact: who, what, when
    const box = el("div");
    box.appendChild(el("div", n.label, "tip-title"));
    box.appendChild(el("div", (types[n.type] ? types[n.type].label : n.type) +
      (n.start || n.end ? " \u00B7 " + (n.start || "?") + " \u2013 " + (n.end || "now") : ""), "muted"));
    return box;
  }
  function edgeTip(g, y) {  // compact: the line, and one short line per relation (three at most)
    const tip = el("div");
    tip.appendChild(el("div", label(g.from) + " \u2192 " + kindLabel(g.kind) + " \u2192 " + label(g.to) +
                              " (" + y + ")", "tip-title"));
    g.relations.slice(0, 3).forEach(r => {
      const n = r.sources.length;
      tip.appendChild(el("div", span(r) + " \u00B7 " + r.certainty + (r.how ? " \u00B7 " + r.how : "") +
                                " \u00B7 " + n + " source" + (n === 1 ? "" : "s"), "tip-rel"));
    });
    if (g.relations.length > 3) tip.appendChild(el("div", "+" + (g.relations.length - 3) + " more", "muted"));
    tip.appendChild(el("div", "click for sources and quotes", "muted"));
    return tip;
  }

  // ------------------------------------------------------------------ network
  const nodes = new vis.DataSet(DATA.nodes.map(n => {
    const t = types[n.type] || {shape: "ellipse", colour: "#ddd"};
    return {id: n.id, label: n.label, x: n.x, y: n.y, shape: t.shape, size: 14, hidden: true, title: nodeTip(n),
            color: {background: t.colour, border: "#333", highlight: {background: t.colour, border: "#000"}}};
  }));
  const edges = new vis.DataSet([]);
  const container = document.getElementById("graph");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    physics: false,
    layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false},
    nodes: {borderWidth: 1.5, borderWidthSelected: 3, font: {size: 16, color: "#111", strokeWidth: 4, strokeColor: "#ffffff"}},
    edges: {width: 2.2, selectionWidth: 2, hoverWidth: 1,
            font: {size: 11, color: "#333", strokeWidth: 3, strokeColor: "#fff", align: "middle"}},
  });
  const hook = {drawn: false, firstDraw: null, draws: 0};
  network.on("afterDrawing", () => {
    hook.draws += 1;
    if (!hook.drawn) { hook.drawn = true; hook.firstDraw = performance.now(); }
  });

  function groups(y) {
    const out = new Map();
    DATA.relations.forEach(r => {
      if (!enabled[r.kind] || !inForce(r, y)) return;
      if (focus && r.from !== focus && r.to !== focus) return;
      const directed = kinds[r.kind] ? kinds[r.kind].directed : true;
      let a = r.from, b = r.to;
      if (!directed && b < a) { a = r.to; b = r.from; }
      const id = a + "|" + b + "|" + r.kind;
      if (!out.has(id)) out.set(id, {id: id, from: a, to: b, kind: r.kind, relations: []});
      out.get(id).relations.push(r);
    });
    return out;
  }

  function edgeView(g, y, dim) {
    const k = kinds[g.kind] || {colour: "#7f7f7f", directed: true, label: g.kind};
    const alleged = g.relations.every(r => !r.confirmed);
    const stale = g.relations.every(r => r.end === null && r.asOfYear !== null && y > r.asOfYear);
    const side = (kindIndex[g.kind] || 0) % 2 ? "curvedCCW" : "curvedCW";
    const opacity = dim ? 0.1 : stale ? 0.35 : 1.0;
    return {id: g.id, from: g.from, to: g.to, title: edgeTip(g, y), dashes: alleged,
            arrows: k.directed ? {to: {enabled: true, scaleFactor: 0.7}} : "",
            color: {color: k.colour, highlight: k.colour, hover: k.colour, opacity: opacity},
            smooth: big ? false : {enabled: true, type: side, roundness: 0.08 + 0.05 * (kindIndex[g.kind] || 0)},
            width: Math.min(1.6 + 0.6 * g.relations.length, 5) + (selected && !dim ? 1 : 0)};
  }

  let current = new Map(), near = new Set();
  function show(y) {
    year = y;
    const next = groups(y);
    near = new Set();
    if (selected) {
      near.add(selected);
      next.forEach(g => { if (g.from === selected || g.to === selected) { near.add(g.from); near.add(g.to); } });
    }
    const remove = [];
    current.forEach((_, id) => { if (!next.has(id)) remove.push(id); });
    edges.remove(remove);
    edges.update(Array.from(next.values()).map(
      g => edgeView(g, y, Boolean(selected) && g.from !== selected && g.to !== selected)));
    current = next;
    const linked = new Set();
    next.forEach(g => { linked.add(g.from); linked.add(g.to); });
    if (focus) linked.add(focus);
    if (selected) linked.add(selected);
    const updates = [];
    DATA.nodes.forEach(n => {
      const hidden = !(linked.has(n.id) && alive(n, y));
      const dim = Boolean(selected) && !near.has(n.id);
      updates.push({id: n.id, hidden: hidden, opacity: dim ? 0.2 : 1,
                    borderWidth: n.id === selected || n.id === focus ? 3 : 1.5,
                    font: {color: dim ? "rgba(17,17,17,0.25)" : "#111"}});
    });
    nodes.update(updates);
    document.getElementById("year-label").textContent = String(y);
    slider.value = String(y);
    document.getElementById("counts").textContent =
      next.size + " lines \u00B7 " + Array.from(next.values()).reduce((s, g) => s + g.relations.length, 0) +
      " relations \u00B7 " + updates.filter(u => !u.hidden).length + " actors in " + y;
    refreshPanel();
    writeHash();
  }

  // ------------------------------------------------------------------ the side panel follows the year and filter
  const details = document.getElementById("details");
  function refreshPanel() {
    if (!panel) {
      details.replaceChildren(el("p", "Click an actor to highlight it and list its relations; " +
                                      "click a line for its sources.", "muted"));
      return;
    }
    let title, rels = [];
    if (panel.kind === "node") {
      title = label(panel.id) + ", " + year;
      current.forEach(g => { if (g.from === panel.id || g.to === panel.id) g.relations.forEach(r => rels.push(r)); });
    } else {
      const [from, to, kind] = panel.id.split("|");
      title = label(from) + " \u2192 " + kindLabel(kind) + " \u2192 " + label(to) + ", " + year;
      const g = current.get(panel.id);
      if (g) rels = g.relations;
    }
    details.replaceChildren(el("h2", title));
    if (!rels.length) details.appendChild(el("p", "No relations in " + year + ".", "muted"));
    rels.forEach(r => details.appendChild(relationBlock(r, true)));
  }

  // ------------------------------------------------------------------ controls
  const slider = document.getElementById("year");
  const spanButton = document.getElementById("span");
  function setRange(r) {
    range = r.slice();
    slider.min = String(range[0]); slider.max = String(range[1]);
    const whole = range[0] === DATA.span[0] && range[1] === DATA.span[1];
    const busy = DATA.view[0] === DATA.span[0] && DATA.view[1] === DATA.span[1];
    spanButton.hidden = busy;
    spanButton.textContent = whole ? "Busy years " + DATA.view[0] + "\u2013" + DATA.view[1]
                                   : "All years " + DATA.span[0] + "\u2013" + DATA.span[1];
    if (year < range[0] || year > range[1]) show(Math.min(Math.max(year, range[0]), range[1]));
  }
  spanButton.addEventListener("click", () => {
    const whole = range[0] === DATA.span[0] && range[1] === DATA.span[1];
    setRange(whole ? DATA.view : DATA.span);
  });
  slider.addEventListener("input", () => show(parseInt(slider.value, 10)));
  const play = document.getElementById("play");
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "\u25B6 Play"; }
  play.addEventListener("click", () => {
    if (timer) { stop(); return; }
    if (year >= range[1]) show(range[0]);
    play.textContent = "\u23F8 Pause";
    timer = setInterval(() => { if (year >= range[1]) { stop(); return; } show(year + 1); }, 1100);
  });

  const kindBox = document.getElementById("kinds");
  DATA.kinds.forEach(k => {
    const row = el("label"); const box = el("input"); box.type = "checkbox"; box.checked = true; box.value = k.key;
    box.addEventListener("change", () => { enabled[k.key] = box.checked; show(year); });
    const sw = el("span", null, "swatch"); sw.style.borderTopColor = k.colour;
    row.appendChild(box); row.appendChild(sw);
    row.appendChild(el("span", k.label + (k.directed ? "" : " (no direction)")));
    kindBox.appendChild(row);
  });
  const typeBox = document.getElementById("types");
  DATA.types.forEach(t => {
    const row = el("label"); const sym = el("span", SYMBOL[t.shape] || "\u25CF", "shape"); sym.style.color = t.colour;
    sym.style.webkitTextStroke = "0.6px #333";
    row.appendChild(sym); row.appendChild(el("span", t.label)); typeBox.appendChild(row);
  });
  const select = document.getElementById("actor");
  DATA.nodes.forEach(n => { const o = el("option", n.label); o.value = n.id; select.appendChild(o); });
  select.addEventListener("change", () => { focus = select.value; show(year); });

  function choose(id) {  // highlight an actor, its lines and its neighbours; "" clears
    selected = id && nodesById[id] ? id : "";
    panel = selected ? {kind: "node", id: selected} : null;
    show(year);
  }
  network.on("click", params => {
    if (params.nodes.length) {
      choose(params.nodes[0]);
    } else if (params.edges.length) {
      panel = {kind: "edge", id: params.edges[0]};
      refreshPanel();
    } else {
      choose("");
    }
  });
  window.addEventListener("hashchange", () => { readHash(); select.value = focus; show(year); });

  document.getElementById("save").addEventListener("click", () => {
    // What is drawn, on white, under the title and year, as the page's reader sees it.
    const source = container.querySelector("canvas");
    const ratio = source.width / Math.max(source.clientWidth, 1);
    const head = Math.round(34 * ratio), foot = Math.round(22 * ratio);
    const out = document.createElement("canvas");
    out.width = source.width; out.height = source.height + head + foot;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#111111"; ctx.font = "bold " + Math.round(18 * ratio) + "px sans-serif";
    ctx.fillText(DATA.title + ", " + year, 12 * ratio, 24 * ratio);
    ctx.drawImage(source, 0, head);
    ctx.fillStyle = "#555555"; ctx.font = Math.round(12 * ratio) + "px sans-serif";
    ctx.fillText("Data: " + DATA.source, 12 * ratio, head + source.height + 15 * ratio);
    const a = document.createElement("a");
    a.download = "actorgraph-" + year + (selected ? "-" + selected : "") + ".png";
    a.href = out.toDataURL("image/png");
    document.body.appendChild(a); a.click(); a.remove();
  });

  // Frame every actor of every year, so no one is off screen when the year moves; in a small
  // window the labels grow with the zoom-out, so that they stay about 12 pixels high on screen.
  let fontSize = 16;
  function frameAll() {
    const xs = DATA.nodes.map(n => n.x), ys = DATA.nodes.map(n => n.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const scale = Math.min(container.clientWidth / (x1 - x0 + 220), container.clientHeight / (y1 - y0 + 120), 1.5);
    network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 10}, scale: scale, animation: false});
    const wanted = Math.max(16, Math.min(12 / Math.max(scale, 0.05), 28));
    if (wanted !== fontSize) {
      fontSize = wanted;
      network.setOptions({nodes: {font: {size: fontSize}}});
    }
  }
  readHash();
  select.value = focus;
  setRange(range);
  show(year);
  frameAll();
  window.addEventListener("resize", frameAll);

  // A read-only view of what is drawn, for tests and for anyone scripting the page.
  window.actorgraph = Object.freeze({
    status: hook,
    year: () => year,
    setYear: y => show(y),
    range: () => range.slice(),
    selected: () => selected,
    select: id => choose(id),
    visibleEdges: () => Array.from(current.values()).map(g => ({
      id: g.id, from: g.from, to: g.to, kind: g.kind, relations: g.relations.map(r => r.id),
      dimmed: Boolean(selected) && g.from !== selected && g.to !== selected})),
    visibleNodes: () => nodes.get({filter: n => !n.hidden}).map(n => n.id),
    dimmedNodes: () => nodes.get({filter: n => !n.hidden && n.opacity < 1}).map(n => n.id),
    positions: () => network.getPositions(),
    labelPixels: () => fontSize * network.getScale(),  // how high a label is on screen
    where: id => {  // an actor's place on the screen, in page pixels
      const p = network.canvasToDOM(network.getPositions([id])[id]);
      const box = container.getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    },
  });
})();
