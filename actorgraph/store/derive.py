"""The one derivation of shortcut edges: plain actor-to-actor statements the relation nodes imply."""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, RdfFormat, Store

from actorgraph.model.vocab import GRAPH, PREFIXES, PROV

__all__ = ["derive"]

# What the ontology in the store says decides everything: which property a kind's relations imply
# (ag:shortcut), and whether it holds both ways (the shortcut is an owl:SymmetricProperty). Disputed
# claims imply nothing. A relation's statements all stand in one named graph.
#
# One pass over the relation nodes: their kind is read for the kinds the ontology gives a shortcut,
# their actor and target by one scan of each predicate (the subqueries keep Oxigraph from looking
# each relation's statements up one by one, which costs a disk seek per statement), the rows are
# joined in memory, the disputed ones taken out (a look-up of those alone: a relation must have a
# certainty, so one not said to be disputed is not), and each symmetric relation gives its edge
# both ways. The solutions leave the store as tab-separated terms, which are N-Triples once their
# tabs are spaces, and go back in through the bulk loader: no statement becomes a Python object on
# the way. Most of the time goes on Oxigraph spelling out the solutions' terms (300k relations:
# about 7 s; an INSERT ... WHERE doing the same took 26 s).
_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  { SELECT ?kind ?p ?both WHERE {
      GRAPH <#ONTOLOGY> { ?kind ag:shortcut ?p OPTIONAL { ?p a owl:SymmetricProperty BIND(true AS ?both) } } } }
  { SELECT ?rel ?g ?kind WHERE { GRAPH <#ONTOLOGY> { ?kind ag:shortcut [] } #GRAPHS GRAPH ?g { ?rel a ?kind } } }
  { SELECT ?rel ?g ?a WHERE { #GRAPHS GRAPH ?g { ?rel ag:actor ?a } FILTER(!isLiteral(?a)) } }
  { SELECT ?rel ?g ?t WHERE { #GRAPHS GRAPH ?g { ?rel ag:target ?t } FILTER(!isLiteral(?t)) } }
  MINUS { GRAPH ?g { ?rel ag:certainty ag:Disputed } }
  VALUES ?flip { false true }
  FILTER(!?flip || BOUND(?both))
  BIND(IF(?flip, ?t, ?a) AS ?s)
  BIND(IF(?flip, ?a, ?t) AS ?o)
}
"""
_SOURCES = """
SELECT ?s ?source WHERE { #GRAPHS GRAPH ?g { ?s ag:citation ?cite . ?cite prov:entity ?source } }
"""


def derive(store: Store, graphs: Sequence[NamedNode] | None = None) -> None:
    """Add the shortcut edges and ``prov:wasDerivedFrom`` links implied by the relation nodes, in the
    store itself (no statement passes through Python), of every graph or only of ``graphs``.

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
    scope = ""
    if graphs is not None:
        if not graphs:
            return
        scope = "VALUES ?g { " + " ".join(f"<{g.value}>" for g in graphs) + " }"
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    edges = _triples(store, prologue + _EDGES.replace("#ONTOLOGY", GRAPH.ontology.value).replace("#GRAPHS", scope))
    links = _triples(store, prologue + _SOURCES.replace("#GRAPHS", scope), f"<{PROV.wasDerivedFrom.value}>")
    for data in (edges, links):
        if data:
            store.bulk_load(data, format=RdfFormat.N_TRIPLES, to_graph=GRAPH.shortcuts)


def _triples(store: Store, select: str, predicate: str | None = None) -> bytes:
    """The solutions of a SELECT of a subject, (a predicate,) and an object, as N-Triples.

    The tab-separated results write each term as N-Triples does; without a predicate column,
    ``predicate`` goes between the two terms.
    """
    solutions = store.query(select)
    assert isinstance(solutions, QuerySolutions)
    data = solutions.serialize(format=QueryResultsFormat.TSV) or b""
    rows = data[data.index(b"\n") + 1 :]
    if not rows:
        return b""
    gap = b" " if predicate is None else f" {predicate} ".encode()
    return rows.replace(b"\t", gap).replace(b"\n", b" .\n")
