"""What a diagram draws, whatever its medium: which relations, in force when, grouped into lines, placed where."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from actorgraph.ask.questions import ActorInfo, RelationRow, actors_existed, all_relations, representative, resolve
from actorgraph.errors import ActorgraphError
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import GRAPH, vocabulary
from actorgraph.store.protocol import Graph

__all__ = [
    "DiagramError",
    "Edge",
    "actors_of",
    "edges",
    "in_force",
    "kind_styles",
    "layout",
    "positions",
    "relation_years",
    "select",
    "source_line",
    "type_styles",
]


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
    """The first and last year a relation is drawn (None: open), within both actors' lifespans.

    A relation is drawn in a year when its dates overlap that year ("possibly during", as in
    every question) and both its actors existed then. A relation with no date at all is drawn
    only in the year of its latest source: an undated link (a membership a dataset lists
    without dates) is known to hold then, not in every year.

    >>> from actorgraph.store.graph import open_graph
    >>> rows = all_relations(open_graph(), kind="support")
    >>> row = next(r for r in rows if r.relation == "post-russia-supports-assad-government")
    >>> row.start, row.end, relation_years(row)
    ('2015-09-30', '2024-12-08', (2015, 2024))
    """
    start, end = row.start, row.end
    if start is None and end is None:
        if row.as_of is None:
            return (0, -1)  # never: nothing dates it
        start = end = row.as_of
    firsts = [y for y in (_year(start), _year(row.subject.start), _year(row.other.start)) if y is not None]
    lasts = [y for y in (_year(end), _year(row.subject.end), _year(row.other.end)) if y is not None]
    return (max(firsts) if firsts else None, min(lasts) if lasts else None)


def in_force(row: RelationRow, period: Period) -> bool:
    """Whether a diagram of a period draws a relation: its dates overlap the period (an undated
    one: its latest source falls in it) and both its actors existed then.

    >>> from actorgraph.store.graph import open_graph
    >>> row = next(r for r in all_relations(open_graph()) if r.relation == "post-russia-supports-assad-government")
    >>> in_force(row, Period.parse(2016)), in_force(row, Period.parse(2025))
    (True, False)
    """
    start, end = row.start, row.end
    if start is None and end is None:
        if row.as_of is None:
            return False
        start = end = row.as_of
    if start and PartialDate.parse(start).first_day > period.last:
        return False
    if end and PartialDate.parse(end).last_day < period.first:
        return False
    return actors_existed(row, period)


# ---------------------------------------------------------------------------- which relations


def _as_one(graph: Graph, rows: Iterable[RelationRow]) -> list[RelationRow]:
    """Rows with each actor replaced by the one that stands for all its copies in other datasets."""
    return [replace(r, subject=representative(graph, r.subject), other=representative(graph, r.other)) for r in rows]


def _conflict(rows: Sequence[RelationRow], conflict: str) -> list[RelationRow]:
    """The relations of one UCDP conflict, by its id (as the importers note it) or its location."""
    text = conflict.strip()
    if text.isdigit():
        pattern = re.compile(rf"(?:\bconflict|-fighting-|-troops-) ?{re.escape(text)}\b", re.IGNORECASE)
        return [r for r in rows if pattern.search(r.note or "") or pattern.search(r.relation)]
    needle = text.casefold()
    return [r for r in rows if f"({needle}" in (r.note or "").casefold() or needle in (r.agreement or "").casefold()]


def select(
    graph: Graph,
    period: Period | None = None,
    names: Sequence[str] = (),
    *,
    around: str | None = None,
    depth: int = 1,
    conflict: str | None = None,
    throughout: bool = False,
) -> tuple[list[RelationRow], set[str]]:
    """The relations a diagram draws, and the ids of the actors it was asked about.

    ``names`` keep the relations of those actors; ``around`` keeps the actors within ``depth``
    steps of one actor and the relations among them; ``conflict`` the relations of one UCDP
    conflict (its id or location). An actor known to several datasets is drawn once.

    >>> from actorgraph.store.graph import open_graph
    >>> rows, chosen = select(open_graph(), Period.parse(2016), around="Hezbollah")
    >>> shown = {a.id for a in actors_of(rows)}
    >>> chosen, {"assad-government", "israel"} <= shown, "united-states" in shown
    ({'hezbollah'}, True, False)
    """
    rows = _as_one(graph, all_relations(graph, period, throughout=throughout, mentioning=conflict))
    if period is not None:
        rows = [r for r in rows if in_force(r, period)]
    if conflict is not None:
        rows = _conflict(rows, conflict)
        if not rows:
            raise DiagramError(f"no relation names conflict {conflict!r} (a UCDP conflict id, or its location)")
    chosen = {representative(graph, resolve(graph, name, period)).id for name in names}
    if chosen:
        rows = [r for r in rows if r.subject.id in chosen or r.other.id in chosen]
    if around is not None:
        centre = representative(graph, resolve(graph, around, period)).id
        chosen.add(centre)
        near = {centre}
        for _ in range(max(depth, 1)):
            near |= {x for r in rows if {r.subject.id, r.other.id} & near for x in (r.subject.id, r.other.id)}
        rows = [r for r in rows if r.subject.id in near and r.other.id in near]
    return rows, chosen


def source_line(
    data: Sequence[str] = (), bundled: bool = True, store: str | None = None, graph: Graph | None = None
) -> str:
    """What was loaded, for titles and captions: the bundled dataset, a store and the datasets in it, files.

    >>> source_line()
    'actorgraph bundled Syria dataset'
    >>> source_line(["my claims.toml"], bundled=False)
    'my claims.toml'
    """
    from actorgraph.model.resources import DEFAULT_DATASET

    parts = []
    if store is not None:
        held = _datasets(graph) if graph is not None else []
        parts.append(f"store {Path(store).name}" + (f" ({', '.join(held)})" if held else ""))
    elif bundled:
        parts.append(f"actorgraph bundled {DEFAULT_DATASET.capitalize()} dataset")
    parts += [Path(d).name for d in data]
    return " + ".join(parts) or "claims files"


def _datasets(graph: Graph) -> list[str]:
    """The named graphs a local store holds statements in: curated claims and each imported dataset."""
    store = getattr(graph, "store", None)  # a remote graph has no local store to list
    if store is None:
        return []
    names = [g.value for g in store.named_graphs()]
    base = GRAPH._base
    skip = {GRAPH.ontology.value, GRAPH.shortcuts.value}
    found = sorted(n.removeprefix(base) for n in names if n.startswith(base) and n not in skip)
    return ["curated claims" if n == GRAPH.curated.value.removeprefix(base) else n for n in found]


# ---------------------------------------------------------------------------- lines and places


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
    """Relations grouped into one line per (actor, target, kind); symmetric kinds ignore direction.

    >>> from actorgraph.store.graph import open_graph
    >>> lines = edges(all_relations(open_graph(), 2016, kind="support"))
    >>> [e.label for e in lines if (e.source.id, e.target.id) == ("russia", "assad-government")]
    ['diplomatic, materiel, weapons, intelligence, training, troops-secondary']
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


def actors_of(rows: Iterable[RelationRow]) -> list[ActorInfo]:
    """The actors at either end of the rows, each once, by label.

    >>> from actorgraph.store.graph import open_graph
    >>> [a.id for a in actors_of(all_relations(open_graph(), 2016, kind="support")) if a.label.startswith("Hez")]
    ['hezbollah']
    """
    seen: dict[str, ActorInfo] = {}
    for r in rows:
        seen.setdefault(r.subject.id, r.subject)
        seen.setdefault(r.other.id, r.other)
    return sorted(seen.values(), key=lambda a: (a.label.casefold(), a.id))


def positions(rows: Sequence[RelationRow]) -> dict[str, tuple[float, float]]:
    """Where each actor of the rows sits (see :func:`layout`): allies close, opponents loosely tied.

    >>> from actorgraph.store.graph import open_graph
    >>> pos = positions(all_relations(open_graph(), 2016))
    >>> all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in pos.values())
    True
    """
    nodes = [a.id for a in actors_of(rows)]
    return layout(nodes, [(r.subject.id, r.other.id, _weight(r.kind)) for r in rows])
