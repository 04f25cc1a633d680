"""Time-aware questions: who backed or opposed whom, when, according to whom."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

from actorgraph.ask.sourcing import SourceFilter, SourceView, chosen
from actorgraph.errors import ActorgraphError, ActorNotInPeriod, AmbiguousActor, CutAnswer, UnknownActor
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
from actorgraph.store.protocol import Graph

__all__ = [
    "ActorInfo",
    "Answer",
    "Change",
    "Citation",
    "Profile",
    "RelationRow",
    "Tenure",
    "actors",
    "actors_existed",
    "all_relations",
    "between",
    "kept_to",
    "opponents",
    "profile",
    "relations",
    "representative",
    "resolve",
    "supporters",
    "tenures",
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
class Tenure:
    """A person's time at the head of an actor: their name, the actor's id, and when they led it
    (partial dates; no end while they lead it still). The name stands for the actor then only.

    >>> bashar = Tenure("Bashar al-Assad", "assad-government", "2000", "2024-12-08")
    >>> bashar.span, bashar.during(Period.parse(2016)), bashar.during(Period.parse(2025))
    ('from 2000 to 2024-12-08', True, False)
    """

    name: str
    actor: str
    start: str | None = None
    end: str | None = None

    @property
    def span(self) -> str:
        """When, in words: ``from 2000 to 2024-12-08``, ``since 2000``."""
        if self.end is None:
            return f"since {self.start}" if self.start else "(dates unknown)"
        return f"from {self.start or '?'} to {self.end}"

    @property
    def period(self) -> Period:
        """The days the tenure can have covered."""
        return Period.between(self.start, self.end)

    def during(self, period: Period) -> bool:
        """Whether the tenure can overlap the period."""
        return self.period.first <= period.last and self.period.last >= period.first


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
    text = " ".join(text.translate(_APOSTROPHES).casefold().split())
    return text.removeprefix("the ")


_APOSTROPHES = str.maketrans(dict.fromkeys("’‘`´", "'"))


def _partial(value: Any, precision: Any, *, end: bool = False) -> str | None:
    """The partial date text for a stored bound and its precision."""
    if value is None:
        return None
    return _partial_text(value.value, precision.value if precision is not None else None, end)


@functools.lru_cache(maxsize=4096)
def _partial_text(value: str, precision: str | None, end: bool) -> str:
    # a graph holds few distinct dates, and every row reads two: work each out once
    import datetime as dt

    day = dt.date.fromisoformat(value)
    key = vocabulary().keys.get(precision, "day") if precision is not None else "day"
    if end and key != "day":
        day = day.replace(day=1) if key == "month" else day.replace(month=1, day=1)
    return str(PartialDate.from_bounds(day, key))


def _local(iri: str) -> str:
    return iri[len(ACTOR) :] if iri.startswith(ACTOR) else iri


# ---------------------------------------------------------------------------- reading
#
# An answer is read in a small, fixed number of queries, whatever its size: the matching
# relations; their statements with their citations'; the statements of the sources and actors
# they name. Only the fields an answer shows are read: an actor is the subject of many derived
# edges (one per actor it supports or opposes), so reading all its statements would cost far
# more. What is read is kept in the graph's cache, which the graph empties when it changes.

Props = dict[NamedNode, list[Any]]

_ACTOR_FIELDS = (
    RDF.type,
    DCT.identifier,
    SKOS.prefLabel,
    SKOS.altLabel,
    AG.start,
    AG.startPrecision,
    AG.end,
    AG.endPrecision,
)
_RELATION_FIELDS = (
    RDF.type,
    AG.supportType,
    AG.mode,
    AG.start,
    AG.startPrecision,
    AG.end,
    AG.endPrecision,
    AG.certainty,
    AG.agreementName,
    SKOS.note,
    AG.citation,
    PROV.wasDerivedFrom,
)
_CHANGE_FIELDS = (
    AG.date,
    AG.datePrecision,
    ORG.originalOrganization,
    ORG.resultingOrganization,
    AG.newName,
    AG.citation,
    PROV.wasDerivedFrom,
)
_TENURE_FIELDS = (AG.leaderName, AG.start, AG.startPrecision, AG.end, AG.endPrecision)
_CITED_FIELDS = (AG.citation, PROV.wasDerivedFrom)
_CITATION_FIELDS = (PROV.entity, AG.quote)
_SOURCE_FIELDS = (
    DCT.identifier,
    DCT.publisher,
    DCT.title,
    DCT.date,
    AG.datePrecision,
    SCHEMA.url,
    AG.sourceKind,
    AG.coverageEnd,
)


def _values(var: str, terms: Iterable[Any]) -> str:
    """A VALUES block binding ``var`` to each term, written in N-Triples syntax (escaped by pyoxigraph)."""
    return f"VALUES ?{var} {{ {' '.join(str(t) for t in terms)} }}"


def _among(var: str, terms: Iterable[Any]) -> str:
    """A filter keeping ``var`` to the terms (a VALUES block of predicates makes the engine scan every statement)."""
    return f"FILTER(?{var} IN ({', '.join(str(t) for t in terms)}))"


def _batched_rows(
    graph: Graph, nodes: Sequence[NamedNode], query: Callable[[Sequence[NamedNode]], str]
) -> Iterator[Any]:
    """The rows of ``query(batch)`` for the nodes in as few batches as the graph takes in one VALUES block;
    a batch whose answer an endpoint cuts at its row limit is asked again in halves (a cut answer is never
    taken as whole)."""
    size = max(1, graph.max_values)
    pending = [nodes[i : i + size] for i in range(0, len(nodes), size)]
    while pending:
        batch = pending.pop(0)
        try:
            rows = graph.rows(query(batch))
        except CutAnswer:
            if len(batch) == 1:
                raise
            half = len(batch) // 2
            pending[:0] = [batch[:half], batch[half:]]
            continue
        yield from rows


def _gather(found: dict[str, Props], rows: Iterable[tuple[Any, Any, Any]]) -> dict[str, Props]:
    """(node, predicate, object) rows grouped by node, in the order read, without repeats."""
    for node, predicate, value in rows:
        props = found.get(node.value)
        if props is None:
            props = found[node.value] = {}
        objects = props.get(predicate)
        if objects is None:
            props[predicate] = [value]
        elif value not in objects:  # the same statement may stand in several graphs
            objects.append(value)
    return found


def _named(nodes: Iterable[Any]) -> tuple[list[NamedNode], list[BlankNode]]:
    """The nodes each once, named ones (read many to a query) and blank ones apart."""
    named, blank = [], []
    for node in dict.fromkeys(nodes):
        if isinstance(node, NamedNode):
            named.append(node)
        elif isinstance(node, BlankNode):
            blank.append(node)
    return named, blank


def _read(graph: Graph, nodes: Iterable[Any], fields: Sequence[NamedNode]) -> dict[str, Props]:
    """The ``fields`` of many nodes in one query (a node without any is left out)."""
    named, blank = _named(nodes)
    found: dict[str, Props] = {}
    where = f"?s ?p ?o {_among('p', fields)}"
    rows = _batched_rows(graph, named, lambda b: f"SELECT DISTINCT ?s ?p ?o WHERE {{ {_values('s', b)} {where} }}")
    _gather(found, rows)
    for node in blank:  # a blank node has no name to write into a query: bound one at a time
        _gather(found, graph.rows(f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o {_among('p', fields)} }}", {"s": node}))
    return found


def _read_cited(graph: Graph, nodes: Iterable[Any], fields: Sequence[NamedNode]) -> None:
    """The ``fields`` of many nodes and the statements of their citations, in one query, into the cache."""
    cache = _props_cache(graph)
    named, blank = _named(n for n in nodes if not isinstance(n, Literal) and n.value not in cache)
    found: dict[str, Props] = {}
    where = (
        f"{{ ?s ?p ?o {_among('p', fields)} }} UNION {{ ?s ag:citation ?c . ?c ?p ?o {_among('p', _CITATION_FIELDS)} }}"
    )
    rows = _batched_rows(graph, named, lambda b: f"SELECT DISTINCT ?s ?c ?p ?o WHERE {{ {_values('s', b)} {where} }}")
    _gather(found, ((c or s, p, o) for s, c, p, o in rows))
    for node in blank:  # a blank node has no name to write into a query: bound one at a time
        query = f"SELECT DISTINCT ?s ?c ?p ?o WHERE {{ {where} }}"
        _gather(found, ((c or s, p, o) for s, c, p, o in graph.rows(query, {"s": node})))
    cache.update(found)
    read: list[NamedNode | BlankNode] = [*named, *blank]
    for each in read:
        cache.setdefault(each.value, found.get(each.value, {}))


def _props_cache(graph: Graph) -> dict[str, Props]:
    """Statements read of relations, citations and change events (node -> fields)."""
    return graph.cache.get("props", dict)


def _props(graph: Graph, node: NamedNode) -> Props:
    """What was read of a relation, citation or change event (read now if it was not)."""
    cache = _props_cache(graph)
    if node.value not in cache:
        _read_cited(graph, [node], _CITED_FIELDS)
    return cache[node.value]


def _sources_of(graph: Graph, nodes: Iterable[NamedNode]) -> list[NamedNode]:
    """The sources the (already read) nodes cite or derive from."""
    found = []
    for node in nodes:
        props = _props(graph, node)
        found += props.get(PROV.wasDerivedFrom, [])
        for cite in props.get(AG.citation, []):
            found += _props(graph, cite).get(PROV.entity, [])
    return found


def _read_sources_and_actors(graph: Graph, sources: Iterable[NamedNode], actors: Iterable[NamedNode]) -> None:
    """The statements of sources and actors not read yet, together in one query."""
    index = _actors(graph)
    cache: dict[str, dict[str, Any]] = graph.cache.get("sources", dict)
    new_sources = [s for s in dict.fromkeys(sources) if not isinstance(s, Literal) and s.value not in cache]
    new_actors = [a for a in dict.fromkeys(actors) if not isinstance(a, Literal) and a.value not in index.infos]
    if not new_sources and not new_actors:
        return
    fields = list(dict.fromkeys((*_SOURCE_FIELDS, *_ACTOR_FIELDS)))
    found = _read(graph, [*new_sources, *new_actors], fields)
    for node in new_sources:
        cache[node.value] = _source_info(node, found.get(node.value, {}))
    index.add(new_actors, found)


def _source_info(node: NamedNode, props: Props) -> dict[str, Any]:
    def first(p: NamedNode) -> str | None:
        return props[p][0].value if p in props else None

    date = _partial(props.get(DCT.date, [None])[0], props.get(AG.datePrecision, [None])[0])
    coverage = first(AG.coverageEnd)
    kind = first(AG.sourceKind)
    return {
        "source": first(DCT.identifier) or node.value.removeprefix(SOURCE),
        "publisher": first(DCT.publisher) or "",
        "title": first(DCT.title) or "",
        "date": date,
        "url": first(SCHEMA.url),
        "kind": vocabulary().keys.get(kind) if kind else None,
        "coverage_end": coverage[:4] if coverage else None,
    }


def _source(graph: Graph, node: NamedNode) -> dict[str, Any]:
    cache: dict[str, dict[str, Any]] = graph.cache.get("sources", dict)
    if node.value not in cache:
        _read_sources_and_actors(graph, [node], [])
    return cache[node.value]


def _cite_order(cite: NamedNode) -> tuple[str, int]:
    base, _, number = cite.value.rpartition("#cite-")
    return (base, int(number)) if number.isdigit() else (cite.value, 0)


def _citations(graph: Graph, node: NamedNode) -> tuple[Citation, ...]:
    """The citations of a node (a relation, change or actor), its quoted sources first."""
    props = _props(graph, node)
    _read_sources_and_actors(graph, _sources_of(graph, [node]), [])
    return _cite(_props_cache(graph), graph.cache.get("sources", dict), props)


def _cite(read: dict[str, Props], sources: dict[str, dict[str, Any]], props: Props) -> tuple[Citation, ...]:
    """The citations of a node whose statements, citations and sources are read."""
    cites = []
    cited = set()
    for cite in sorted(props.get(AG.citation, []), key=_cite_order):
        cite_props = read[cite.value]
        quote = cite_props[AG.quote][0].value if AG.quote in cite_props else None
        for src in cite_props.get(PROV.entity, []):
            cited.add(src.value)
            cites.append(Citation(**sources[src.value], quote=quote))
    for src in sorted(props.get(PROV.wasDerivedFrom, []), key=str):
        if src.value not in cited:
            cites.append(Citation(**sources[src.value], quote=None))
    return tuple(cites)


# ---------------------------------------------------------------------------- actors


class _Actors:
    """The actors read from one graph so far, and (on first use) every actor's names.

    An actor's id is its ``dct:identifier`` (else the end of its IRI). Looking up one actor
    reads only that actor; resolving a name reads every actor's names, in one query, once.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.infos: dict[str, ActorInfo] = {}  # node -> actor (a bare stand-in for a node that is no actor)
        self.kinds: dict[str, bool] = {}  # node -> whether the graph describes it as an actor
        self._ids: dict[str, NamedNode] | None = None
        self._names: dict[str, set[str]] | None = None
        self._tenures: dict[str, list[Tenure]] = {}
        self._loose: dict[str, set[str]] = {}

    def add(self, nodes: Iterable[NamedNode], found: dict[str, Props]) -> None:
        """Make the actors of nodes whose statements were read."""
        vocab = vocabulary()
        for node in nodes:
            props = found.get(node.value, {})
            ids = [i.value for i in props.get(DCT.identifier, []) if isinstance(i, Literal)]
            ident = ids[0] if ids else _local(node.value)
            types = props.get(RDF.type, [])
            self.kinds[node.value] = AG.Actor in types
            if not self.kinds[node.value]:
                self.infos[node.value] = ActorInfo(ident, ident, "", node=node.value)
                continue
            keyed = [vocab.keys[t.value] for t in types if t.value in vocab.keys]

            def one(p: NamedNode, props: Props = props) -> Any:
                return props[p][0] if p in props else None

            label = one(SKOS.prefLabel)
            self.infos[node.value] = ActorInfo(
                ident,
                label.value if label is not None else ident,
                keyed[0] if keyed else "",
                tuple(sorted({a.value for a in props.get(SKOS.altLabel, [])})),
                _partial(one(AG.start), one(AG.startPrecision)),
                _partial(one(AG.end), one(AG.endPrecision), end=True),
                node=node.value,
            )

    def load(self, nodes: Iterable[NamedNode]) -> None:
        """Read the actors not read yet, in one query."""
        new = [n for n in dict.fromkeys(nodes) if n.value not in self.infos]
        if new:
            self.add(new, _read(self.graph, new, _ACTOR_FIELDS))

    def by_node(self, node: NamedNode) -> ActorInfo:
        """The actor a node names (a bare stand-in for a node that is no known actor)."""
        if node.value not in self.infos:
            self.load([node])
        return self.infos[node.value]

    def is_actor(self, node: NamedNode) -> bool:
        self.by_node(node)
        return self.kinds[node.value]

    def find(self, ident: str) -> ActorInfo | None:
        """The actor with this exact id, reading only that actor when the id is its IRI's end."""
        if self._ids is None and re.fullmatch(r"[A-Za-z0-9._-]+", ident):
            node = NamedNode(ACTOR + ident)
            actor = self.by_node(node)
            if self.kinds[node.value] and actor.id == ident:
                return actor
        known = self.ids().get(ident)
        return self.by_node(known) if known is not None else None

    def ids(self) -> dict[str, NamedNode]:
        """Id -> node of every actor (the first node when several bear one id)."""
        if self._ids is None:
            self._read_names()
        assert self._ids is not None
        return self._ids

    def names(self) -> dict[str, set[str]]:
        """Normalised name (id, label or alias) -> the ids of the actors that bear it."""
        if self._names is None:
            self._read_names()
        assert self._names is not None
        return self._names

    def tenures(self) -> dict[str, list[Tenure]]:
        """Normalised leader's name -> the tenures of whoever bore it (read with the names)."""
        self.names()
        return self._tenures

    def loose(self) -> dict[str, set[str]]:
        """Normalised loose name -> the ids of the actors that carry it (read with the names)."""
        self.names()
        return self._loose

    def _read_names(self) -> None:
        # the actors first, each once (a statement standing in several named graphs comes once each);
        # the names of their leaders and the dates of their tenures in the same request (?t bound)
        query = (
            "SELECT DISTINCT ?a ?p ?name ?t WHERE { { SELECT DISTINCT ?a WHERE { ?a a ag:Actor } } OPTIONAL { "
            f"{{ ?a ?p ?name {_among('p', (DCT.identifier, SKOS.prefLabel, SKOS.altLabel, AG.looseName))} }} "
            f"UNION {{ ?a ag:leader ?t . ?t ?p ?name {_among('p', _TENURE_FIELDS)} }} }} }}"
        )
        rows = [row for row in self.graph.rows(query) if isinstance(row[0], NamedNode)]
        nodes = {a.value: a for a, _, _, _ in rows}
        own = ((a, p, name) for a, p, name, t in rows if t is None and p is not None and isinstance(name, Literal))
        found = _gather({}, own)
        held = _gather({}, ((t, p, value) for _, p, value, t in rows if t is not None and p is not None))
        ids: dict[str, NamedNode] = {}
        names: dict[str, set[str]] = {}
        labelled = []
        for value, node in nodes.items():
            props = found.get(value, {})
            given = props.get(DCT.identifier)
            ident = given[0].value if given else _local(value)
            ids.setdefault(ident, node)
            labelled.append((ident, props))
        loose: dict[str, set[str]] = {}
        for ident, props in labelled:
            names.setdefault(normalise(ident), set()).add(ident)
            for predicate in (SKOS.prefLabel, SKOS.altLabel):
                for name in props.get(predicate, []):
                    names.setdefault(normalise(name.value), set()).add(ident)
            for name in props.get(AG.looseName, []):
                loose.setdefault(normalise(name.value), set()).add(ident)
        idents = dict(zip(nodes, (ident for ident, _ in labelled), strict=True))
        tenures: dict[str, list[Tenure]] = {}
        for a, _, _, t in dict.fromkeys((a, None, None, t) for a, _, _, t in rows if t is not None):
            props = held.get(t.value, {})
            for name in props.get(AG.leaderName, [])[:1]:
                first = {p: props[p][0] for p in _TENURE_FIELDS if p in props}
                tenure = Tenure(
                    name.value,
                    idents[a.value],
                    _partial(first.get(AG.start), first.get(AG.startPrecision)),
                    _partial(first.get(AG.end), first.get(AG.endPrecision), end=True),
                )
                tenures.setdefault(normalise(name.value), []).append(tenure)
        for found_tenures in tenures.values():
            found_tenures.sort(key=lambda x: (x.start or "", x.actor))
        self._ids, self._names, self._tenures, self._loose = ids, names, tenures, loose

    def by_id(self, ident: str) -> ActorInfo:
        return self.by_node(self.ids()[ident])

    def every(self) -> list[ActorInfo]:
        """Every actor, each once (by id), read in one query."""
        query = (
            "SELECT DISTINCT ?s ?p ?o WHERE { { SELECT DISTINCT ?s WHERE { ?s a ag:Actor } } "
            f"?s ?p ?o {_among('p', _ACTOR_FIELDS)} }}"
        )
        found = _gather({}, (row for row in self.graph.rows(query) if isinstance(row[0], NamedNode)))
        if not found:
            _explain_empty(self.graph)
        nodes = [NamedNode(v) for v in found if v not in self.infos]
        self.add(nodes, found)
        unique: dict[str, ActorInfo] = {}
        for value in found:
            actor = self.infos[value]
            unique.setdefault(actor.id, actor)
        return list(unique.values())


def _explain_empty(graph: Graph) -> None:
    """Raise the graph's own error when it shows no actors because of how it is reached (an
    endpoint whose default graph is not the union of its named graphs); else an empty answer stands."""
    problem = graph.why_empty()
    if problem is not None:
        raise problem


def _actors(graph: Graph) -> _Actors:
    return graph.cache.get("actors", lambda: _Actors(graph))


def _changes(graph: Graph) -> list[Change]:
    """Every change of identity in the graph, by date (read once, in three queries)."""
    return graph.cache.get("changes", lambda: _read_changes(graph))


def _read_changes(graph: Graph) -> list[Change]:
    vocab = vocabulary()
    rows = graph.select("SELECT DISTINCT ?c ?kind WHERE { ?c a ?kind . ?kind rdfs:subClassOf+ ag:ChangeEvent }")
    rows.sort(key=lambda r: r["c"].value)
    nodes = [r["c"] for r in rows]
    _read_cited(graph, nodes, _CHANGE_FIELDS)
    members = [
        a
        for n in nodes
        for p in (ORG.originalOrganization, ORG.resultingOrganization)
        for a in _props(graph, n).get(p, [])
    ]
    _read_sources_and_actors(graph, _sources_of(graph, nodes), members)
    index = _actors(graph)
    changes = []
    for row in rows:
        node = row["c"]
        props = _props(graph, node)
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
    return changes


def resolve(graph: Graph, name: str, period: Period | None = None) -> ActorInfo:
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
    index = _actors(graph)
    exact = index.find(name)
    if exact is not None:
        return _in_period(graph, exact, period)
    names = index.names()
    if not names:
        _explain_empty(graph)
    key = normalise(name)
    ids = names.get(key, set())
    if not ids and key in index.tenures():
        return _led(graph, name, index.tenures()[key], period)
    if not ids and key in index.loose():
        # a name for several actors at once: never one of them, but the list of them all
        carriers = sorted(index.loose()[key])
        index.load([index.ids()[i] for i in carriers])
        raise UnknownActor(name, sorted({index.by_id(i).label for i in carriers}, key=str.casefold), one_of=True)
    if not ids:
        import difflib

        close = difflib.get_close_matches(key, [*names, *index.tenures()], n=3, cutoff=0.7)
        index.load([index.ids()[i] for c in close for i in names.get(c, ())])
        labels = sorted(
            {index.by_id(i).label for c in close for i in names.get(c, ())}
            | {t.name for c in close for t in index.tenures().get(c, [])}
        )
        raise UnknownActor(name, labels)
    index.load([index.ids()[i] for i in ids])
    candidates = _collapse(graph, sorted((index.by_id(i) for i in ids), key=lambda a: (a.start or "", a.id)))
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


def _led(graph: Graph, name: str, held: list[Tenure], period: Period | None) -> ActorInfo:
    """The actor a leader's name means: what they led at the time asked about (over all time,
    what they led, if that is one actor); at a time they led nothing, an error saying when they did."""
    index = _actors(graph)
    index.load([index.ids()[t.actor] for t in held if t.actor in index.ids()])
    always = period is None or period.is_always
    then = [t for t in held if always or t.during(period)]  # type: ignore[arg-type]
    led = sorted({t.actor for t in then})
    if len(led) == 1:
        return _in_period(graph, index.by_id(led[0]), period)
    spans = [f"{index.by_id(t.actor).label} [{t.actor}] {t.span}" for t in (then or held)]
    if led:
        raise AmbiguousActor(name, [f"{t.actor} ({index.by_id(t.actor).label}, led {t.span})" for t in then])
    assert period is not None
    raise ActorNotInPeriod(
        f"{name!r} led {'; '.join(spans)}, not during {period.label}", sorted({t.actor for t in held})
    )


def tenures(graph: Graph, name: str) -> list[Tenure]:
    """The tenures a leader's name stands for, in order of time; empty when the name is an actor's
    own (an actor's id, label or alias is read as the actor, whoever bears it too).

    >>> [(t.name, t.actor, t.span) for t in tenures(open_graph(), "bashar al-assad")]
    [('Bashar al-Assad', 'assad-government', 'from 2000 to 2024-12-08')]
    >>> tenures(open_graph(), "Assad")
    []
    """
    index = _actors(graph)
    # an actor's own id first: it reads that one actor, where every other name reads every actor's names
    if re.fullmatch(r"[A-Za-z0-9._-]+", name) and index.find(name) is not None:
        return []
    key = normalise(name)
    if key in index.names():
        return []
    return list(index.tenures().get(key, []))


def _asked(graph: Graph, name: str, when: Period) -> tuple[ActorInfo, Period, list[Tenure]]:
    """The actor a name means, the period asked about and the tenures the name was read through:
    a leader's name asked about over all time asks about the time they led the actor."""
    subject = resolve(graph, name, None if when.is_always else when)
    held = [t for t in tenures(graph, name) if t.actor == subject.id and (when.is_always or t.during(when))]
    if held and when.is_always:
        first, last = min(t.period.first for t in held), max(t.period.last for t in held)
        when = Period(first, last, " and ".join(t.span.removeprefix("from ") for t in held))
    return subject, when, held


def _read_as(name: str, subject: ActorInfo, when: Period, held: Sequence[Tenure], narrowed: bool) -> str | None:
    """The note that says how a name was read (None when it is the actor's own label or id)."""
    if not held and normalise(name) in (normalise(subject.label), subject.id):
        return None
    note = f"{name!r} read as {subject.label} [{subject.id}]"
    if held and narrowed:
        return note + f" while {held[0].name} led it, {' and '.join(t.span for t in held)}"
    note += "" if when.is_always else f" for {when.label}"
    if held:
        note += f", which {held[0].name} led {' and '.join(t.span for t in held)}"
    return note


def _links(graph: Graph) -> dict[str, list[NamedNode]]:
    """Node -> the nodes it is linked to by skos:exactMatch, either way (read once, in one query)."""

    def read() -> dict[str, list[NamedNode]]:
        links: dict[str, list[NamedNode]] = {}
        for row in graph.select("SELECT DISTINCT ?a ?b WHERE { ?a skos:exactMatch ?b }"):
            a, b = row["a"], row["b"]
            if isinstance(a, NamedNode) and isinstance(b, NamedNode):
                links.setdefault(a.value, []).append(b)
                links.setdefault(b.value, []).append(a)
        return links

    return graph.cache.get("links", read)


def _curated(graph: Graph) -> set[str]:
    """The actors the curated claims describe (read once, in one query)."""
    query = f"SELECT DISTINCT ?a WHERE {{ GRAPH {GRAPH.curated} {{ ?a a ag:Actor }} }}"
    return graph.cache.get("curated", lambda: {r["a"].value for r in graph.select(query)})


def _collapse(graph: Graph, candidates: list[ActorInfo]) -> list[ActorInfo]:
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
    curated = _curated(graph) if any(len(members) > 1 for _, members in groups) else set()
    return [min(members, key=lambda a: (a.iri.value not in curated, a.id)) for _, members in groups]


def _representative(graph: Graph, actor: ActorInfo) -> ActorInfo:
    """The actor that stands for all those linked to this one by skos:exactMatch (the curated
    one where there is one), so that one actor's rows from several datasets sit together."""
    if not _links(graph):  # most graphs link nothing
        return actor
    cache: dict[str, ActorInfo] = graph.cache.get("representatives", dict)
    if actor.id not in cache:
        index = _actors(graph)
        same = _same(graph, actor.iri)
        index.load(same)
        # only nodes the graph describes as actors: a link may point at an actor not loaded here
        same = [n for n in same if index.is_actor(n)]
        cache[actor.id] = actor if len(same) < 2 else _collapse(graph, [index.by_node(n) for n in same])[0]
    return cache[actor.id]


def _in_period(graph: Graph, actor: ActorInfo, period: Period | None) -> ActorInfo:
    if period is None or period.is_always or actor.exists_during(period):
        return actor
    raise _not_in_period(graph, actor, period)


def _distance(actor: ActorInfo, period: Period) -> int:
    if actor.start and PartialDate.parse(actor.start).first_day > period.last:
        return (PartialDate.parse(actor.start).first_day - period.last).days
    if actor.end:
        return (period.first - PartialDate.parse(actor.end).last_day).days
    return 0


def _not_in_period(graph: Graph, actor: ActorInfo, period: Period) -> ActorNotInPeriod:
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


def _same(graph: Graph, node: NamedNode) -> list[NamedNode]:
    """The node and every node linked to it by skos:exactMatch, either way, transitively."""
    links = _links(graph)
    seen = {node.value: node}
    todo = [node]
    while todo:
        current = todo.pop()
        for other in links.get(current.value, []):
            if other.value not in seen:
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


def _conditions(when: Period, kind: str | None, throughout: bool) -> str:
    """The kind and time conditions on ?rel, values written into the query (escaped terms)."""
    parts = []
    if kind:
        parts.append(f"?rel a {vocabulary().relation_kinds[kind]} .")
    if not when.is_always:
        first, last = _date(max(when.first, _MIN_DAY)), _date(min(when.last, _MAX_DAY))
        parts.append(f"VALUES (?first ?last) {{ ({first} {last}) }}")
        parts.append(_THROUGHOUT if throughout else _POSSIBLY)
    return "\n".join(parts)


def relations(
    graph: Graph,
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
    asked = _period(period)
    subject, when, held = _asked(graph, name, asked)
    directions = [False, True] if incoming is None else [not incoming]
    branches = []
    for outgoing in directions:
        side, far = ("ag:actor", "ag:target") if outgoing else ("ag:target", "ag:actor")
        branches.append(f'{{ ?rel {side} ?subject ; {far} ?other . BIND("{"out" if outgoing else "in"}" AS ?way) }}')
    query = (
        f"SELECT DISTINCT ?rel ?other ?way WHERE {{\n  {_values('subject', _same(graph, subject.iri))}\n  "
        + "\n  UNION ".join(branches)
        + f"\n  {_conditions(when, kind, throughout)}\n}}"
    )
    matches = [(subject, rel, other, way.value == "out") for rel, other, way in graph.rows(query)]
    rows = [replace(r, other=_representative(graph, r.other)) for r in _rows(graph, matches)]
    gone = [] if when.is_always else [r for r in rows if not actors_existed(r, when)]
    rows, left_out = _narrow(graph, [r for r in rows if r not in gone], when if throughout else None)
    rows.sort(key=lambda r: (r.other.label.casefold(), r.start or "", r.relation))
    reading = "throughout" if throughout else "possibly during"
    what = kind or "relations"
    question = f"{what} of {subject.label}" + ("" if when.is_always else f", {reading} {when.label}")
    notes = []
    read_as = _read_as(name, subject, when, held, when != asked)
    if read_as:
        notes.append(read_as)
    if gone:
        names = ", ".join(sorted({r.other.label for r in gone}))
        notes.append(f"{len(gone)} claim(s) left out: {names} did not exist in {when.label}")
    if left_out:
        notes.append(left_out)
    return Answer(question, subject, when, throughout, tuple(rows), tuple(notes))


def _narrow(
    graph: Graph, rows: Sequence[RelationRow], throughout: Period | None = None
) -> tuple[list[RelationRow], str | None]:
    """The rows kept to the sources the graph is viewed through (all of them for a whole graph), and
    the note that says how many were left out (None when none was); a view tallies what it left out.
    ``throughout`` is the period the rows were asked to cover: an open claim still covers it only if a
    kept source reports it at its end."""
    sources = chosen(graph)
    if sources is None:
        return list(rows), None
    kept, out = kept_to(sources, rows, throughout)
    if isinstance(graph, SourceView):
        graph.left_out.update(r.relation for r in out)
    return kept, sources.note(len(out)) if out else None


def kept_to(
    sources: SourceFilter, rows: Iterable[RelationRow], throughout: Period | None = None
) -> tuple[list[RelationRow], list[RelationRow]]:
    """The rows with a source of the chosen kinds, each showing only those sources (and "as of" the
    latest of them), and the rows left out. With ``throughout`` (rows asked to cover a whole period),
    an open claim whose kept sources do not report it as late as the period's end is left out too: a
    hidden source cannot make it "known to cover" the period.

    >>> rows = supporters(open_graph(), "Syrian government", 2016).rows
    >>> kept, out = kept_to(SourceFilter.parse("blog"), rows)
    >>> sorted({r.other.label for r in kept}), {c.kind for r in kept for c in r.sources}, len(out) > 10
    (['Hezbollah', 'Iran', 'Russia'], {'blog'}, True)
    """
    kept, out = [], []
    for row in rows:
        cites = tuple(c for c in row.sources if c.kind in sources.kinds)
        if not cites:
            out.append(row)
        elif len(cites) == len(row.sources):
            kept.append(row)
        else:
            as_of = None if row.end else max(filter(None, (c.as_of for c in cites)), default=None)
            if throughout is not None and not row.end and not _reported_by(as_of, throughout):
                out.append(row)
                continue
            kept.append(replace(row, sources=cites, as_of=as_of))
    return kept, out


def _reported_by(as_of: str | None, period: Period) -> bool:
    """Whether a source dated ``as_of`` still reports an open claim at the period's end (as the query's
    "throughout" condition reads a source's date: its first day)."""
    return as_of is not None and PartialDate.parse(as_of).first_day >= period.last


def _whole(graph: Graph) -> Graph:
    """The graph underneath a view kept to some sources' kinds (the graph itself otherwise)."""
    return graph.graph if isinstance(graph, SourceView) else graph


def all_relations(
    graph: Graph,
    period: Period | str | int | None = None,
    *,
    kind: str | None = None,
    throughout: bool = False,
    mentioning: str | None = None,
) -> list[RelationRow]:
    """Every relation in the graph (from its actor's side), optionally of one kind and period, and only
    those whose note, agreement name or IRI mentions a text (case-insensitive: read in the query, so a focus
    on one conflict of a large store reads that conflict's relations, not all).

    This is the one door for views of the whole graph: diagrams, snapshots and exports.

    >>> rows = all_relations(open_graph(), 2016, kind="support")
    >>> ("Russia", "Government of Syria (Assad)") in {(r.subject.label, r.other.label) for r in rows}
    True
    >>> sorted({r.agreement for r in all_relations(open_graph(), mentioning="astana")})
    ['Astana process', 'Nationwide Syria ceasefire of 29 December 2016 (Russia and Turkey guarantors)']
    """
    when = _period(period)

    def read() -> list[RelationRow]:
        query = (
            "SELECT DISTINCT ?rel ?subject ?other WHERE {\n  ?rel ag:actor ?subject ; ag:target ?other .\n  "
            f"{_conditions(when, kind, throughout)}\n{_mentioning(mentioning)}}}"
        )
        found = graph.rows(query)
        if not found and when.is_always and not kind:
            _explain_empty(graph)
        rows = _rows(graph, [(subject, rel, other, True) for rel, subject, other in found])
        rows.sort(key=lambda r: (r.subject.label.casefold(), r.other.label.casefold(), r.start or "", r.relation))
        return rows

    # every view of the whole graph starts here: a graph compiled from files keeps the answer for
    # the next process, as it keeps the graph
    key = f"all_relations {when.first} {when.last} {kind} {throughout} {mentioning!r}"
    return _narrow(graph, graph.cache.get(key, read, keep=True), when if throughout else None)[0]


def _mentioning(text: str | None) -> str:
    """A condition keeping the relations whose note, agreement name or IRI holds ``text`` (any case)."""
    if not text:
        return ""
    needle = Literal(text.casefold())
    return (
        "OPTIONAL { ?rel skos:note ?note } OPTIONAL { ?rel ag:agreementName ?agreement }\n"
        'BIND(CONCAT(STR(?rel), " ", COALESCE(?note, ""), " ", COALESCE(?agreement, "")) AS ?said)\n'
        f"FILTER(CONTAINS(LCASE(?said), {needle}))\n"
    )


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
    graph: Graph, name: str, period: Period | str | int | None = None, *, throughout: bool = False
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


def opponents(graph: Graph, name: str, period: Period | str | int | None = None, *, throughout: bool = False) -> Answer:
    """Who opposed an actor (fought, designated or sanctioned it) over a period, in either direction.

    >>> g = open_graph()
    >>> "Syrian opposition factions" in {row.other.label for row in opponents(g, "Assad government", 2016)}
    True
    """
    return relations(graph, name, period, kind="opposition", throughout=throughout)


def timeline(graph: Graph, name: str) -> tuple[Profile, list[RelationRow]]:
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


def profile(graph: Graph, name: str, period: Period | str | int | None = None) -> Profile:
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
    if chosen(graph) is None:
        count = len(
            graph.select(
                "SELECT DISTINCT ?rel ?a WHERE { { ?rel ag:actor ?a } UNION { ?rel ag:target ?a } }", {"a": actor.iri}
            )
        )
    else:  # only the claims kept to the chosen sources count
        count = len({r.relation for r in relations(graph, actor.id).rows})
    return Profile(
        actor, vocab.label(type_term) if type_term else actor.type, changes, count, _citations(graph, actor.iri)
    )


def actors(graph: Graph) -> list[ActorInfo]:
    """Every actor, sorted by label.

    >>> [a.id for a in actors(open_graph()) if a.label.startswith("Hay")]
    ['hts']
    """
    return sorted(_actors(graph).every(), key=lambda a: a.label.casefold())


_MIN_DAY = PartialDate(1).first_day
_MAX_DAY = PartialDate(9999).last_day


def _period(period: Period | str | int | None) -> Period:
    if period is None:
        return Period.always()
    if isinstance(period, Period):
        return period
    return Period.parse(period)


def _rows(graph: Graph, found: Sequence[tuple[ActorInfo | NamedNode, NamedNode, NamedNode, bool]]) -> list[RelationRow]:
    """Relation rows for (subject, relation, other actor, outgoing) matches, read in three queries
    whatever their number: the relations with their citations, then their sources and actors."""
    rels = [rel for _, rel, _, _ in found]
    _read_cited(graph, rels, _RELATION_FIELDS)
    nodes = [other for _, _, other, _ in found] + [s for s, _, _, _ in found if isinstance(s, NamedNode)]
    _read_sources_and_actors(graph, _sources_of(graph, dict.fromkeys(rels)), nodes)
    sources: dict[str, dict[str, Any]] = graph.cache.get("sources", dict)
    read, infos = _props_cache(graph), _actors(graph).infos
    return [
        _relation_row(read, sources, s if isinstance(s, ActorInfo) else infos[s.value], rel, infos[other.value], way)
        for s, rel, other, way in found
    ]


def _row(graph: Graph, subject: ActorInfo, rel: NamedNode, other: NamedNode, outgoing: bool) -> RelationRow:
    """One relation row (its statements, sources and actors read now if they were not)."""
    return _rows(graph, [(subject, rel, other, outgoing)])[0]


def _relation_row(
    read: dict[str, Props],
    sources: dict[str, dict[str, Any]],
    subject: ActorInfo,
    rel: NamedNode,
    other: ActorInfo,
    outgoing: bool,
) -> RelationRow:
    """A relation row from what was read of the relation, its citations and sources."""
    vocab = vocabulary()
    keys = vocab.keys
    props = read[rel.value]
    kinds = [keys[t.value] for t in props.get(RDF.type, []) if t.value in keys]

    def first(p: NamedNode) -> Any:
        found = props.get(p)
        return found[0] if found else None

    cites = _cite(read, sources, props)
    end = _partial(first(AG.end), first(AG.endPrecision), end=True)
    as_of = None if end else max(filter(None, (c.as_of for c in cites)), default=None)
    types = [keys[t.value] for t in props.get(AG.supportType, []) if t.value in keys]
    if len(types) > 1:
        order = list(vocab.support_types)
        types.sort(key=order.index)
    mode, certainty, agreement, note = first(AG.mode), first(AG.certainty), first(AG.agreementName), first(SKOS.note)
    return RelationRow(
        relation=rel.value.removeprefix(RELATION),
        kind=kinds[0] if kinds else "relation",
        subject=subject,
        other=other,
        outgoing=outgoing,
        types=tuple(types),
        mode=keys.get(mode.value) if mode is not None else None,
        start=_partial(first(AG.start), first(AG.startPrecision)),
        end=end,
        certainty=keys.get(certainty.value, "") if certainty is not None else "",
        as_of=as_of,
        agreement=agreement.value if agreement is not None else None,
        note=note.value if note is not None else None,
        sources=cites,
    )


# ---------------------------------------------------------------------------- two actors


def between(
    graph: Graph,
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
    asked = when = _period(period)
    for name in (a, b):  # a leader's name asked about over all time: the time they led
        if asked.is_always and tenures(graph, name):
            led = _asked(graph, name, asked)[1]
            label = led.label if when.is_always else f"{when.label} and {led.label}"
            when = Period(max(when.first, led.first), min(when.last, led.last), label)
    firsts, seconds = _bearers(graph, a, when), _bearers(graph, b, when)
    wanted = {x.id for x in seconds}
    rows: list[RelationRow] = []
    notes: list[str] = []
    for first in firsts:
        answer = relations(_whole(graph), first.id, when, kind=kind, throughout=throughout)
        rows += [r for r in answer.rows if r.other.id in wanted]
        notes += [n for n in answer.notes if any(x.label in n for x in seconds)]
    # the pair's claims only, so the note counts only theirs
    rows, left_out = _narrow(graph, rows, when if throughout else None)
    notes += [left_out] if left_out else []
    rows.sort(key=lambda r: (r.start or "", r.end or "9999", r.relation))
    for name, bearers in ((a, firsts), (b, seconds)):
        held = [t for t in tenures(graph, name) if t.actor == bearers[0].id and t.during(when)]
        if held:
            notes.insert(0, _read_as(name, bearers[0], when, held, when != asked) or "")
        elif len(bearers) > 1 or normalise(name) not in (normalise(bearers[0].label), bearers[0].id):
            read = " and ".join(
                f"{x.label} [{x.id}]" + (f", {x.lifespan}" if len(bearers) > 1 else "") for x in bearers
            )
            notes.insert(0, f"{name!r} read as {read}" + ("" if when.is_always else f" for {when.label}"))
    reading = "throughout" if throughout else "possibly during"
    question = f"relations between {' / '.join(x.label for x in firsts)} and {' / '.join(x.label for x in seconds)}"
    question += "" if when.is_always else f", {reading} {when.label}"
    return Answer(question, firsts[0], when, throughout, tuple(rows), tuple(notes))


def _bearers(graph: Graph, name: str, when: Period) -> list[ActorInfo]:
    """The actor a name means then; over all time, every actor that bore it in turn."""
    try:
        return [resolve(graph, name, None if when.is_always else when)]
    except AmbiguousActor as exc:
        if not when.is_always:
            raise
        return [resolve(graph, candidate.split(" ", 1)[0]) for candidate in exc.candidates]


def representative(graph: Graph, actor: ActorInfo) -> ActorInfo:
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
