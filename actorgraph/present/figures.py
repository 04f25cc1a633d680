"""Static figures for reports: one year's alliance diagram and an actor's relations as bars over time."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actorgraph.ask.questions import ActorInfo, RelationRow, timeline
from actorgraph.errors import ActorgraphError
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import vocabulary
from actorgraph.present.drawing import actors_of, edges, kind_styles, type_styles
from actorgraph.present.drawing import positions as place
from actorgraph.store.protocol import Graph

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "FIGURE_FORMATS",
    "Bar",
    "draw_text",
    "network_figure",
    "new_figure",
    "save_figure",
    "timeline_bars",
    "timeline_figure",
]

#: The formats figures are written in.
FIGURE_FORMATS = ("svg", "png", "pdf")

# Fixed settings so the same data gives the same bytes: no dates in metadata, a fixed
# hash salt for SVG ids, text kept as text (searchable, small), fonts embedded as TrueType.
_RC: Any = {
    "svg.hashsalt": "actorgraph",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "path.simplify": True,
}
_CROWDED_EDGES = 400  # above this many lines, draw them straight and thin
_CROWDED_ACTORS = 150  # above this many actors, small markers and labels without boxes
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}


def new_figure(width: float, height: float) -> Figure:
    """A blank figure of this size in inches, white, at 100 dpi, made without pyplot's global state.

    >>> new_figure(4, 3).get_size_inches().tolist()
    [4.0, 3.0]
    """
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, facecolor="white")


def save_figure(fig: Figure, fmt: str) -> bytes:
    """The figure as SVG, PNG or PDF bytes, written the same way every time.

    >>> save_figure(new_figure(2, 1), "png")[:4]
    b'\\x89PNG'
    """
    import matplotlib

    if fmt not in FIGURE_FORMATS:
        raise ActorgraphError(f"unknown figure format {fmt!r}; use one of {', '.join(FIGURE_FORMATS)}")
    out = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(out, format=fmt, metadata=_METADATA[fmt], dpi=150 if fmt == "png" else 100, facecolor="white")
    return out.getvalue()


def draw_text(ax: Axes | Figure, x: float, y: float, text: str, **kw: Any) -> None:
    """Put a label on a figure as it is written.

    >>> fig = new_figure(2, 1)
    >>> draw_text(fig, 0.5, 0.5, "aid worth $5m")
    >>> fig.texts[0].get_text()
    'aid worth $5m'
    """
    ax.text(x, y, text, parse_math=False, **kw)  # a "$" in a label is a dollar, not TeX


# ---------------------------------------------------------------------------- one year


def network_figure(
    rows: Sequence[RelationRow],
    period: Period,
    fmt: str = "svg",
    *,
    source: str = "claims files",
    positions: dict[str, tuple[float, float]] | None = None,
) -> bytes:
    """One year's (or span's) alliance diagram as SVG, PNG or PDF bytes; the same rows give the same bytes.

    >>> from actorgraph.present.drawing import in_force
    >>> from actorgraph.ask.questions import all_relations
    >>> rows = [r for r in all_relations(open_graph(), 2016) if in_force(r, Period.parse(2016))]
    >>> svg = network_figure(rows, Period.parse(2016), "svg")
    >>> svg[:5], b"Alliances and oppositions in force, 2016" in svg
    (b'<?xml', True)
    >>> svg == network_figure(rows, Period.parse(2016), "svg")
    True
    """
    import matplotlib
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    kinds = kind_styles()
    types = type_styles()
    pos = positions if positions is not None else place(rows)
    actors = actors_of(rows)
    with matplotlib.rc_context(_RC):
        fig = new_figure(14, 10)
        ax = fig.add_axes((0.02, 0.1, 0.96, 0.78))
        ax.set_axis_off()
        ax.set_xlim(-1.18, 1.18)
        ax.set_ylim(-1.16, 1.1)
        order = list(kinds)
        lines = edges(rows)
        crowded = len(lines) > _CROWDED_EDGES
        if crowded:  # thousands of curved arrows take seconds to clip; straight lines say enough at that size
            groups: dict[tuple[str, bool], list[Any]] = {}
            for e in lines:
                groups.setdefault((kinds.get(e.kind, {"colour": "#7f7f7f"})["colour"], e.alleged), []).append(
                    [pos[e.source.id], pos[e.target.id]]
                )
            for (colour, alleged), segments in sorted(groups.items()):
                ax.add_collection(
                    LineCollection(
                        segments,
                        colors=colour,
                        linewidths=0.6,
                        alpha=0.5,
                        zorder=2,
                        linestyles=(0, (5, 3)) if alleged else "solid",
                    ),
                    autolim=False,
                )
        for e in [] if crowded else lines:
            style = kinds.get(e.kind, {"colour": "#7f7f7f", "directed": True})
            n = order.index(e.kind) if e.kind in order else 0
            rad = (0.08 + 0.05 * n) * (1 if n % 2 == 0 else -1)
            ax.add_artist(
                FancyArrowPatch(
                    pos[e.source.id],
                    pos[e.target.id],
                    arrowstyle="-|>" if style["directed"] else "-",
                    mutation_scale=15,
                    connectionstyle=f"arc3,rad={rad}",
                    color=style["colour"],
                    linewidth=min(1.3 + 0.5 * len(e.rows), 4.0),
                    linestyle=(0, (5, 3)) if e.alleged else "-",
                    shrinkA=11,
                    shrinkB=11,
                    alpha=0.85,
                    zorder=2,
                )
            )
        many = len(actors) > _CROWDED_ACTORS
        for key, style in types.items():
            members = [a for a in actors if a.type == key]
            if members:
                ax.scatter(
                    [pos[a.id][0] for a in members],
                    [pos[a.id][1] for a in members],
                    s=40 if many else 300,
                    marker=style["marker"],
                    c=style["colour"],
                    edgecolors="#333333",
                    linewidths=1.2,
                    zorder=3,
                )
        others = [a for a in actors if a.type not in types]
        if others:
            ax.scatter(
                [pos[a.id][0] for a in others],
                [pos[a.id][1] for a in others],
                s=300,
                c="#dddddd",
                edgecolors="#333333",
                zorder=3,
            )
        for a in actors:
            x, y = pos[a.id]
            draw_text(
                ax,
                x,
                y - (0.02 if many else 0.055),
                textwrap.fill(a.label, 26),
                ha="center",
                va="top",
                fontsize=5 if many else 10,
                zorder=4,
                bbox=None if many else _LABEL_BOX,
            )
        if not rows:
            draw_text(ax, 0, 0, f"No relations in force in {period.label}", ha="center", fontsize=14, color="#555555")
        sources = len({c.source for r in rows for c in r.sources})
        draw_text(
            fig,
            0.02,
            0.965,
            f"Alliances and oppositions in force, {period.label}",
            fontsize=19,
            weight="bold",
            va="top",
        )
        draw_text(
            fig,
            0.02,
            0.925,
            textwrap.fill(
                f"Source: {source}; {len(rows)} relations among {len(actors)} actors, from {sources} sources. "
                f"A line is drawn when a relation's dates overlap {period.label} and both actors existed then.",
                150,
            ),
            fontsize=11,
            color="#444444",
            va="top",
        )
        present = [k for k in kinds if any(r.kind == k for r in rows)] or list(kinds)
        handles: list[Any] = [
            Line2D([], [], color=kinds[k]["colour"], lw=2.5, label=kinds[k]["label"]) for k in present
        ]
        handles.append(Line2D([], [], color="#555555", lw=2, linestyle=(0, (5, 3)), label="alleged or disputed"))
        handles += [
            Line2D(
                [],
                [],
                linestyle="",
                marker=style["marker"],
                markersize=11,
                markerfacecolor=style["colour"],
                markeredgecolor="#333333",
                label=style["label"],
            )
            for key, style in types.items()
            if any(a.type == key for a in actors)
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 6),
            frameon=False,
            fontsize=10.5,
            bbox_to_anchor=(0.5, 0.01),
        )
    return save_figure(fig, fmt)


# ---------------------------------------------------------------------------- over time


def _sections() -> list[tuple[str, str, bool | None]]:
    """(heading, kind, direction) for each part of a timeline, in the ontology's order of kinds: a
    cooperative, directed kind in two parts (incoming first), the others in one (direction None)."""
    parts: list[tuple[str, str, bool | None]] = []
    for key, kind in vocabulary().kinds.items():
        if kind.symmetric or kind.sign < 0:
            parts.append((f"{kind.label.capitalize()} (either way)", key, None))
        else:
            parts += [(kind.inverse_label.capitalize(), key, False), (kind.label.capitalize(), key, True)]
    return parts


def _section(row: RelationRow, sections: list[tuple[str, str, bool | None]]) -> int:
    for n, (_, kind, outgoing) in enumerate(sections):
        if row.kind == kind and outgoing in (None, row.outgoing):
            return n
    return len(sections)


@dataclass(frozen=True)
class Bar:
    """One relation as a timeline draws it: from ``start`` to ``end``, within both actors' lifespans."""

    row: RelationRow
    start: dt.date
    end: dt.date
    known_start: bool  # False: the start is not known ("?" at the bar's left)
    open: bool  # not known to have ended: an arrow at the bar's right
    mark: str  # what the right end says: "as of 2024-11-29", "end of Government of Syria (Assad)", ...


def _bounds(actor: ActorInfo) -> tuple[dt.date | None, dt.date | None]:
    return (
        PartialDate.parse(actor.start).first_day if actor.start else None,
        PartialDate.parse(actor.end).last_day if actor.end else None,
    )


def timeline_bars(rows: Sequence[RelationRow], low: dt.date, last: dt.date) -> list[Bar]:
    """Where each relation's bar runs, within both actors' lifespans: from its start (unknown:
    from ``low`` or the later actor's start, marked "?") to its end; an open end to its latest
    source's date ("as of"), or to the end of an actor that ended first.

    >>> from actorgraph.ask.questions import relations
    >>> rows = relations(open_graph(), "Russia").rows
    >>> bars = timeline_bars(rows, dt.date(2010, 1, 1), dt.date(2025, 12, 31))
    >>> max(b.end for b in bars if b.row.other.id == "assad-government")
    datetime.date(2024, 12, 8)
    >>> min(b.start for b in bars if b.row.other.id == "transitional-government")
    datetime.date(2024, 12, 10)
    """
    bars = []
    for row in rows:
        firsts = [d for a in (row.subject, row.other) if (d := _bounds(a)[0]) is not None]
        lasts = [d for a in (row.subject, row.other) if (d := _bounds(a)[1]) is not None]
        start = max([PartialDate.parse(row.start).first_day if row.start else low, *firsts])
        if row.end:
            end, is_open, mark = PartialDate.parse(row.end).last_day, False, ""
        elif row.as_of:
            end, is_open, mark = PartialDate.parse(row.as_of).last_day, True, f"as of {row.as_of}"
        else:
            end, is_open, mark = last, True, "source undated"
        ended = min(lasts) if lasts else None
        if ended is not None and end > ended:
            gone = min((a for a in (row.subject, row.other) if _bounds(a)[1] == ended), key=lambda a: a.id)
            end, mark = ended, "" if row.end else f"end of {gone.label}"
        bars.append(Bar(row, start, max(end, start), bool(row.start), is_open, mark))
    return bars


def timeline_figure(graph: Graph, name: str, fmt: str = "svg", *, source: str = "claims files") -> bytes:
    """An actor's relations as bars over time: supporters, supported, opponents and agreements apart.

    Bars run from the start to the end of each relation, within both actors' lifespans (see
    :func:`timeline_bars`); an open end stops at the date of its latest source, marked "as of",
    or at the end of an actor; an unknown start is marked "?".

    >>> svg = timeline_figure(open_graph(), "Hezbollah", "svg")
    >>> b"Relations of Hezbollah over time" in svg, b"as of" in svg
    (True, True)
    """
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    prof, rows = timeline(graph, name)
    sections = _sections()
    rows = sorted(rows, key=lambda r: (_section(r, sections), r.start or "", r.other.label.casefold(), r.relation))
    known = [PartialDate.parse(d).first_day for r in rows for d in (r.start, r.end, r.as_of) if d]
    known += [PartialDate.parse(c.date).first_day for c in prof.changes if c.date]
    last = max(known, default=dt.date(2001, 1, 1))
    low = min(known, default=dt.date(2000, 1, 1)) - dt.timedelta(days=200)
    high = last + dt.timedelta(days=700)
    bars = {b.row.relation: b for b in timeline_bars(rows, low, last)}
    lines: list[tuple[str, RelationRow | None]] = []
    for n, (title, _, _) in enumerate((*sections, ("Other relations", "", None))):
        members = [r for r in rows if _section(r, sections) == n]
        if members:
            lines.append((title, None))
            lines += [("", r) for r in members]
    with matplotlib.rc_context(_RC):
        fig = new_figure(14, 1.9 + 0.3 * max(len(lines), 3))
        ax = fig.add_axes((0.34, 0.9 / fig.get_figheight(), 0.63, 1 - 2.0 / fig.get_figheight()))
        labels = blended_transform_factory(ax.transAxes, ax.transData)
        for y, (title, row) in enumerate(lines):
            if row is None:
                draw_text(ax, -0.49, y, title, transform=labels, ha="left", va="center", fontsize=11.5, weight="bold")
                if y:
                    ax.axhline(y - 0.5, color="#cccccc", lw=0.8)
                continue
            colour = vocabulary().kind(row.kind).colour
            how = row.how
            draw_text(
                ax,
                -0.01,
                y,
                textwrap.shorten(f"{row.other.label} ({how})", 62),
                transform=labels,
                ha="right",
                va="center",
                fontsize=9.5,
            )
            bar = bars[row.relation]
            start, end, mark = bar.start, bar.end, bar.mark
            alleged = not row.confirmed
            ax.barh(
                y,
                max((end - start).days, 20),
                left=mdates.date2num(start),
                height=0.62,
                color=colour,
                alpha=0.45 if alleged else 0.9,
                hatch="///" if alleged else None,
                edgecolor=colour,
                linewidth=0.8,
            )
            if not bar.known_start:
                draw_text(
                    ax,
                    mdates.date2num(start) + 20,
                    y,
                    "?",
                    ha="left",
                    va="center",
                    fontsize=10,
                    weight="bold",
                    color="white",
                )
            if bar.open:
                ax.plot([mdates.date2num(end)], [y], marker=">", color=colour, markersize=6)
            if mark:
                draw_text(ax, mdates.date2num(end) + 25, y, mark, ha="left", va="center", fontsize=8.5, color="#333333")
        for change in prof.changes:
            if change.date:
                x = mdates.date2num(PartialDate.parse(change.date).first_day)
                ax.axvline(x, color="#888888", lw=0.9, linestyle=":")
                draw_text(ax, x, -0.9, f" {change.kind} {change.date}", fontsize=8, color="#555555", va="bottom")
        ax.set_ylim(len(lines) - 0.4, -1.0)
        ax.set_xlim(mdates.date2num(low), mdates.date2num(high))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_yticks([])
        ax.grid(axis="x", color="#e6e6e6")
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        a = prof.actor
        draw_text(
            fig,
            0.02,
            1 - 0.2 / fig.get_figheight(),
            f"Relations of {a.label} over time",
            fontsize=17,
            weight="bold",
            va="top",
        )
        draw_text(
            fig,
            0.02,
            1 - 0.55 / fig.get_figheight(),
            f"Source: {source}; {len(rows)} relations. Open ends stop at their latest source ('as of') or at an "
            "actor's end; '?' marks an unknown start; hatched bars are alleged or disputed.",
            fontsize=10,
            color="#444444",
            va="top",
        )
        kinds = vocabulary().kinds
        present = [k for k in kinds if any(r.kind == k for r in rows)]
        fig.legend(
            handles=[Patch(color=kinds[k].colour, label=kinds[k].label) for k in present],
            loc="lower right",
            ncol=len(present) or 1,
            frameon=False,
            fontsize=10,
        )
    return save_figure(fig, fmt)
