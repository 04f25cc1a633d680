"""Alliance diagrams: an offline interactive page with a year slider, static figures and Mermaid."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actorgraph.ask.questions import ActorInfo, RelationRow, actors_existed, all_relations, resolve
from actorgraph.errors import ActorgraphError
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import vocabulary
from actorgraph.store.protocol import Graph

__all__ = [
    "FORMATS",
    "DiagramError",
    "Edge",
    "diagram",
    "edges",
    "in_force",
    "kind_styles",
    "layout",
    "mermaid",
    "page",
    "page_data",
    "relation_years",
    "source_line",
    "type_styles",
]

#: What ``diagram`` can write.
FORMATS = ("html", "svg", "png", "pdf", "mermaid")


class DiagramError(ActorgraphError):
    """A diagram that cannot be drawn as asked."""


def kind_styles() -> dict[str, dict[str, Any]]:
    """Each relation kind's label, colour, and whether it has a direction, as the ontology says.

    >>> kind_styles()["support"]["colour"], kind_styles()["agreement"]["directed"]
    ('#1b9e4b', False)
    """
    return {
        key: {"label": kind.label, "colour": kind.colour, "directed": not kind.symmetric}
        for key, kind in vocabulary().kinds.items()
    }


def type_styles() -> dict[str, dict[str, str]]:
    """Each actor type's label, vis-network shape, matplotlib marker and colour, as the ontology says.

    >>> type_styles()["state"]["shape"], type_styles()["armed-group"]["marker"]
    ('dot', '^')
    """
    return {
        key: {"label": t.label, "shape": t.shape, "marker": t.marker, "colour": t.colour}
        for key, t in vocabulary().types.items()
    }


# ---------------------------------------------------------------------------- what is in force when


def _year(text: str | None) -> int | None:
    return PartialDate.parse(text).year if text else None


def relation_years(row: RelationRow) -> tuple[int | None, int | None]:
    """The first and last year a relation may be in force (None: open), clipped to both actors' lifespans.

    A relation is drawn in a year when its dates overlap that year ("possibly during", as in
    every question) and both its actors existed then.

    >>> from actorgraph.store.graph import open_graph
    >>> rows = all_relations(open_graph(), kind="support")
    >>> row = next(r for r in rows if r.relation == "post-russia-supports-assad-government")
    >>> row.start, row.end, relation_years(row)
    ('2015-09-30', '2024-12-08', (2015, 2024))
    """
    firsts = [y for y in (_year(row.start), _year(row.subject.start), _year(row.other.start)) if y is not None]
    lasts = [y for y in (_year(row.end), _year(row.subject.end), _year(row.other.end)) if y is not None]
    return (max(firsts) if firsts else None, min(lasts) if lasts else None)


def in_force(row: RelationRow, period: Period) -> bool:
    """Whether a relation may hold during a period and both its actors existed then.

    >>> from actorgraph.store.graph import open_graph
    >>> row = next(r for r in all_relations(open_graph()) if r.relation == "post-russia-supports-assad-government")
    >>> in_force(row, Period.parse(2016)), in_force(row, Period.parse(2025))
    (True, False)
    """
    if row.start and PartialDate.parse(row.start).first_day > period.last:
        return False
    if row.end and PartialDate.parse(row.end).last_day < period.first:
        return False
    return actors_existed(row, period)


def _select(graph: Graph, period: Period | None, names: Sequence[str]) -> tuple[list[RelationRow], set[str]]:
    rows = all_relations(graph, period)
    if period is not None:
        rows = [r for r in rows if in_force(r, period)]
    chosen = {resolve(graph, name, period).id for name in names}
    if chosen:
        rows = [r for r in rows if r.subject.id in chosen or r.other.id in chosen]
    return rows, chosen


def _period(year: int | None, first_year: int | None, last_year: int | None) -> Period | None:
    if year is not None and (first_year is not None or last_year is not None):
        raise DiagramError("give either a year or a span (--from/--to), not both")
    if year is not None:
        return Period.parse(f"{year:04d}")
    if first_year is not None or last_year is not None:
        first = f"{first_year:04d}" if first_year is not None else None
        last = f"{last_year:04d}" if last_year is not None else None
        return Period.between(first, last)
    return None


# ---------------------------------------------------------------------------- edges and layout


@dataclass(frozen=True)
class Edge:
    """The relations of one kind from one actor to another, drawn as one line."""

    source: ActorInfo
    target: ActorInfo
    kind: str
    rows: tuple[RelationRow, ...]

    @property
    def alleged(self) -> bool:
        """Whether no relation behind the line is stated as fact (drawn dashed)."""
        return not any(r.confirmed for r in self.rows)

    @property
    def label(self) -> str:
        """A short text for the line: support types, opposition modes or agreement names."""
        parts: list[str] = []
        for r in self.rows:
            for part in (*r.types, r.mode, r.agreement):
                if part and part not in parts:
                    parts.append(part)
        return ", ".join(parts)


def edges(rows: Iterable[RelationRow]) -> list[Edge]:
    """Relations grouped into one line per (actor, target, kind); agreements ignore direction.

    >>> from actorgraph.store.graph import open_graph
    >>> lines = edges(all_relations(open_graph(), 2016, kind="support"))
    >>> [e.label for e in lines if (e.source.id, e.target.id) == ("russia", "assad-government")]
    ['diplomatic, materiel, weapons, training, troops-secondary']
    """
    groups: dict[tuple[str, str, str], list[RelationRow]] = {}
    ends: dict[tuple[str, str, str], tuple[ActorInfo, ActorInfo]] = {}
    for r in rows:
        a, b = r.subject, r.other
        if vocabulary().kind(r.kind).symmetric and b.id < a.id:
            a, b = b, a
        key = (a.id, b.id, r.kind)
        groups.setdefault(key, []).append(r)
        ends.setdefault(key, (a, b))
    return [Edge(*ends[key], key[2], tuple(group)) for key, group in sorted(groups.items())]


def _weight(kind: str) -> float:
    # Allies pull together, opponents only weakly: the picture shows who stood with whom.
    found = vocabulary().kinds.get(kind)
    return 0.08 if found is not None and found.sign < 0 else 1.0


def layout(
    nodes: Sequence[str], links: Iterable[tuple[str, str, float]], *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Fixed positions in [-1, 1] on each axis from a seeded force layout (Fruchterman-Reingold, numpy).

    The same nodes and links always give the same positions, so pages and figures are stable.

    >>> pos = layout(["a", "b", "c"], [("a", "b", 1.0)])
    >>> pos == layout(["a", "b", "c"], [("a", "b", 1.0)]), sorted(pos)
    (True, ['a', 'b', 'c'])
    """
    import numpy as np

    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = {}
    for a, b, w in links:
        if a in index and b in index and a != b:
            key = (min(index[a], index[b]), max(index[a], index[b]))
            pairs[key] = min(pairs.get(key, 0.0) + w, 3.0)
    ends = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    weights = np.array([pairs[tuple(e)] for e in ends.tolist()], dtype=np.float64)  # type: ignore[index]
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    iterations = 80 if n <= 300 else 50
    cool = temperature / (iterations + 1)
    gravity = 0.5 * k * math.sqrt(n)
    # The n x n repulsion is the whole cost: it is worked in single precision, in buffers made once
    # (half the memory to stream, nothing allocated per step); positions stay in double precision.
    dx, dy, push = (np.empty((n, n), dtype=np.float32) for _ in range(3))
    square = np.empty((n, n), dtype=np.float32)
    strength = np.float32(k * k)
    for _ in range(iterations):
        x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
        np.subtract.outer(x, x, out=dx)
        np.subtract.outer(y, y, out=dy)
        np.multiply(dx, dx, out=push)
        np.multiply(dy, dy, out=square)
        push += square
        np.maximum(push, np.float32(1e-6), out=push)
        np.divide(strength, push, out=push)  # k²/d² (a node's own entry meets dx = dy = 0)
        disp = np.stack([np.einsum("ij,ij->i", dx, push), np.einsum("ij,ij->i", dy, push)], axis=1).astype(np.float64)
        if len(ends):
            delta = pos[ends[:, 0]] - pos[ends[:, 1]]
            pull = (weights * np.sqrt((delta * delta).sum(1)) / k)[:, None] * delta
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(ends[:, 0], pull[:, axis], n)
                disp[:, axis] += np.bincount(ends[:, 1], pull[:, axis], n)
        disp -= (pos - pos.mean(0)) * gravity  # gravity keeps components close
        length = np.sqrt((disp * disp).sum(1))
        length = np.where(length < 1e-9, 1.0, length)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    low, high = pos.min(0), pos.max(0)
    pos = 2 * (pos - low) / np.maximum(high - low, 1e-9) - 1  # fill the frame on both axes
    return {node: (round(float(pos[i, 0]), 4), round(float(pos[i, 1]), 4)) for node, i in index.items()}


def _actors_of(rows: Iterable[RelationRow]) -> list[ActorInfo]:
    seen: dict[str, ActorInfo] = {}
    for r in rows:
        seen.setdefault(r.subject.id, r.subject)
        seen.setdefault(r.other.id, r.other)
    return sorted(seen.values(), key=lambda a: (a.label.casefold(), a.id))


def _positions(rows: Sequence[RelationRow]) -> dict[str, tuple[float, float]]:
    nodes = [a.id for a in _actors_of(rows)]
    return layout(nodes, [(r.subject.id, r.other.id, _weight(r.kind)) for r in rows])


# ---------------------------------------------------------------------------- the page


def source_line(data: Sequence[str] = (), bundled: bool = True, graph: Graph | None = None) -> str:
    """Where the graph's claims come from, for titles and captions.

    >>> source_line()
    'actorgraph bundled Syria dataset'
    >>> source_line(["my claims.toml"], bundled=False)
    'my claims.toml'
    """
    from actorgraph.model.resources import DEFAULT_DATASET

    parts = [f"actorgraph bundled {DEFAULT_DATASET.capitalize()} dataset"] if bundled else []
    parts += [Path(d).name for d in data]
    return " + ".join(parts) or "claims files"


def _how(row: RelationRow) -> str:
    vocab = vocabulary()
    if row.types:
        return ", ".join(vocab.label(vocab.support_types[t]) if t in vocab.support_types else t for t in row.types)
    if row.mode:
        return vocab.label(vocab.modes[row.mode]) if row.mode in vocab.modes else row.mode
    return row.agreement or ""


def _relation_json(row: RelationRow) -> dict[str, Any]:
    y0, y1 = relation_years(row)
    return {
        "id": row.relation,
        "kind": row.kind,
        "from": row.subject.id,
        "to": row.other.id,
        "y0": y0,
        "y1": y1,
        "start": row.start,
        "end": row.end,
        "asOf": row.as_of,
        "endText": row.end_text,
        "confirmed": row.confirmed,
        "asOfYear": _year(row.as_of),
        "certainty": row.certainty,
        "how": _how(row),
        "note": row.note,
        "sources": [
            {"publisher": c.publisher, "title": c.title, "date": c.date, "url": c.url, "quote": c.quote}
            for c in row.sources
        ],
    }


def page_data(
    graph: Graph,
    *,
    actors: Sequence[str] = (),
    year: int | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    source: str = "",
) -> dict[str, Any]:
    """Everything the page draws, for every year at once: the slider filters in the browser.

    Each relation carries the first and last year it may be in force (``y0``, ``y1``; None
    when open); each actor its fixed position, so actors keep their places as the year moves.

    >>> data = page_data(open_graph(), year=2016)
    >>> data["year"], data["span"][0] <= 2016 <= data["span"][1]
    (2016, True)
    >>> rel = next(r for r in data["relations"] if r["id"] == "post-russia-supports-assad-government")
    >>> rel["from"], rel["to"], rel["y0"], rel["y1"]
    ('russia', 'assad-government', 2015, 2024)
    """
    span = _period(None, first_year, last_year)
    rows, chosen = _select(graph, span, actors)
    if not rows:
        where = (" for the actors given" if actors else "") + (f" in {span.label}" if span else "")
        raise DiagramError(f"no relations to draw{where}")
    years = [y for r in rows for y in (*relation_years(r), _year(r.as_of)) if y is not None]
    low = first_year if first_year is not None else min(years, default=year or dt.date.today().year)
    high = last_year if last_year is not None else max(years, default=low)
    if year is not None:
        low, high = min(low, year), max(high, year)
    positions = _positions(rows)
    size = 70.0 * math.sqrt(len(positions)) + 120.0  # canvas pixels; labels stay readable when the page fits all
    nodes = []
    for a in _actors_of(rows):
        x, y = positions[a.id]
        nodes.append(
            {
                "id": a.id,
                "label": a.label,
                "type": a.type,
                "aliases": list(a.aliases),
                "start": a.start,
                "end": a.end,
                "y0": _year(a.start),
                "y1": _year(a.end),
                "x": round(x * size * 1.5, 1),
                "y": round(-y * size, 1),
            }
        )
    named = ", ".join(a.label for a in _actors_of(rows) if a.id in chosen)
    title = "Alliances and oppositions" + (f": {named}" if named else "")
    return {
        "title": title,
        "source": source or "claims files",
        "span": [low, high],
        "year": year if year is not None else high,
        "kinds": [{"key": k, **v} for k, v in kind_styles().items()],
        "types": [{"key": k, **v} for k, v in type_styles().items()],
        "nodes": nodes,
        "relations": [_relation_json(r) for r in rows],
    }


def _vis_files() -> Path:
    spec = importlib.util.find_spec("pyvis")  # find, not import: pyvis pulls in IPython and jinja2
    if spec is None or not spec.submodule_search_locations:
        raise DiagramError("pyvis is not installed; it carries the vis-network script the page inlines")
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    if not (folder / "vis-network.min.js").is_file():
        raise DiagramError(f"vis-network.min.js not found in {folder}")
    return folder


def _script_json(value: Any) -> str:
    """JSON that cannot end a <script> element or open a comment, whatever the data holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def page(data: dict[str, Any]) -> str:
    """The self-contained HTML page for :func:`page_data`: scripts and styles inline, no other host.

    >>> text = page(page_data(open_graph(), year=2016))
    >>> text.startswith("<!DOCTYPE html>"), "<script src" in text, "<link" in text
    (True, False, False)
    """
    script = (_vis_files() / "vis-network.min.js").read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise DiagramError("vis-network.min.js holds '</script' and cannot be inlined")
    parts = {
        "TITLE": html.escape(data["title"]),
        "SOURCE": html.escape(data["source"]),
        "VIS": script,
        "DATA": _script_json(data),
        "APP": _APP,
    }
    # One pass, so nothing inserted (such as a label reading "@APP@") is substituted again.
    return re.sub(r"@(TITLE|SOURCE|VIS|DATA|APP)@", lambda m: parts[m.group(1)], _PAGE)


# ---------------------------------------------------------------------------- one door for the CLI


def diagram(
    graph: Graph,
    fmt: str = "html",
    *,
    actors: Sequence[str] = (),
    year: int | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    source: str = "",
) -> bytes:
    """The diagram in one of :data:`FORMATS`: the page for all years, or one year's figure.

    >>> out = diagram(open_graph(), "mermaid", year=2016)
    >>> out.decode().splitlines()[1]
    'title: Alliances and oppositions in force, 2016 (source: claims files)'
    """
    if fmt not in FORMATS:
        raise DiagramError(f"unknown diagram format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "html":
        data = page_data(graph, actors=actors, year=year, first_year=first_year, last_year=last_year, source=source)
        return page(data).encode("utf-8")
    period = _period(year, first_year, last_year)
    if period is None:
        raise DiagramError(f"a {fmt} diagram shows one year or span: give --year YEAR (or --from/--to)")
    rows, chosen = _select(graph, period, actors)
    if fmt == "mermaid":
        return mermaid(rows, period, source=source, chosen=chosen).encode("utf-8")
    from actorgraph.present.figures import network_figure

    return network_figure(rows, period, fmt, source=source or "claims files", positions=_positions(rows))


# ---------------------------------------------------------------------------- Mermaid


def _mermaid_text(text: str) -> str:
    # Mermaid entity codes: nothing from the data can close a label or become markup.
    return "".join(ch if ch.isalnum() or ch in " .,:;()/'-_" else f"#{ord(ch)};" for ch in text)


def mermaid(rows: Sequence[RelationRow], period: Period, *, source: str = "", chosen: Iterable[str] = ()) -> str:
    """A Mermaid flowchart of the relations in force, for Markdown pages.

    >>> g = open_graph()
    >>> rows = [r for r in all_relations(g, 2016, kind="support") if r.subject.id == "russia"]
    >>> print(mermaid(rows, Period.parse(2016)))  # doctest: +ELLIPSIS
    ---
    title: Alliances and oppositions in force, 2016 (source: claims files)
    ---
    flowchart LR
      a0["Government of Syria (Assad)"]
      a1["Russia"]
      a1 -->|"support: diplomatic, materiel, weapons, training, troops-secondary"| a0
    ...
    """
    actors = _actors_of(rows)
    ids = {a.id: f"a{i}" for i, a in enumerate(actors)}
    title = f"Alliances and oppositions in force, {period.label} (source: {source or 'claims files'})"
    lines = ["---", f"title: {_mermaid_text(title)}", "---", "flowchart LR"]
    for a in actors:
        lines.append(f'  {ids[a.id]}["{_mermaid_text(a.label)}"]')
    styles = []
    for n, e in enumerate(edges(rows)):
        kind = vocabulary().kind(e.kind)
        directed = not kind.symmetric
        arrow = ("-.->" if directed else "-.-") if e.alleged else ("-->" if directed else "---")
        text = e.kind + (f": {e.label}" if e.label else "") + (" (alleged)" if e.alleged else "")
        lines.append(f'  {ids[e.source.id]} {arrow}|"{_mermaid_text(text)}"| {ids[e.target.id]}')
        styles.append(f"  linkStyle {n} stroke:{kind.colour},stroke-width:2px")
    types = type_styles()
    for key, style in types.items():
        members = [ids[a.id] for a in actors if a.type == key]
        if members:
            name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in key)
            lines.append(f"  classDef {name} fill:{style['colour']},stroke:#333")
            lines.append(f"  class {','.join(members)} {name}")
    for cid in sorted(ids[c] for c in chosen if c in ids):
        lines.append(f"  style {cid} stroke-width:3px")
    return "\n".join(lines + styles) + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: #222; background: #fafafa; }
header { padding: 10px 16px 6px; border-bottom: 1px solid #ddd; background: #fff; }
h1 { font-size: 19px; margin: 0 0 2px; }
#source { color: #555; font-size: 12.5px; }
#controls { display: flex; align-items: center; gap: 12px; padding: 8px 16px; background: #fff;
  border-bottom: 1px solid #ddd; flex-wrap: wrap; }
#year-label { font-size: 26px; font-weight: 700; min-width: 64px; text-align: center;
  font-variant-numeric: tabular-nums; }
#year { flex: 1 1 320px; accent-color: #333; }
#play { font-size: 14px; padding: 4px 12px; cursor: pointer; }
#counts { color: #555; font-size: 12.5px; }
main { display: flex; height: calc(100vh - 122px); min-height: 420px; }
#graph { flex: 1 1 auto; position: relative; background: #fff; }
aside { width: 300px; flex: 0 0 300px; overflow-y: auto; padding: 10px 14px; border-left: 1px solid #ddd;
  background: #fbfbfb; font-size: 13px; }
aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #555; margin: 12px 0 6px; }
aside label { display: flex; align-items: center; gap: 6px; margin: 3px 0; cursor: pointer; }
.swatch { display: inline-block; width: 28px; height: 0; border-top: 3px solid; vertical-align: middle; }
.swatch.dashed { border-top-style: dashed; }
.faded { opacity: .35; }
.shape { display: inline-block; width: 28px; text-align: center; font-size: 16px; line-height: 1; }
select { width: 100%; padding: 3px; }
#details { margin-top: 8px; }
#details .rel { border-top: 1px solid #e3e3e3; padding: 6px 0; }
#details .quote { color: #444; font-style: italic; margin: 2px 0 2px 8px; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; white-space: normal; max-width: 420px;
  font-size: 12.5px; background: #fffef6; border: 1px solid #999; border-radius: 3px;
  box-shadow: 2px 2px 8px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
.tip-title { font-weight: 700; margin-bottom: 2px; }
.tip-rel { margin-top: 4px; }
.muted { color: #666; }
</style>
</head>
<body>
<header>
<h1 id="title">@TITLE@</h1>
<div id="source">Data: @SOURCE@.
Lines show relations whose dates overlap the year and whose actors both existed then.</div>
</header>
<div id="controls">
<button id="play" type="button" aria-label="Play through the years">&#9654; Play</button>
<span id="year-label"></span>
<input id="year" type="range" step="1" aria-label="Year">
<span id="counts"></span>
</div>
<main>
<div id="graph"></div>
<aside>
<h2>Relations</h2>
<div id="kinds"></div>
<label><span class="swatch dashed" style="border-top-color:#555"></span>alleged or disputed</label>
<label><span class="swatch faded" style="border-top-color:#555"></span>open end, no source since</label>
<h2>Actors</h2>
<div id="types"></div>
<h2>Filter</h2>
<select id="actor" aria-label="Only the relations of one actor"><option value="">All actors</option></select>
<div id="details"><p class="muted">Click a line or an actor for its relations and sources.</p></div>
</aside>
</main>
<script>@VIS@</script>
<script id="actorgraph-data" type="application/json">@DATA@</script>
<script>@APP@</script>
</body>
</html>
"""

# The page's own script. Every text from the data reaches the DOM through textContent or
# vis-network's canvas labels and plain-string tooltips; nothing is parsed as HTML.
_APP = r"""
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("actorgraph-data").textContent);
  const SYMBOL = {dot: "\u25CF", square: "\u25A0", triangle: "\u25B2", hexagon: "\u2B22", diamond: "\u25C6",
                  star: "\u2605", ellipse: "\u25CF"};
  const kinds = {}; DATA.kinds.forEach(k => { kinds[k.key] = k; });
  const types = {}; DATA.types.forEach(t => { types[t.key] = t; });
  const nodesById = {}; DATA.nodes.forEach(n => { nodesById[n.id] = n; });
  const enabled = {}; DATA.kinds.forEach(k => { enabled[k.key] = true; });
  const kindIndex = {}; DATA.kinds.forEach((k, i) => { kindIndex[k.key] = i; });
  let year = DATA.year, focus = "", timer = null;
  const big = DATA.relations.length > 1500;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function span(r) {
    const end = r.endText;
    return (r.start || "?") + " to " + end;
  }
  function label(id) { return nodesById[id] ? nodesById[id].label : id; }
  function alive(n, y) { return (n.y0 === null || n.y0 <= y) && (n.y1 === null || y <= n.y1); }
  function inForce(r, y) { return (r.y0 === null || r.y0 <= y) && (r.y1 === null || y <= r.y1); }

  function relationBlock(r, withQuotes) {
    const box = el("div", null, "tip-rel rel");
    const head = el("div");
    head.appendChild(el("strong", label(r.from)));
    head.appendChild(document.createTextNode(" \u2192 " + (kinds[r.kind] ? kinds[r.kind].label : r.kind) + " \u2192 "));
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
  function nodeTip(n) {
    const box = el("div");
    box.appendChild(el("div", n.label, "tip-title"));
    box.appendChild(el("div", (types[n.type] ? types[n.type].label : n.type) +
      (n.start || n.end ? " \u00B7 " + (n.start || "?") + " to " + (n.end || "now") : "")));
    if (n.aliases.length) box.appendChild(el("div", "also: " + n.aliases.join(", "), "muted"));
    return box;
  }

  // ------------------------------------------------------------------ network
  const nodes = new vis.DataSet(DATA.nodes.map(n => {
    const t = types[n.type] || {shape: "ellipse", colour: "#ddd"};
    return {id: n.id, label: n.label, x: n.x, y: n.y, shape: t.shape, size: 14, hidden: true, title: nodeTip(n),
            color: {background: t.colour, border: "#333", highlight: {background: t.colour, border: "#000"}},
            font: {size: 16, color: "#111", strokeWidth: 4, strokeColor: "#ffffff"}};
  }));
  const edges = new vis.DataSet([]);
  const container = document.getElementById("graph");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    physics: false,
    layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false},
    nodes: {borderWidth: 1.5},
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

  function edgeView(g, y) {
    const k = kinds[g.kind] || {colour: "#7f7f7f", directed: true, label: g.kind};
    const alleged = g.relations.every(r => !r.confirmed);
    const stale = g.relations.every(r => r.end === null && r.asOfYear !== null && y > r.asOfYear);
    const tip = el("div");
    tip.appendChild(el("div", label(g.from) + " \u2192 " + k.label + " \u2192 " + label(g.to) + " (" + y + ")",
                       "tip-title"));
    g.relations.forEach(r => tip.appendChild(relationBlock(r, false)));
    const side = (kindIndex[g.kind] || 0) % 2 ? "curvedCCW" : "curvedCW";
    return {id: g.id, from: g.from, to: g.to, title: tip, dashes: alleged,
            arrows: k.directed ? {to: {enabled: true, scaleFactor: 0.7}} : "",
            color: {color: k.colour, highlight: k.colour, hover: k.colour, opacity: stale ? 0.35 : 1.0},
            smooth: big ? false : {enabled: true, type: side, roundness: 0.08 + 0.05 * (kindIndex[g.kind] || 0)},
            width: Math.min(1.6 + 0.6 * g.relations.length, 5)};
  }

  let current = new Map();
  function show(y) {
    year = y;
    const next = groups(y);
    const remove = [];
    current.forEach((_, id) => { if (!next.has(id)) remove.push(id); });
    edges.remove(remove);
    edges.update(Array.from(next.values()).map(g => edgeView(g, y)));
    current = next;
    const linked = new Set();
    next.forEach(g => { linked.add(g.from); linked.add(g.to); });
    if (focus) linked.add(focus);
    const updates = [];
    DATA.nodes.forEach(n => {
      const hidden = !(linked.has(n.id) && alive(n, y));
      updates.push({id: n.id, hidden: hidden, borderWidth: n.id === focus ? 4 : 1.5});
    });
    nodes.update(updates);
    document.getElementById("year-label").textContent = String(y);
    document.getElementById("year").value = String(y);
    document.getElementById("counts").textContent =
      next.size + " lines \u00B7 " + Array.from(next.values()).reduce((s, g) => s + g.relations.length, 0) +
      " relations \u00B7 " + updates.filter(u => !u.hidden).length + " actors in " + y;
  }

  // ------------------------------------------------------------------ controls
  const slider = document.getElementById("year");
  slider.min = String(DATA.span[0]); slider.max = String(DATA.span[1]); slider.value = String(year);
  slider.addEventListener("input", () => show(parseInt(slider.value, 10)));
  const play = document.getElementById("play");
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "\u25B6 Play"; }
  play.addEventListener("click", () => {
    if (timer) { stop(); return; }
    if (year >= DATA.span[1]) show(DATA.span[0]);
    play.textContent = "\u23F8 Pause";
    timer = setInterval(() => { if (year >= DATA.span[1]) { stop(); return; } show(year + 1); }, 1100);
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

  const details = document.getElementById("details");
  function detail(title, rels) {
    details.replaceChildren(el("h2", title));
    if (!rels.length) details.appendChild(el("p", "No relations in " + year + ".", "muted"));
    rels.forEach(r => details.appendChild(relationBlock(r, true)));
  }
  network.on("click", params => {
    if (params.edges.length && !params.nodes.length) {
      const g = current.get(params.edges[0]);
      if (g) detail(label(g.from) + " \u2192 " + label(g.to) + ", " + year, g.relations);
    } else if (params.nodes.length) {
      const id = params.nodes[0];
      const rels = [];
      current.forEach(g => { if (g.from === id || g.to === id) g.relations.forEach(r => rels.push(r)); });
      detail(label(id) + ", " + year, rels);
    }
  });

  // Frame every actor of every year, so no one is off screen when the year moves.
  function frameAll() {
    const xs = DATA.nodes.map(n => n.x), ys = DATA.nodes.map(n => n.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const scale = Math.min(container.clientWidth / (x1 - x0 + 220), container.clientHeight / (y1 - y0 + 120), 1.5);
    network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 10}, scale: scale, animation: false});
  }
  show(year);
  frameAll();
  window.addEventListener("resize", frameAll);

  // A read-only view of what is drawn, for tests and for anyone scripting the page.
  window.actorgraph = Object.freeze({
    status: hook,
    year: () => year,
    setYear: y => show(y),
    visibleEdges: () => Array.from(current.values()).map(g => ({
      id: g.id, from: g.from, to: g.to, kind: g.kind, relations: g.relations.map(r => r.id)})),
    visibleNodes: () => nodes.get({filter: n => !n.hidden}).map(n => n.id),
    positions: () => network.getPositions(),
    where: id => {  // an actor's place on the screen, in page pixels
      const p = network.canvasToDOM(network.getPositions([id])[id]);
      const box = container.getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    },
  });
})();
"""
