"""Where output goes and what it may carry: formats chosen by file name, no binary in a terminal,
no control character from the data reaching a terminal, one time vocabulary, one house."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "actorgraph"

# ---------------------------------------------------------------------------- outputs by file name


@pytest.mark.parametrize(
    ("suffix", "start"),
    [
        ("jsonld", b"{"),
        ("ttl", b"@prefix"),
        ("nt", b"<https://w3id.org/actorgraph/"),
        ("trig", b"@prefix"),
        ("nq", b"<https://w3id.org/actorgraph/"),
        ("rdf", b"<?xml"),
    ],
)
def test_export_writes_the_format_its_file_name_says(run: Any, tmp_path: Path, suffix: str, start: bytes) -> None:
    out = tmp_path / f"syria.{suffix}"
    result = run("export", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(start), data[:80]
    if suffix == "jsonld":
        assert json.loads(data)["@context"]


@pytest.mark.parametrize(
    ("args", "suffix", "check"),
    [
        (["who-backed", "SDF", "--in", "2017"], "md", lambda t: "| ACTOR |" in t),
        (["who-backed", "SDF", "--in", "2017"], "csv", lambda t: t.startswith("actor,actor_id,relation,")),
        (["who-backed", "SDF", "--in", "2017"], "json", lambda t: json.loads(t)[0]["actor"] == "United States"),
        (["actors"], "ndjson", lambda t: json.loads(t.splitlines()[0])["id"]),
        (["diagram", "--in", "2016"], "html", lambda t: t.startswith("<!DOCTYPE html>")),
        (["diagram", "--in", "2016"], "svg", lambda t: t.startswith("<?xml")),
        (["diagram", "--in", "2016"], "md", lambda t: t.startswith('---\ntitle: "Alliances')),
        (["timeline", "Russia"], "svg", lambda t: "Relations of Russia over time" in t),
        (["sparql", "SELECT ?l WHERE { actor:hts skos:prefLabel ?l }"], "tsv", lambda t: t.startswith("?l")),
    ],
)
def test_text_outputs_by_file_name(run: Any, tmp_path: Path, args: list[str], suffix: str, check: Any) -> None:
    out = tmp_path / f"out.{suffix}"
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert check(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "suffix", "magic"),
    [(["diagram", "--in", "2016"], "png", b"\x89PNG"), (["timeline", "Russia"], "pdf", b"%PDF")],
)
def test_binary_outputs_by_file_name(run: Any, tmp_path: Path, args: list[str], suffix: str, magic: bytes) -> None:
    out = tmp_path / f"out.{suffix}"
    assert run(*args, "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "--format", "turtle", "-o", "syria.jsonld"],
            "-o syria.jsonld names jsonld, but --format says turtle",
        ),
        (["diagram", "--in", "2016", "-o", "x.jpg"], "-o x.jpg: no format of this command writes .jpg"),
        (["who-backed", "SDF", "-o", "x.png"], "-o x.png: no format of this command writes .png"),
        (["timeline", "Russia", "--format", "svg", "-o", "r.png"], "-o r.png names png, but --format says svg"),
    ],
)
def test_a_file_name_that_contradicts_the_format_is_refused(
    run: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(*[a if not a.startswith(("syria.", "x.", "r.")) else str(tmp_path / a) for a in args])
    assert result.exit_code == 2
    assert message.split(" ", 2)[-1] in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [], "nothing written"


def test_binary_formats_refuse_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from actorgraph.present.output import FormatError, write_output

    class Terminal(io.StringIO):
        buffer = io.BytesIO()

        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    with pytest.raises(FormatError, match="png is binary: write it to a file"):
        write_output("-", b"\x89PNG...", "png")
    write_output("-", b"<svg/>", "svg")  # text may go to a terminal


# ---------------------------------------------------------------------------- nothing drives the terminal

HOSTILE_TTL = """@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/actorgraph/actor/zz> a ag:Actor, ag:State ;
    skos:prefLabel "Evil\\u001B]0;pwned\\u0007 Corp\\u0000\\u009B2J" .
"""


@pytest.mark.parametrize(
    "args",
    [
        ["actors"],
        ["actors", "--format", "csv"],
        ["actors", "--format", "markdown"],
        ["actors", "--format", "json"],
        ["actors", "--format", "ndjson"],
        ["actor", "zz"],
        ["sparql", "SELECT ?l WHERE { actor:zz skos:prefLabel ?l }"],
        ["sparql", "SELECT ?l WHERE { actor:zz skos:prefLabel ?l }", "--format", "csv"],
        ["sparql", "SELECT ?l WHERE { actor:zz skos:prefLabel ?l }", "--format", "tsv"],
        ["sparql", "SELECT ?l WHERE { actor:zz skos:prefLabel ?l }", "--format", "json"],
        ["sparql", "CONSTRUCT { actor:zz skos:prefLabel ?l } WHERE { actor:zz skos:prefLabel ?l }", "--format", "nt"],
    ],
)
def test_a_label_with_escape_bell_and_nul_is_printed_escaped(run: Any, tmp_path: Path, args: list[str]) -> None:
    # actorgraph refuses such a file (tests/test_hostile.py), but a store another tool wrote, or an
    # endpoint, may hold the label all the same: it is written into the store behind actorgraph's back
    from pyoxigraph import RdfFormat, Store

    from actorgraph.model.resources import dataset_files
    from actorgraph.store.imports import import_files

    import_files("claims", dataset_files(), tmp_path / "s")
    Store(str(tmp_path / "s" / "db")).load(HOSTILE_TTL.encode(), format=RdfFormat.TURTLE)
    result = run(*args, "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not any(ch in out for ch in "\x1b\x07\x00\x9b"), repr(out[:300])
    assert "Evil" in out and ("x1b]0;pwne" in out or "u001b]0;pwned\\u0007" in out.lower())


def test_the_writer_escapes_control_characters_in_every_format() -> None:
    from actorgraph.present.rows import Column, Table, View, render

    record = {"label": "a\x1bb\x07c\x00d\x9be", "n": 1}
    view = View([Table([Column("label", "LABEL"), Column("n", "N")], [record]), "note \x1b[2J"], [record])
    for fmt in ("table", "markdown", "csv", "json", "ndjson"):
        text = render(view, fmt, width=80)
        assert not any(ch in text for ch in "\x1b\x07\x00\x9b"), (fmt, text)


# ---------------------------------------------------------------------------- terminal width


def test_tables_follow_columns(run: Any) -> None:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    for columns in (60, 80, 100, 140):
        result = CliRunner().invoke(
            cli, ["who-backed", "Syrian government", "--in", "2016"], env={"COLUMNS": str(columns)}
        )
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= columns, columns
        assert sum(1 for line in lines if line.startswith("Russia ")) == 1


# ---------------------------------------------------------------------------- one time vocabulary


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (["snapshot", "--in", "2016", "--format", "csv"], ["snapshot", "--year", "2016", "--format", "csv"]),
        (["blocs", "--in", "2016", "--format", "json"], ["blocs", "-y", "2016", "--format", "json"]),
        (["network-export", "--format", "csv", "--in", "2016"], ["network-export", "--format", "csv", "-y", "2016"]),
        (["diagram", "--in", "2016", "--format", "mermaid"], ["diagram", "--year", "2016", "--format", "mermaid"]),
        (["who-backed", "SDF", "--in", "2017", "--claims"], ["who-backed", "SDF", "--in", "2017", "--quotes"]),
    ],
)
def test_old_spellings_still_work(run: Any, new: list[str], old: list[str]) -> None:
    a, b = run(*new), run(*old)
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    assert a.stdout == b.stdout


@pytest.mark.parametrize(
    "command",
    [
        "who-backed",
        "who-opposed",
        "relations",
        "snapshot",
        "blocs",
        "balance",
        "path",
        "centrality",
        "network-export",
        "diagram",
    ],
)
def test_every_command_asking_for_a_period_takes_the_same_words(run: Any, command: str) -> None:
    help_text = run(command, "--help").stdout
    for option in ("--in YEAR", "--on YYYY-MM-DD", "--from DATE", "--to DATE", "--throughout"):
        assert option in help_text, (command, option)
    assert "--year" not in help_text and "--quotes" not in help_text


def test_throughout_narrows_the_analyses(run: Any) -> None:
    possibly = json.loads(run("blocs", "--from", "2012", "--to", "2020", "--format", "json").stdout)
    known = json.loads(run("blocs", "--from", "2012", "--to", "2020", "--throughout", "--format", "json").stdout)
    assert sum(map(len, known["camps"])) < sum(map(len, possibly["camps"]))


# ---------------------------------------------------------------------------- one house


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """Module-level imports (not those inside functions, which run only when called): (module, names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("layer", ["present", "cli"])
def test_no_private_name_is_imported_across_modules(layer: str) -> None:
    offences = []
    for path in (PACKAGE / layer).glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("actorgraph"):
                offences += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert offences == []


def test_presentation_and_command_line_have_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for layer in ("present", "cli", "ask"):
        for path in (PACKAGE / layer).glob("*.py"):
            graph[_module(path)] = {m for m, _ in _imports(path) if m.startswith("actorgraph.")}
    ask = {m for m in graph if m.startswith("actorgraph.ask")}
    assert not any(dep.startswith(("actorgraph.present", "actorgraph.cli")) for m in ask for dep in graph[m]), (
        "questions never import their views"
    )

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for dep in graph.get(start, ()):
            if dep == goal or (dep not in seen and (seen.add(dep) or reaches(dep, goal, seen))):
                return True
        return False

    cycles = [m for m in graph if reaches(m, m, set())]
    assert cycles == []


def test_command_bodies_are_short() -> None:
    """A command parses options, calls the library and hands the result over: a few lines of body."""
    long = []
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.endswith(("_cmd", "_backed", "_opposed")):
                body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body  # the docstring aside
                lines = body[-1].end_lineno - body[0].lineno + 1  # type: ignore[operator]
                if lines > 14:
                    long.append(f"{path.name}:{node.name} ({lines} lines)")
    assert long == []
