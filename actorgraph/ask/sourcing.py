"""What the graph's sources are (how many of each kind, how many dated), and choosing claims by their sources' kinds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, Quad

from actorgraph.errors import ActorgraphError
from actorgraph.model.vocab import vocabulary
from actorgraph.store.protocol import Graph, ReadableGraph

if TYPE_CHECKING:
    from actorgraph.sources.claims import Known

__all__ = [
    "KindCount",
    "SourceFilter",
    "SourceSummary",
    "SourceView",
    "UnknownSourceKind",
    "chosen",
    "source_summary",
]

#: the kind of a source that names none (the shapes reject it; an RDF file may still hold one)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class KindCount:
    """How many sources are of one kind, and how many of them are dated."""

    kind: str
    label: str
    sources: int
    dated: int
    reliable: bool


@dataclass(frozen=True)
class SourceSummary:
    """Source counts per kind, in the ontology's order (strongest first)."""

    kinds: tuple[KindCount, ...]

    @property
    def total(self) -> int:
        return sum(k.sources for k in self.kinds)

    @property
    def dated(self) -> int:
        return sum(k.dated for k in self.kinds)

    @property
    def reliable(self) -> int:
        """Sources of a kind in the default ``--reliable`` set."""
        return sum(k.sources for k in self.kinds if k.reliable)

    @property
    def share_dated(self) -> float:
        return self.dated / self.total if self.total else 0.0

    @property
    def sentence(self) -> str:
        """The counts in one sentence, as the README quotes them.

        >>> source_summary(open_graph()).sentence.split(":")[0]
        'Of ... sources, ... (...%) are of the reliable kinds and ... (...%) carry a publication date'
        """
        parts = ", ".join(f"{k.sources} {k.label}" for k in self.kinds if k.sources)
        return (
            f"Of {self.total} sources, {self.reliable} ({_pct(self.reliable, self.total)}) are of the reliable "
            f"kinds and {self.dated} ({_pct(self.dated, self.total)}) carry a publication date: {parts}."
        )

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON."""
        return {
            "sources": self.total,
            "dated": self.dated,
            "share_dated": round(self.share_dated, 4),
            "reliable": self.reliable,
            "kinds": [
                {"kind": k.kind, "label": k.label, "sources": k.sources, "dated": k.dated, "reliable": k.reliable}
                for k in self.kinds
            ],
        }


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0}%"


def source_summary(graph: Graph) -> SourceSummary:
    """Count the graph's sources by kind (``ag:sourceKind``) and those with a date (``dct:date``).

    >>> summary = source_summary(open_graph())
    >>> [k.kind for k in summary.kinds][:3]
    ['wire', 'news', 'research']
    >>> summary.total == sum(k.sources for k in summary.kinds) > 100
    True
    """
    vocab = vocabulary()
    rows = graph.select(
        "SELECT ?s (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?date) WHERE "
        "{ ?s a ag:Source . OPTIONAL { ?s ag:sourceKind ?k } OPTIONAL { ?s dct:date ?d } } GROUP BY ?s"
    )
    counts: dict[str, list[int]] = {k: [0, 0] for k in vocab.source_kinds}
    for row in rows:
        kind = vocab.keys.get(row["kind"].value, UNKNOWN) if "kind" in row else UNKNOWN
        entry = counts.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += "date" in row
    return SourceSummary(
        tuple(
            KindCount(
                kind,
                vocab.label(vocab.source_kinds[kind]) if kind in vocab.source_kinds else kind,
                n,
                dated,
                kind in vocab.reliable_source_kinds,
            )
            for kind, (n, dated) in counts.items()
        )
    )


# ---------------------------------------------------------------------------- choosing claims by their sources


class UnknownSourceKind(ActorgraphError):
    """A source kind the ontology does not name."""

    exit_code = 2


@dataclass(frozen=True)
class SourceFilter:
    """The source kinds chosen (``--sources KIND,...`` or ``--reliable``): a relation claim is kept
    when at least one of its sources (a citation's, or the dataset it was derived from) is of a
    chosen kind, and then shows only those sources. Actors and identity changes are not claims
    of a relation and stay as they are.

    >>> chosen_ = SourceFilter.parse("news, wire")
    >>> chosen_.kinds == {"wire", "news"}, chosen_.label
    (True, 'wire, news')
    >>> SourceFilter.reliable().label
    'wire, news, research, official, dataset'
    >>> SourceFilter.parse("blogs")
    Traceback (most recent call last):
    ...
    actorgraph.ask.sourcing.UnknownSourceKind: unknown source kind 'blogs' (the kinds: wire, news, research, \
official, dataset, encyclopedia, party-media, mirror, blog)
    """

    kinds: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> SourceFilter:
        """The kinds named in ``text``, separated by commas; an unknown kind is an error naming the known ones."""
        known = vocabulary().source_kinds
        kinds = [k.strip() for k in text.split(",") if k.strip()]
        for kind in kinds:
            if kind not in known:
                raise UnknownSourceKind(f"unknown source kind {kind!r} (the kinds: {', '.join(known)})")
        if not kinds:
            raise UnknownSourceKind(f"no source kind given (the kinds: {', '.join(known)})")
        return cls(frozenset(kinds))

    @classmethod
    def reliable(cls) -> SourceFilter:
        """The default set the ontology marks ``ag:reliable true``."""
        return cls(vocabulary().reliable_source_kinds)

    @property
    def label(self) -> str:
        """The chosen kinds in the ontology's order (strongest first)."""
        return ", ".join(k for k in vocabulary().source_kinds if k in self.kinds)

    def note(self, left_out: int) -> str:
        """What an answer says of the claims it left out."""
        return f"{left_out} claim{'s' * (left_out != 1)} left out: no source of the kinds {self.label}"


def chosen(graph: Graph) -> SourceFilter | None:
    """The source kinds a graph's questions are kept to (None: all of them).

    >>> from actorgraph.store.graph import open_graph
    >>> chosen(open_graph()) is None, chosen(SourceView(open_graph(), SourceFilter.reliable())) is not None
    (True, True)
    """
    return graph.sources if isinstance(graph, SourceView) else None


class SourceView(ReadableGraph):
    """A graph whose relation claims are kept to sources of the chosen kinds: the questions, views
    and diagrams read through it see only the kept claims, and its export (:meth:`quads`) holds
    only them, with the sources and citations they need (the shortcut edges derived anew from
    them). SPARQL queries go to the whole graph underneath; the view reads nothing more than it.

    >>> from actorgraph.ask.questions import supporters
    >>> view = SourceView(open_graph(), SourceFilter.reliable())
    >>> answer = supporters(view, "Syrian government", 2016)
    >>> {"Russia", "Iran"} <= {r.other.label for r in answer}
    True
    >>> {c.kind for r in answer for c in r.sources} <= SourceFilter.reliable().kinds
    True
    """

    def __init__(self, graph: Graph, sources: SourceFilter) -> None:
        self.graph = graph
        self.sources = sources
        self.cache = graph.cache  # the questions' answers are read whole and narrowed after
        self.max_values = graph.max_values
        self.left_out: set[str] = set()  # the relations left out of the views asked so far
        self._kept: list[Quad] | None = None

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        return self.graph.query(sparql, bindings)

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.graph.select(sparql, bindings)

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        return self.graph.ask(sparql, bindings)

    def rows(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.graph.rows(sparql, bindings)

    def known(self) -> Known:
        return self.graph.known()

    def why_empty(self) -> ActorgraphError | None:
        return self.graph.why_empty()

    def close(self) -> None:
        self.graph.close()

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """The statements of the kept claims and of everything else but the claims left out, sorted.

        >>> from actorgraph.model.vocab import AG
        >>> view = SourceView(open_graph(), SourceFilter.parse("blog"))
        >>> claims = {q.subject for q in view.quads() if q.predicate == AG.actor}
        >>> 0 < len(claims) < len({q.subject for q in open_graph().quads() if q.predicate == AG.actor})
        True
        """
        from actorgraph.model.vocab import GRAPH, RELATION

        if self._kept is None:
            self._kept, dropped = _kept_quads(list(self.graph.quads(with_ontology=True)), self.sources)
            self.left_out.update(r.value.removeprefix(RELATION) for r in dropped)
        yield from (q for q in self._kept if with_ontology or q.graph_name != GRAPH.ontology)


def _kept_quads(quads: Sequence[Quad], sources: SourceFilter) -> tuple[list[Quad], set[Any]]:
    """The statements of a graph with its relations kept to sources of the chosen kinds: a relation
    without one is left out whole, a kept one loses its other citations (and links to other sources),
    sources nothing cites any more go, and the shortcut edges are derived again from what is left.
    Also the relations left out."""
    from actorgraph.model.vocab import AG, GRAPH, PROV
    from actorgraph.store.graph import ActorGraph

    vocab = vocabulary()
    kind_of: dict[Any, str | None] = {
        q.subject: vocab.keys.get(q.object.value)
        for q in quads
        if q.predicate == AG.sourceKind and isinstance(q.object, NamedNode)
    }

    def good(source: Any) -> bool:
        return kind_of.get(source) in sources.kinds

    data = [q for q in quads if q.graph_name != GRAPH.shortcuts]  # derived again below
    relations = {q.subject for q in data if q.predicate == AG.actor}
    entity: dict[Any, Any] = {q.subject: q.object for q in data if q.predicate == PROV.entity}
    dropped_cites = {q.object for q in data if q.predicate == AG.citation and q.subject in relations}
    dropped_cites = {c for c in dropped_cites if not good(entity.get(c))}
    kept = {
        q.subject
        for q in data
        if q.subject in relations
        and (
            (q.predicate == AG.citation and q.object not in dropped_cites)
            or (q.predicate == PROV.wasDerivedFrom and good(q.object))
        )
    }

    def stays(q: Quad) -> bool:
        if q.subject in relations:
            if q.subject not in kept:
                return False
            if q.predicate == AG.citation:
                return q.object not in dropped_cites
            return q.predicate != PROV.wasDerivedFrom or good(q.object)
        return q.subject not in dropped_cites

    data = [q for q in data if stays(q)]
    cited = {q.object for q in data if q.predicate in (PROV.entity, PROV.wasDerivedFrom)}
    data = [q for q in data if q.subject not in kind_of or q.subject in cited]
    graph = ActorGraph()
    graph.store.extend(data)
    graph.derive()
    return list(graph.quads(with_ontology=True)), relations - kept
