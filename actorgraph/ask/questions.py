"""Time-aware questions: who backed or opposed whom, when, according to whom."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pyoxigraph import Literal, NamedNode

from actorgraph.errors import ActorgraphError, ActorNotInPeriod, AmbiguousActor, UnknownActor
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.vocab import (
    ACTOR,
    AG,
    DCT,
    GRAPH,
    ORG,
    PROV,
    RDF,
    RELATION,
    SCHEMA,
    SKOS,
    SOURCE,
    XSD,
    vocabulary,
)
from actorgraph.store.graph import ActorGraph

__all__ = [
    "ActorInfo",
    "Answer",
    "Change",
    "Citation",
    "Profile",
    "RelationRow",
    "actors",
    "actors_existed",
    "all_relations",
    "between",
    "opponents",
    "profile",
    "relations",
    "representative",
    "resolve",
    "supporters",
    "timeline",
]


@dataclass(frozen=True)
class ActorInfo:
    """An actor: id, preferred label, type, aliases and lifespan (partial dates or None)."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    node: str = field(default="", compare=False, repr=False)

    @property
    def iri(self) -> NamedNode:
        return NamedNode(self.node or ACTOR + self.id)

    @property
    def lifespan(self) -> str:
        """The lifespan as text, e.g. ``2017-01-28 to 2025-01-29``; empty when unknown."""
        if not self.start and not self.end:
            return ""
        return f"{self.start or '?'} to {self.end or 'now'}"

    def exists_during(self, period: Period) -> bool:
        """Whether the actor's lifespan can overlap the period."""
        if self.start and PartialDate.parse(self.start).first_day > period.last:
            return False
        return not (self.end and PartialDate.parse(self.end).last_day < period.first)


@dataclass(frozen=True)
class Citation:
    """One source of a claim, with the quote that states it (None for coded datasets)."""

    source: str
    publisher: str
    title: str
    date: str | None
    url: str | None
    quote: str | None
    kind: str | None = None  # wire, news, research, official, dataset, ... (ag:SourceKind keys)
    coverage_end: str | None = None  # a coded dataset: the last year it codes

    @property
    def as_of(self) -> str | None:
        """How late this source speaks: a dataset's last coded year, else its publication date."""
        return self.coverage_end or self.date

    @property
    def credit(self) -> str:
        """Who said it and when, as a citation line starts: ``Associated Press, 2024-11-29``."""
        return f"{self.publisher}, {self.date or 'n.d.'}"

    @property
    def reference(self) -> str:
        """The whole reference: publisher, title, date and address."""
        return f"{self.publisher}, {self.title}, {self.date or 'n.d.'}, {self.url or ''}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.source,
            "publisher": self.publisher,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "quote": self.quote,
            "kind": self.kind,
            "coverage_end": self.coverage_end,
        }


@dataclass(frozen=True)
class RelationRow:
    """One claimed relation, seen from ``subject``'s side; ``other`` is the actor at the far end."""

    relation: str
    kind: str
    subject: ActorInfo
    other: ActorInfo
    outgoing: bool
    types: tuple[str, ...]
    mode: str | None
    start: str | None
    end: str | None
    certainty: str
    as_of: str | None
    agreement: str | None
    note: str | None
    sources: tuple[Citation, ...]

    @property
    def how(self) -> str:
        """How: the support types, the opposition's mode, or the agreement's name.

        >>> rows = {r.relation: r for r in all_relations(open_graph())}
        >>> rows["report-hezbollah-supports-assad-government-since-2015"].how
        'support (type not stated)'
        """
        if self.types:
            return ", ".join(self.types)
        if self.mode:
            return self.mode
        if self.agreement:
            return f"{self.kind}: {self.agreement}"
        if self.kind == vocabulary().key(AG.Support):
            return f"{self.kind} (type not stated)"
        return self.verb

    @property
    def confirmed(self) -> bool:
        """Whether the claim is stated as fact (certainty ag:Confirmed)."""
        return self.certainty == vocabulary().key(AG.Confirmed)

    @property
    def disputed(self) -> bool:
        """Whether the claim is denied or contested (certainty ag:Disputed): it implies no shortcut edge."""
        return self.certainty == vocabulary().key(AG.Disputed)

    @property
    def end_text(self) -> str:
        """The end as a reader takes it: the end, or where knowledge of an open relation stops.

        >>> rows = {r.relation: r for r in all_relations(open_graph())}
        >>> rows["post-russia-supports-assad-government"].end_text
        '2024-12-08'
        >>> rows["report-hezbollah-supports-assad-government-since-2015"].end_text
        'open, as of 2024-11-29'
        """
        if self.end:
            return self.end
        if self.as_of is None:
            return "open, source undated"
        if any(c.coverage_end == self.as_of for c in self.sources):
            return f"to {self.as_of} (dataset ends)"
        return f"open, as of {self.as_of}"

    @property
    def verb(self) -> str:
        """How the relation reads from the subject's side, e.g. ``supported by``."""
        vocab = vocabulary()
        term = vocab.relation_kinds[self.kind]
        return vocab.label(term) if self.outgoing else vocab.inverse_labels.get(term.value, self.kind)

    def to_json(self) -> dict[str, Any]:
        """The row as JSON: keys ``actor``, ``relation``, ``types``, ``start``, ``end``,
        ``certainty``, ``as_of``, ``sources`` and a few more."""
        return {
            "actor": self.other.label,
            "actor_id": self.other.id,
            "relation": self.kind,
            "relation_id": self.relation,
            "direction": "outgoing" if self.outgoing else "incoming",
            "mode": self.mode,
            "types": list(self.types),
            "start": self.start,
            "end": self.end,
            "end_text": self.end_text,
            "certainty": self.certainty,
            "as_of": self.as_of,
            "agreement": self.agreement,
            "note": self.note,
            "sources": [c.to_json() for c in self.sources],
        }


@dataclass(frozen=True)
class Answer:
    """The rows answering a question, with what was asked and how the name was read."""

    question: str
    subject: ActorInfo
    period: Period
    throughout: bool
    rows: tuple[RelationRow, ...]
    notes: tuple[str, ...] = ()

    @property
    def as_of(self) -> str | None:
        """The latest source date behind any row."""
        dates = [r.as_of for r in self.rows if r.as_of]
        return max(dates) if dates else None

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per claim, for a notebook: see :func:`claim_records`."""
        return claim_records(self.rows)

    def to_frame(self) -> Any:
        """One row per claim as a pandas DataFrame with typed columns (needs ``actorgraph[pandas]``):
        see :func:`claims_frame`."""
        return claims_frame(self.rows)


@dataclass(frozen=True)
class Change:
    """A dated change of identity: rename, merger, splinter or succession."""

    id: str
    kind: str
    date: str | None
    original: tuple[ActorInfo, ...]
    resulting: tuple[ActorInfo, ...]
    new_name: str | None
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Profile:
    """What the graph knows of one actor: identity, lineage and how many relations it has."""

    actor: ActorInfo
    type_label: str
    changes: tuple[Change, ...]
    relation_count: int
    sources: tuple[Citation, ...] = field(default=())

    @property
    def predecessors(self) -> list[ActorInfo]:
        return [a for c in self.changes for a in c.original if self.actor in c.resulting and a != self.actor]

    @property
    def successors(self) -> list[ActorInfo]:
        return [a for c in self.changes for a in c.resulting if self.actor in c.original and a != self.actor]


# ---------------------------------------------------------------------------- names


def normalise(name: str) -> str:
    """Fold case, accents, apostrophes and spaces, and drop a leading "the".

    >>> normalise("  The Türkiye’s ")
    "turkiye's"
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’‘`´]", "'", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _partial(value: Any, precision: Any, *, end: bool = False) -> str | None:
    """The partial date text for a stored bound and its precision."""
    if value is None:
        return None
    import datetime as dt

    day = dt.date.fromisoformat(value.value)
    key = vocabulary().keys.get(precision.value, "day") if precision is not None else "day"
    if end and key != "day":
        day = day.replace(day=1) if key == "month" else day.replace(month=1, day=1)
    return str(PartialDate.from_bounds(day, key))


class _ActorIndex(Mapping[str, ActorInfo]):
    """Every actor by id, each read from the store only when first asked for.

    An actor's id is its ``dct:identifier`` (else the end of its IRI). Looking up one actor
    touches only that actor's statements; listing or matching names scans them all, once.
    """

    def __init__(self, graph: ActorGraph) -> None:
        self.graph = graph
        self._nodes: dict[str, NamedNode] | None = None
        self._ids: dict[str, str] = {}
        self._infos: dict[str, ActorInfo] = {}
        self._names: dict[str, set[str]] | None = None

    @property
    def nodes(self) -> dict[str, NamedNode]:
        """Id -> node of every actor (built on first use)."""
        if self._nodes is None:
            nodes: dict[str, NamedNode] = {}
            for quad in self.graph.quads_for_pattern(None, RDF.type, AG.Actor):
                if isinstance(quad.subject, NamedNode):
                    nodes.setdefault(self.id_of(quad.subject), quad.subject)
            self._nodes = nodes
        return self._nodes

    def id_of(self, node: NamedNode) -> str:
        """The id of an actor node."""
        if node.value not in self._ids:
            ident = next(iter(self.graph.quads_for_pattern(node, DCT.identifier, None)), None)
            value = getattr(ident.object, "value", None) if ident is not None else None
            self._ids[node.value] = value if isinstance(value, str) else _local(node.value)
        return self._ids[node.value]

    def find(self, ident: str) -> ActorInfo | None:
        """The actor with this exact id, without scanning every actor."""
        if ident in self._infos:
            return self._infos[ident]
        if self._nodes is None and re.fullmatch(r"[A-Za-z0-9._-]+", ident):
            node = NamedNode(ACTOR + ident)
            typed = next(iter(self.graph.quads_for_pattern(node, RDF.type, AG.Actor)), None)
            if typed is not None and self.id_of(node) == ident:
                self._infos[ident] = self._read(ident, node)
                return self._infos[ident]
        return self[ident] if ident in self.nodes else None

    def __getitem__(self, ident: str) -> ActorInfo:
        if ident not in self._infos:
            self._infos[ident] = self._read(ident, self.nodes[ident])
        return self._infos[ident]

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def by_node(self, node: NamedNode) -> ActorInfo:
        """The actor a node names (a bare stand-in for a node that is no known actor)."""
        if node.value not in self._ids:
            # one read of the node's statements gives its id, whether it is an actor, and the rest
            props = _actor_props(self.graph, node)
            ids = [i.value for i in props.get(DCT.identifier, []) if isinstance(i, Literal)]
            self._ids[node.value] = ids[0] if ids else _local(node.value)
            if AG.Actor not in props.get(RDF.type, []):
                ident = self._ids[node.value]
                self._infos.setdefault(ident, ActorInfo(ident, ident, "", node=node.value))
        ident = self._ids[node.value]
        if ident not in self._infos:
            self._infos[ident] = self._read(ident, node)
        return self._infos[ident]

    def _read(self, ident: str, node: NamedNode) -> ActorInfo:
        vocab = vocabulary()
        props = _actor_props(self.graph, node)

        def one(p: NamedNode) -> Any:
            return props[p][0] if p in props else None

        types = [vocab.keys[t.value] for t in props.get(RDF.type, []) if t.value in vocab.keys]
        label = one(SKOS.prefLabel)
        return ActorInfo(
            ident,
            label.value if label is not None else ident,
            types[0] if types else "",
            tuple(sorted({a.value for a in props.get(SKOS.altLabel, [])})),
            _partial(one(AG.start), one(AG.startPrecision)),
            _partial(one(AG.end), one(AG.endPrecision), end=True),
            node=node.value,
        )

    def names(self) -> dict[str, set[str]]:
        """Normalised name (id, label or alias) -> the ids of the actors that bear it."""
        if self._names is None:
            names: dict[str, set[str]] = {}
            for ident in self.nodes:
                names.setdefault(normalise(ident), set()).add(ident)
            for predicate in (SKOS.prefLabel, SKOS.altLabel):
                for quad in self.graph.quads_for_pattern(None, predicate, None):
                    node, name = quad.subject, quad.object
                    if isinstance(node, NamedNode) and isinstance(name, Literal):
                        ident = self.id_of(node)
                        if ident in self.nodes:
                            names.setdefault(normalise(name.value), set()).add(ident)
            self._names = names
        return self._names


def _index(graph: ActorGraph) -> _ActorIndex:
    cached = getattr(graph, "_actor_index", None)
    if cached is None:
        cached = _ActorIndex(graph)
        graph._actor_index = cached  # type: ignore[attr-defined]
    return cached


def _local(iri: str) -> str:
    return iri[len(ACTOR) :] if iri.startswith(ACTOR) else iri


def _changes(graph: ActorGraph) -> list[Change]:
    cached = getattr(graph, "_changes", None)
    if cached is not None:
        return cached
    index = _index(graph)
    vocab = vocabulary()
    changes = []
    rows = graph.select("SELECT DISTINCT ?c ?kind WHERE { ?c a ?kind . ?kind rdfs:subClassOf+ ag:ChangeEvent }")
    for row in sorted(rows, key=lambda r: r["c"].value):
        node = row["c"]
        props = graph.properties(node)
        date = props.get(AG.date, [None])[0]
        changes.append(
            Change(
                id=node.value.rsplit("/", 1)[-1],
                kind=vocab.keys.get(row["kind"].value, "change"),
                date=_partial(date, props.get(AG.datePrecision, [None])[0]),
                original=tuple(index.by_node(a) for a in props.get(ORG.originalOrganization, [])),
                resulting=tuple(index.by_node(a) for a in props.get(ORG.resultingOrganization, [])),
                new_name=props[AG.newName][0].value if AG.newName in props else None,
                sources=_citations(graph, node),
            )
        )
    changes.sort(key=lambda c: c.date or "")
    graph._changes = changes  # type: ignore[attr-defined]
    return changes


def resolve(graph: ActorGraph, name: str, period: Period | None = None) -> ActorInfo:
    """The actor a name means (id, label or alias), at the time asked about.

    >>> g = open_graph()
    >>> resolve(g, "syrian GOVERNMENT", Period.parse(2016)).id
    'assad-government'
    >>> resolve(g, "Syrian government", Period.parse(2025)).id
    'transitional-government'
    >>> resolve(g, "Türkiye").label
    'Turkey'
    >>> resolve(g, "Hezbolah")
    Traceback (most recent call last):
    ...
    actorgraph.errors.UnknownActor: unknown actor 'Hezbolah'; did you mean 'Hezbollah'?
    """
    index = _index(graph)
    exact = index.find(name)
    if exact is not None:
        return _in_period(graph, exact, period)
    names = index.names()
    ids = names.get(normalise(name), set())
    if not ids:
        close = difflib.get_close_matches(normalise(name), list(names), n=3, cutoff=0.7)
        labels = sorted({index[i].label for c in close for i in names[c]})
        raise UnknownActor(name, labels)
    candidates = _collapse(graph, sorted((index[i] for i in ids), key=lambda a: (a.start or "", a.id)))
    if period is None or period.is_always:
        if len(candidates) == 1:
            return candidates[0]
        raise AmbiguousActor(name, [f"{a.id} ({a.label}, {a.lifespan or 'dates unknown'})" for a in candidates])
    alive = [a for a in candidates if a.exists_during(period)]
    if len(alive) == 1:
        return alive[0]
    if len(alive) > 1:
        raise AmbiguousActor(name, [f"{a.id} ({a.label}, {a.lifespan or 'dates unknown'})" for a in alive])
    actor = candidates[0] if len(candidates) == 1 else min(candidates, key=lambda a: abs(_distance(a, period)))
    raise _not_in_period(graph, actor, period)


def _collapse(graph: ActorGraph, candidates: list[ActorInfo]) -> list[ActorInfo]:
    """Candidates linked by skos:exactMatch are one actor seen by several datasets: keep one,
    the curated actor where there is one (its relations and the linked ones' are all answered)."""
    if len(candidates) < 2:
        return candidates
    groups: list[tuple[set[str], list[ActorInfo]]] = []
    for actor in candidates:
        for same, members in groups:
            if actor.iri.value in same:
                members.append(actor)
                break
        else:
            groups.append(({n.value for n in _same(graph, actor.iri)}, [actor]))

    def curated(actor: ActorInfo) -> bool:
        return any(q.graph_name == GRAPH.curated for q in graph.quads_for_pattern(actor.iri, RDF.type, AG.Actor))

    return [min(members, key=lambda a: (not curated(a), a.id)) for _, members in groups]


def _representative(graph: ActorGraph, actor: ActorInfo) -> ActorInfo:
    """The actor that stands for all those linked to this one by skos:exactMatch (the curated
    one where there is one), so that one actor's rows from several datasets sit together."""
    cache: dict[str, ActorInfo] = graph.__dict__.setdefault("_representatives", {})
    if "_links" not in graph.__dict__:  # most graphs link nothing: then skip the lookups
        graph.__dict__["_links"] = next(graph.quads_for_pattern(None, SKOS.exactMatch, None), None) is not None
    if not graph.__dict__["_links"]:
        return actor
    if actor.id not in cache:
        index = _index(graph)
        # only nodes the store describes as actors: a link may point at an actor not loaded here
        same = [n for n in _same(graph, actor.iri) if AG.Actor in _actor_props(graph, n).get(RDF.type, [])]
        cache[actor.id] = actor if len(same) < 2 else _collapse(graph, [index.by_node(n) for n in same])[0]
    return cache[actor.id]


def _in_period(graph: ActorGraph, actor: ActorInfo, period: Period | None) -> ActorInfo:
    if period is None or period.is_always or actor.exists_during(period):
        return actor
    raise _not_in_period(graph, actor, period)


def _distance(actor: ActorInfo, period: Period) -> int:
    if actor.start and PartialDate.parse(actor.start).first_day > period.last:
        return (PartialDate.parse(actor.start).first_day - period.last).days
    if actor.end:
        return (period.first - PartialDate.parse(actor.end).last_day).days
    return 0


def _not_in_period(graph: ActorGraph, actor: ActorInfo, period: Period) -> ActorNotInPeriod:
    before = bool(actor.start and PartialDate.parse(actor.start).first_day > period.last)
    related: list[tuple[ActorInfo, Change]] = []
    for change in _changes(graph):
        if before and actor in change.resulting:
            related += [(a, change) for a in change.original if a != actor]
        if not before and actor in change.original:
            related += [(a, change) for a in change.resulting if a != actor]
    when = f"it dates from {actor.start}" if before else f"it ended {actor.end}"
    message = f"{actor.label} did not exist in {period.label} ({when})"
    if related:
        links = "; ".join(
            f"{'before' if before else 'after'} it: {a.label} [{a.id}], {c.kind} {c.date or ''}".rstrip()
            for a, c in related
        )
        message += f"; {links}"
    return ActorNotInPeriod(message, [a.id for a, _ in related])


# ---------------------------------------------------------------------------- relations

# One direction at a time: ?subject is bound to the actor (or one it is the same as), #SIDE
# is ag:target for incoming relations and ag:actor for outgoing ones. (No "?rel a ag:Relation":
# only relations have ag:actor/ag:target, and that pattern would make the engine scan them all.)
_MATCH = """
SELECT DISTINCT ?rel ?other ?subject #VARS WHERE {
  ?rel #SIDE ?subject ; #OTHER ?other .
  #KIND
  #TIME
}
"""


def _same(graph: ActorGraph, node: NamedNode) -> list[NamedNode]:
    """The node and every node linked to it by skos:exactMatch, either way, transitively."""
    seen = {node.value: node}
    todo = [node]
    while todo:
        current = todo.pop()
        linked = [q.object for q in graph.quads_for_pattern(current, SKOS.exactMatch, None)]
        linked += [q.subject for q in graph.quads_for_pattern(None, SKOS.exactMatch, current)]
        for other in linked:
            if isinstance(other, NamedNode) and other.value not in seen:
                seen[other.value] = other
                todo.append(other)
    return list(seen.values())


_POSSIBLY = """
  OPTIONAL { ?rel ag:start ?s }
  OPTIONAL { ?rel ag:end ?e }
  FILTER((!BOUND(?s) || ?s <= ?last) && (!BOUND(?e) || ?e >= ?first))
"""

_THROUGHOUT = """
  ?rel ag:latestStart ?ls .
  FILTER(?ls <= ?first)
  OPTIONAL { ?rel ag:earliestEnd ?ee }
  OPTIONAL {
    SELECT ?rel (MAX(?d) AS ?asOf) WHERE {
      ?rel ag:citation/prov:entity|prov:wasDerivedFrom ?src .
      OPTIONAL { ?src ag:coverageEnd ?covered }
      OPTIONAL { ?src dct:date ?published }
      BIND(COALESCE(?covered, ?published) AS ?d)
      FILTER(BOUND(?d))
    } GROUP BY ?rel
  }
  FILTER((BOUND(?ee) && ?ee >= ?last) || (!BOUND(?ee) && BOUND(?asOf) && ?asOf >= ?last))
"""


def _date(day: Any) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def relations(
    graph: ActorGraph,
    name: str,
    period: Period | str | int | None = None,
    *,
    kind: str | None = None,
    incoming: bool | None = None,
    throughout: bool = False,
) -> Answer:
    """Every relation of an actor, optionally of one kind, direction and period.

    ``period`` is read *possibly during* (the relation's bounds overlap it) unless
    ``throughout`` asks for relations known to cover all of it.

    >>> g = open_graph()
    >>> answer = relations(g, "HTS", 2024, kind="leadership")
    >>> [(r.verb, r.other.label) for r in answer]
    [('leadership', 'Syrian opposition factions')]
    """
    when = _period(period)
    subject = resolve(graph, name, None if when.is_always else when)
    vocab = vocabulary()
    base = _MATCH.replace("#KIND", "?rel a ?kind ." if kind else "")
    base = base.replace("#VARS", ("?kind " if kind else "") + ("" if when.is_always else "?first ?last"))
    if not when.is_always:
        base = base.replace("#TIME", _THROUGHOUT if throughout else _POSSIBLY)
    bindings: dict[str, Any] = {}
    if kind:
        bindings["kind"] = vocab.relation_kinds[kind]
    if not when.is_always:
        bindings["first"] = _date(max(when.first, _MIN_DAY))
        bindings["last"] = _date(min(when.last, _MAX_DAY))
    directions = [False, True] if incoming is None else [not incoming]
    matches: list[tuple[ActorInfo, NamedNode, NamedNode, bool]] = []
    for node in _same(graph, subject.iri):
        for outgoing in directions:
            side, far = ("ag:actor", "ag:target") if outgoing else ("ag:target", "ag:actor")
            query = base.replace("#SIDE", side).replace("#OTHER", far)
            found = graph.select(query, {**bindings, "subject": node})
            matches += [(subject, r["rel"], r["other"], outgoing) for r in found]
    rows = [replace(r, other=_representative(graph, r.other)) for r in _rows(graph, matches)]
    gone = [] if when.is_always else [r for r in rows if not actors_existed(r, when)]
    rows = [r for r in rows if r not in gone]
    rows.sort(key=lambda r: (r.other.label.casefold(), r.start or "", r.relation))
    reading = "throughout" if throughout else "possibly during"
    what = kind or "relations"
    question = f"{what} of {subject.label}" + ("" if when.is_always else f", {reading} {when.label}")
    notes = []
    if normalise(name) not in (normalise(subject.label), subject.id):
        notes.append(
            f"{name!r} read as {subject.label} [{subject.id}]" + ("" if when.is_always else f" for {when.label}")
        )
    if gone:
        names = ", ".join(sorted({r.other.label for r in gone}))
        notes.append(f"{len(gone)} claim(s) left out: {names} did not exist in {when.label}")
    return Answer(question, subject, when, throughout, tuple(rows), tuple(notes))


_ALL = """
SELECT DISTINCT ?rel ?subject ?other #VARS WHERE {
  ?rel ag:actor ?subject ; ag:target ?other .
  #KIND
  #TIME
}
"""


def all_relations(
    graph: ActorGraph,
    period: Period | str | int | None = None,
    *,
    kind: str | None = None,
    throughout: bool = False,
) -> list[RelationRow]:
    """Every relation in the graph (from its actor's side), optionally of one kind and period.

    This is the one door for views of the whole graph: diagrams, snapshots and exports.

    >>> rows = all_relations(open_graph(), 2016, kind="support")
    >>> ("Russia", "Government of Syria (Assad)") in {(r.subject.label, r.other.label) for r in rows}
    True
    """
    when = _period(period)
    query = _ALL.replace("#KIND", "?rel a ?kind ." if kind else "")
    query = query.replace("#VARS", ("?kind " if kind else "") + ("" if when.is_always else "?first ?last"))
    if not when.is_always:
        query = query.replace("#TIME", _THROUGHOUT if throughout else _POSSIBLY)
    bindings: dict[str, Any] = {}
    if kind:
        bindings["kind"] = vocabulary().relation_kinds[kind]
    if not when.is_always:
        bindings["first"] = _date(max(when.first, _MIN_DAY))
        bindings["last"] = _date(min(when.last, _MAX_DAY))
    index = _index(graph)
    found = graph.select(query, bindings)
    _prefetch(graph, [r["subject"] for r in found], "_actor_props")
    rows = _rows(graph, [(index.by_node(r["subject"]), r["rel"], r["other"], True) for r in found])
    rows.sort(key=lambda r: (r.subject.label.casefold(), r.other.label.casefold(), r.start or "", r.relation))
    return rows


def actors_existed(row: RelationRow, period: Period) -> bool:
    """Whether both actors of a relation can have existed during a period: a relation cannot
    hold while one of its actors did not exist, whatever its own open end says.

    >>> rows = {r.relation: r for r in all_relations(open_graph())}
    >>> row = rows["post-russia-supports-assad-government"]
    >>> actors_existed(row, Period.parse(2016)), actors_existed(row, Period.parse(2025))
    (True, False)
    """
    return row.subject.exists_during(period) and row.other.exists_during(period)


def supporters(
    graph: ActorGraph, name: str, period: Period | str | int | None = None, *, throughout: bool = False
) -> Answer:
    """Who backed an actor over a period (a year, month, day, or :class:`Period`).

    >>> g = open_graph()
    >>> answer = supporters(g, "Syrian government", 2016)
    >>> answer.subject.id
    'assad-government'
    >>> sorted({row.other.label for row in answer} & {"Russia", "Iran", "Hezbollah", "Turkey"})
    ['Hezbollah', 'Iran', 'Russia']
    """
    return relations(graph, name, period, kind="support", incoming=True, throughout=throughout)


def opponents(
    graph: ActorGraph, name: str, period: Period | str | int | None = None, *, throughout: bool = False
) -> Answer:
    """Who opposed an actor (fought, designated or sanctioned it) over a period, in either direction.

    >>> g = open_graph()
    >>> "Syrian opposition factions" in {row.other.label for row in opponents(g, "Assad government", 2016)}
    True
    """
    return relations(graph, name, period, kind="opposition", throughout=throughout)


def timeline(graph: ActorGraph, name: str) -> tuple[Profile, list[RelationRow]]:
    """An actor's profile and all its relations in order of start (unknown starts first).

    >>> g = open_graph()
    >>> prof, rows = timeline(g, "hts")
    >>> prof.actor.label
    'Hayat Tahrir al-Sham'
    >>> starts = [r.start for r in rows if r.start]
    >>> starts == sorted(starts)
    True
    """
    answer = relations(graph, name)
    rows = sorted(answer.rows, key=lambda r: (r.start or "", r.end or "9999", r.other.label))
    return profile(graph, answer.subject.id), rows


def profile(graph: ActorGraph, name: str, period: Period | str | int | None = None) -> Profile:
    """Type, aliases, lifespan and lineage of an actor.

    >>> p = profile(open_graph(), "Jabhat Fateh al-Sham")
    >>> p.actor.id, [a.id for a in p.successors]
    ('jabhat-al-nusra', ['hts'])
    """
    when = _period(period)
    actor = resolve(graph, name, None if when.is_always else when)
    vocab = vocabulary()
    type_term = vocab.actor_types.get(actor.type)
    changes = tuple(c for c in _changes(graph) if actor in c.original or actor in c.resulting)
    count = len(
        graph.select(
            "SELECT DISTINCT ?rel ?a WHERE { { ?rel ag:actor ?a } UNION { ?rel ag:target ?a } }", {"a": actor.iri}
        )
    )
    return Profile(
        actor, vocab.label(type_term) if type_term else actor.type, changes, count, _citations(graph, actor.iri)
    )


def actors(graph: ActorGraph) -> list[ActorInfo]:
    """Every actor, sorted by label.

    >>> [a.id for a in actors(open_graph()) if a.label.startswith("Hay")]
    ['hts']
    """
    return sorted(_index(graph).values(), key=lambda a: a.label.casefold())


_MIN_DAY = PartialDate(1).first_day
_MAX_DAY = PartialDate(9999).last_day


def _period(period: Period | str | int | None) -> Period:
    if period is None:
        return Period.always()
    if isinstance(period, Period):
        return period
    return Period.parse(period)


def _props(graph: ActorGraph, node: NamedNode) -> dict[NamedNode, list[Any]]:
    """A node's properties, from the per-graph cache that :func:`_prefetch` fills."""
    cache: dict[str, dict[NamedNode, list[Any]]] = graph.__dict__.setdefault("_props", {})
    if node.value not in cache:
        cache[node.value] = graph.properties(node)
    return cache[node.value]


def _prefetch(graph: ActorGraph, nodes: list[NamedNode], cache_name: str = "_props") -> list[NamedNode]:
    """Load the properties of many nodes at once; returns the nodes."""
    cache: dict[str, dict[NamedNode, list[Any]]] = graph.__dict__.setdefault(cache_name, {})
    missing = [n for n in nodes if n.value not in cache]
    if len(missing) > 8:
        if cache_name == "_actor_props":
            cache.update(_with_precisions(graph, graph.describe(missing, _ACTOR_FIELDS)))
        else:
            cache.update(graph.describe(missing))
    return nodes


#: what an answer needs of an actor: an actor is the subject of many derived edges (one per
#: actor it supports or opposes), so reading all its statements would cost far more. The
#: precisions are read only for the bounds an actor has.
_ACTOR_FIELDS = (
    RDF.type,
    DCT.identifier,
    SKOS.prefLabel,
    SKOS.altLabel,
    AG.start,
    AG.end,
)
_PRECISIONS = {AG.start: AG.startPrecision, AG.end: AG.endPrecision}


def _actor_props(graph: ActorGraph, node: NamedNode) -> dict[NamedNode, list[Any]]:
    """An actor's identifying statements (see ``_ACTOR_FIELDS``), cached like :func:`_props`."""
    cache: dict[str, dict[NamedNode, list[Any]]] = graph.__dict__.setdefault("_actor_props", {})
    if node.value not in cache:
        cache[node.value] = _with_precisions(graph, {node.value: graph.properties(node, _ACTOR_FIELDS)})[node.value]
    return cache[node.value]


def _with_precisions(
    graph: ActorGraph, found: dict[str, dict[NamedNode, list[Any]]]
) -> dict[str, dict[NamedNode, list[Any]]]:
    """Add the precision of each date bound the actors have (read only where there is one)."""
    for node, props in found.items():
        wanted = [_PRECISIONS[bound] for bound in _PRECISIONS if bound in props]
        if wanted:
            props.update(graph.properties(NamedNode(node), wanted))
    return found


def _source(graph: ActorGraph, node: NamedNode) -> dict[str, Any]:
    cache: dict[str, dict[str, Any]] = graph.__dict__.setdefault("_sources", {})
    if node.value not in cache:
        props = _props(graph, node)

        def first(p: NamedNode) -> str | None:
            return props[p][0].value if p in props else None

        date = _partial(props.get(DCT.date, [None])[0], props.get(AG.datePrecision, [None])[0])
        coverage = first(AG.coverageEnd)
        kind = props[AG.sourceKind][0].value if AG.sourceKind in props else None
        cache[node.value] = {
            "source": first(DCT.identifier) or node.value.removeprefix(SOURCE),
            "publisher": first(DCT.publisher) or "",
            "title": first(DCT.title) or "",
            "date": date,
            "url": first(SCHEMA.url),
            "kind": vocabulary().keys.get(kind) if kind else None,
            "coverage_end": coverage[:4] if coverage else None,
        }
    return cache[node.value]


def _cite_order(cite: NamedNode) -> tuple[str, int]:
    base, _, number = cite.value.rpartition("#cite-")
    return (base, int(number)) if number.isdigit() else (cite.value, 0)


def _citations(graph: ActorGraph, node: NamedNode) -> tuple[Citation, ...]:
    cites = []
    cited = set()
    for cite in sorted(_props(graph, node).get(AG.citation, []), key=_cite_order):
        props = _props(graph, cite)
        for src in props.get(PROV.entity, []):
            cited.add(src.value)
            quote = props[AG.quote][0].value if AG.quote in props else None
            cites.append(Citation(**_source(graph, src), quote=quote))
    for src in sorted(_props(graph, node).get(PROV.wasDerivedFrom, []), key=str):
        if src.value not in cited:
            cites.append(Citation(**_source(graph, src), quote=None))
    return tuple(cites)


def _rows(graph: ActorGraph, found: list[tuple[ActorInfo, NamedNode, NamedNode, bool]]) -> list[RelationRow]:
    """Relation rows for (subject, relation, other actor, outgoing) matches, read in batches."""
    rels = _prefetch(graph, [rel for _, rel, _, _ in found])
    cites = _prefetch(graph, [c for r in rels for c in _props(graph, r).get(AG.citation, [])])
    _prefetch(
        graph,
        [s for c in cites for s in _props(graph, c).get(PROV.entity, [])]
        + [s for r in rels for s in _props(graph, r).get(PROV.wasDerivedFrom, [])],
    )
    _prefetch(graph, [other for _, _, other, _ in found], "_actor_props")
    return [_row(graph, subject, rel, other, outgoing) for subject, rel, other, outgoing in found]


def _row(graph: ActorGraph, subject: ActorInfo, rel: NamedNode, other: NamedNode, outgoing: bool) -> RelationRow:
    vocab = vocabulary()
    index = _index(graph)
    props = _props(graph, rel)
    kinds = [vocab.keys[t.value] for t in props.get(RDF.type, []) if t.value in vocab.keys]

    def first(p: NamedNode) -> Any:
        return props[p][0] if p in props else None

    sources = _citations(graph, rel)
    end = _partial(first(AG.end), first(AG.endPrecision), end=True)
    as_of = None if end else max(filter(None, (c.as_of for c in sources)), default=None)
    order = list(vocab.support_types)
    types = sorted(
        (vocab.keys[t.value] for t in props.get(AG.supportType, []) if t.value in vocab.keys), key=order.index
    )
    return RelationRow(
        relation=rel.value.removeprefix(RELATION),
        kind=kinds[0] if kinds else "relation",
        subject=subject,
        other=index.by_node(other),
        outgoing=outgoing,
        types=tuple(types),
        mode=vocab.keys.get(first(AG.mode).value) if AG.mode in props else None,
        start=_partial(first(AG.start), first(AG.startPrecision)),
        end=end,
        certainty=vocab.keys.get(first(AG.certainty).value, "") if AG.certainty in props else "",
        as_of=as_of,
        agreement=first(AG.agreementName).value if AG.agreementName in props else None,
        note=first(SKOS.note).value if SKOS.note in props else None,
        sources=sources,
    )


# ---------------------------------------------------------------------------- two actors


def between(
    graph: ActorGraph,
    a: str,
    b: str,
    period: Period | str | int | None = None,
    *,
    kind: str | None = None,
    throughout: bool = False,
) -> Answer:
    """Every relation between two actors, in both directions, in order of time (unknown starts first).

    Asked over all time, a name that several actors bore in turn ("Syrian government") stands
    for each of them.

    >>> answer = between(open_graph(), "Russia", "Syrian government", 2016)
    >>> answer.question
    'relations between Russia and Government of Syria (Assad), possibly during 2016'
    >>> sorted({(r.subject.id, r.kind, r.other.id, r.outgoing) for r in answer})
    [('russia', 'support', 'assad-government', True)]
    >>> sorted({r.other.id for r in between(open_graph(), "Russia", "Syrian government")})
    ['assad-government', 'transitional-government']
    """
    when = _period(period)
    firsts, seconds = _bearers(graph, a, when), _bearers(graph, b, when)
    wanted = {x.id for x in seconds}
    rows: list[RelationRow] = []
    notes: list[str] = []
    for first in firsts:
        answer = relations(graph, first.id, period, kind=kind, throughout=throughout)
        rows += [r for r in answer.rows if r.other.id in wanted]
        notes += [n for n in answer.notes if any(x.label in n for x in seconds)]
    rows.sort(key=lambda r: (r.start or "", r.end or "9999", r.relation))
    for name, bearers in ((a, firsts), (b, seconds)):
        if len(bearers) > 1 or normalise(name) not in (normalise(bearers[0].label), bearers[0].id):
            read = " and ".join(
                f"{x.label} [{x.id}]" + (f", {x.lifespan}" if len(bearers) > 1 else "") for x in bearers
            )
            notes.insert(0, f"{name!r} read as {read}" + ("" if when.is_always else f" for {when.label}"))
    reading = "throughout" if throughout else "possibly during"
    question = f"relations between {' / '.join(x.label for x in firsts)} and {' / '.join(x.label for x in seconds)}"
    question += "" if when.is_always else f", {reading} {when.label}"
    return Answer(question, firsts[0], when, throughout, tuple(rows), tuple(notes))


def _bearers(graph: ActorGraph, name: str, when: Period) -> list[ActorInfo]:
    """The actor a name means then; over all time, every actor that bore it in turn."""
    try:
        return [resolve(graph, name, None if when.is_always else when)]
    except AmbiguousActor as exc:
        if not when.is_always:
            raise
        return [resolve(graph, candidate.split(" ", 1)[0]) for candidate in exc.candidates]


def representative(graph: ActorGraph, actor: ActorInfo) -> ActorInfo:
    """The actor that stands for this one and every copy of it in other datasets (linked by
    skos:exactMatch): the curated one where there is one, so that views draw one actor once.

    >>> hts = resolve(open_graph(), "HTS")
    >>> representative(open_graph(), hts) == hts
    True
    """
    return _representative(graph, actor)


# ---------------------------------------------------------------------------- records for notebooks

#: The keys of :func:`claim_records`, in order.
RECORD_FIELDS = (
    "subject",
    "subject_id",
    "actor",
    "actor_id",
    "direction",
    "relation",
    "mode",
    "types",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "open",
    "as_of",
    "certainty",
    "agreement",
    "sources",
    "source_ids",
    "publishers",
    "relation_id",
    "note",
)


def _iso(text: str | None, *, last: bool = False) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    date = PartialDate.parse(text)
    return (date.last_day if last else date.first_day).isoformat(), date.precision


def claim_records(rows: Iterable[RelationRow]) -> list[dict[str, Any]]:
    """Claims as plain dicts: ISO dates (a start's first possible day, an end's last) beside
    their precision, counts as numbers, names and ids as text, no objects.

    >>> records = supporters(open_graph(), "Syrian government", 2016).to_records()
    >>> russia = next(r for r in records if r["relation_id"] == "post-russia-supports-assad-government")
    >>> russia["actor"], russia["direction"], russia["start"], russia["start_precision"], russia["end"]
    ('Russia', 'incoming', '2015-09-30', 'day', '2024-12-08')
    >>> since_2015 = "report-hezbollah-supports-assad-government-since-2015"
    >>> hezbollah = next(r for r in records if r["relation_id"] == since_2015)
    >>> hezbollah["start"], hezbollah["start_precision"], hezbollah["open"], hezbollah["as_of"]
    ('2015-01-01', 'year', True, '2024-11-29')
    """
    records = []
    for r in rows:
        start, start_precision = _iso(r.start)
        end, end_precision = _iso(r.end, last=True)
        records.append(
            {
                "subject": r.subject.label,
                "subject_id": r.subject.id,
                "actor": r.other.label,
                "actor_id": r.other.id,
                "direction": "outgoing" if r.outgoing else "incoming",
                "relation": r.kind,
                "mode": r.mode,
                "types": list(r.types),
                "start": start,
                "start_precision": start_precision,
                "end": end,
                "end_precision": end_precision,
                "open": r.end is None,
                "as_of": _iso(r.as_of)[0],
                "certainty": r.certainty,
                "agreement": r.agreement,
                "sources": len(r.sources),
                "source_ids": [c.source for c in r.sources],
                "publishers": [c.publisher for c in r.sources],
                "relation_id": r.relation,
                "note": r.note,
            }
        )
    return records


def claims_frame(rows: Iterable[RelationRow]) -> Any:
    """Claims as a pandas DataFrame, one row per claim: dates as datetimes (NaT when unknown),
    precisions, kinds and certainties as categories, ``open`` a boolean, ``sources`` an integer.

    >>> frame = supporters(open_graph(), "Syrian government", 2016).to_frame()
    >>> str(frame["start"].dtype).startswith("datetime64"), str(frame["sources"].dtype), str(frame["open"].dtype)
    (True, 'int64', 'bool')
    """
    try:
        import pandas as pd
    except ImportError:
        raise ActorgraphError("to_frame() needs pandas: pip install 'actorgraph[pandas]'") from None
    frame = pd.DataFrame.from_records(claim_records(rows), columns=list(RECORD_FIELDS))
    for column in ("start", "end", "as_of"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    for column in ("direction", "relation", "mode", "certainty", "start_precision", "end_precision"):
        frame[column] = frame[column].astype("category")
    return frame.astype({"open": bool, "sources": "int64"})
