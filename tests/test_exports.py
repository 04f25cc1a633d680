"""GEXF, GraphML, CSV, ESD-shaped CSV and Kumu exports, and the relations CSV read back without loss."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from actorgraph.ask.analysis import snapshot
from actorgraph.ask.questions import all_relations
from actorgraph.errors import DataError
from actorgraph.model.dates import PartialDate
from actorgraph.present.network import (
    ESD_COLUMNS,
    esd_csv,
    kumu_json,
    load_relations_csv,
    nodes_csv,
    relations_csv,
    to_gexf,
    to_graphml,
)
from actorgraph.store.graph import ActorGraph


@pytest.fixture(scope="module")
def everything(graph: ActorGraph) -> nx.MultiDiGraph:
    return snapshot(graph)


def _rows(graph: ActorGraph) -> list[tuple[object, ...]]:
    return [(r.subject, r.other, json.dumps(r.to_json(), sort_keys=True)) for r in all_relations(graph)]


def test_gexf_is_dynamic_and_reads_back_with_the_same_nodes_edges_and_intervals(
    everything: nx.MultiDiGraph, tmp_path: Path
) -> None:
    target = tmp_path / "syria.gexf"
    target.write_bytes(to_gexf(everything))
    back = nx.read_gexf(target)
    assert back.graph["mode"] == "dynamic"
    assert set(back.nodes) == set(everything.nodes)
    assert {(u, v, k) for u, v, k in back.edges(keys=True)} == set(everything.edges(keys=True))
    for u, v, k, data in everything.edges(keys=True, data=True):
        read = back.edges[u, v, k]
        expected_start = PartialDate.parse(data["start"]).first_day.isoformat() if data["start"] else None
        expected_end = PartialDate.parse(data["end"]).last_day.isoformat() if data["end"] else None
        assert read.get("start") == expected_start
        assert read.get("end") == expected_end
        if not data["end"] and data["as_of"]:
            assert read["as_of"] == data["as_of"]
        assert read["kind"] == data["kind"] and read["certainty"] == data["certainty"]
    assert any("end" in d for _, _, d in back.edges(data=True)) and any(
        "start" in d for _, _, d in back.edges(data=True)
    )


def test_graphml_reads_back(everything: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "syria.graphml"
    target.write_bytes(to_graphml(everything))
    back = nx.read_graphml(target, force_multigraph=True)
    assert set(back.nodes) == set(everything.nodes)
    assert {k for _, _, k in back.edges(keys=True)} == {k for _, _, k in everything.edges(keys=True)}


def test_csvs_reload_into_the_graph_with_nothing_lost(
    graph: ActorGraph, everything: nx.MultiDiGraph, tmp_path: Path
) -> None:
    (tmp_path / "relations.csv").write_text(relations_csv(everything), encoding="utf-8")
    (tmp_path / "actors.csv").write_text(nodes_csv(everything), encoding="utf-8")
    again = load_relations_csv(tmp_path / "relations.csv", tmp_path / "actors.csv")
    assert _rows(again) == _rows(graph)
    for year in (2016, 2025):
        assert {r.relation for r in all_relations(again, year)} == {r.relation for r in all_relations(graph, year)}


def test_relations_csv_alone_keeps_every_relation(
    graph: ActorGraph, everything: nx.MultiDiGraph, tmp_path: Path
) -> None:
    (tmp_path / "relations.csv").write_text(relations_csv(everything), encoding="utf-8")
    again = load_relations_csv(tmp_path / "relations.csv")
    plain = [(r.subject.id, r.other.id, json.dumps(r.to_json(), sort_keys=True)) for r in all_relations(again)]
    assert plain == [(r.subject.id, r.other.id, json.dumps(r.to_json(), sort_keys=True)) for r in all_relations(graph)]


def test_relations_csv_has_one_row_per_relation_with_sources(everything: nx.MultiDiGraph) -> None:
    rows = list(csv.DictReader(io.StringIO(relations_csv(everything))))
    assert len(rows) == everything.number_of_edges()
    assert all(row["sources"] and json.loads(row["citations"]) for row in rows)


def test_bad_relations_csv_names_file_and_line(everything: nx.MultiDiGraph, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(relations_csv(everything))))[:2]
    rows[1]["start"] = "2016-13"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    target = tmp_path / "bad.csv"
    target.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.csv:3: relation .*start: bad date '2016-13'"):
        load_relations_csv(target)
    headless = tmp_path / "headless.csv"
    headless.write_text("relation_id,kind\nx,support\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"headless\.csv:1: missing column"):
        load_relations_csv(headless)


def test_esd_csv_rows_fall_within_their_relations_years(everything: nx.MultiDiGraph) -> None:
    text = esd_csv(everything)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ESD_COLUMNS
    relations = {k: d for _, _, k, d in everything.edges(keys=True, data=True)}
    for row in rows:
        year = int(row["year"])
        for ident in row["relations"].split("; "):
            r = relations[ident]
            assert r["kind"] == "support"
            first = PartialDate.parse(r["start"] or r["end"] or r["as_of"]).year
            last = PartialDate.parse(r["end"] or r["as_of"] or r["start"]).year
            assert first <= year <= max(first, last)
        assert {row[c] for c in ESD_COLUMNS[5:18]} <= {"0", "1"}
    russia = next(
        r for r in rows if (r["supporter_id"], r["recipient_id"], r["year"]) == ("russia", "assad-government", "2016")
    )
    assert russia["ext_x"] == "1"  # troops as secondary warring party, coded for Russia from 2015-09-30


def test_kumu_connections_point_at_elements(everything: nx.MultiDiGraph) -> None:
    data = json.loads(kumu_json(everything))
    ids = {e["id"] for e in data["elements"]}
    assert {c["id"] for c in data["connections"]} == {k for _, _, k in everything.edges(keys=True)}
    assert all(c["from"] in ids and c["to"] in ids and c["type"] for c in data["connections"])
    assert all(e["label"] for e in data["elements"])


@pytest.mark.parametrize(
    ("fmt", "suffix", "marker"),
    [
        ("gexf", "gexf", b'mode="dynamic"'),
        ("graphml", "graphml", b"<graphml"),
        ("csv", "csv", b"relation_id,kind,"),
        ("nodes-csv", "csv", b"id,label,type"),
        ("esd-csv", "csv", b"supporter,supporter_id,recipient"),
        ("kumu", "json", b'"connections"'),
    ],
)
def test_cli_network_export(run, tmp_path: Path, fmt: str, suffix: str, marker: bytes) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{suffix}"
    result = run("network-export", "--format", fmt, "-o", str(target), "--in", "2016")
    assert result.exit_code == 0, result.output
    assert marker in target.read_bytes()


@pytest.mark.parametrize(
    ("suffix", "marker"), [("gexf", b'mode="dynamic"'), ("graphml", b"<graphml"), ("json", b'"connections"')]
)
def test_cli_network_export_format_from_the_file_name(run, tmp_path: Path, suffix: str, marker: bytes) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{suffix}"
    result = run("network-export", "-o", str(target), "-y", "2016")  # -y: the old spelling of --in, still read
    assert result.exit_code == 0, result.output
    assert marker in target.read_bytes()


def test_cli_network_export_to_stdout(run) -> None:  # type: ignore[no-untyped-def]
    result = run("network-export", "--format", "csv", "--year", "2016")
    assert result.exit_code == 0
    assert "report-russia-supports-assad-government-2016" in result.output


def test_cli_network_export_leaves_nothing_half_written(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "missing-folder" / "out.gexf"
    result = run("network-export", "--format", "gexf", "-o", str(target))
    assert result.exit_code == 1
    assert "cannot write" in result.output and not target.exists()
