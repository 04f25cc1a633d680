"""Alliance diagrams: the offline interactive page with a year slider, and the one door to every diagram format."""

from __future__ import annotations

import datetime as dt
import functools
import html
import importlib.util
import json
import math
import re
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from actorgraph.ask.questions import RelationRow
from actorgraph.model.dates import Period
from actorgraph.present.drawing import (
    DiagramError,
    actors_of,
    kind_styles,
    positions,
    relation_years,
    select,
    source_line,
    type_styles,
)
from actorgraph.store.protocol import Graph

__all__ = ["FORMATS", "DiagramError", "busy_years", "diagram", "page", "page_data", "source_line"]

#: What ``diagram`` can write.
FORMATS = ("html", "svg", "png", "pdf", "mermaid")


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text else None


def _period(year: int | None, first_year: int | None, last_year: int | None) -> Period | None:
    if year is not None and (first_year is not None or last_year is not None):
        raise DiagramError("give either a year (--in) or a span (--from/--to), not both")
    if year is not None:
        return Period.parse(f"{year:04d}")
    if first_year is not None or last_year is not None:
        first = f"{first_year:04d}" if first_year is not None else None
        last = f"{last_year:04d}" if last_year is not None else None
        return Period.between(first, last)
    return None


def _relation_json(row: RelationRow) -> dict[str, Any]:
    from actorgraph.present.answers import end_words, how_words

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
        "endText": end_words(row),
        "confirmed": row.confirmed,
        "asOfYear": _year(row.as_of),
        "certainty": row.certainty,
        "how": how_words([row], labels=True),
        "note": row.note,
        "sources": [
            {"publisher": c.publisher, "title": c.title, "date": c.date, "url": c.url, "quote": c.quote}
            for c in row.sources
        ],
    }


def busy_years(spans: Sequence[tuple[int, int]], low: int, high: int, floor: float = 0.25) -> tuple[int, int]:
    """The years that hold most relations, where the slider opens: from the first to the last year
    in which at least ``floor`` of the busiest year's number of relations are drawn.

    >>> busy_years([(1971, 2024)] * 4 + [(2011, 2024)] * 20, 1971, 2025)
    (2011, 2024)
    """
    counts = [0] * (high - low + 1)
    for first, last in spans:
        for y in range(max(first, low), min(last, high) + 1):
            counts[y - low] += 1
    peak = max(counts, default=0)
    busy = [n for n, count in enumerate(counts) if peak and count >= floor * peak]
    return (low + busy[0], low + busy[-1]) if busy else (low, high)


def page_data(
    graph: Graph,
    *,
    actors: Sequence[str] = (),
    year: int | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
    source: str = "",
    around: str | None = None,
    depth: int = 1,
    conflict: str | None = None,
    throughout: bool = False,
) -> dict[str, Any]:
    """Everything the page draws, for every year at once: the slider filters in the browser.

    Each relation carries the first and last year it is drawn (``y0``, ``y1``; None when open);
    each actor its fixed position, so actors keep their places as the year moves. ``span`` is
    every year the data covers, ``view`` the years that hold most relations (where the slider
    opens; the whole span is one click away).

    >>> data = page_data(open_graph(), year=2016)
    >>> data["year"], data["span"][0] <= data["view"][0] <= 2016 <= data["view"][1] <= data["span"][1]
    (2016, True)
    >>> data["span"][0], data["view"][0]
    (1971, 2011)
    >>> rel = next(r for r in data["relations"] if r["id"] == "post-russia-supports-assad-government")
    >>> rel["from"], rel["to"], rel["y0"], rel["y1"]
    ('russia', 'assad-government', 2015, 2024)
    """
    span = _period(None, first_year, last_year)
    rows, chosen = select(graph, span, actors, around=around, depth=depth, conflict=conflict, throughout=throughout)
    rows = [r for r in rows if relation_years(r) != (0, -1)]  # nothing dates them: no year to draw them in
    if not rows:
        where = (" for the actors given" if actors or around else "") + (f" in {span.label}" if span else "")
        raise DiagramError(f"no relations to draw{where}")
    years = [y for r in rows for y in (*relation_years(r), _year(r.as_of)) if y is not None]
    low = first_year if first_year is not None else min(years, default=year or dt.date.today().year)
    high = last_year if last_year is not None else max(years, default=low)
    if year is not None:
        low, high = min(low, year), max(high, year)
    known = []
    for r in rows:
        y0, y1 = relation_years(r)
        last = y1 if y1 is not None else max(filter(None, [_year(r.as_of), y0, low]))
        known.append((y0 if y0 is not None else low, last))
    view = (low, high) if first_year is not None or last_year is not None else busy_years(known, low, high)
    if year is not None:
        view = (min(view[0], year), max(view[1], year))
    placed = positions(rows)
    size = 70.0 * math.sqrt(len(placed)) + 120.0  # canvas pixels; labels stay readable when the page fits all
    nodes = []
    for a in actors_of(rows):
        x, y = placed[a.id]
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
    named = ", ".join(a.label for a in actors_of(rows) if a.id in chosen)
    title = "Alliances and oppositions" + (f": {named}" if named else "")
    if conflict is not None:
        title += f" (conflict {conflict})"
    return {
        "title": title,
        "source": source or "claims files",
        "span": [low, high],
        "view": list(view),
        "year": year if year is not None else view[1],
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


@functools.cache
def _asset(name: str) -> str:
    """One of the page's own files (page.html, page.css, page.js), shipped beside this module."""
    return files("actorgraph.present").joinpath(name).read_text(encoding="utf-8")


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
        "STYLE": _asset("page.css"),
        "VIS": script,
        "DATA": _script_json(data),
        "APP": _asset("page.js"),
    }
    # One pass, so nothing inserted (such as a label reading "@APP@") is substituted again.
    return re.sub(r"@(TITLE|SOURCE|STYLE|VIS|DATA|APP)@", lambda m: parts[m.group(1)], _asset("page.html"))


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
    around: str | None = None,
    depth: int = 1,
    conflict: str | None = None,
    throughout: bool = False,
) -> bytes:
    """The diagram in one of :data:`FORMATS`: the page for all years, or one year's (or span's) figure.

    >>> out = diagram(open_graph(), "mermaid", year=2016)
    >>> out.decode().splitlines()[1]
    'title: "Alliances and oppositions in force, 2016 (source: claims files)"'
    """
    if fmt not in FORMATS:
        raise DiagramError(f"unknown diagram format {fmt!r}; use one of {', '.join(FORMATS)}")
    focus: dict[str, Any] = {"around": around, "depth": depth, "conflict": conflict, "throughout": throughout}
    if fmt == "html":
        data = page_data(
            graph, actors=actors, year=year, first_year=first_year, last_year=last_year, source=source, **focus
        )
        return page(data).encode("utf-8")
    period = _period(year, first_year, last_year)
    if period is None:
        raise DiagramError(f"a {fmt} diagram shows one year or span: give --in YEAR (or --from/--to)")
    rows, chosen = select(graph, period, actors, **focus)
    if fmt == "mermaid":
        from actorgraph.present.mermaid import mermaid

        return mermaid(rows, period, source=source, chosen=chosen).encode("utf-8")
    from actorgraph.present.figures import network_figure

    return network_figure(rows, period, fmt, source=source or "claims files", positions=positions(rows))
