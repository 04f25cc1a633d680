"""What every graph answers: the reading side shared by the local store and a remote SPARQL endpoint."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from actorgraph.errors import ActorgraphError, QueryError
from actorgraph.model.formats import RDF_FORMATS
from actorgraph.model.vocab import PREFIXES

if TYPE_CHECKING:
    from actorgraph.sources.claims import Known

__all__ = ["Graph", "GraphCache", "ReadableGraph"]

T = TypeVar("T")


class GraphCache:
    """Answers worked out from one graph (its actors, their names, lineage), kept until the graph changes.

    The graph owns it and empties it on every write, so a question asked after an addition
    never sees what was read before it. A graph loaded as compiled from files may also keep
    answers on disk beside the compiled graph, for the next process: the files' hash names them,
    and a write detaches the graph from them for good.

    >>> cache = GraphCache()
    >>> cache.get("answer", lambda: 42), cache.get("answer", lambda: 0)
    (42, 42)
    >>> cache.clear()
    >>> cache.get("answer", lambda: 0)
    0
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._values: dict[str, Any] = {}
        self._folder = folder  # answers of the compiled graph this graph was loaded as, on disk

    def get(self, key: str, compute: Callable[[], T], *, keep: bool = False) -> T:
        """The value kept under ``key``, computed (and kept) the first time it is asked for; with
        ``keep``, also kept on disk for a compiled graph (for answers that cost far more to work out
        than to read back)."""
        if key in self._values:
            return self._values[key]
        if keep and self._folder is not None:
            from actorgraph.store import compiled

            value = compiled.kept(self._folder, key, compute)
        else:
            value = compute()
        self._values[key] = value
        return value

    def clear(self) -> None:
        """Forget everything: the graph changed (and is no longer the compiled graph it was loaded as)."""
        self._values.clear()
        self._folder = None

    def __contains__(self, key: str) -> bool:
        return key in self._values


@runtime_checkable
class Graph(Protocol):
    """A graph the questions can read: SPARQL over the union of its named graphs, and its statements.

    Two implementations: :class:`~actorgraph.store.graph.ActorGraph` (the embedded pyoxigraph
    store, which can also be written) and :class:`~actorgraph.store.remote.RemoteGraph` (a SPARQL
    1.1 endpoint, read-only). The questions read through :meth:`select` only, a few queries an
    answer, so both answer alike.

    >>> from actorgraph.store.graph import open_graph
    >>> isinstance(open_graph(), Graph)
    True
    """

    #: what questions worked out from this graph; emptied whenever the graph changes
    cache: GraphCache
    #: how many terms one query may bind in a VALUES block (an endpoint takes fewer than the local store)
    max_values: int

    def query(self, sparql: str, bindings: dict[str, Any] | None = None) -> Any:
        """Run any SPARQL query; the answer is a pyoxigraph result object."""
        ...

    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of terms (unbound variables left out)."""
        ...

    def ask(self, sparql: str, bindings: dict[str, Any] | None = None) -> bool:
        """Run an ASK query."""
        ...

    def rows(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a SELECT and return its rows as tuples of terms in the order of its variables (None
        where unbound): what the questions read many rows through."""
        ...

    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """Every statement (but the ontology's unless asked for), sorted."""
        ...

    def triples(self, *, with_ontology: bool = False) -> list[Triple]:
        """The union of all graphs as triples, without repeats, sorted."""
        ...

    def export(
        self,
        fmt: str,
        output: IO[bytes] | str | None = None,
        *,
        with_ontology: bool = False,
        graphs: bool | None = None,
    ) -> bytes | None:
        """Write the graph in an RDF format."""
        ...

    def known(self) -> Known:
        """The ids of the actors and sources the graph holds."""
        ...

    def why_empty(self) -> ActorgraphError | None:
        """The error to give when the graph shows no actors because of how it is reached (else None)."""
        ...

    def close(self) -> None:
        """Let go of what the graph holds."""
        ...

    def __len__(self) -> int: ...


class ReadableGraph(ABC):
    """What both graphs share, written once on top of :meth:`select` and :meth:`quads`."""

    cache: GraphCache
    max_values: int = 1_000_000

    @abstractmethod
    def select(self, sparql: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts of terms (unbound variables left out)."""

    @abstractmethod
    def quads(self, *, with_ontology: bool = False) -> Iterator[Quad]:
        """Every statement but the ontology's (unless asked), sorted."""

    def close(self) -> None:
        self.cache.clear()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def why_empty(self) -> ActorgraphError | None:
        return None

    def known(self) -> Known:
        """The ids of the actors and sources the graph holds.

        >>> from actorgraph.store.graph import open_graph
        >>> "russia" in open_graph().known().actors
        True
        """
        from actorgraph.sources.claims import Known

        ids = {
            kind: frozenset(
                row["id"].value
                for row in self.select(f"SELECT DISTINCT ?id WHERE {{ ?n a {cls} ; dct:identifier ?id }}")
            )
            for kind, cls in (("actors", "ag:Actor"), ("sources", "ag:Source"))
        }
        return Known(**ids)

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

        >>> from actorgraph.store.graph import open_graph
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
            from actorgraph.store.jsonld import compact

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
