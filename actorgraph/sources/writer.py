"""The one writer of actorgraph's RDF: actors, relations, changes, citations and sources, as N-Quads lines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from actorgraph.model.dates import PartialDate
from actorgraph.model.vocab import AG, DCT, ORG, PROV, RDF, SCHEMA, SKOS, XSD, vocabulary

__all__ = ["Cite", "Leader", "Writer", "is_iri"]

#: what N-Quads forbids in an IRI: spaces, controls and ``<>"{}|^`\`` (percent-encoded if a value holds them)
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: an absolute IRI: a scheme, a colon, and no character N-Quads forbids
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+$", re.IGNORECASE)
#: what a literal escapes: quote, backslash, and every control character (as a \\u escape of four hex digits)
_ESCAPES = {
    **{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def is_iri(value: str) -> bool:
    """Whether a value is an absolute IRI N-Quads can carry (else a URL is kept as text).

    >>> is_iri("https://example.org/a"), is_iri("example.org/a"), is_iri("https://example.org/a b")
    (True, False, False)
    """
    return bool(_IRI.match(value))


def _iri(value: str) -> str:
    if _NOT_IN_IRI.search(value):
        value = _NOT_IN_IRI.sub(lambda m: f"%{ord(m.group()):02X}", value)
    return f"<{value}>"


def _text(value: str) -> str:
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_ESCAPES)
    return f'"{value}"'


_DATE = f"^^<{XSD.date.value}>"


def _day(day: dt.date) -> str:
    return f'"{day.isoformat()}"{_DATE}'


def _term(node: NamedNode) -> str:
    return f"<{node.value}>"


# predicates, written once
_TYPE, _ID, _PREF, _ALT, _NOTE = (
    _term(p) for p in (RDF.type, DCT.identifier, SKOS.prefLabel, SKOS.altLabel, SKOS.note)
)
_START, _LATEST_START, _START_PREC = (_term(p) for p in (AG.start, AG.latestStart, AG.startPrecision))
_EARLIEST_END, _END, _END_PREC = (_term(p) for p in (AG.earliestEnd, AG.end, AG.endPrecision))
_ACTOR, _TARGET, _CERTAINTY, _SUPPORT_TYPE = (_term(p) for p in (AG.actor, AG.target, AG.certainty, AG.supportType))
_MODE, _AGREEMENT, _SOURCE_NOTE, _CONFLICT = (
    _term(p) for p in (AG.mode, AG.agreementName, AG.sourceNote, AG.conflictName)
)
_CITATION, _ENTITY, _QUOTE, _DERIVED = (_term(p) for p in (AG.citation, PROV.entity, AG.quote, PROV.wasDerivedFrom))
_DATE_P, _DATE_PREC, _ORIGINAL, _RESULTING = (
    _term(p) for p in (AG.date, AG.datePrecision, ORG.originalOrganization, ORG.resultingOrganization)
)
_NEW_NAME, _TITLE, _PUBLISHER, _URL, _CREATOR = (
    _term(p) for p in (AG.newName, DCT.title, DCT.publisher, SCHEMA.url, DCT.creator)
)
_DCT_DATE, _ACCESSED, _TEXT_FILE, _KIND, _COPY_OF = (
    _term(p) for p in (DCT.date, AG.accessed, AG.textFile, AG.sourceKind, AG.copyOf)
)
_COVERAGE_END, _EXACT_MATCH = _term(AG.coverageEnd), _term(SKOS.exactMatch)
_LOOSE, _LEADER, _LEADER_NAME = (_term(p) for p in (AG.looseName, AG.leader, AG.leaderName))
_CLASSES = {c: _term(c) for c in (AG.Actor, AG.Relation, AG.Citation, AG.Source, AG.Tenure)}


class Cite(NamedTuple):
    """A claim's tie to a source: the source node's IRI and, when there is one, the source's words."""

    source: str
    quote: str | None = None


class Leader(NamedTuple):
    """A person at the head of an actor for a time: their name, when they began and ended, and who says so."""

    name: str
    start: PartialDate | None
    end: PartialDate | None = None
    citations: tuple[Cite, ...] = ()


class Writer:
    """Statements of actors, relations, identity changes, citations and sources in one named graph.

    Claims and every importer write through it, so imported data has the shape of curated claims
    (``ontology/shapes.ttl``). Lines are handed to ``sink`` in batches of ``batch`` lines (memory
    stays bounded by a batch, not by the file), or kept for :meth:`text` and :meth:`quads`.
    Instance IRIs are given as strings, vocabulary terms as :class:`NamedNode`.

    >>> from actorgraph.model.vocab import ACTOR, GRAPH
    >>> w = Writer(GRAPH.curated)
    >>> w.actor(ACTOR + "x", [AG.State], "x", 'The "X" state', ["X"])
    >>> print(w.text().splitlines()[3].replace(ACTOR, "actor:").replace(GRAPH.curated.value, "curated"))
    <actor:x> <http://www.w3.org/2004/02/skos/core#prefLabel> "The \\"X\\" state" <curated> .
    >>> len(w.quads())
    5
    """

    def __init__(self, graph: NamedNode, sink: Callable[[str], object] | None = None, batch: int = 50_000) -> None:
        self._tail = f" {_term(graph)} .\n"
        self._sink = sink
        self._batch = batch
        self._lines: list[str] = []
        self._precisions = {key: _term(term) for key, term in vocabulary().precisions.items()}
        self._urls: dict[str, str] = {}
        self._handed = 0

    # ------------------------------------------------------------------ output

    def _add(self, s: str, p: str, o: str) -> None:
        lines = self._lines
        lines.append(f"{s} {p} {o}{self._tail}")
        if self._sink is not None and len(lines) >= self._batch:
            self.flush()

    def flush(self) -> None:
        """Hand the lines written so far to the sink (without a sink, they are kept)."""
        if self._sink is not None and self._lines:
            self._sink("".join(self._lines))
            self._handed += len(self._lines)
            self._lines.clear()

    @property
    def written(self) -> int:
        """Statements written so far (a statement written twice counts twice)."""
        return self._handed + len(self._lines)

    def text(self) -> str:
        """The N-Quads written (without a sink)."""
        return "".join(self._lines)

    def quads(self) -> list[Quad]:
        """The statements written (without a sink), as pyoxigraph quads."""
        return [q for q in parse(self.text().encode("utf-8"), RdfFormat.N_QUADS) if isinstance(q, Quad)]

    # ------------------------------------------------------------------ terms

    _node = staticmethod(_iri)

    def _url(self, url: str) -> str:
        """A source's URL: an IRI when Oxigraph takes it as one, else text (decided once per URL)."""
        found = self._urls.get(url)
        if found is None:
            try:
                found = _term(NamedNode(url)) if is_iri(url) else _text(url)
            except ValueError:
                found = _text(url)
            self._urls[url] = found
        return found

    def _dates(self, s: str, start: PartialDate | None, end: PartialDate | None, begun_by: PartialDate | None) -> None:
        """Outer and inner bounds: a start's first and last day, an end's first and last day, their precisions.

        ``begun_by`` alone (no start) says only that it had begun by the end of that period."""
        add = self._add
        if start is not None:
            add(s, _START, _day(start.first_day))
            add(s, _LATEST_START, _day(start.last_day))
            add(s, _START_PREC, self._precisions[start.precision])
        elif begun_by is not None:
            add(s, _LATEST_START, _day(begun_by.last_day))
        if end is not None:
            add(s, _EARLIEST_END, _day(end.first_day))
            add(s, _END, _day(end.last_day))
            add(s, _END_PREC, self._precisions[end.precision])

    def _sources(self, s: str, node: str, citations: Iterable[Cite], derived_from: Iterable[str]) -> None:
        """Citations (``node#cite-N``, with the source and its words) and the data rows a node derives from."""
        add = self._add
        for n, cite in enumerate(citations, 1):
            c = _iri(f"{node}#cite-{n}")
            add(s, _CITATION, c)
            add(c, _TYPE, _CLASSES[AG.Citation])
            add(c, _ENTITY, self._node(cite.source))
            if cite.quote is not None:
                add(c, _QUOTE, _text(cite.quote))
        for row in derived_from:
            add(s, _DERIVED, self._node(row))

    # ------------------------------------------------------------------ shapes

    def actor(
        self,
        node: str,
        types: Iterable[NamedNode],
        ident: str,
        label: str,
        names: Iterable[str] = (),
        *,
        start: PartialDate | None = None,
        end: PartialDate | None = None,
        note: str | None = None,
        citations: Iterable[Cite] = (),
        derived_from: Iterable[str] = (),
        loose_names: Iterable[str] = (),
        leaders: Iterable[Leader] = (),
    ) -> None:
        """An actor: its types, id, preferred label, other names (without repeats), lifespan and sources,
        the loose names it shares with others, and its leaders (each a tenure node ``node/leader-N``)."""
        s, add = self._node(node), self._add
        for kind in (*types, AG.Actor):
            add(s, _TYPE, _term(kind))
        add(s, _ID, _text(ident))
        add(s, _PREF, _text(label))
        for name in dict.fromkeys(names):
            if name and name != label:
                add(s, _ALT, _text(name))
        for name in dict.fromkeys(loose_names):
            add(s, _LOOSE, _text(name))
        self._dates(s, start, end, None)
        self._sources(s, node, citations, derived_from)
        for n, leader in enumerate(leaders, 1):
            tenure = f"{node}/leader-{n}"
            t = self._node(tenure)
            add(s, _LEADER, t)
            add(t, _TYPE, _CLASSES[AG.Tenure])
            add(t, _LEADER_NAME, _text(leader.name))
            self._dates(t, leader.start, leader.end, None)
            self._sources(t, tenure, leader.citations, ())
        if note is not None:
            add(s, _NOTE, _text(note))

    def relation(
        self,
        node: str,
        kind: NamedNode,
        actor: str,
        target: str,
        certainty: NamedNode,
        *,
        types: Iterable[NamedNode] = (),
        mode: NamedNode | None = None,
        agreement: str | None = None,
        start: PartialDate | None = None,
        end: PartialDate | None = None,
        begun_by: PartialDate | None = None,
        note: str | None = None,
        source_note: str | None = None,
        conflict: str | None = None,
        citations: Iterable[Cite] = (),
        derived_from: Iterable[str] = (),
    ) -> None:
        """A relation node: kind, actor, target, certainty, the kind of support or opposition, dates, sources
        and, from a dataset, its name of the conflict."""
        s, add = _iri(node), self._add
        add(s, _TYPE, _term(kind))
        add(s, _TYPE, _CLASSES[AG.Relation])
        add(s, _ACTOR, self._node(actor))
        add(s, _TARGET, self._node(target))
        add(s, _CERTAINTY, _term(certainty))
        for t in types:
            add(s, _SUPPORT_TYPE, _term(t))
        if mode is not None:
            add(s, _MODE, _term(mode))
        if agreement is not None:
            add(s, _AGREEMENT, _text(agreement))
        if source_note is not None:
            add(s, _SOURCE_NOTE, _text(source_note))
        if conflict is not None:
            add(s, _CONFLICT, _text(conflict))
        self._dates(s, start, end, begun_by)
        self._sources(s, node, citations, derived_from)
        if note is not None:
            add(s, _NOTE, _text(note))

    def change(
        self,
        node: str,
        kind: NamedNode,
        date: PartialDate | None,
        original: Iterable[str],
        resulting: Iterable[str],
        *,
        new_name: str | None = None,
        note: str | None = None,
        citations: Iterable[Cite] = (),
    ) -> None:
        """A dated change of identity: the actors before and after, the new name of a rename, its citations."""
        s, add = _iri(node), self._add
        add(s, _TYPE, _term(kind))
        if date is not None:
            add(s, _DATE_P, _day(date.first_day))
            add(s, _DATE_PREC, self._precisions[date.precision])
        for ref in original:
            add(s, _ORIGINAL, self._node(ref))
        for ref in resulting:
            add(s, _RESULTING, self._node(ref))
        if new_name is not None:
            add(s, _NEW_NAME, _text(new_name))
        self._sources(s, node, citations, ())
        if note is not None:
            add(s, _NOTE, _text(note))

    def source(
        self,
        node: str,
        ident: str,
        title: str,
        publisher: str,
        url: str,
        *,
        kind: NamedNode | None = None,
        date: PartialDate | None = None,
        author: str | None = None,
        accessed: PartialDate | None = None,
        text_file: str | None = None,
        note: str | None = None,
        copy_of: str | None = None,
        coverage_end: dt.date | None = None,
    ) -> None:
        """A source: id, title, publisher, URL (an IRI when it is one, else text), kind, dates, and the rest."""
        s, add = self._node(node), self._add
        add(s, _TYPE, _CLASSES[AG.Source])
        add(s, _ID, _text(ident))
        add(s, _TITLE, _text(title))
        add(s, _PUBLISHER, _text(publisher))
        add(s, _URL, self._url(url))
        if author is not None:
            add(s, _CREATOR, _text(author))
        if date is not None:
            add(s, _DCT_DATE, _day(date.first_day))
            add(s, _DATE_PREC, self._precisions[date.precision])
        if accessed is not None:
            add(s, _ACCESSED, _day(accessed.first_day))
        if coverage_end is not None:
            add(s, _COVERAGE_END, _day(coverage_end))
        if text_file is not None:
            add(s, _TEXT_FILE, _text(text_file))
        if note is not None:
            add(s, _NOTE, _text(note))
        if kind is not None:
            add(s, _KIND, _term(kind))
        if copy_of is not None:
            add(s, _COPY_OF, _text(copy_of))

    def same_as(self, node: str, other: str) -> None:
        """``skos:exactMatch``: two IRIs name the same actor (a dataset's and a curated one)."""
        self._add(self._node(node), _EXACT_MATCH, self._node(other))
