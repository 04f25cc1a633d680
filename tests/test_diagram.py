"""The diagram command and library: offline page, escaping, years in force, static figures, Mermaid, timeline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from actorgraph.ask.questions import all_relations
from actorgraph.model.dates import Period
from actorgraph.present.page import page_data
from actorgraph.store.graph import ActorGraph

HOSTILE_LABEL = "<img src=x onerror=alert(1)>"

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile.toml"


@pytest.fixture
def hostile() -> Path:
    """A claims file whose actor label, source and note are markup meant to run."""
    return HOSTILE


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    return parser


def _in_force(graph: ActorGraph, year: int) -> set[str]:
    """What the data says is in force in a year: dates overlap it and both actors existed; a
    relation with no date at all, in the year of its latest source only."""
    period = Period.parse(year)
    drawn = set()
    for r in all_relations(graph, period):
        if not (r.subject.exists_during(period) and r.other.exists_during(period)):
            continue
        if r.start is None and r.end is None and (r.as_of is None or int(r.as_of[:4]) != year):
            continue
        drawn.add(r.relation)
    return drawn


# ---------------------------------------------------------------------------- the page


def test_page_is_one_self_contained_file(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "d.html"
    result = run("diagram", "--year", "2016", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    parsed = _parse(text)
    tags = [t for t, _ in parsed.tags]
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert all("src" not in attrs for t, attrs in parsed.tags if t == "script")
    assert len(parsed.scripts) == 3 and "vis-network" in parsed.scripts[0]
    assert not list(tmp_path.glob("lib")), "pyvis's lib/ folder must not be written"
    data = json.loads(parsed.scripts[1])
    assert data["year"] == 2016 and data["span"][0] <= 2016 <= data["span"][1]


def test_page_holds_every_year_and_matches_the_data(graph: ActorGraph) -> None:
    data = page_data(graph)
    low, high = data["span"]
    assert low <= 2016 and high >= 2025
    for year in range(low, high + 1):
        shown = {
            r["id"]
            for r in data["relations"]
            if (r["y0"] is None or r["y0"] <= year) and (r["y1"] is None or year <= r["y1"])
        }
        assert shown == _in_force(graph, year), year


def test_actors_keep_their_places_whatever_the_year(graph: ActorGraph) -> None:
    first = {n["id"]: (n["x"], n["y"]) for n in page_data(graph, year=2016)["nodes"]}
    later = {n["id"]: (n["x"], n["y"]) for n in page_data(graph, year=2024)["nodes"]}
    assert first == later and len(first) > 10


def test_page_escapes_every_text_from_the_data(run: Any, hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    result = run("diagram", "hostile", "--data", str(hostile), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    parsed = _parse(text)
    assert [t for t, _ in parsed.tags if t in ("img", "b", "a")] == []
    assert len(parsed.scripts) == 3, "a label must not open or close a script"
    assert "&lt;img src=x onerror=alert(1)&gt;" in re.search(r"<h1[^>]*>(.*?)</h1>", text).group(1)  # type: ignore[union-attr]
    data = json.loads(parsed.scripts[1])
    assert HOSTILE_LABEL in {n["label"] for n in data["nodes"]}
    note = next(r["note"] for r in data["relations"] if r["id"] == "hostile-supports-russia")
    assert note == "<script>alert(6)</script> @APP@ @DATA@"


def test_actor_arguments_keep_only_their_relations(graph: ActorGraph) -> None:
    data = page_data(graph, actors=["Hezbollah"])
    assert data["relations"] and all("hezbollah" in (r["from"], r["to"]) for r in data["relations"])
    assert "Hezbollah" in data["title"]


def test_from_to_limits_the_slider(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    assert run("diagram", "--from", "2015", "--to", "2018", "-o", str(out)).exit_code == 0
    data = json.loads(_parse(out.read_text(encoding="utf-8")).scripts[1])
    assert data["span"] == [2015, 2018]


# ---------------------------------------------------------------------------- static figures


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_static_figure_is_deterministic(run_process: Any, tmp_path: Path, fmt: str) -> None:
    outputs = []
    for n in range(2):
        out = tmp_path / f"d{n}.{fmt}"
        result = run_process("diagram", "--year", "2016", "-o", str(out))
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt]
    assert outputs[0].startswith(magic)


def _svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))


def test_svg_shows_title_source_labels_and_legend(run: Any, graph: ActorGraph, tmp_path: Path) -> None:
    out = tmp_path / "d.svg"
    assert run("diagram", "--year", "2016", "--format", "svg", "-o", str(out)).exit_code == 0
    words = _svg_text(out.read_bytes())
    assert "Alliances and oppositions in force, 2016" in words
    assert "actorgraph bundled Syria dataset" in words
    for label in {r.subject.label for r in all_relations(graph, 2016) if r.subject.id in ("russia", "iran")}:
        assert label in words
    assert "alleged or disputed" in words and "support" in words and "opposition" in words


def test_svg_keeps_a_hostile_label_as_text(run: Any, hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.svg"
    result = run("diagram", "hostile", "--data", str(hostile), "--year", "2016", "-o", str(out))
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    assert not [e for e in root.iter() if e.tag.endswith("}img") or e.tag.endswith("}script")]
    assert "onerror=alert(1)>" in _svg_text(out.read_bytes())


def test_static_figure_needs_a_year(run: Any) -> None:
    result = run("diagram", "--format", "svg")
    assert result.exit_code == 1
    assert "--in YEAR" in result.stderr and "Traceback" not in result.output


def test_year_and_span_together_are_refused(run: Any) -> None:
    result = run("diagram", "--in", "2016", "--from", "2015", "--format", "mermaid")
    assert result.exit_code == 2 and "give only one of --in, --from/--to" in result.stderr


def test_unknown_actor_is_one_line(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    result = run("diagram", "Nobody At All", "-o", str(out))
    assert result.exit_code == 1 and "unknown actor 'Nobody At All'" in result.stderr
    assert not out.exists()


# ---------------------------------------------------------------------------- Mermaid


def test_mermaid_follows_the_years(run: Any) -> None:
    lines = {}
    for year in (2016, 2025):
        result = run("diagram", "--year", str(year), "--format", "mermaid")
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert text.startswith('---\ntitle: "Alliances and oppositions in force, ' + str(year))
        ids = dict(re.findall(r'^  (a\d+)\["([^"]*)"\]$', text, re.M))
        names = {v: k for k, v in ids.items()}
        russia, assad = names.get("Russia"), names.get("Government of Syria (Assad)")
        lines[year] = bool(
            russia and assad and re.search(rf"^  {russia} -->\|\"support", text, re.M) and f"| {assad}" in text
        )
    assert lines == {2016: True, 2025: False}


def test_mermaid_encodes_hostile_text(run: Any, hostile: Path) -> None:
    result = run("diagram", "hostile", "--data", str(hostile), "--year", "2016", "--format", "mermaid")
    assert result.exit_code == 0, result.output
    assert "<" not in result.stdout and '>"' not in result.stdout
    assert '["#60;img src#61;x onerror#61;alert(1)#62;"]' in result.stdout


# ---------------------------------------------------------------------------- timeline figures


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_timeline_figure(run: Any, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    result = run("timeline", "Russia", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt == "svg":
        words = _svg_text(data)
        assert "Relations of Russia over time" in words
        assert "Support" in words and "Opposition (either way)" in words
        assert re.search(r"as of \d{4}", words)
    else:
        assert data.startswith(b"\x89PNG")


def test_timeline_text_formats_still_work(run: Any, tmp_path: Path) -> None:
    result = run("timeline", "Hezbollah", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("actor,actor_id,relation")
    out = tmp_path / "t.json"
    assert run("timeline", "Hezbollah", "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))


def test_help_loads_no_drawing_library() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from actorgraph.cli import cli; "
        "r = CliRunner().invoke(cli, ['diagram', '--help']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('matplotlib', 'pyvis', 'networkx', 'numpy', 'playwright') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- lifespans, data bounds, focus


def test_timeline_of_russia_keeps_each_bar_within_both_actors_lifespans(graph: ActorGraph) -> None:
    import datetime as dt

    from actorgraph.ask.questions import timeline
    from actorgraph.present.figures import timeline_bars

    _, rows = timeline(graph, "Russia")
    bars = timeline_bars(rows, dt.date(2010, 1, 1), dt.date(2026, 6, 30))
    assad = [b for b in bars if b.row.other.id == "assad-government"]
    transitional = [b for b in bars if b.row.other.id == "transitional-government"]
    assert assad and transitional
    assert max(b.end for b in assad) == dt.date(2024, 12, 8), "nothing runs past the Assad government's end"
    assert min(b.start for b in transitional) == dt.date(2024, 12, 10), "nothing before that government began"
    for b in bars:
        if b.row.other.end:
            assert b.end <= Period.parse(b.row.other.end).last
        if b.row.other.start:
            assert b.start >= Period.parse(b.row.other.start).first


def test_timeline_figure_of_russia_says_where_an_open_end_stops(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "russia.svg"
    assert run("timeline", "Russia", "-o", str(out)).exit_code == 0
    words = _svg_text(out.read_bytes())
    assert "as of 2020-03-05" in words and "actor's end" in words


def test_network_figure_of_2025_leaves_out_the_fallen_government(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "d.svg"
    assert run("diagram", "--in", "2025", "-o", str(out)).exit_code == 0
    words = _svg_text(out.read_bytes())
    assert "Russia" in words and "Government of Syria (Assad)" not in words


UNDATED = """
[[source]]
id = "list-2020"
publisher = "P"
title = "A list of members"
date = "2020-05-01"
url = "https://example.org/list"

[[relation]]
id = "undated-membership"
kind = "membership"
actor = "hezbollah"
target = "iran-linked-groups"
certainty = "confirmed"

[[relation.cite]]
source = "list-2020"
quote = "Hezbollah is among them."
"""


def test_an_undated_link_is_drawn_in_the_year_of_its_source_not_every_year(graph: ActorGraph, tmp_path: Path) -> None:
    from actorgraph.present.drawing import in_force, relation_years
    from actorgraph.store.graph import open_graph

    claims = tmp_path / "undated.toml"
    claims.write_text(UNDATED, encoding="utf-8")
    row = next(r for r in all_relations(open_graph([claims])) if r.relation == "undated-membership")
    assert relation_years(row) == (2020, 2020)
    assert in_force(row, Period.parse(2020)) and not in_force(row, Period.parse(2016))
    data = page_data(open_graph([claims]))
    drawn = next(r for r in data["relations"] if r["id"] == "undated-membership")
    assert (drawn["y0"], drawn["y1"]) == (2020, 2020)


def test_around_an_actor_keeps_its_neighbourhood(run: Any) -> None:
    result = run("diagram", "--around", "Hezbollah", "--in", "2016", "--format", "mermaid")
    assert result.exit_code == 0, result.output
    names = set(re.findall(r'^  a\d+\["([^"]*)"\]$', result.stdout, re.M))
    assert {"Hezbollah", "Government of Syria (Assad)", "Israel"} <= names
    assert "United States" not in names and "Kurdistan Workers' Party" not in names
    wider = run("diagram", "--around", "Hezbollah", "--depth", "2", "--in", "2016", "--format", "mermaid")
    assert len(set(re.findall(r'^  a\d+\["([^"]*)"\]$', wider.stdout, re.M))) > len(names)


@pytest.fixture(scope="module")
def ucdp_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    store = tmp_path_factory.mktemp("store") / "db"
    data = Path(__file__).resolve().parent / "data"
    for kind, name in (("ucdp-actor", "ucdp-actor-221-excerpt.csv"), ("ucdp-acd", "ucdp-acd-231-excerpt.csv")):
        result = CliRunner().invoke(cli, ["import", kind, str(data / name), "--store", str(store)])
        assert result.exit_code == 0, result.output
    return store


def test_conflict_focus_and_the_source_line_name_what_was_loaded(run: Any, ucdp_store: Path) -> None:
    result = run("diagram", "--conflict", "11347", "--in", "2013", "--store", str(ucdp_store), "--format", "mermaid")
    assert result.exit_code == 0, result.output
    assert "source: store db (ucdp-acd-23.1, ucdp-actor-22.1)" in result.stdout
    names = set(re.findall(r'^  a\d+\["([^"]*)"\]$', result.stdout, re.M))
    assert "Government of Mali" in names and "Government of Syria" not in names
    missing = run("diagram", "--conflict", "99999", "--store", str(ucdp_store), "--format", "mermaid", "--in", "2013")
    assert missing.exit_code == 1 and "no relation names conflict '99999'" in missing.stderr


def test_mermaid_front_matter_is_valid_yaml(run: Any) -> None:
    """The title holds "source: ..."; unquoted, YAML reads a second mapping and fails."""
    text = run("diagram", "--in", "2016", "--format", "mermaid").stdout
    front = text.split("---\n")[1]
    assert re.fullmatch(r'title: "[^"\\]*\(source: actorgraph bundled Syria dataset\)"\n', front), front
    try:
        import yaml
    except ImportError:
        return
    assert yaml.safe_load(front)["title"].endswith("(source: actorgraph bundled Syria dataset)")


def test_a_diagram_of_an_actor_draws_what_its_answers_list(run: Any, tmp_path: Path) -> None:
    """With UCDP data beside the curated claims, an actor seen by both is one actor: the diagram of
    the Syrian government in 2016 shows every backer who-backed lists (the old one left out the
    ESD's Government of Iraq, now linked to the curated Iraq)."""
    import json

    from actorgraph.model.resources import dataset_files

    store = str(tmp_path / "db")
    data = Path(__file__).resolve().parent / "data"
    for kind, files in (
        ("ucdp-actor", [str(data / "ucdp-actor-221-excerpt.csv")]),
        ("ucdp-esd", [str(data / "ucdp-esd-ay-181-excerpt.csv")]),
        ("claims", [str(p) for p in dataset_files()]),
    ):
        assert run("import", kind, *files, "--store", store).exit_code == 0
    backers = {
        r["actor"]
        for r in json.loads(
            run("who-backed", "Syrian government", "--in", "2016", "--store", store, "--format", "json").stdout
        )
    }
    drawn = run("diagram", "Syrian government", "--in", "2016", "--store", store, "--format", "mermaid").stdout
    names = set(re.findall(r'^  a\d+\["([^"]*)"\]$', drawn, re.M))
    assert "Iraq" in backers  # the ESD's Government of Iraq, linked to the curated actor
    assert backers <= names


def test_a_conflict_focus_reads_that_conflicts_relations_not_the_whole_store(
    ucdp_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A focus on one conflict of a large store read every relation first (3.5 min over UCDP + ATOP): the
    relations it reads are those that mention the conflict, and it draws the same as filtering all of them."""
    from actorgraph.ask import questions
    from actorgraph.model.dates import Period
    from actorgraph.present import drawing
    from actorgraph.store.graph import open_graph

    graph = open_graph(store=ucdp_store, bundled=False)
    read: list[int] = []
    real = questions._rows

    def counting(*args: Any, **kwargs: Any) -> Any:
        rows = real(*args, **kwargs)
        read.append(len(rows))
        return rows

    monkeypatch.setattr(questions, "_rows", counting)
    rows, _ = drawing.select(graph, Period.parse(2013), conflict="11347")
    monkeypatch.undo()
    everything = questions.all_relations(open_graph(store=ucdp_store, bundled=False), 2013)
    assert rows and sum(read) < len(everything)
    expected = [r for r in drawing._conflict(everything, "11347") if drawing.in_force(r, Period.parse(2013))]
    assert {r.relation for r in rows} == {r.relation for r in expected}
