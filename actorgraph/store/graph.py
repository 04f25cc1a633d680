"""The one store of truth: claims, imports and the ontology in a pyoxigraph store, queried by SPARQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Triple, Variable, serialize

from actorgraph.errors import QueryError
from actorgraph.model import resources
from actorgraph.model.formats import RDF_FORMATS, rdf_format
from actorgraph.model.sparql import syntax_error_line
from actorgraph.model.vocab import GRAPH, PREFIXES, RDF, ontology_store
from actorgraph.sources.claims import Known, claims_quads
from actorgraph.sources.rdf import load_rdf
from actorgraph.store.derive import derive
from actorgraph.store.disk import StoreFolder
from actorgraph.store.jsonld import compact

__all__ = ["ActorGraph", "data_kind", "open_graph"]


class ActorGraph:
    """A graph of actors and their relations, held in one pyoxigraph store.

    The ontology sits in its own named graph; curated claims, imported datasets and derived
    shortcut edges each in theirs. Queries see the union of all of them.

    >>> graph = open_graph()
    >>> graph.ask("ASK { actor:russia ag:supports actor:assad-government }")
    True
    """

    def __init__(self, store: Store | None = None, *, read_only: bool = False) -> None:
        self.store = store if store is not None else Store()
        self.read_only = read_only
        self._on_close: list[Callable[[], None]] = []
        if not read_only and not self._has_ontology():
            self.store.extend(ontology_store().quads_for_pattern(None, None, None, GRAPH.ontology))

    def close(self) -> None:
        """Let go of the store and remove what was made only for this graph (an overlay copy)."""
        self.store = Store()
        while self._on_close:
            self._on_close.pop()()

    def __enter__(self) -> ActorGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _has_ontology(self) -> bool:
        return next(iter(self.store.quads_for_pattern(None, RDF.type, None, GRAPH.ontology)), None) is not None

    # ------------------------------------------------------------------ loading

    def add_claims(self, paths: Iterable[Path | str], texts: Sequence[Path] = ()) -> None:
        """Read, check and add claims files, which may name the actors and sources the graph holds
        (or the bundled dataset defines); raise :class:`DataError` on any problem."""
        self.store.extend(claims_quads(list(paths), self.known(), texts))

    def known(self) -> Known:
        """The ids of the actors and sources the graph holds.

        >>> "russia" in open_graph().known().actors
        True
        """
        ids = {
            kind: frozenset(
                row["id"].value
                for row in self.select(f"SELECT DISTINCT ?id WHERE {{ ?n a {cls} ; dct:identifier ?id }}")
            )
            for kind, cls in (("actors", "ag:Actor"), ("sources", "ag:Source"))
        }
        return Known(**ids)

    def add_rdf(self, path: Path | str, graph: NamedNode | None = None, fmt: RdfFormat | None = None) -> None:
        """Parse an RDF file (format from its extension unless given; ``-`` is standard input) into the store."""
        load_rdf(self.store, path, fmt, graph)

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
        derive(self.store)

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
                values = " ".join(f"?{k}" for k in terms)
                row = " ".join(str(v) for v in terms.values())
                return self.store.query(
                    f"{sparql}\nVALUES ({values}) {{ ({row}) }}", prefixes=PREFIXES, use_default_graph_as_union=True
                )
        except SyntaxError as exc:
            raise QueryError(syntax_error_line(str(exc), sparql)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"SPARQL error: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of terms (unbound variables left out)."""
        result = self.query(sparql, bindings)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        """Run an ASK query."""
        return bool(self.query(sparql, bindings))

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None) -> Iterator[Quad]:
        """The statements matching a pattern (None matches anything), in any graph."""
        return iter(self.store.quads_for_pattern(subject, predicate, obj))

    def properties(self, subject: NamedNode, only: Sequence[NamedNode] | None = None) -> dict[NamedNode, list[Any]]:
        """Every predicate of a subject (or ``only`` those given) with its objects, in any graph,
        without repeats, in store order."""
        found: dict[NamedNode, list[Any]] = {}
        for predicate in [None] if only is None else only:
            for quad in self.store.quads_for_pattern(subject, predicate, None):
                p, o = quad.predicate, quad.object
                objects = found.get(p)
                if objects is None:
                    found[p] = [o]
                elif o not in objects:  # the same statement may stand in several graphs
                    objects.append(o)
        return found

    def describe(
        self, nodes: Iterable[NamedNode], only: Sequence[NamedNode] | None = None
    ) -> dict[str, dict[NamedNode, list[Any]]]:
        """:meth:`properties` of many nodes at once (a remote graph answers this in few requests).

        >>> from actorgraph.model.vocab import SKOS
        >>> props = open_graph().describe([NamedNode("https://w3id.org/actorgraph/actor/hts")])
        >>> [o.value for o in props["https://w3id.org/actorgraph/actor/hts"][SKOS.prefLabel]]
        ['Hayat Tahrir al-Sham']
        """
        return {n.value: self.properties(n, only) for n in dict.fromkeys(nodes) if isinstance(n, NamedNode)}

    # ------------------------------------------------------------------ writing out

    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """Every statement but the ontology's, sorted so exports are stable."""
        quads = (
            q for q in self.store.quads_for_pattern(None, None, None) if with_ontology or q.graph_name != GRAPH.ontology
        )
        yield from sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))

    def triples(self, *, with_ontology: bool = False) -> list[Triple]:
        """The union of all graphs as triples, without repeats, sorted."""
        seen = {q.triple for q in self.quads(with_ontology=with_ontology)}
        return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def export(
        self,
        fmt: str,
        output: IO[bytes] | str | None = None,
        *,
        with_ontology: bool = False,
        graphs: bool | None = None,
    ) -> bytes | None:
        """Write the graph as ``turtle``, ``nt``, ``jsonld``, ``trig``, ``xml`` or ``nquads``.

        TriG and N-Quads keep the named graphs; the others carry their union, unless ``graphs``
        asks JSON-LD to keep them too. JSON-LD is compact, with the ontology's prefixes as ``@context``.

        >>> text = open_graph().export("turtle").decode()
        >>> "ag:quote" in text
        True
        >>> import json
        >>> doc = json.loads(open_graph().export("jsonld"))
        >>> doc["@context"]["ag"], doc["@graph"][0]["@id"][:6]
        ('https://w3id.org/actorgraph/ns#', 'actor:')
        """
        if fmt not in RDF_FORMATS:
            raise QueryError(f"unknown export format {fmt!r} (one of: {', '.join(RDF_FORMATS)})")
        rdf_fmt = RDF_FORMATS[fmt]
        keep = rdf_fmt in (RdfFormat.TRIG, RdfFormat.N_QUADS) if graphs is None else graphs
        if keep and not rdf_fmt.supports_datasets:
            raise QueryError(f"{fmt} holds one graph: keep the named graphs with trig, nquads or jsonld")
        data: list[Any] = (
            list(self.quads(with_ontology=with_ontology)) if keep else self.triples(with_ontology=with_ontology)
        )
        if rdf_fmt == RdfFormat.JSON_LD:
            text = compact(serialize(data, None, rdf_fmt) or b"[]", PREFIXES)
            if output is None:
                return text
            if isinstance(output, str):
                with open(output, "wb") as handle:
                    handle.write(text)
            else:
                output.write(text)
            return None
        prefixes = PREFIXES if rdf_fmt not in (RdfFormat.N_TRIPLES, RdfFormat.N_QUADS) else None
        return serialize(data, output, rdf_fmt, prefixes=prefixes)

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())


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
    if isinstance(value, (NamedNode, Literal)):
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

    >>> graph = open_graph()
    >>> len(graph) > 500
    True
    """
    if store is not None:
        # a read never writes to the store: files given beside it go into a private overlay copy
        folder = StoreFolder(store)
        if not data:
            return ActorGraph(folder.open_read_only(), read_only=True)
        overlay, remove = folder.open_overlay()
        graph = ActorGraph(overlay)
        del overlay
        graph._on_close.append(remove)
        graph.add(data, texts, data_format)
    else:
        graph = ActorGraph()
        graph.add([*(resources.dataset_files() if bundled else []), *data], texts, data_format)
    graph.derive()
    return graph
