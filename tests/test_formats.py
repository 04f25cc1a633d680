"""Every row-printing command takes --format markdown and ndjson and -o FILE.csv, as the README promises."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest

from actorgraph.cli import COMMANDS, cli
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

#: row-printing commands that do not yet take the shared formats, and why
NOT_YET: dict[str, str] = {
    "extract": "renders through its own actorgraph/extract/output.py (table, json, toml); needs the spaCy extra to run",
}


def test_every_command_is_sorted_into_rows_or_not() -> None:
    assert sorted([*ROWS, *NO_ROWS, *NOT_YET]) == sorted(COMMANDS)


@pytest.fixture(scope="module")
def esd_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats") / "store"
    import_files("ucdp-esd", [ESD], folder)
    return folder


def args_for(name: str, store: Path) -> list[str]:
    return [name, *ROWS[name], *(["--store", str(store)] if name == "crosscheck" else [])]


@pytest.mark.parametrize("name", list(ROWS))
def test_markdown_is_a_table(name: str, esd_store: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run(*args_for(name, esd_store), "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    if name == "actor":  # a profile: one record, written as paragraphs, each apart so Markdown keeps them apart
        assert lines[0] == "Hayat Tahrir al-Sham [hts]" and lines[1] == "" and lines[2].strip().startswith("type:")
        return
    rule = next(n for n, line in enumerate(lines) if line.startswith("|--"))
    assert lines[rule - 1].startswith("| ") and lines[rule + 1].startswith("| ")


@pytest.mark.parametrize("name", list(ROWS))
def test_ndjson_is_one_object_per_line(name: str, esd_store: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run(*args_for(name, esd_store), "--format", "ndjson")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(isinstance(r, dict) and r for r in records)


@pytest.mark.parametrize("name", list(ROWS))
def test_o_csv_writes_csv_to_the_file(name: str, esd_store: Path, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.csv"
    result = run(*args_for(name, esd_store), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # it all went to the file
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(any(v for v in r.values()) for r in rows)


@pytest.mark.parametrize("name", list(NOT_YET))
@pytest.mark.xfail(strict=True, reason="a row-printing command that does not take the shared formats yet")
def test_not_yet(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    fmt = next(p for p in command.params if p.name == "fmt")
    assert {"markdown", "ndjson"} <= set(getattr(fmt.type, "choices", ()))
