"""The closed Python namespace and the ontology file must name the same terms."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pyoxigraph import NamedNode

from actorgraph.model.resources import cache_dir
from actorgraph.model.vocab import AG, GRAPH, Vocabulary, ontology_store, read_vocabulary, vocabulary


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


def fresh_vocabulary() -> Vocabulary:
    """The vocabulary as a new process gets it (from the cache folder once it was kept there)."""
    vocabulary.cache_clear()
    return vocabulary()


def assert_same_in_order(kept: Vocabulary, read: Vocabulary) -> None:
    assert kept == read
    for field in dataclasses.fields(read):
        value = getattr(read, field.name)
        if isinstance(value, dict):  # the ontology's order (kinds, types, source kinds strongest first)
            assert list(getattr(kept, field.name).items()) == list(value.items()), field.name


def test_the_kept_vocabulary_is_the_ontologys_in_its_order() -> None:
    fresh_vocabulary()
    [kept] = (cache_dir() / "vocabulary").glob("*.json")
    assert_same_in_order(fresh_vocabulary(), read_vocabulary())
    assert json.loads(kept.read_text(encoding="utf-8"))["keys"][AG.Support.value] == "support"


def test_a_broken_kept_vocabulary_is_read_again_from_the_ontology() -> None:
    fresh_vocabulary()
    [kept] = (cache_dir() / "vocabulary").glob("*.json")
    for broken in ('{"keys": {}}', "[1, 2]", "not json"):
        kept.write_text(broken, encoding="utf-8")
        assert_same_in_order(fresh_vocabulary(), read_vocabulary())
        assert_same_in_order(fresh_vocabulary(), read_vocabulary())  # and kept whole again
