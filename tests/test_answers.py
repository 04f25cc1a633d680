"""Answers as a reader meets them: the actors at a glance first, in plain words, fitted to the terminal."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from actorgraph.ask.questions import between, supporters
from actorgraph.store.graph import ActorGraph, open_graph


def ask(run: Any, *args: str, columns: int = 80) -> str:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    result = CliRunner().invoke(cli, list(args), prog_name="actorgraph", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def table_rows(text: str) -> list[list[str]]:
    """The rows of the first table in a text, cells split where two or more spaces part them."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if re.match(r"^(ACTOR|WHO)\s{2,}", line))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def test_who_backed_the_syrian_government_in_2016_fits_one_screen(run: Any) -> None:
    out = ask(run, "who-backed", "Syrian government", "--in", "2016")
    lines = out.splitlines()
    assert len(lines) <= 25, out
    assert max(len(line) for line in lines) <= 80
    rows = table_rows(out)
    names = [r[0] for r in rows]
    for name in ("Russia", "Iran", "Hezbollah"):
        assert names.count(name) == 1, f"{name} is on one line"
    assert len(rows) == len(set(names)), "one line per actor"
    assert lines[0] == "Who backed Government of Syria (Assad), possibly during 2016:"
    assert "Turkey" not in names and "United States" not in names
    assert "* Hezbollah: start disputed: 2012 / 2013 / 2015" in lines
    best = next(line for line in lines if line.startswith("Best sources: "))
    assert "Associated Press 2024-11-29" in best
    assert "--claims" in out and "--brief" in out


def test_at_120_columns_no_summary_cell_is_cut_or_wrapped(run: Any) -> None:
    out = ask(run, "who-backed", "Syrian government", "--in", "2016", columns=120)
    assert max(len(line) for line in out.splitlines()) <= 120
    rows = {r[0]: r for r in table_rows(out)}
    assert len(rows) == 7
    assert rows["Russia"][2] == "2011-10-04 – 2024-12-08"
    assert rows["Hezbollah"][2] == "2012 – 2024-12-07 *"
    assert rows["China"][2] == "since 2011-10-04, still reported 2017-03-01"
    assert rows["Iran-backed Iraqi Shia militias"][2] == "since 2012 (source undated)"
    for row in rows.values():
        assert all(not cell.endswith("…") for cell in row[:1] + row[2:]), row
        assert row[-2:] and re.fullmatch(r"\d+/\d+", row[-1])


def sentences(text: str, subject: str) -> set[str]:
    """Each summary line read aloud: actor, relation, subject."""
    return {f"{r[0]} {r[1]} {subject}" for r in table_rows(text)}


def test_who_opposed_hts_in_2020_reads_aloud_the_right_way_round(run: Any) -> None:
    out = ask(run, "who-opposed", "HTS", "--in", "2020", columns=160)
    assert out.splitlines()[0] == "Who opposed Hayat Tahrir al-Sham, and whom it opposed, possibly during 2020:"
    assert "Read each line as: ACTOR, RELATION, Hayat Tahrir al-Sham." in out
    said = sentences(out, "Hayat Tahrir al-Sham")
    assert said == {
        "United States designated Hayat Tahrir al-Sham",
        "Russia fought Hayat Tahrir al-Sham",
        "Government of Syria (Assad) was fought by Hayat Tahrir al-Sham",
        "Syrian opposition factions was fought by Hayat Tahrir al-Sham",
    }


def test_who_backed_sdf_in_2017_reads_aloud(run: Any) -> None:
    out = ask(run, "who-backed", "SDF", "--in", "2017", columns=120)
    assert out.splitlines()[0] == "Who backed Syrian Democratic Forces, possibly during 2017:"
    [row] = table_rows(out)
    assert row[:3] == ["United States", "weapons, troops-secondary", "since 2015, still reported 2024-11-29"]
    claims = [r for r in supporters(open_graph(), "SDF", 2017) if r.other.id == "united-states"]
    sources = {c.source for r in claims for c in r.sources}
    assert row[3:] == ["confirmed", f"{len(claims)}/{len(sources)}"]


def test_relations_with_names_both_actors_in_time_order(run: Any) -> None:
    out = ask(run, "relations", "Russia", "--with", "Syrian government", columns=140)
    rows = table_rows(out)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Russia", "backed", "Government of Syria (Assad)"),
        ("Russia", "agreed with", "Syrian transitional government"),
    ]
    assert "'Syrian government' read as Government of Syria (Assad) [assad-government]" in out
    in_2016 = ask(run, "relations", "Russia", "--with", "Syrian government", "--in", "2016", columns=140)
    assert [(r[0], r[1], r[2]) for r in table_rows(in_2016)] == [("Russia", "backed", "Government of Syria (Assad)")]


def test_between_is_every_relation_of_the_pair_both_ways(graph: ActorGraph) -> None:
    answer = between(graph, "Syrian government", "Russia", 2016)
    assert answer.rows and all({r.subject.id, r.other.id} == {"russia", "assad-government"} for r in answer)
    assert all(not r.outgoing for r in answer), "seen from the government's side: Russia backed it"
    starts = [r.start or "" for r in answer]
    assert starts == sorted(starts)


def test_claims_shows_every_claim_with_its_quotes_and_brief_one_line_each(run: Any) -> None:
    claims = json.loads(ask(run, "who-backed", "Syrian government", "--in", "2016", "--format", "json"))
    brief = ask(run, "who-backed", "Syrian government", "--in", "2016", "--brief", columns=120)
    assert len(table_rows(brief)) == len(claims) == len(supporters(open_graph(), "Syrian government", 2016)) > 15
    full = ask(run, "who-backed", "Syrian government", "--in", "2016", "-v", columns=120)
    assert full.count("Associated Press, 2024-11-29: “") >= 4
    assert "still reported 2024-11-29" in full and "open, as of" not in full


def test_markdown_and_ndjson(run: Any) -> None:
    md = ask(run, "who-backed", "SDF", "--in", "2017", "--format", "markdown")
    lines = md.splitlines()
    header = lines.index("| ACTOR | HOW | WHEN | SURE | CLAIMS |")
    assert lines[header + 1] == "|---|---|---|---|---:|"
    assert lines[header + 2].startswith("| United States | weapons, troops-secondary | since 2015")
    nd = ask(run, "who-backed", "Syrian government", "--in", "2016", "--format", "ndjson")
    records = [json.loads(line) for line in nd.splitlines()]
    expected = len(supporters(open_graph(), "Syrian government", 2016))
    assert len(records) == expected and {"Russia", "Iran", "Hezbollah"} <= {r["actor"] for r in records}


@pytest.mark.parametrize("command", ["actors", "snapshot", "blocs", "centrality", "timeline"])
def test_every_row_printing_command_writes_markdown_and_ndjson(run: Any, command: str) -> None:
    args = [
        command,
        *({"timeline": ["Hezbollah"]}.get(command, [])),
        *(["--in", "2016"] * (command in ("snapshot", "blocs", "centrality"))),
    ]
    md = ask(run, *args, "--format", "markdown")
    assert re.search(r"^\|---", md, re.M), md[:300]
    nd = ask(run, *args, "--format", "ndjson")
    assert nd.strip() and all(isinstance(json.loads(line), dict) for line in nd.splitlines())


def test_a_mistyped_command_gets_did_you_mean(run: Any) -> None:
    result = run("who-backd", "Russia")
    assert result.exit_code == 2
    assert "no such command 'who-backd'; did you mean 'who-backed'?" in result.stderr
    assert "Traceback" not in result.output


def test_to_records_and_to_frame_give_one_typed_row_per_claim(graph: ActorGraph) -> None:
    pd = pytest.importorskip("pandas")
    answer = supporters(graph, "Syrian government", 2016)
    records = answer.to_records()
    assert len(records) == len(answer.rows)
    assert json.loads(json.dumps(records)) == records, "plain values only"
    frame = answer.to_frame()
    assert len(frame) == len(answer.rows)
    assert pd.api.types.is_datetime64_any_dtype(frame["start"]) and pd.api.types.is_datetime64_any_dtype(frame["end"])
    assert str(frame["sources"].dtype) == "int64" and str(frame["open"].dtype) == "bool"
    assert isinstance(frame["certainty"].dtype, pd.CategoricalDtype)
    russia = frame[frame["relation_id"] == "post-russia-supports-assad-government"].iloc[0]
    assert russia["start"] == pd.Timestamp("2015-09-30") and russia["start_precision"] == "day"
    hezbollah = frame[frame["relation_id"] == "report-hezbollah-supports-assad-government-since-2015"].iloc[0]
    assert hezbollah["start"] == pd.Timestamp("2015-01-01") and hezbollah["start_precision"] == "year"
    assert bool(hezbollah["open"]) and pd.isna(hezbollah["end"])
    assert frame.groupby("actor", observed=True).size()["Russia"] == sum(r.other.id == "russia" for r in answer)


def test_the_readme_python_examples_run_as_written() -> None:
    """The README's notebook example is a doctest: what it shows is what the library gives."""
    import doctest
    from pathlib import Path

    pytest.importorskip("pandas")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if ">>>" in b]
    assert blocks, "the README shows to_records() and to_frame() as a doctest"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for n, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README block {n}", "README.md", 0))
    assert runner.failures == 0 and runner.tries >= 8


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Assad", "Government of Syria (Assad)"),
        ("the regime", "Government of Syria (Assad)"),
        ("Assad regime", "Government of Syria (Assad)"),
        ("America", "United States"),
        ("Russian Federation", "Russia"),
    ],
)
def test_names_people_use(run: Any, name: str, actor: str) -> None:
    out = ask(run, "actor", name, "--in", "2016", "--format", "json")
    assert json.loads(out)["label"] == actor


def test_who_backed_assad_in_2016_answers(run: Any) -> None:
    out = ask(run, "who-backed", "Assad", "--in", "2016")
    assert out.splitlines()[0] == "Who backed Government of Syria (Assad), possibly during 2016:"
    assert {"Russia", "Iran", "Hezbollah"} <= {row[0] for row in table_rows(out)}


def test_one_kind_in_several_ways_reads_aloud(run: Any) -> None:
    """The United States fought some and designated others: "Whom United States opposed", then each line."""
    out = ask(run, "who-opposed", "United States", "--in", "2016", columns=120)
    assert out.splitlines()[0] == "Whom United States opposed, possibly during 2016:"
    assert {row[1] for row in table_rows(out)} <= {"was fought by", "was designated by", "was sanctioned by"}
