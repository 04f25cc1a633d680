"""crosscheck: the curated claims beside UCDP ESD, pair by pair and year by year, as a user reads them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from actorgraph.ask.crosscheck import crosscheck
from actorgraph.model.dates import Period
from actorgraph.store.graph import open_graph
from actorgraph.store.imports import import_files

DATA = Path(__file__).parent / "data"
ESD = DATA / "ucdp-esd-ay-181-excerpt.csv"
CLAIMS = DATA / "crosscheck-claims.toml"  # made up: Iran agrees, Russia starts late, Hezbollah ESD lacks


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crosscheck") / "store"
    import_files("ucdp-esd", [ESD], folder)
    import_files("claims", [CLAIMS], folder)
    return folder


def check(store: Path, *args: str, fmt: str = "table", run) -> str:  # type: ignore[no-untyped-def]
    result = run("crosscheck", "--store", str(store), "--conflict", "Syria", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_table_sorts_the_pairs_into_categories(store: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "100")  # the table fits the terminal: a 100-column one
    out = check(store, "--from", "2011", "--to", "2017", "Iran", "Russia", "Hezbollah", run=run)
    lines = out.splitlines()
    assert lines[0] == "Curated claims against ucdp-esd-18.1, 2011-2017 (Syria: Government, Syria: Islamic State)"
    assert lines[1] == "3 pairs compared, 3 findings: 1 both hold, 2 disagreements (1 explained by a note)."
    row = {line.split("  ")[0]: line for line in lines if line.startswith(("dates differ", "claims only", "both"))}
    assert "Russia → Government of Syria" in row["dates differ"]
    assert "2011-2017  2013-2017  claims start 2 years later" in row["dates differ"]
    assert row["dates differ"].rstrip().endswith("yes")
    assert "Hezbollah → Government of" in row["claims only"] and row["claims only"].rstrip().endswith("NO")
    assert "Iran → Government of Syria" in row["both hold"]
    assert "    note: A made-up start; UCDP ESD codes Russia from 2011." in lines


def test_json_gives_years_differences_and_notes(store: Path, run) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(check(store, "--from", "2011", "--to", "2017", fmt="json", run=run))
    found = {(f["actor_id"], f["target_id"]): f for f in report["findings"] if f["relation"] == "support"}
    russia = found[("russia", "assad-government")]
    assert russia["category"] == "dates differ"
    assert (russia["start_difference"], russia["end_difference"]) == (2, 0)
    assert russia["dataset_years"] == list(range(2011, 2018)) and russia["claim_years"] == list(range(2013, 2018))
    assert russia["explained"] and russia["claim_relations"] == ["test-russia-supports-assad-government"]
    assert found[("hezbollah", "assad-government")]["category"] == "claims only"
    assert found[("iran", "assad-government")]["category"] == "both hold"
    # ESD's supporters of the insurgents have no curated actor in these made-up claims
    assert report["summary"]["not linked"]["findings"] > 0
    assert report["summary"]["both hold"] == {"findings": 1, "explained": 0}  # Iran


def test_csv_one_row_per_finding(store: Path, run) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(check(store, "Russia", "--from", "2011", fmt="csv", run=run))))
    assert [(r["category"], r["actor_id"], r["dataset_years"], r["claim_years"]) for r in rows] == [
        ("dates differ", "russia", "2011-2017", "2013-2017")
    ]
    assert rows[0]["notes"] == "A made-up start; UCDP ESD codes Russia from 2011."


def test_years_outside_the_dataset_are_not_compared(store: Path) -> None:
    report = crosscheck(open_graph(store=store, bundled=False), "ucdp-esd", Period.between(2015, 2030))
    assert (report.first_year, report.last_year) == (2015, 2017)
    russia = next(f for f in report.findings if f.actor.id == "russia")
    assert russia.category == "both hold"


def test_a_dataset_not_in_the_graph_is_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("crosscheck", "--dataset", "ucdp-esd")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ucdp-esd relations in the graph (datasets held: none)")


def test_unlinked_dataset_actors_carry_the_crosswalks_note(store: Path) -> None:
    from actorgraph.sources.tables import crosswalk_unmatched

    report = crosscheck(open_graph(store=store, bundled=False), conflicts=["Syria"])
    unlinked = {f.actor.label: f for f in report.findings if f.category == "not linked"}
    reviewed = {m.name.strip() for m in crosswalk_unmatched()}
    assert {name for name, f in unlinked.items() if f.explained} == set(unlinked) & reviewed


def test_esd_relations_carry_their_conflict_name(store: Path) -> None:
    graph = open_graph(store=store, bundled=False)
    rows = graph.select("SELECT DISTINCT ?name WHERE { ?rel ag:conflictName ?name }")
    assert {"Syria: Government", "Syria: Islamic State"} <= {r["name"].value for r in rows}


def test_every_esd_disagreement_for_syria_is_explained(shared: Path, tmp_path: Path) -> None:
    """The done-when of issue 13: on ESD v18.1 (full file), Syria 2011-2017, every difference
    carries a note (docs/datasets.md gives the summary)."""
    from actorgraph.model.resources import dataset_files

    folder = tmp_path / "store"
    import_files("ucdp-esd", [shared / "data" / "ucdp-esd" / "ucdp-esd-ay-181.csv"], folder)
    import_files("claims", dataset_files(), folder)
    report = crosscheck(open_graph(store=folder, bundled=False), period=Period.between(2011, 2017), conflicts=["Syria"])
    assert report.disagreements and [f.pair for f in report.unexplained] == []
    found = {(f.category, f.pair) for f in report.findings}
    assert ("both hold", "Iran → Government of Syria (Assad)") in found
    assert ("claims only", "Hezbollah → Government of Syria (Assad)") in found  # ESD codes no non-state backer
