"""actorgraph extract through the real command: what a user reads, and the claims file validate accepts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("spacy")

DATA = Path(__file__).resolve().parent / "data" / "extract"
REPO = Path(__file__).resolve().parent.parent


def test_table_shows_sentence_proposal_status_and_unknown_names(run) -> None:  # type: ignore[no-untyped-def]
    result = run("extract", str(DATA / "short-report.txt"), "--date", "2024-11-29")
    assert result.exit_code == 0, result.output
    assert "1 candidate claim from the report of 2024-11-29" in result.stdout
    assert "Russia" in result.stdout and "Government of Syria (Assad)" in result.stdout
    assert "“Russia backed the Syrian government in 2016.”" in result.stdout
    assert "corroborates" in result.stdout
    assert "The Wagner Group" in result.stdout
    assert "1 negated or unasserted statement(s) not proposed (--show-rejected)" in result.stdout


def test_show_rejected_gives_the_reason(run) -> None:  # type: ignore[no-untyped-def]
    result = run("extract", str(DATA / "short-report.txt"), "--date", "2024-11-29", "--show-rejected")
    assert "Turkey support People's Protection Units: negated ('not')" in result.stdout


def test_json_has_the_issue_keys(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "extract", "-", "--date", "2016-06-01", "--format", "json", input="Russia backed the Syrian government."
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    keys = {
        "actor",
        "actor_id",
        "relation",
        "target",
        "target_id",
        "types",
        "start",
        "end",
        "certainty",
        "status",
        "quote",
    }
    assert keys <= set(row)
    assert (row["actor_id"], row["relation"], row["target_id"]) == ("russia", "support", "assad-government")
    assert row["quote"] == "Russia backed the Syrian government."


def test_o_toml_writes_a_claims_file_by_its_suffix(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.toml"
    result = run(
        "extract", str(DATA / "short-report.txt"), "--date", "2024-11-29", "-o", str(out), "--texts", str(DATA.parent)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Candidate claims proposed by actorgraph extract") and text.endswith('2016."\n')
    assert run("validate", str(out), "--texts", str(DATA.parent)).exit_code == 0


def test_csv_and_json_list_the_rejected_with_show_rejected(run) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    args = ["extract", str(DATA / "short-report.txt"), "--date", "2024-11-29", "--show-rejected"]
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [(r["actor"], r["relation"], r["target"], r["status"]) for r in rows] == [
        (
            "Russia",
            "support",
            "Government of Syria (Assad)",
            "corroborates report-russia-supports-assad-government-2016",
        ),
        ("Turkey", "support", "People's Protection Units", "rejected"),
    ]
    assert rows[1]["reason"] == "negated ('not')" and rows[1]["quote"] == "Turkey has not backed the YPG."
    document = json.loads(run(*args, "--format", "json").stdout)
    assert [(r["actor"], r["status"]) for r in document] == [(r["actor"], r["status"]) for r in rows]
    assert "rejected" not in run(*args[:-1], "--format", "ndjson").stdout


def test_done_when_toml_from_the_seed_validates(run, shared: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed = shared / "seed" / "000_f723742bf43aabc7.txt"
    here = os.getcwd()
    os.chdir(REPO)
    try:
        out = tmp_path / "c.toml"
        result = run("extract", os.path.relpath(seed), "--date", "2024-11-29", "--format", "toml", "-o", str(out))
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert 'text = "shared/seed/000_f723742bf43aabc7.txt"' in text
        checked = run("validate", str(out), "--texts", "..")
        assert checked.exit_code == 0, checked.output
        assert checked.stdout.strip() == "ok: 1 file, no problems"
        assert "not checked" not in checked.stderr  # every quote was checked against the text
    finally:
        os.chdir(here)


def test_texts_option_sets_the_root(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.toml"
    result = run(
        "extract",
        str(DATA / "short-report.txt"),
        "--date",
        "2024-11-29",
        "--format",
        "toml",
        "-o",
        str(out),
        "--texts",
        str(DATA.parent),
    )
    assert result.exit_code == 0, result.output
    assert 'text = "extract/short-report.txt"' in out.read_text(encoding="utf-8")
    assert run("validate", str(out), "--texts", str(DATA.parent)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["no-such-file.txt", "--date", "2024-11-29"],
            "Error: cannot read no-such-file.txt: No such file or directory",
        ),
        (["REPORT", "--date", "29/11/2024"], "Error: bad report date '29/11/2024': write YYYY-MM-DD"),
        (["BINARY", "--date", "2024-11-29"], "is not a plain-text report (it holds binary data)"),
    ],
)
def test_bad_input_is_one_line_and_fails(run, tmp_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "r.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    args = [str(DATA / "short-report.txt") if a == "REPORT" else str(binary) if a == "BINARY" else a for a in args]
    result = run("extract", *args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_extra_is_named_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "from actorgraph.cli import main\nsys.argv = ['actorgraph', 'extract', '-', '--date', '2024-11-29']\nmain()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], input="Russia backed Iran.", capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.strip() == "Error: actorgraph extract needs spaCy: pip install 'actorgraph[extract]'"
