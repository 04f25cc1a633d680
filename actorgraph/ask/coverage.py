"""What the data states of each pair of actors, year by year, with the number of sources: where the holes are."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from actorgraph.ask.questions import ActorInfo, RelationRow, all_relations, resolve
from actorgraph.errors import ActorgraphError
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.resources import core_actors
from actorgraph.model.vocab import ACTOR, AG, GRAPH, vocabulary
from actorgraph.store.protocol import Graph

__all__ = ["NOTHING", "Cell", "Coverage", "coverage", "curated_links", "is_directed", "years_held"]

#: the state of a pair-year on which the data states nothing
NOTHING = "nothing known"
#: the state of a pair-year with relations of more than one kind
SEVERAL = "several"


@dataclass(frozen=True)
class Cell:
    """What the data states of one pair of actors in one year.

    ``kinds`` holds each kind of relation known that year with its direction: ``→`` from the
    pair's first actor to its second, ``←`` the other way, ``–`` both ways or undirected.
    """

    a: ActorInfo
    b: ActorInfo
    year: int
    kinds: tuple[tuple[str, str], ...] = ()
    relations: tuple[str, ...] = ()
    sources: int = 0

    @property
    def state(self) -> str:
        """``nothing known``, the one kind known (``support``), or ``several``."""
        names = {k for k, _ in self.kinds}
        return NOTHING if not names else names.pop() if len(names) == 1 else SEVERAL

    @property
    def text(self) -> str:
        """The kinds in words: ``support →, opposition –``; empty when nothing is known."""
        return ", ".join(f"{k} {d}" for k, d in self.kinds)

    def to_json(self) -> dict[str, Any]:
        """The cell as JSON."""
        return {
            "actor": self.a.id,
            "other": self.b.id,
            "year": self.year,
            "state": self.state,
            "kinds": [{"kind": k, "direction": d} for k, d in self.kinds],
            "relations": list(self.relations),
            "sources": self.sources,
        }


@dataclass(frozen=True)
class Coverage:
    """A pair × year grid of what the data states, for a set of actors and a span of years."""

    actors: tuple[ActorInfo, ...]
    first_year: int
    last_year: int
    cells: dict[tuple[str, str, int], Cell] = field(repr=False)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def pairs(self) -> list[tuple[ActorInfo, ActorInfo]]:
        """Every pair of the actors, in the order they were given."""
        return list(itertools.combinations(self.actors, 2))

    def cell(self, a: ActorInfo, b: ActorInfo, year: int) -> Cell:
        """The cell of a pair (either order) and year."""
        found = self.cells.get((a.id, b.id, year))
        if found is not None:
            return found
        back = self.cells.get((b.id, a.id, year))
        if back is not None:
            flip = {"→": "←", "←": "→"}
            kinds = tuple((k, flip.get(d, d)) for k, d in back.kinds)
            return Cell(a, b, year, kinds, back.relations, back.sources)
        return Cell(a, b, year)

    def row(self, a: ActorInfo, b: ActorInfo) -> list[Cell]:
        """A pair's cells, one per year."""
        return [self.cell(a, b, y) for y in self.years]

    def holes(self) -> list[tuple[ActorInfo, ActorInfo, list[int]]]:
        """Pairs with something known in some years and nothing in others between them: the gaps.

        >>> grid = coverage(open_graph(), ["SDF", "Islamic State"], Period.between(2015, 2025))
        >>> [(a.id, b.id, years) for a, b, years in grid.holes()]
        [('sdf', 'islamic-state', [2023])]
        >>> grid.counts()
        {'opposition': 9, 'nothing known': 2}
        """
        found = []
        for a, b in self.pairs:
            known = [c.year for c in self.row(a, b) if c.kinds]
            if known:
                gaps = [y for y in range(min(known), max(known) + 1) if y not in known]
                if gaps:
                    found.append((a, b, gaps))
        return found

    def counts(self) -> dict[str, int]:
        """How many pair-years are in each state."""
        counts: dict[str, int] = defaultdict(int)
        for a, b in self.pairs:
            for c in self.row(a, b):
                counts[c.state] += 1
        return dict(counts)

    def to_json(self) -> dict[str, Any]:
        """The grid as JSON: actors, years, counts per state and every pair-year."""
        return {
            "actors": [{"id": a.id, "label": a.label} for a in self.actors],
            "years": self.years,
            "counts": self.counts(),
            "cells": [c.to_json() for a, b in self.pairs for c in self.row(a, b)],
        }


def is_directed(kind: str, mode: str | None = None) -> bool:
    """Whether a kind of relation goes from one actor to the other, or holds between both alike.

    A kind reads the same from both ends when the ontology's inverse label is its shortcut's
    own label (agreement: "in agreement with"). A fight is a dyad too: the coded datasets
    give its warring parties in either order.

    >>> is_directed("support"), is_directed("agreement"), is_directed("opposition", "fighting")
    (True, False, False)
    """
    vocab = vocabulary()
    term = vocab.relation_kinds[kind]
    symmetric = vocab.inverse_labels.get(term.value) == vocab.label(vocab.shortcuts[term.value])
    return not symmetric and vocab.modes.get(mode or "") != AG.Fighting


def years_held(row: RelationRow, first: int, last: int) -> list[int]:
    """The years from ``first`` to ``last`` a relation is known to hold: its start to its end, or
    to its latest source's year when it is open. A relation without a start holds only in the
    last of those years (nothing says when it began); a disputed one in none.

    >>> rows = {r.relation: r for r in all_relations(open_graph())}
    >>> years_held(rows["bg-turkey-supports-fsa-euphrates-shield-2016"], 2011, 2025)
    [2016, 2017]
    >>> years_held(rows["report-hezbollah-supports-assad-government-since-2015"], 2011, 2020)
    [2015, 2016, 2017, 2018, 2019, 2020]
    """
    if row.disputed:
        return []
    end = _year(row.end) or _year(row.as_of) or _year(row.start)
    start = _year(row.start) or end
    if start is None or end is None:
        return []
    return list(range(max(start, first), min(end, last) + 1))


def _year(text: str | None) -> int | None:
    return PartialDate.parse(text).year if text else None


def curated_links(graph: Graph) -> tuple[dict[str, str], set[str]]:
    """The curated actor each dataset actor is (IRI -> IRI, from ``skos:exactMatch``), and the
    IRIs of the curated actors.

    >>> links, curated = curated_links(open_graph())
    >>> links, "https://w3id.org/actorgraph/actor/hts" in curated
    ({}, True)
    """
    curated = {r["c"].value for r in graph.select(f"SELECT ?c WHERE {{ GRAPH {GRAPH.curated} {{ ?c a ag:Actor }} }}")}
    rows = graph.select("SELECT ?x ?c WHERE { { ?x skos:exactMatch ?c } UNION { ?c skos:exactMatch ?x } }")
    links = {r["x"].value: r["c"].value for r in rows if r["c"].value in curated and r["x"].value not in curated}
    return links, curated


def coverage(
    graph: Graph,
    actors: Sequence[str] = (),
    period: Period | str | int | None = None,
) -> Coverage:
    """For each pair of actors and each year, what the data states: the kinds of relation known
    (support, opposition, agreement, …), the relations and the number of distinct sources.

    ``actors`` default to the bundled dataset's core actors (``core.txt``: those the seed report
    names) that the graph holds; the years to those the relations among them span. A relation
    counts in the years :func:`years_held` gives, while both its actors existed; a dataset's
    actor counts as the curated actor the crosswalk links it to.

    >>> grid = coverage(open_graph(), ["Russia", "Syrian government", "Turkey"], Period.between(2015, 2016))
    >>> [a.id for a in grid.actors], grid.years
    (['russia', 'assad-government', 'turkey'], [2015, 2016])
    >>> russia, assad, turkey = grid.actors
    >>> grid.cell(russia, assad, 2016).text
    'support →'
    >>> grid.cell(assad, russia, 2016).text
    'support ←'
    >>> grid.cell(turkey, assad, 2015).state
    'nothing known'
    """
    links, curated = curated_links(graph)
    when = period if isinstance(period, Period) else Period.always() if period is None else Period.parse(period)
    if actors:
        chosen = [resolve(graph, name, None if when.is_always else when) for name in actors]
    else:
        chosen = [resolve(graph, ident) for ident in core_actors() if ACTOR + ident in curated]
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) < 2:
        raise ActorgraphError("coverage needs at least two actors")
    wanted = {a.iri.value: a for a in chosen}

    def ends(row: RelationRow) -> tuple[ActorInfo, ActorInfo] | None:
        a, b = (links.get(x.iri.value, x.iri.value) for x in (row.subject, row.other))
        return (wanted[a], wanted[b]) if a in wanted and b in wanted and a != b else None

    rows = [(r, pair) for r in all_relations(graph, None if when.is_always else when) if (pair := ends(r))]
    if when.is_always:
        spans = [y for r, _ in rows for y in years_held(r, 1, 9999)]
        if not spans:
            raise ActorgraphError("the data states nothing between these actors")
        first, last = min(spans), max(spans)
    else:
        first, last = when.first.year, when.last.year
    order = {a.id: n for n, a in enumerate(chosen)}
    kinds_order = list(vocabulary().relation_kinds)
    found: dict[tuple[str, str, int], dict[str, Any]] = {}
    for row, (a, b) in rows:
        forward = order[a.id] < order[b.id]
        x, y = (a, b) if forward else (b, a)
        arrow = ("→" if forward else "←") if is_directed(row.kind, row.mode) else "–"
        for year in years_held(row, first, last):
            if not (a.exists_during(Period.parse(year)) and b.exists_during(Period.parse(year))):
                continue
            cell = found.setdefault((x.id, y.id, year), {"a": x, "b": y, "kinds": set(), "rels": [], "srcs": set()})
            cell["kinds"].add((row.kind, arrow))
            cell["rels"].append(row.relation)
            cell["srcs"] |= {c.source for c in row.sources}
    cells: dict[tuple[str, str, int], Cell] = {}
    for (xid, yid, year), c in found.items():
        kinds = {(k, "–" if (k, "→") in c["kinds"] and (k, "←") in c["kinds"] else d) for k, d in c["kinds"]}
        ordered = tuple(sorted(kinds, key=lambda kd: (kinds_order.index(kd[0]), kd[1])))
        cells[(xid, yid, year)] = Cell(c["a"], c["b"], year, ordered, tuple(sorted(set(c["rels"]))), len(c["srcs"]))
    return Coverage(tuple(chosen), first, last, cells)
