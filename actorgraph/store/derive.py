"""The one derivation of shortcut edges: plain actor-to-actor statements the relation nodes imply."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from actorgraph.model.vocab import GRAPH, PREFIXES, PROV

__all__ = ["derive"]

# What the ontology in the store says decides everything: which property a kind's relations imply
# (ag:shortcut), and whether it holds both ways (the shortcut is an owl:SymmetricProperty). Disputed
# claims imply nothing. A relation's statements all stand in one named graph.
#
# One pass over each named graph's relation nodes. The kinds with a shortcut are read from the
# store's ontology first and go into the query as a table of small numbers; each kind, actor and
# target is read by one scan of its predicate in the graph (the subqueries keep Oxigraph from
# looking each relation's statements up one by one, which costs a disk seek per statement), the
# rows are joined in memory, and the disputed ones taken out (a look-up of those alone: a relation
# must have a certainty, so one not said to be disputed is not). The solutions leave the store as
# tab-separated terms, the kind's number between the two actors; the number becomes the kind's
# property, a row of a symmetric kind is written both ways, and the N-Triples go back in through
# the bulk loader: the statements stay bytes on the way (only a symmetric kind's rows are split, to
# be turned), never pyoxigraph terms or Python objects of the model. Oxigraph's filters and binds
# cost more than these byte operations, and spelling out a term more than a number (1M relations:
# 14 s, against 42 s with the graph a variable, the property spelt out and the rows turned in the
# query; an INSERT ... WHERE of the same solutions was slower still).
_KINDS = """
SELECT ?kind ?p ?both WHERE {
  GRAPH <#ONTOLOGY> { ?kind ag:shortcut ?p OPTIONAL { ?p a owl:SymmetricProperty BIND(true AS ?both) } }
} ORDER BY ?kind
"""
_EDGES = """
SELECT DISTINCT ?a ?n ?t WHERE {
  VALUES (?kind ?n) { #KINDS }
  { SELECT ?rel ?kind WHERE { GRAPH <#GRAPH> { ?rel a ?kind } } }
  { SELECT ?rel ?a WHERE { GRAPH <#GRAPH> { ?rel ag:actor ?a } } }
  { SELECT ?rel ?t WHERE { GRAPH <#GRAPH> { ?rel ag:target ?t } } }
  MINUS { GRAPH <#GRAPH> { ?rel ag:certainty ag:Disputed } }
}
"""
_SOURCES = """
SELECT ?s ?source WHERE {
  { SELECT ?s ?cite WHERE { GRAPH <#GRAPH> { ?s ag:citation ?cite } } }
  { SELECT ?cite ?source WHERE { GRAPH <#GRAPH> { ?cite prov:entity ?source } } }
}
"""


def derive(store: Store, graphs: Sequence[NamedNode] | None = None) -> None:
    """Add the shortcut edges and ``prov:wasDerivedFrom`` links implied by the relation nodes, in the
    store itself (a query's solutions go back in as bytes), of every named graph or only of ``graphs``.

    >>> from pyoxigraph import Quad
    >>> from actorgraph.store.graph import ActorGraph
    >>> from actorgraph.model.vocab import ACTOR, AG, RDF, RELATION
    >>> g = ActorGraph()
    >>> a, b, r = NamedNode(ACTOR + "a"), NamedNode(ACTOR + "b"), NamedNode(RELATION + "x")
    >>> facts = [(RDF.type, AG.Agreement), (AG.actor, a), (AG.target, b), (AG.certainty, AG.Confirmed)]
    >>> g.store.extend(Quad(r, p, o, GRAPH.curated) for p, o in facts)
    >>> derive(g.store)
    >>> edges = g.store.quads_for_pattern(None, AG.agreementWith, None)
    >>> sorted(q.subject.value[-1] + q.object.value[-1] for q in edges)
    ['ab', 'ba']
    """
    if graphs is None:
        own = (GRAPH.ontology, GRAPH.shortcuts)
        graphs = [g for g in store.named_graphs() if isinstance(g, NamedNode) and g not in own]
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    kinds = store.query(prologue + _filled(_KINDS, ONTOLOGY=GRAPH.ontology.value))
    assert isinstance(kinds, QuerySolutions)
    table: list[str] = []  # (kind number) rows of the query's VALUES
    properties: dict[bytes, bytes] = {}  # the gap a kind's number makes -> the kind's shortcut
    symmetric: set[bytes] = set()  # the numbers of kinds that hold both ways
    for n, row in enumerate(kinds):
        if not isinstance(row["kind"], NamedNode) or not isinstance(row["p"], NamedNode):
            continue  # not a term a query or an N-Triples statement can name
        table.append(f"({row['kind']} {n})")
        properties[b"\t%d\t" % n] = f" {row['p']} ".encode()
        if row["both"] is not None:
            symmetric.add(b"%d" % n)
    derived = {b"\t": f" {PROV.wasDerivedFrom} ".encode()}
    for graph in graphs:
        if table:
            rows = _solutions(store, prologue + _filled(_EDGES, KINDS=" ".join(table), GRAPH=graph.value))
            _into_shortcuts(store, _both_ways(rows, symmetric), properties)
        _into_shortcuts(store, _solutions(store, prologue + _filled(_SOURCES, GRAPH=graph.value)), derived)


def _filled(query: str, **parts: str) -> str:
    """A query with each ``#NAME`` in it made ``parts[NAME]``, in one pass: what goes in is never read
    again (an IRI may hold ``#GRAPH``).

    >>> _filled("GRAPH <#GRAPH> { VALUES ?k { #KINDS } }", GRAPH="urn:x#KINDS", KINDS="<urn:k#GRAPH>")
    'GRAPH <urn:x#KINDS> { VALUES ?k { <urn:k#GRAPH> } }'
    """
    return re.sub(r"#([A-Z]+)\b", lambda found: parts.get(found[1], found[0]), query)


def _solutions(store: Store, select: str) -> bytes:
    """The solutions of a SELECT, tab-separated, without their header: each term written as N-Triples
    does (a tab is never part of an IRI or a blank node, and a literal's tabs are escaped), a number as it is."""
    solutions = store.query(select)
    assert isinstance(solutions, QuerySolutions)
    data = solutions.serialize(format=QueryResultsFormat.TSV) or b""
    return data[data.index(b"\n") + 1 :]


def _without_literals(rows: bytes) -> bytes:
    """The rows whose first and last terms (an actor and a target, or a relation and a source) are IRIs
    or blank nodes: no statement can be about a literal, and a number or a truth value is written
    bare, as no N-Triples term is.

    >>> _without_literals(b'<a>\\t0\\t<b>\\n"a"\\t0\\t<b>\\n_:x\\t0\\t12\\n_:x\\t1\\t_:y\\n')
    b'<a>\\t0\\t<b>\\n_:x\\t1\\t_:y\\n'
    """
    nodes = (b"<", b"_:")
    text = b"\n" + rows  # a first term follows a line's start; a last, a tab (a kind's number follows one too)
    if sum(text.count(gap + node) for gap in (b"\n", b"\t") for node in nodes) == 2 * rows.count(b"\n"):
        return rows
    return b"".join(
        row
        for row in rows.splitlines(keepends=True)
        if row.startswith(nodes) and row.split(b"\t")[-1].startswith(nodes)
    )


def _both_ways(rows: bytes, symmetric: set[bytes]) -> bytes:
    """The rows, and each row of a symmetric kind once more with its actor and target swapped.

    >>> _both_ways(b"<a>\\t0\\t<b>\\n<c>\\t1\\t<d>\\n", {b"1"})
    b'<a>\\t0\\t<b>\\n<c>\\t1\\t<d>\\n<d>\\t1\\t<c>\\n'
    """
    if not symmetric:
        return rows
    swapped = [b"\t".join((t, n, a)) for a, n, t in (row.split(b"\t") for row in rows.splitlines()) if n in symmetric]
    return rows + b"".join(row + b"\n" for row in swapped)


def _into_shortcuts(store: Store, rows: bytes, gaps: dict[bytes, bytes]) -> None:
    """Tab-separated rows bulk-loaded into the shortcuts graph as N-Triples, each gap between two
    columns (found with what stands in it) made what ``gaps`` says; rows with a literal where a node
    belongs are left out."""
    rows = _without_literals(rows)
    if not rows:
        return
    for gap, replacement in gaps.items():
        rows = rows.replace(gap, replacement)
    store.bulk_load(rows.replace(b"\n", b" .\n"), format=RdfFormat.N_TRIPLES, to_graph=GRAPH.shortcuts)
