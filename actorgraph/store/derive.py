"""The one derivation of shortcut edges: plain actor-to-actor statements the relation nodes imply."""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import NamedNode, Store

from actorgraph.model.vocab import GRAPH, PREFIXES

__all__ = ["derive"]

# What the ontology says decides everything: which property a kind's relations imply
# (ag:shortcut), and whether it holds both ways (the shortcut is an owl:SymmetricProperty).
# Disputed claims imply nothing. A relation's statements all stand in one named graph.
_UPDATE = """
INSERT { GRAPH <#SHORTCUTS> { ?s ?p ?o } }
WHERE {
  #GRAPHS
  GRAPH <#ONTOLOGY> { ?kind ag:shortcut ?p }
  GRAPH ?g { ?rel a ?kind ; ag:actor ?s ; ag:target ?o ; ag:certainty ?c }
  FILTER(?c != ag:Disputed)
} ;
INSERT { GRAPH <#SHORTCUTS> { ?s ?p ?o } }
WHERE {
  #GRAPHS
  GRAPH <#ONTOLOGY> { ?kind ag:shortcut ?p . ?p a owl:SymmetricProperty }
  GRAPH ?g { ?rel a ?kind ; ag:actor ?o ; ag:target ?s ; ag:certainty ?c }
  FILTER(?c != ag:Disputed)
} ;
INSERT { GRAPH <#SHORTCUTS> { ?s prov:wasDerivedFrom ?source } }
WHERE {
  #GRAPHS
  GRAPH ?g { ?s ag:citation ?cite . ?cite prov:entity ?source }
}
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
    update = (
        _UPDATE.replace("#SHORTCUTS", GRAPH.shortcuts.value)
        .replace("#ONTOLOGY", GRAPH.ontology.value)
        .replace("#GRAPHS", scope)
    )
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
    store.update(prologue + update)
