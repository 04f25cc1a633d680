"""The command line as a user meets it: answers, formats, help, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actorgraph.cli import COMMANDS

DATA = Path(__file__).parent / "data"


def test_who_backed_claims_lists_backers_with_dates_certainty_and_quotes(run) -> None:  # type: ignore[no-untyped-def]
    result = run("who-backed", "Syrian government", "--in", "2016", "--claims")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in ("Russia", "Iran", "Hezbollah"):
        assert f"\n{name} " in out
    assert "\nTurkey " not in out and "\nUnited States " not in out
    assert "Associated Press, 2024-11-29: “" in out
    assert "2015-09-30" in out and "confirmed" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_who_backed_json_rows_have_the_documented_keys(run) -> None:  # type: ignore[no-untyped-def]
    result = run("who-backed", "Syrian government", "--in", "2016", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows
    for key in ("actor", "relation", "types", "start", "end", "certainty", "as_of", "sources"):
        assert all(key in row for row in rows)
    assert {"Russia", "Iran", "Hezbollah"} <= {row["actor"] for row in rows}
    assert all(src["quote"] for row in rows for src in row["sources"])


def test_who_backed_in_2025_does_not_list_iran(run) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("who-backed", "Syrian government", "--in", "2025", "--format", "json").stdout)
    assert "Iran" not in {row["actor"] for row in rows}


def test_csv_output_reads_back(run) -> None:  # type: ignore[no-untyped-def]
    out = run("who-opposed", "HTS", "--in", "2024", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {"actor", "relation", "start", "end", "certainty", "sources", "quotes"} <= set(rows[0])
    assert "Government of Syria (Assad)" in {r["actor"] for r in rows}


@pytest.mark.parametrize(
    "args",
    [
        ["who-backed", "SDF", "--from", "2015", "--to", "2019", "--throughout"],
        ["who-backed", "Assad government", "--on", "2024-11-29", "--brief"],
        ["relations", "Turkey", "--kind", "agreement"],
        ["timeline", "Hezbollah"],
        ["actor", "HTS"],
        ["actor", "Syrian government", "--in", "2025"],
        ["actors", "--format", "csv"],
        ["sparql", "SELECT ?who WHERE { ?who ag:supports actor:assad-government }"],
    ],
)
def test_commands_answer(run, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_every_command_has_help_with_an_example(run) -> None:  # type: ignore[no-untyped-def]
    for name in COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"{name} --help has no example"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["who-backed", "Hezbolah", "--in", "2016"], 1, "unknown actor 'Hezbolah'; did you mean 'Hezbollah'?"),
        (["who-backed", "Syrian government"], 1, "names 2 actors"),
        (["who-backed", "HTS", "--in", "2015"], 1, "Hayat Tahrir al-Sham did not exist in 2015"),
        (["who-backed", "Russia", "--in", "20166"], 2, "bad date '20166'"),
        (["who-backed", "Russia", "--on", "2016-02-30"], 2, "bad date '2016-02-30'"),
        (["who-backed", "Russia", "--in", "2016", "--on", "2016-01-01"], 2, "give only one of"),
        (["who-backed", "Russia", "--in", "2016", "--data", "no/such/file.toml"], 1, "no/such/file.toml: cannot read"),
        (
            ["actors", "--data", str(DATA / "broken-claims.toml")],
            1,
            "broken-claims.toml:16: duplicate actor id 'alpha'",
        ),
        (["sparql", "SELEC ?x WHERE { ?x ?p ?o }"], 1, "SPARQL syntax error"),
        (["sparql", "PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }"], 1, "read-only: actorgraph sparql runs"),
        (["sparql", "# a comment\nDELETE WHERE { ?s ?p ?o }"], 1, "read-only: actorgraph sparql runs"),
        (["sparql", "no-such-query.rq"], 1, "cannot read query file no-such-query.rq"),
        (["export", "--format", "yaml"], 2, "'yaml' is not one of"),
    ],
)
def test_errors_are_one_line_with_the_right_exit_code(run, args: list[str], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_malformed_rdf_names_file_and_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://a/> .\na:x a:y a:z .\na:x a:y "open\n', encoding="utf-8")
    result = run("actors", "--data", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: invalid" in result.stderr


def test_real_process_prints_one_line_and_no_traceback(run_process) -> None:  # type: ignore[no-untyped-def]
    proc = run_process("who-backed", "Nobody At All", "--in", "2016")
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert "unknown actor 'Nobody At All'" in proc.stderr


def test_validate_reports_file_line_errors(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(DATA / "broken-claims.toml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        ":16: duplicate actor id 'alpha'",
        ":24: relation 'alpha-supports-nobody': unknown actor 'nobody'",
        ":39: relation 'ends-before-it-starts': unknown certainty 'probable'",
        ":42: relation 'ends-before-it-starts': unknown source 'missing-source'",
        ":51: relation 'no-source-at-all': start: bad date '2016-13-01'",
        ":59: source 'rumour-mill': unknown kind 'rumour'",
    ]
    for fragment in expected:
        assert any(fragment in line and line.startswith(str(DATA / "broken-claims.toml")) for line in lines), fragment
    assert "problems found" in result.stderr


def test_validate_checks_quotes_against_the_source_text(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "report.txt").write_text("Alpha backed Beta in 2016. Nothing else.", encoding="utf-8")
    claims = tmp_path / "claims.toml"
    claims.write_text(
        "\n".join(
            [
                '[[source]]\nid = "s"\npublisher = "P"\ntitle = "T"\ndate = "2017"',
                'url = "https://example.org/"\ntext = "report.txt"\n',
                '[[actor]]\nid = "alpha"\nlabel = "Alpha"\ntype = "state"\n',
                '[[actor]]\nid = "beta"\nlabel = "Beta"\ntype = "state"\n',
                '[[relation]]\nid = "r"\nkind = "support"\nactor = "alpha"\ntarget = "beta"',
                'start = "2016"\ncertainty = "confirmed"\n',
                '[[relation.cite]]\nsource = "s"\nquote = "Alpha backed Beta in 2015."\n',
            ]
        ),
        encoding="utf-8",
    )
    bad = run("validate", str(claims), "--texts", str(texts))
    assert bad.exit_code == 1
    assert f"{claims}:29: relation 'r': quote not found verbatim in the text of source 's'" in bad.stdout
    claims.write_text(claims.read_text().replace("in 2015.", "in 2016."), encoding="utf-8")
    good = run("validate", str(claims), "--texts", str(texts))
    assert good.exit_code == 0, good.output
    skipped = run("validate", str(claims))
    assert skipped.exit_code == 0 and "quotes not checked against report.txt" in skipped.stderr


def test_validate_passes_the_bundled_data(run, shared: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", "--texts", str(shared))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok:")


def test_shell_completion_offers_actor_names(run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from actorgraph.cli import cli

    env = {"_ACTORGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "actorgraph who-backed Hez", "COMP_CWORD": "2"}
    result = CliRunner().invoke(cli, [], env=env, prog_name="actorgraph")
    assert "Hezbollah" in result.stdout


@pytest.mark.parametrize(
    ("typed", "label"), [("Hayat", "Hayat Tahrir al-Sham"), ("Governm", "Government of Syria (Assad)")]
)
def test_bash_completion_of_a_name_with_spaces_runs_as_one_argument(typed: str, label: str, tmp_path: Path) -> None:
    """Complete in a real bash, put the completion on a command line, and run it."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "complete.sh"
    script.write_text(
        'eval "$(_ACTORGRAPH_COMPLETE=bash_source actorgraph)"\n'
        'COMP_WORDS=(actorgraph actor "$1"); COMP_CWORD=2\n'
        "_actorgraph_completion actorgraph\n"
        'for c in "${COMPREPLY[@]}"; do\n'
        '  if [[ $c == *"$2"* ]]; then eval "actorgraph actor $c --format json"; exit $?; fi\n'
        "done\nexit 9\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([bash, str(script), typed, label], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["label"] == label


def test_validate_reads_a_new_claims_file_beside_the_bundled_data(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    claims = tmp_path / "mine.toml"
    claims.write_text(
        "\n".join(
            [
                '[[source]]\nid = "mine"\npublisher = "P"\ntitle = "T"\ndate = "2024-12-08"\nurl = "https://example.org/"\n',
                '[[relation]]\nid = "mine-1"\nkind = "support"\nactor = "russia"\ntarget = "assad-government"',
                'start = "2024-12-08"\ncertainty = "confirmed"\n',
                '[[relation.cite]]\nsource = "mine"\nquote = "Words."\n',
            ]
        ),
        encoding="utf-8",
    )
    assert run("validate", str(claims)).exit_code == 0
    alone = run("validate", str(claims), "--no-bundled")
    assert alone.exit_code == 1
    assert f"{claims}:11: relation 'mine-1': unknown actor 'russia'" in alone.stdout
    answer = run("who-backed", "Assad government", "--on", "2024-12-08", "--data", str(claims), "--format", "json")
    assert "mine-1" in {row["relation_id"] for row in __import__("json").loads(answer.stdout)}


def test_data_from_standard_input(run) -> None:  # type: ignore[no-untyped-def]
    turtle = "@prefix ag: <https://w3id.org/actorgraph/ns#> .\n<https://w3id.org/actorgraph/actor/zz> a ag:State .\n"
    query = "SELECT ?a WHERE { ?a a ag:State FILTER(?a = actor:zz) }"
    result = run("sparql", query, "--data", "-", "--format", "csv", input=turtle)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["https://w3id.org/actorgraph/actor/zz"]
    claims = (DATA / "broken-claims.toml").read_text(encoding="utf-8")
    result = run("actors", "--data", "-", "--data-format", "toml", input=claims)
    assert result.exit_code == 1
    assert "<stdin>:16: duplicate actor id 'alpha'" in result.stderr
    mine = """[[actor]]
id = "zeta"
label = "Zeta Brigade"
type = "armed-group"
"""
    result = run("actor", "Zeta Brigade", "--data", "-", "--data-format", "toml", "--format", "json", input=mine)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "zeta"


def test_validate_reports_what_the_shapes_say_at_file_and_line(run) -> None:  # type: ignore[no-untyped-def]
    """A file that reads cleanly is judged by ontology/shapes.ttl, each complaint at its key's line."""
    path = DATA / "misshapen-claims.toml"
    result = run("validate", str(path), "--no-bundled")
    assert result.exit_code == 1
    expected = [
        ":16: source 'copying-blog': only a mirror (ag:sourceKind ag:Mirror) says what it copies",
        ":34: relation 'ends-before-it-starts': the start (ag:start) must not be after the end (ag:end)",
        ":46: relation 'against-itself': a relation's actor and target must be different actors",
        ":54: relation 'opposition-without-mode': an opposition needs exactly one mode",
        ":59: relation 'opposition-without-mode': only a support has support types",
        ":66: relation 'no-source-at-all': a relation needs a source",
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    for fragment, line in zip(expected, lines, strict=True):
        assert line.startswith(f"{path}{fragment}"), line
    # the same rules hold when the file is loaded for a question
    loaded = run("actors", "--data", str(path), "--no-bundled")
    assert loaded.exit_code == 1 and ":16: source 'copying-blog': only a mirror" in loaded.stderr
