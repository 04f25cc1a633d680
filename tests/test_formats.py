"""Every row-printing command takes --format markdown and ndjson and -o FILE.csv, as the README promises."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from actorgraph.cli import COMMANDS
from actorgraph.store.imports import import_files

ESD = Path(__file__).parent / "data" / "ucdp-esd-ay-181-excerpt.csv"

#: every command that prints rows, with arguments that give it rows to print on the bundled data
ROWS: dict[str, list[str]] = {
    "who-backed": ["Syrian government", "--in", "2016"],
    "who-opposed": ["HTS", "--in", "2024"],
    "relations": ["Turkey", "--kind", "agreement"],
    "timeline": ["Hezbollah"],
    "actor": ["HTS"],
    "actors": [],
    "sparql": ["SELECT ?a ?b WHERE { ?a ag:supports ?b }"],
    "snapshot": ["--in", "2016"],
    "diff": ["2016", "2025"],
    "blocs": ["--in", "2016"],
    "balance": ["--in", "2016", "--no-inferred"],
    "path": ["Turkey", "Russia", "--in", "2016"],
    "centrality": ["--in", "2016"],
    "crosscheck": ["--conflict", "Syria", "--from", "2011", "--to", "2017"],  # on a store holding a UCDP ESD excerpt
    "coverage": ["Russia", "Iran", "Turkey", "--in", "2016"],
    "sources": [],
    "extract": ["REPORT", "--date", "2024-11-29", "--show-rejected"],  # a made-up report (see `report`)
}

#: the commands that print no rows, and why
NO_ROWS: dict[str, str] = {
    "export": "writes the graph as RDF (turtle, nt, jsonld, trig, xml, nquads), not rows",
    "validate": "prints each problem as FILE:LINE: message, the form editors and CI read",
    "import": "reports what it imported into a store, one sentence",
    "serve": "runs a web server",
    "push": "uploads the graph to a SPARQL endpoint and reports the count",
    "network-export": "writes network files (GEXF, GraphML, CSV edge and node lists, Kumu JSON) for other tools",
    "diagram": "draws a page, a figure or a Mermaid chart",
}


def test_every_command_is_sorted_into_rows_or_not() -> None:
    assert sorted([*ROWS, *NO_ROWS]) == sorted(COMMANDS)


@pytest.fixture(scope="module")
def esd_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats") / "store"
    import_files("ucdp-esd", [ESD], folder)
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report for extract: one claim the graph holds, one negated (a rejected row with --show-rejected)."""
    path = tmp_path_factory.mktemp("formats") / "report.txt"
    path.write_text(
        "Russia backed the Syrian government in 2016.\n\nTurkey has not backed the YPG.\n", encoding="utf-8"
    )
    return path


def args_for(name: str, store: Path, report: Path) -> list[str]:
    args = [str(report) if a == "REPORT" else a for a in ROWS[name]]
    return [name, *args, *(["--store", str(store)] if name == "crosscheck" else [])]


#: the row commands, extract only where spaCy (its extra, in the test extra) is installed
NAMES = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(
            name == "extract" and importlib.util.find_spec("spacy") is None, reason="needs actorgraph[extract]"
        ),
    )
    for name in ROWS
]


@pytest.mark.parametrize("name", NAMES)
def test_markdown_is_a_table(name: str, esd_store: Path, report: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run(*args_for(name, esd_store, report), "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    if name == "actor":  # a profile: one record, written as paragraphs, each apart so Markdown keeps them apart
        assert lines[0] == "Hayat Tahrir al-Sham [hts]" and lines[1] == "" and lines[2].strip().startswith("type:")
        return
    rule = next(n for n, line in enumerate(lines) if line.startswith("|--"))
    assert lines[rule - 1].startswith("| ") and lines[rule + 1].startswith("| ")


@pytest.mark.parametrize("name", NAMES)
def test_ndjson_is_one_object_per_line(name: str, esd_store: Path, report: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run(*args_for(name, esd_store, report), "--format", "ndjson")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(isinstance(r, dict) and r for r in records)


@pytest.mark.parametrize("name", NAMES)
def test_o_csv_writes_csv_to_the_file(name: str, esd_store: Path, report: Path, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.csv"
    result = run(*args_for(name, esd_store, report), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # it all went to the file
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(any(v for v in r.values()) for r in rows)
