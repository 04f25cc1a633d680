"""The extractor's one door into the rest of actorgraph: names, time-aware resolution, known relations."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from actorgraph.ask.questions import actors, all_relations, normalise, resolve
from actorgraph.errors import ActorgraphError, ActorNotInPeriod, AmbiguousActor, BadDate, UnknownActor
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import vocabulary
from actorgraph.present.rows import Block, Column, Table, Verbatim, View
from actorgraph.present.rows import render as render_view
from actorgraph.store.graph import open_graph
from actorgraph.store.protocol import Graph

__all__ = [
    "Actor",
    "Block",
    "Column",
    "Graph",
    "ActorgraphError",
    "BadDate",
    "GraphView",
    "Known",
    "PartialDate",
    "Vocabulary",
    "normalise",
    "open_graph",
    "period_bounds",
    "relative_to",
    "render_view",
    "Table",
    "Verbatim",
    "View",
    "vocab_keys",
]


@dataclass(frozen=True)
class Actor:
    """An actor of the graph as the extractor needs it."""

    id: str
    label: str
    type: str


@dataclass(frozen=True)
class Known:
    """A relation already in the graph, from its actor's side."""

    id: str
    kind: str
    actor: str
    target: str
    mode: str | None
    start: str | None
    end: str | None
    as_of: str | None


@dataclass(frozen=True)
class Vocabulary:
    """The ontology's keys the extractor checks its lexicon against."""

    relation_kinds: tuple[str, ...]
    modes: tuple[str, ...]
    support_types: tuple[str, ...]
    actor_types: tuple[str, ...]
    certainties: tuple[str, ...]


@functools.cache
def vocab_keys() -> Vocabulary:
    """The relation kinds, modes, support types, actor types and certainties the ontology defines.

    >>> "support" in vocab_keys().relation_kinds and "weapons" in vocab_keys().support_types
    True
    """
    vocab = vocabulary()
    return Vocabulary(
        tuple(vocab.relation_kinds),
        tuple(vocab.modes),
        tuple(vocab.support_types),
        tuple(vocab.actor_types),
        tuple(vocab.certainties),
    )


class GraphView:
    """What the extractor asks of a graph: its names, who a name meant on a day, what it already holds.

    >>> view = GraphView(open_graph())
    >>> view.resolve(["Syrian government"], "2016").id, view.resolve(["Syrian government"], "2025").id
    ('assad-government', 'transitional-government')
    >>> view.resolve(["Wagner Group"], "2016") is None
    True
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._actors = {a.id: a for a in actors(graph)}
        # the names the graph knows: any other word is no actor, without asking resolve() for suggestions
        self._names = {normalise(n) for a in self._actors.values() for n in (a.id, a.label, *a.aliases)}
        self._cache: dict[tuple[str, str], Actor | None] = {}
        self._known: dict[frozenset[str], list[Known]] | None = None

    def names(self) -> list[str]:
        """Every label and alias of every actor (the words a report may name them by)."""
        found = []
        for actor in self._actors.values():
            found += [actor.label, *actor.aliases]
        return sorted(set(found))

    def actor(self, ident: str) -> Actor:
        """The actor with this id."""
        info = self._actors[ident]
        return Actor(info.id, info.label, info.type)

    def resolve(self, names: Sequence[str], day: str | None) -> Actor | None:
        """The actor the first of ``names`` the graph knows meant on ``day`` (a partial date), or None."""
        for name in names:
            key = (name, day or "")
            if key not in self._cache:
                self._cache[key] = self._resolve(name, day)
            if self._cache[key] is not None:
                return self._cache[key]
        return None

    def _resolve(self, name: str, day: str | None) -> Actor | None:
        if normalise(name) not in self._names:
            return None
        period = Period.parse(day) if day else None
        try:
            info = resolve(self.graph, name, period)
        except ActorNotInPeriod:
            # a name read at a time its actor did not exist: keep the actor the name means at all
            try:
                info = resolve(self.graph, name)
            except ActorgraphError:
                return None
        except AmbiguousActor:
            # "December 2024" saw both governments of Syria: a relation is read from its first day
            if period is None or period.first == period.last:
                return None
            return self._resolve_on(name, period.first)
        except UnknownActor:
            return None
        return Actor(info.id, info.label, info.type)

    def source_ids(self) -> set[str]:
        """The ids of every source in the graph."""
        rows = self.graph.select("SELECT ?id WHERE { ?s a ag:Source ; dct:identifier ?id }")
        return {row["id"].value for row in rows}

    def actor_type(self, names: Sequence[str], day: str | None) -> str | None:
        """The type of the actor a name meant on a day (``aggregate``, ``state`` ...), or None."""
        actor = self.resolve(names, day)
        return actor.type if actor else None

    def _resolve_on(self, name: str, day: dt.date) -> Actor | None:
        try:
            info = resolve(self.graph, name, Period.parse(day.isoformat()))
        except ActorgraphError:
            return None
        return Actor(info.id, info.label, info.type)

    def relation_ids(self) -> set[str]:
        """The ids of every relation in the graph."""
        return {k.id for group in self._relations().values() for k in group}

    def known(self, a: str, b: str) -> list[Known]:
        """The relations in the graph between two actors, either way."""
        return list(self._relations().get(frozenset((a, b)), []))

    def _relations(self) -> dict[frozenset[str], list[Known]]:
        if self._known is None:
            found: dict[frozenset[str], list[Known]] = {}
            for row in all_relations(self.graph):
                known = Known(
                    row.relation, row.kind, row.subject.id, row.other.id, row.mode, row.start, row.end, row.as_of
                )
                found.setdefault(frozenset((row.subject.id, row.other.id)), []).append(known)
            self._known = found
        return self._known


def period_bounds(start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The first and last possible day of a period written as partial dates (open sides unbounded).

    >>> period_bounds("2016", None)
    (datetime.date(2016, 1, 1), datetime.date(9999, 12, 31))
    """
    first = PartialDate.parse(start).first_day if start else dt.date.min
    last = PartialDate.parse(end).last_day if end else dt.date.max
    return first, last


def relative_to(path: Path, root: Path) -> str:
    """``path`` written relative to ``root`` with forward slashes (both resolved first)."""
    return path.resolve().relative_to(root.resolve()).as_posix()
