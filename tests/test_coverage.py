"""coverage and sources: what the data states of each pair and year, and what its sources are."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

from actorgraph.ask.coverage import coverage
from actorgraph.ask.questions import RelationRow, actors_existed, all_relations, resolve
from actorgraph.ask.sourcing import source_summary
from actorgraph.model.dates import PartialDate, Period
from actorgraph.model.resources import core_actors, dataset_files
from actorgraph.store.graph import ActorGraph
from actorgraph.store.imports import import_files

REPO = Path(__file__).resolve().parent.parent


def test_core_actors_are_those_the_report_names() -> None:
    report = next(p for p in dataset_files() if p.name == "report.toml")
    named = {
        r[side] for r in tomllib.loads(report.read_text(encoding="utf-8"))["relation"] for side in ("actor", "target")
    }
    assert set(core_actors()) == named
    assert len(core_actors()) == len(named)


def _holds(row: RelationRow, year: int) -> bool:
    """A restatement of the rule, through all_relations' own reading of a year: possibly during
    the year, not past the relation's end or latest source, not before a start it lacks."""
    last = PartialDate.parse(row.end or row.as_of or row.start or "1").year
    return row.certainty != "disputed" and year <= last and (row.start is not None or year == last)


def test_cells_match_all_relations_year_by_year(graph: ActorGraph) -> None:
    grid = coverage(graph, period=Period.between(2011, 2025))
    assert [a.id for a in grid.actors] == core_actors()
    ids = {a.id for a in grid.actors}
    for year in grid.years:
        expected: dict[frozenset[str], set[str]] = {}
        for row in all_relations(graph, year):
            pair = frozenset((row.subject.id, row.other.id))
            if pair <= ids and len(pair) == 2 and _holds(row, year) and actors_existed(row, Period.parse(year)):
                expected.setdefault(pair, set()).add(row.relation)
        for a, b in grid.pairs:
            cell = grid.cell(a, b, year)
            assert set(cell.relations) == expected.get(frozenset((a.id, b.id)), set()), (a.id, b.id, year)


def test_a_cell_counts_its_distinct_sources(graph: ActorGraph) -> None:
    russia, assad = resolve(graph, "russia"), resolve(graph, "assad-government")
    cell = coverage(graph, ["russia", "assad-government"], Period.between(2016, 2016)).cell(russia, assad, 2016)
    rows = [r for r in all_relations(graph, 2016) if r.relation in cell.relations]
    assert cell.sources == len({c.source for r in rows for c in r.sources}) > 5
    assert cell.text == "support →" and cell.state == "support"


def test_table_shows_pairs_years_and_gaps(run) -> None:  # type: ignore[no-untyped-def]
    result = run("coverage", "Russia", "Syrian government", "Islamic State", "--from", "2014", "--to", "2017")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Coverage of 3 actors, 2014-2017: 3 pairs, ")
    assert any(line.startswith("S support") for line in lines[1:3])  # the head wraps to the terminal's width
    header = next(line for line in lines if line.startswith("PAIR"))
    assert header.split() == ["PAIR", "2014", "2015", "2016", "2017"]
    russia_assad = next(line for line in lines if line.startswith("Russia / Government of Syria (Assad)"))
    assert re.search(r"S>\d+\s+S>\d+\s+S>\d+\s+S>\d+$", russia_assad)


def test_csv_and_json_one_record_per_pair_year(run) -> None:  # type: ignore[no-untyped-def]
    args = ["coverage", "Russia", "Turkey", "--from", "2015", "--to", "2017"]
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [(r["actor_id"], r["other_id"], r["year"]) for r in rows] == [
        ("russia", "turkey", "2015"),
        ("russia", "turkey", "2016"),
        ("russia", "turkey", "2017"),
    ]
    assert rows[0]["state"] == "nothing known" and rows[2]["state"] == "agreement"
    record = json.loads(run(*args, "--format", "json").stdout)
    assert record["years"] == [2015, 2016, 2017] and len(record["cells"]) == 3


def test_heatmap_svg_names_every_pair(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "coverage.svg"
    result = run(
        "coverage", "Russia", "Iran", "Turkey", "--from", "2015", "--to", "2020", "--format", "svg", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    for pair in ("Russia / Iran", "Russia / Turkey", "Iran / Turkey"):
        assert pair in svg
    assert "2020" in svg and "agreement" in svg


def test_coverage_on_a_store_reads_dataset_actors_as_curated(tmp_path: Path) -> None:
    from actorgraph.store.graph import open_graph

    store = tmp_path / "store"
    import_files("ucdp-esd", [Path(__file__).parent / "data" / "ucdp-esd-ay-181-excerpt.csv"], store)
    import_files("claims", dataset_files(), store)
    graph = open_graph(store=store, bundled=False)
    grid = coverage(graph, ["Iraq", "Syrian government"], Period.between(2014, 2014))
    iraq, assad = grid.actors
    cell = grid.cell(iraq, assad, 2014)
    assert any(r.startswith("ucdp-esd-18.1-support-116-118-") for r in cell.relations)
    assert cell.text == "support →"


def test_sources_counts_every_source_by_kind(graph: ActorGraph, run) -> None:  # type: ignore[no-untyped-def]
    summary = source_summary(graph)
    count = len(graph.select("SELECT DISTINCT ?s WHERE { ?s a ag:Source }"))
    assert summary.total == count
    assert all(k.kind != "unknown" for k in summary.kinds if k.sources)  # every source has a kind
    assert summary.share_dated >= 0.9
    result = run("sources")
    assert result.exit_code == 0 and summary.sentence in result.stdout.replace("\n", " ")


def test_readme_quotes_the_measured_source_counts(graph: ActorGraph) -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert source_summary(graph).sentence in readme, "run: actorgraph sources, and paste its last line"


def test_coverage_needs_two_actors(run) -> None:  # type: ignore[no-untyped-def]
    result = run("coverage", "Russia")
    assert result.exit_code == 1 and result.stderr.strip() == "Error: coverage needs at least two actors"
