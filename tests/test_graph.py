"""The graph: claims compiled once and loaded at native speed, answers forgotten on every write, one protocol."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, parse

from actorgraph.ask.questions import actors, all_relations, profile, relations, resolve, supporters
from actorgraph.errors import DataError, UnknownActor
from actorgraph.model.resources import dataset_files
from actorgraph.store.compiled import cache_folder, fingerprint
from actorgraph.store.graph import ActorGraph, open_graph
from actorgraph.store.protocol import Graph
from actorgraph.store.remote import RemoteGraph

NEW_ACTOR = """
[[source]]
id = "my-notes"
publisher = "Me"
title = "Notes"
url = "https://example.org/notes"
date = "2016-05-01"

[[actor]]
id = "new-militia"
label = "Brand New Militia"
type = "armed-group"
aliases = ["BNM"]

[[relation]]
id = "my-new-militia-supports-assad-government"
kind = "support"
actor = "new-militia"
target = "assad-government"
start = "2016"
certainty = "alleged"

[[relation.cite]]
source = "my-notes"
quote = "The Brand New Militia backs the government."
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return cache_folder()


def _statements(store: Store) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None)}


# ---------------------------------------------------------------------------- caches owned by the graph


def test_ask_add_ask_sees_the_new_actor_everywhere(tmp_path: Path) -> None:
    graph = open_graph()
    assert "new-militia" not in {a.id for a in actors(graph)}
    assert "Brand New Militia" not in {r.other.label for r in supporters(graph, "Syrian government", 2016)}
    with pytest.raises(UnknownActor):
        resolve(graph, "Brand New Militia")

    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR, encoding="utf-8")
    graph.add_claims([claims])
    graph.derive()

    assert "new-militia" in {a.id for a in actors(graph)}
    assert resolve(graph, "Brand New Militia").id == "new-militia"
    assert resolve(graph, "bnm").label == "Brand New Militia"
    backers = {r.other.label: r for r in supporters(graph, "Syrian government", 2016)}
    assert backers["Brand New Militia"].sources[0].quote == "The Brand New Militia backs the government."
    assert [r.other.id for r in relations(graph, "new-militia")] == ["assad-government"]
    assert profile(graph, "BNM").relation_count == 1
    assert graph.ask("ASK { actor:new-militia ag:supports actor:assad-government }")


def test_a_direct_write_to_the_store_is_seen_once_the_graph_is_told(tmp_path: Path) -> None:
    graph = open_graph()
    assert "new-militia" not in {a.id for a in actors(graph)}
    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR, encoding="utf-8")
    other = open_graph([claims])
    graph.store.extend(other.store.quads_for_pattern(None, None, None))
    graph.changed()
    assert "new-militia" in {a.id for a in actors(graph)}


# ---------------------------------------------------------------------------- compiled once


def test_the_bundled_dataset_is_compiled_once_and_loaded_after(cache: Path) -> None:
    first = open_graph()
    kept = list(cache.glob("*.nq"))
    assert len(kept) == 1
    second = open_graph()
    assert list(cache.glob("*.nq")) == kept
    assert _statements(second.store) == _statements(first.store)
    # what is kept is what the claims files give today, statement for statement
    built = ActorGraph()
    built.add(dataset_files())
    built.derive()
    kept_store = Store()
    kept_store.extend(parse(path=str(kept[0]), format=RdfFormat.N_QUADS))
    assert _statements(kept_store) == _statements(built.store)


def test_an_edited_claims_file_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR, encoding="utf-8")
    assert resolve(open_graph([claims]), "BNM").label == "Brand New Militia"
    claims.write_text(NEW_ACTOR.replace("Brand New Militia", "Renamed Militia"), encoding="utf-8")
    assert resolve(open_graph([claims]), "BNM").label == "Renamed Militia"
    assert len(list(cache.glob("*.nq"))) == 2


def test_a_bad_claims_file_is_never_kept(cache: Path, tmp_path: Path) -> None:
    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR.replace('certainty = "alleged"', 'certainty = "maybe"'), encoding="utf-8")
    for _ in range(2):  # the second time reads the file again and says the same
        with pytest.raises(DataError, match=r"mine.toml:\d+: .*maybe"):
            open_graph([claims])
    assert list(cache.glob("*.nq")) == []


def test_an_unwritable_cache_changes_nothing_but_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert resolve(open_graph(), "HTS").id == "hts"
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    os.chmod(readonly, stat.S_IRUSR | stat.S_IXUSR)
    try:
        monkeypatch.setenv("XDG_CACHE_HOME", str(readonly))
        assert resolve(open_graph(), "HTS").id == "hts"
        assert not any(readonly.rglob("*.nq")) or os.geteuid() == 0  # root writes anywhere
    finally:
        os.chmod(readonly, stat.S_IRWXU)


def test_a_damaged_compiled_graph_is_built_again(cache: Path) -> None:
    open_graph()
    (kept,) = cache.glob("*.nq")
    kept.write_bytes(kept.read_bytes()[:5000] + b"<broken")
    assert resolve(open_graph(), "HTS").id == "hts"
    assert len(kept.read_bytes()) > 5000 + len(b"<broken")


def test_the_key_changes_with_the_files_and_how_they_are_read(tmp_path: Path) -> None:
    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR, encoding="utf-8")
    key = fingerprint([(str(claims), "toml")])
    assert key == fingerprint([(str(claims), "toml")])
    assert key != fingerprint([(str(claims), RdfFormat.TURTLE)])
    claims.write_text(NEW_ACTOR + "\n", encoding="utf-8")
    assert key != fingerprint([(str(claims), "toml")])
    assert fingerprint([(str(tmp_path / "missing.toml"), "toml")]) is None


def test_a_missing_data_file_is_the_same_one_line_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("actors", "--data", str(tmp_path / "missing.toml"))
    assert result.exit_code != 0
    assert "missing.toml" in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------- one protocol


def test_local_and_remote_graphs_are_two_implementations_of_one_protocol() -> None:
    local, remote = open_graph(), RemoteGraph("http://127.0.0.1:9/sparql")
    assert isinstance(local, Graph) and isinstance(remote, Graph)
    assert not isinstance(remote, ActorGraph)
    assert not hasattr(remote, "store") and not hasattr(remote, "add_claims")


def test_whole_graph_answers_are_kept_beside_the_compiled_graph_until_it_changes(cache: Path, tmp_path: Path) -> None:
    first = all_relations(open_graph(), 2016)
    kept = list(cache.glob("*.answers/*.pickle"))
    assert len(kept) == 1
    graph = open_graph()
    assert all_relations(graph, 2016) == first
    assert list(cache.glob("*.answers/*.pickle")) == kept
    claims = tmp_path / "mine.toml"
    claims.write_text(NEW_ACTOR, encoding="utf-8")
    graph.add_claims([claims])
    graph.derive()
    after = all_relations(graph, 2016)
    assert len(after) == len(first) + 1
    assert "Brand New Militia" in {r.subject.label for r in after}
    assert all_relations(open_graph(), 2016) == first  # the kept answer is the compiled graph's, untouched


def test_a_damaged_kept_answer_is_worked_out_again(cache: Path) -> None:
    expected = all_relations(open_graph())
    (kept,) = cache.glob("*.answers/*.pickle")
    kept.write_bytes(b"not a pickle")
    assert all_relations(open_graph()) == expected


BLANK = """
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix actor: <https://w3id.org/actorgraph/actor/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://w3id.org/actorgraph/relation/x1> a ag:Relation, ag:Support ; ag:actor actor:iran ; ag:target actor:hts ;
  ag:certainty ag:Alleged ; ag:citation [ prov:entity [ dct:publisher "Blank Press" ] ; ag:quote "Iran backs HTS." ] .
[] a ag:Relation, ag:Support ; ag:actor actor:russia ; ag:target actor:hts ; ag:certainty ag:Alleged ;
  prov:wasDerivedFrom [ dct:publisher "Anon Blank" ] .
"""


def test_blank_relations_citations_and_sources_of_an_rdf_file_are_read(tmp_path: Path) -> None:
    data = tmp_path / "blank.ttl"
    data.write_text(BLANK, encoding="utf-8")
    rows = {r.other.id: r for r in supporters(open_graph([data]), "HTS") if r.certainty == "alleged"}
    assert [(c.publisher, c.quote) for c in rows["iran"].sources] == [("Blank Press", "Iran backs HTS.")]
    assert [c.publisher for c in rows["russia"].sources] == ["Anon Blank"]


def test_a_lookup_after_the_first_reads_no_claims_file(cache: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, runpy\n"
        "sys.argv = ['actorgraph', 'who-backed', 'Syrian government', '--in', '2016']\n"
        "try:\n    runpy.run_module('actorgraph', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent.parent)}
    loaded = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert "Russia" in proc.stdout
        loaded.append(set(proc.stderr.split()))
    assert {"tomllib", "actorgraph.sources.claims"} <= loaded[0]  # the first call compiles the claims
    assert not {"tomllib", "actorgraph.sources.claims", "actorgraph.store.derive"} & loaded[1]


def test_only_relations_not_disputed_give_their_shortcut_edge() -> None:
    from pyoxigraph import NamedNode, Quad

    from actorgraph.model.vocab import ACTOR, AG, GRAPH, RDF, RELATION
    from actorgraph.store.derive import derive

    graph = ActorGraph()
    for name, certainty in (("confirmed", AG.Confirmed), ("alleged", AG.Alleged), ("disputed", AG.Disputed)):
        rel, actor, target = (NamedNode(RELATION + name), NamedNode(ACTOR + name), NamedNode(ACTOR + "t"))
        facts = [(RDF.type, AG.Support), (AG.actor, actor), (AG.target, target), (AG.certainty, certainty)]
        graph.store.extend(Quad(rel, p, o, GRAPH.curated) for p, o in facts)
    derive(graph.store)
    edges = graph.store.quads_for_pattern(None, AG.supports, None, GRAPH.shortcuts)
    assert sorted(q.subject.value.rsplit("/", 1)[1] for q in edges) == ["alleged", "confirmed"]


def test_literals_where_nodes_belong_give_no_edge_or_link_and_stop_nothing() -> None:
    # a user's RDF file may say ag:actor "Russia" or 5, or cite a source 5 (literals): no statement can be
    # about them, so the derivation leaves those out and still derives the rest, one way or both as the
    # kind says, and the link of a citation whose source is a node
    from pyoxigraph import Literal, NamedNode, Quad

    from actorgraph.model.vocab import ACTOR, AG, GRAPH, PROV, RDF, RELATION, SOURCE
    from actorgraph.store.derive import derive

    graph = ActorGraph()
    a, b = NamedNode(ACTOR + "a"), NamedNode(ACTOR + "b")
    for name, kind, actor, target in (
        ("text-actor", AG.Support, Literal("Russia"), b),
        ("text-target", AG.Support, a, Literal('Hay\t"at"')),
        ("number-actor", AG.Support, Literal(5), b),
        ("truth-target", AG.Agreement, a, Literal(True)),
        ("support", AG.Support, a, b),
        ("agreement", AG.Agreement, a, b),
    ):
        rel = NamedNode(RELATION + name)
        facts = [(RDF.type, kind), (AG.actor, actor), (AG.target, target), (AG.certainty, AG.Confirmed)]
        graph.store.extend(Quad(rel, p, o, GRAPH.curated) for p, o in facts)
    support = NamedNode(RELATION + "support")
    numbered, cited = NamedNode(RELATION + "support-cites-5"), NamedNode(RELATION + "support-cites-s")
    graph.store.extend(
        [
            Quad(support, AG.citation, numbered, GRAPH.curated),
            Quad(numbered, PROV.entity, Literal(5), GRAPH.curated),  # a source that is a number
            Quad(support, AG.citation, cited, GRAPH.curated),
            Quad(cited, PROV.entity, NamedNode(SOURCE + "s"), GRAPH.curated),
        ]
    )
    derive(graph.store)
    edges = {
        (q.subject.value[-1], q.predicate.value.rsplit("#", 1)[1], q.object.value[-1])
        for q in graph.store.quads_for_pattern(None, None, None, GRAPH.shortcuts)
    }
    assert edges == {
        ("a", "supports", "b"),
        ("a", "agreementWith", "b"),
        ("b", "agreementWith", "a"),
        ("t", "wasDerivedFrom", "s"),  # support -> source s
    }
