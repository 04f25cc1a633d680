"""A relation kind is data: one made up in a fixture ontology is derived, drawn, signed and exported unchanged."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from actorgraph.model import resources, vocab
from actorgraph.model import shapes as shapes_module

RIVALRY = """
@prefix ag:   <https://w3id.org/actorgraph/ns#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ag:Rivalry a owl:Class ; rdfs:subClassOf ag:Relation ; ag:key "rivalry" ; ag:rank 6 ;
    ag:shortcut ag:rivalOf ; ag:inverseLabel "rivalled by"@en ; ag:sign -1 ; ag:colour "#123456" ;
    rdfs:label "rivalry"@en .

ag:rivalOf a owl:ObjectProperty, owl:SymmetricProperty ;
    rdfs:domain ag:Actor ; rdfs:range ag:Actor ;
    rdfs:label "rival of"@en .
"""

CLAIMS = """
[[source]]
id = "rivalry-notes"
publisher = "Example Review"
title = "Rivals"
url = "https://example.org/rivals"
date = "2016-06-01"
kind = "research"

[[relation]]
id = "iran-rivals-saudi-2016"
kind = "rivalry"
actor = "iran"
target = "russia"
start = "2016"
certainty = "confirmed"

[[relation.cite]]
source = "rivalry-notes"
quote = "Iran and Russia are rivals."
"""


@pytest.fixture
def rivalry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The real ontology plus one more file that defines a rivalry kind, the shapes that allow it (the two
    edits adding a kind takes), and the claims that use it."""
    folder = tmp_path / "ontology"
    shutil.copytree(resources.ontology_dir(), folder)
    (folder / "rivalry.ttl").write_text(RIVALRY, encoding="utf-8")
    shapes = (folder / "shapes.ttl").read_text(encoding="utf-8")
    kinds = "sh:in ( ag:Support ag:Opposition ag:Agreement ag:Membership ag:Leadership )"
    assert kinds in shapes
    (folder / "shapes.ttl").write_text(shapes.replace(kinds, kinds[:-1] + "ag:Rivalry )"), encoding="utf-8")
    monkeypatch.setattr(resources, "ontology_dir", lambda: folder)
    caches = (vocab.ontology_store, vocab.vocabulary, shapes_module._constraints)
    for cache in caches:
        cache.cache_clear()
    claims = tmp_path / "rivals.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    yield claims
    for cache in caches:
        cache.cache_clear()


def test_a_made_up_kind_is_derived_drawn_signed_and_exported(rivalry: Path, run) -> None:  # type: ignore[no-untyped-def]
    from actorgraph.ask.analysis import signed_graph, snapshot
    from actorgraph.present.network import export_network
    from actorgraph.present.page import page_data
    from actorgraph.store.graph import open_graph

    graph = open_graph([rivalry])
    # derived both ways, as its shortcut is symmetric
    assert graph.ask("ASK { actor:iran ag:rivalOf actor:russia . actor:russia ag:rivalOf actor:iran }")
    # signed
    signed = signed_graph(snapshot(graph, 2016))
    assert any(t.sign == -1 and {"iran", "russia"} == {t.a.id, t.b.id} for *_, t in signed.edges(data="tie"))
    # drawn: the page knows its colour and that it has no direction
    data = page_data(graph)
    kinds = {k["key"]: k for k in data["kinds"]}
    assert kinds["rivalry"] == {"key": "rivalry", "label": "rivalry", "colour": "#123456", "directed": False}
    # exported: GEXF carries the sign, Kumu the direction
    import io

    import networkx as nx

    gexf = nx.read_gexf(io.BytesIO(export_network(graph, "gexf", None)))
    assert [d["sign"] for *_, d in gexf.edges(data=True) if d["kind"] == "rivalry"] == [-1]
    kumu = json.loads(export_network(graph, "kumu", None))
    assert [c["direction"] for c in kumu["connections"] if c["type"] == "rivalry"] == ["mutual"]
    # and the command line takes it as a kind
    result = run("relations", "Iran", "--kind", "rivalry", "--data", str(rivalry), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["actor"] for r in json.loads(result.stdout)] == ["Russia"]
