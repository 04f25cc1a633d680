"""RDF export: every format parses in an independent parser to the same triples, and reloads losslessly."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph
import pytest

from actorgraph.model.formats import RDF_FORMATS
from actorgraph.store.graph import ActorGraph, open_graph

FORMATS = ["turtle", "nt", "jsonld", "trig", "xml"]


def parsed_triples(path: Path, fmt: str) -> set[pyoxigraph.Triple]:
    rdf_format = RDF_FORMATS[fmt]
    return {
        q.triple if isinstance(q, pyoxigraph.Quad) else q for q in pyoxigraph.parse(path=str(path), format=rdf_format)
    }


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, graph: ActorGraph) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in FORMATS:
        path = folder / f"syria.{RDF_FORMATS[fmt].file_extension}"
        graph.export(fmt, str(path))
        paths[fmt] = path
    return paths


def test_every_format_parses_to_the_same_triples(exports: dict[str, Path], graph: ActorGraph) -> None:
    expected = set(graph.triples())
    assert len(expected) > 1000
    for fmt, path in exports.items():
        assert parsed_triples(path, fmt) == expected, fmt


def test_trig_keeps_the_named_graphs(exports: dict[str, Path]) -> None:
    graphs = {q.graph_name.value for q in pyoxigraph.parse(path=str(exports["trig"]), format=pyoxigraph.RdfFormat.TRIG)}
    assert {"https://w3id.org/actorgraph/graph/curated", "https://w3id.org/actorgraph/graph/shortcuts"} <= graphs


@pytest.mark.parametrize("fmt", FORMATS)
def test_reload_through_data_is_isomorphic(exports: dict[str, Path], graph: ActorGraph, fmt: str) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    reloaded = open_graph([exports[fmt]], bundled=False)

    def as_rdflib(g: ActorGraph) -> Graph:
        return Graph().parse(data=g.export("nt").decode(), format="nt")

    assert isomorphic(as_rdflib(reloaded), as_rdflib(graph))


def test_reloaded_export_answers_the_same(exports: dict[str, Path], run) -> None:  # type: ignore[no-untyped-def]
    args = ["who-backed", "Syrian government", "--in", "2016", "--format", "json"]
    bundled = run(*args).stdout
    reloaded = run(*args, "--no-bundled", "--data", str(exports["trig"])).stdout
    assert reloaded == bundled


def test_export_is_stable_and_written_whole(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert run("export", "--format", "turtle", "-o", str(first)).exit_code == 0
    assert run("export", "--format", "turtle", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert list(tmp_path.glob(".*.part")) == []
    blocked = tmp_path / "no-such-dir" / "x.ttl"
    result = run("export", "-o", str(blocked))
    assert result.exit_code == 1 and "cannot write" in result.stderr and not blocked.exists()


def test_jsonld_is_compact_and_any_json_ld_reader_sees_every_triple(
    exports: dict[str, Path], graph: ActorGraph
) -> None:
    import json

    import rdflib

    document = json.loads(exports["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"]["ag"] == "https://w3id.org/actorgraph/ns#"
    assert any(node["@id"] == "actor:hts" for node in document["@graph"])
    with warnings.catch_warnings():  # rdflib's own JSON-LD parser uses rdflib's deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        read = rdflib.Graph().parse(exports["jsonld"])
    expected = rdflib.Graph().parse(data=graph.export("nt").decode(), format="nt")
    assert len(read) == len(expected) > 1000
    assert rdflib.compare.isomorphic(read, expected)


def test_jsonld_keeps_the_named_graphs_when_asked(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "syria.jsonld"
    assert run("export", "--format", "jsonld", "--graphs", "-o", str(out)).exit_code == 0
    graphs = {q.graph_name.value for q in pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.JSON_LD)}
    assert {"https://w3id.org/actorgraph/graph/curated", "https://w3id.org/actorgraph/graph/shortcuts"} <= graphs
    refused = run("export", "--format", "turtle", "--graphs")
    assert refused.exit_code == 1 and "turtle holds one graph" in refused.stderr
