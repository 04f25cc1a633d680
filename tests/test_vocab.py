"""The closed Python namespace and the ontology file must name the same terms."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from actorgraph.model.vocab import AG, GRAPH, ontology_store, vocabulary


def ontology_terms() -> set[str]:
    terms = set()
    for quad in ontology_store():
        for term in (quad.subject, quad.object):
            if isinstance(term, NamedNode) and term.value.startswith(AG._base):
                terms.add(term.value[len(AG._base) :])
    return terms


def test_namespace_matches_ontology() -> None:
    declared = set(AG.terms())
    in_ontology = ontology_terms()
    assert declared - in_ontology == set(), "terms in vocab.AG missing from ontology/actorgraph.ttl"
    assert in_ontology - declared == set(), "terms in ontology/actorgraph.ttl missing from vocab.AG"


def test_unknown_term_is_an_error() -> None:
    with pytest.raises(AttributeError, match="not a term of AG"):
        _ = AG.Suport
    assert AG.Support == NamedNode("https://w3id.org/actorgraph/ns#Support")


def test_every_relation_kind_has_a_shortcut_and_key() -> None:
    vocab = vocabulary()
    assert set(vocab.relation_kinds) == {"support", "opposition", "agreement", "membership", "leadership"}
    for term in vocab.relation_kinds.values():
        assert term.value in vocab.shortcuts
        assert term.value in vocab.inverse_labels


def test_support_types_follow_the_ucdp_scheme() -> None:
    vocab = vocabulary()
    letters = {vocab.notations[t.value] for t in vocab.support_types.values() if t.value in vocab.notations}
    assert letters == set("XPYWMTFILOU")
    assert "diplomatic" in vocab.support_types


def test_graph_names_are_closed() -> None:
    assert GRAPH.curated.value.endswith("/graph/curated")
    with pytest.raises(AttributeError):
        _ = GRAPH.nonsense
