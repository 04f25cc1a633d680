"""The one store of truth: claims, imports and the ontology in an embedded pyoxigraph store, queried by SPARQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Variable

from actorgraph.errors import QueryError
from actorgraph.model import resources
from actorgraph.model.formats import RDF_FORMATS, rdf_format
from actorgraph.model.vocab import GRAPH, PREFIXES, RDF, ontology_store
from actorgraph.store.protocol import Graph, GraphCache, ReadableGraph

if TYPE_CHECKING:
    from actorgraph.sources.claims import Known

__all__ = ["ActorGraph", "Graph", "data_kind", "open_graph"]


class ActorGraph(ReadableGraph):
    """A graph of actors and their relations, held in one embedded pyoxigraph store.

    The ontology sits in its own named graph; curated claims, imported datasets and derived
    shortcut edges each in theirs. Queries see the union of all of them. What questions work
    out from the graph is kept in :attr:`cache` and forgotten on every write through its methods
    (after writing to :attr:`store` directly, call :meth:`changed`).

    >>> graph = open_graph()
    >>> graph.ask("ASK { actor:russia ag:supports actor:assad-government }")
    True
    """

    def __init__(self, store: Store | None = None, *, read_only: bool = False) -> None:
        self.store = store if store is not None else Store()
        self.read_only = read_only
        self.cache = GraphCache()
        self._on_close: list[Callable[[], None]] = []
        if not read_only and not self._has_ontology():
            self.store.extend(ontology_store().quads_for_pattern(None, None, None, GRAPH.ontology))

    def close(self) -> None:
        """Let go of the store and remove what was made only for this graph (an overlay copy)."""
        self.store = Store()
        self.cache.clear()
        while self._on_close:
            self._on_close.pop()()

    def changed(self) -> None:
        """Forget what questions worked out from the graph: its statements changed."""
        self.cache.clear()

    def _has_ontology(self) -> bool:
        return next(iter(self.store.quads_for_pattern(None, RDF.type, None, GRAPH.ontology)), None) is not None

    # ------------------------------------------------------------------ loading

    def add_claims(self, paths: Iterable[Path | str], texts: Sequence[Path] = ()) -> None:
        """Read, check and add claims files, which may name the actors and sources the graph holds
        (or the bundled dataset defines); raise :class:`DataError` on any problem."""
        from actorgraph.sources.claims import claims_quads

        self.store.extend(claims_quads(list(paths), self.known(), texts))
        self.changed()

    def known(self) -> Known:
        """The ids of the actors and sources the graph holds.

        >>> "russia" in open_graph().known().actors
        True
        """
        return super().known()

    def add_rdf(self, path: Path | str, graph: NamedNode | None = None, fmt: RdfFormat | None = None) -> None:
        """Parse an RDF file (format from its extension unless given; ``-`` is standard input) into the store."""
        from actorgraph.sources.rdf import load_rdf  # the RDF readers load only when a file is read

        try:
            load_rdf(self.store, path, fmt, graph)
        finally:
            self.changed()

    def add(self, paths: Iterable[Path | str], texts: Sequence[Path] = (), data_format: str | None = None) -> None:
        """Add files of either kind: ``.toml`` claims files and RDF files (all claims files are read together).

        ``-`` is standard input, read as ``data_format``: ``toml`` or an RDF format name (Turtle if not given).
        """
        paths = list(paths)
        kinds = {str(p): data_kind(str(p), data_format) for p in paths}
        claims = [p for p in paths if kinds[str(p)] == "toml"]
        if claims:
            self.add_claims(claims, texts)
        for path in paths:
            kind = kinds[str(path)]
            if kind != "toml":
                self.add_rdf(path, fmt=kind if isinstance(kind, RdfFormat) else None)

    def derive(self) -> None:
        """Add the shortcut edges and ``prov:wasDerivedFrom`` links the relation nodes imply."""
        from actorgraph.store.derive import derive

        derive(self.store)
        self.changed()

    # ------------------------------------------------------------------ asking

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        """Run SPARQL over the union of all graphs; ``bindings`` are bound as terms, never pasted.

        >>> rows = open_graph().query(
        ...     "SELECT ?label WHERE { ?a skos:prefLabel ?label }",
        ...     {"a": NamedNode("https://w3id.org/actorgraph/actor/hts")})
        >>> [row["label"].value for row in rows]
        ['Hayat Tahrir al-Sham']
        """
        terms = {k: _term(v) for k, v in (bindings or {}).items()}
        try:
            try:
                return self.store.query(
                    sparql,
                    prefixes=PREFIXES,
                    use_default_graph_as_union=True,
                    substitutions={Variable(k): v for k, v in terms.items()},
                )
            except (ValueError, RuntimeError, SyntaxError) as exc:
                # pyoxigraph substitutes only projected variables; otherwise bind through a trailing
                # VALUES clause, writing each term in N-Triples syntax (escaped, never raw text).
                if not terms or "SELECT projection" not in str(exc):
                    raise
                if any(isinstance(v, BlankNode) for v in terms.values()):
                    raise QueryError("a blank node can be bound only to a variable the query selects") from None
                values = " ".join(f"?{k}" for k in terms)
                row = " ".join(str(v) for v in terms.values())
                return self.store.query(
                    f"{sparql}\nVALUES ({values}) {{ ({row}) }}", prefixes=PREFIXES, use_default_graph_as_union=True
                )
        except SyntaxError as exc:
            from actorgraph.model.sparql import syntax_error_line  # its patterns compiled only for an error

            raise QueryError(syntax_error_line(str(exc), sparql)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL error: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of terms (unbound variables left out)."""
        result = self.query(sparql, bindings)
        names = [v.value for v in result.variables]
        # each term read once, in order: reading a solution by name costs twice as much
        return [{n: t for n, t in zip(names, row, strict=True) if t is not None} for row in result]

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        """Run an ASK query."""
        return bool(self.query(sparql, bindings))

    def rows(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a SELECT and return its rows as tuples of terms in the order of its variables (None where unbound).

        >>> [(label.value, none) for label, none in open_graph().rows(
        ...     "SELECT ?label ?none WHERE { actor:hts skos:prefLabel ?label }")]
        [('Hayat Tahrir al-Sham', None)]
        """
        return [tuple(row) for row in self.query(sparql, bindings)]

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[Quad]:
        """The statements matching a pattern (None matches anything), in any graph."""
        return iter(self.store.quads_for_pattern(subject, predicate, obj))

    # ------------------------------------------------------------------ writing out

    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """Every statement but the ontology's, sorted so exports are stable."""
        quads = (
            q for q in self.store.quads_for_pattern(None, None, None) if with_ontology or q.graph_name != GRAPH.ontology
        )
        yield from sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))

    def __len__(self) -> int:
        ontology = sum(1 for _ in self.store.quads_for_pattern(None, None, None, GRAPH.ontology))
        return len(self.store) - ontology


def data_kind(path: str, data_format: str | None = None) -> str | RdfFormat | None:
    """``toml`` for a claims file, else its RDF format; ``-`` (stdin) is ``data_format`` (Turtle if None).

    >>> data_kind("mine.toml"), data_kind("x.nq"), data_kind("-", "toml"), data_kind("-")
    ('toml', <RdfFormat N-Quads>, 'toml', <RdfFormat Turtle>)
    """
    if path == "-":
        if data_format in (None, "toml"):
            return data_format or RdfFormat.TURTLE
        return RDF_FORMATS[data_format]
    return "toml" if path.endswith(".toml") else rdf_format(path)


def _term(value: Any) -> Any:
    if isinstance(value, (NamedNode, BlankNode, Literal)):
        return value
    return Literal(str(value))


def open_graph(
    data: Sequence[Path | str] = (),
    *,
    bundled: bool = True,
    store: Path | str | None = None,
    texts: Sequence[Path] = (),
    data_format: str | None = None,
) -> ActorGraph:
    """Open the graph: an on-disk store, or the bundled dataset (unless ``bundled=False``) plus ``data`` files.

    An on-disk store is opened read-only (files given beside it go into a private overlay copy).
    Claims and RDF files are compiled once: the checked, derived graph is kept as N-Quads under
    the user's cache folder, keyed by a hash of the files, and loaded at native speed after that
    (see :mod:`actorgraph.store.compiled`).

    >>> graph = open_graph()
    >>> len(graph) > 500
    True
    """
    if store is not None:
        from actorgraph.store.disk import StoreFolder

        # a read never writes to the store: files given beside it go into a private overlay copy
        folder = StoreFolder(store)
        if not data:
            return ActorGraph(folder.open_read_only(), read_only=True)
        overlay, remove = folder.open_overlay()
        graph = ActorGraph(overlay)
        del overlay
        graph._on_close.append(remove)
        graph.add(data, texts, data_format)
        graph.derive()
        return graph
    files = [*(resources.dataset_files() if bundled else []), *data]

    def build() -> Store:
        graph = ActorGraph()
        graph.add(files, texts, data_format)
        graph.derive()
        return graph.store

    if texts:  # quotes checked against source texts: an answer that depends on more than the files
        return ActorGraph(build())
    from actorgraph.store.compiled import compiled

    loaded, answers = compiled([(str(p), data_kind(str(p), data_format)) for p in files], build)
    graph = ActorGraph(loaded)
    graph.cache = GraphCache(answers)
    return graph
