"""`actorgraph sparql`: every query form, the standard result formats, prefixes declared."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph


def test_select_json_is_standard_sparql_results(run) -> None:  # type: ignore[no-untyped-def]
    out = run("sparql", "SELECT ?who WHERE { ?who ag:supports actor:assad-government }", "--format", "json").stdout
    data = json.loads(out)
    assert data["head"]["vars"] == ["who"]
    who = {b["who"]["value"] for b in data["results"]["bindings"]}
    assert "https://w3id.org/actorgraph/actor/russia" in who
    assert all(b["who"]["type"] == "uri" for b in data["results"]["bindings"])


def test_select_csv_and_table(run) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?label WHERE { actor:hts skos:prefLabel ?label }"
    rows = list(csv.reader(io.StringIO(run("sparql", query, "--format", "csv").stdout)))
    assert rows == [["label"], ["Hayat Tahrir al-Sham"]]
    table = run("sparql", query).stdout
    assert "Hayat Tahrir al-Sham" in table and "(1 row)" in table


def test_ask(run) -> None:  # type: ignore[no-untyped-def]
    assert run("sparql", "ASK { actor:iran ag:supports actor:assad-government }").stdout.strip() == "true"
    assert run("sparql", "ASK { actor:turkey ag:supports actor:assad-government }").stdout.strip() == "false"
    data = json.loads(run("sparql", "ASK { ?s ?p ?o }", "--format", "json").stdout)
    assert data["boolean"] is True


def test_construct_gives_rdf_that_parses(run) -> None:  # type: ignore[no-untyped-def]
    query = "CONSTRUCT { ?a ag:supports ?b } WHERE { ?a ag:supports ?b }"
    out = run("sparql", query).stdout
    triples = list(pyoxigraph.parse(out.encode(), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) > 10
    assert all(t.predicate.value.endswith("#supports") for t in triples)
    nt = run("sparql", query, "--format", "nt").stdout
    assert len(nt.strip().splitlines()) == len(triples)


def test_describe(run) -> None:  # type: ignore[no-untyped-def]
    out = run("sparql", "DESCRIBE actor:hts").stdout
    triples = list(pyoxigraph.parse(out.encode(), format=pyoxigraph.RdfFormat.TURTLE))
    assert any(t.object.value == "Hayat Tahrir al-Sham" for t in triples)


def test_query_from_a_file_and_from_stdin(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?l WHERE { actor:sdf skos:prefLabel ?l }", encoding="utf-8")
    assert "Syrian Democratic Forces" in run("sparql", str(path)).stdout
    assert "Syrian Democratic Forces" in run("sparql", "-", input=path.read_text()).stdout
