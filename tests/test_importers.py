"""The dataset importers, checked against the committed excerpts (tests/data/*-excerpt.csv)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from actorgraph.ask.questions import opponents, relations, resolve, supporters
from actorgraph.model.resources import dataset_files
from actorgraph.sources import KINDS, reader
from actorgraph.sources.tables import parse_day, split_names, ucdp_precision, year_runs
from actorgraph.store.disk import StoreFolder
from actorgraph.store.graph import ActorGraph, open_graph
from actorgraph.store.imports import import_files

DATA = Path(__file__).parent / "data"
ESD = DATA / "ucdp-esd-ay-181-excerpt.csv"
ACD = DATA / "ucdp-acd-231-excerpt.csv"
ACD_BAD = DATA / "ucdp-acd-251-excerpt.csv"
DYADIC = DATA / "ucdp-dyadic-241-excerpt.csv"
ACTORS = DATA / "ucdp-actor-221-excerpt.csv"
ATOP = DATA / "atop-5.1-ddyr-excerpt.csv"


def graph_of(*imports: tuple[str, Path]) -> ActorGraph:
    """An in-memory graph of the given imports, without the bundled claims."""
    graph = open_graph(bundled=False)
    names: dict[str, str] = {}
    for kind, path in imports:
        quads = reader(kind)(path, names).quads()
        graph.store.extend(quads)
        if kind == "ucdp-actor":
            names = {
                str(q.object.value): str(q.subject.value).rsplit("ucdp-", 1)[1]  # type: ignore[union-attr]
                for q in quads
                if q.predicate.value.endswith("prefLabel")
            }
    graph.derive()
    return graph


def esd_rows(actor: str, year: str) -> list[dict[str, str]]:
    with ESD.open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["actor_name"] == actor and r["year"] == year]


@pytest.fixture(scope="module")
def esd() -> ActorGraph:
    return graph_of(("ucdp-esd", ESD))


def test_esd_government_of_syria_2016_backed_by_iran_and_russia(esd: ActorGraph) -> None:
    answer = supporters(esd, "Government of Syria", 2016)
    backers = {row.other.label for row in answer}
    coded = {name for r in esd_rows("Government of Syria", "2016") for name in r["ext_name"].split(",")}
    assert {"Government of Iran", "Government of Russia (Soviet Union)"} <= backers
    assert backers == coded


def test_esd_syrian_insurgents_2012_backers(esd: ActorGraph) -> None:
    backers = {row.other.label for row in supporters(esd, "Syrian insurgents", 2012)}
    for state in ("Turkey", "Qatar", "Saudi Arabia", "United Kingdom", "United States of America"):
        assert f"Government of {state}" in backers


def test_esd_relation_cites_its_rows_and_says_types_are_for_the_actor_year(esd: ActorGraph) -> None:
    answer = supporters(esd, "Government of Syria", 2016)
    russia = [r for r in answer if r.other.label.startswith("Government of Russia")]
    ids = {r["id"] for r in esd_rows("Government of Syria", "2016")}
    titles = {c.title for r in russia for c in r.sources}
    assert {f"UCDP External Support Dataset v18.1, actor-year, row {i}" for i in ids} <= titles
    assert all(c.publisher == "Uppsala Conflict Data Program" and c.quote is None for r in russia for c in r.sources)
    assert all("as a whole" in (r.note or "") for r in russia)
    assert all("weapons" in r.types for r in russia)


def test_esd_consecutive_years_merge_into_one_interval(esd: ActorGraph) -> None:
    rows = [r for r in supporters(esd, "Syrian insurgents", 2013) if r.other.label == "Government of Qatar"]
    years = [
        y
        for y in range(2011, 2018)
        if any("Government of Qatar" in r["ext_name"] for r in esd_rows("Syrian insurgents", str(y)))
    ]
    first, last = year_runs(years)[0]
    assert len(rows) == 1
    assert rows[0].start == str(first)
    assert rows[0].end == (None if last == 2017 else str(last))  # 2017: the excerpt's last year, so open


def test_esd_names_with_commas_split_right() -> None:
    graph = graph_of(("ucdp-actor", ACTORS), ("ucdp-esd", ESD))
    assert resolve(graph, "ucdp-623").label == "Interahamwe, ex-FAR"
    assert resolve(graph, "ucdp-567").label == "UNITA"
    assert "Interahamwe, ex-FAR" in {r.other.label for r in supporters(graph, "CNDD", 1996)}


def test_esd_names_it_cannot_split_are_reported_not_lost() -> None:
    got = reader("ucdp-esd")(ESD, None)
    lines = {p.line for p in got.problems}
    with ESD.open(encoding="utf-8") as handle:
        ambiguous = {n for n, line in enumerate(handle, 1) if "Interahamwe, ex-FAR" in line}
    assert ambiguous <= lines
    graph = graph_of(("ucdp-esd", ESD))
    assert {"ucdp-623", "ucdp-567"} <= {r.other.id for r in supporters(graph, "CNDD", 1996)}


def test_esd_aggregate_and_state_flags(esd: ActorGraph) -> None:
    assert resolve(esd, "Syrian insurgents").type == "aggregate"
    assert resolve(esd, "Government of Syria").type == "government"
    assert resolve(esd, "ASL").type == "armed-group"


def test_esd_warring_parties_oppose_each_other(esd: ActorGraph) -> None:
    assert "Syrian insurgents" in {r.other.label for r in opponents(esd, "Government of Syria", 2014)}


def test_acd_opposition_with_episode_start_and_precision_code() -> None:
    graph = graph_of(("ucdp-actor", ACTORS), ("ucdp-acd", ACD))
    rows = [r for r in opponents(graph, "Government of Syria", 2012) if r.other.label == "Syrian insurgents"]
    assert [r.start for r in rows] == ["2011-08-02"]
    assert "UCDP precision code 1" in (rows[0].note or "")
    troops = {r.other.label: r.types for r in supporters(graph, "Government of Syria", 2016)}
    assert troops["Government of Russia (Soviet Union)"] == ("troops-secondary",)


def test_acd_without_actor_list_reports_what_it_leaves_out() -> None:
    got = reader("ucdp-acd")(ACD, None)
    assert len(got.problems) == 1
    assert "Government of Iran" in got.problems[0].message and "ucdp-actor" in got.problems[0].message
    assert got.problems[0].warning  # every row was read


def test_acd_v25_bad_lines_are_named_and_good_rows_imported(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("import", "ucdp-acd", str(ACD_BAD), "--store", str(tmp_path / "db"))
    assert result.exit_code == 3
    bad = [line for line in result.stderr.splitlines() if ":42:" in line or ":43:" in line]
    assert len(bad) == 2 and all(line.startswith(f"{ACD_BAD}:4") for line in bad)
    assert "2 lines skipped" in result.stdout
    lines = sum(1 for _ in ACD_BAD.open(encoding="utf-8")) - 1
    assert f"{lines - 2} rows read" in result.stdout
    graph = open_graph(store=tmp_path / "db")
    assert "GNLA" in {r.other.label for r in opponents(graph, "Government of India", 2012)}
    dated = [r for r in opponents(graph, "Government of India", 2012) if r.other.label == "GNLA"]
    assert dated[0].start == "2012-11-15"  # read from d-m-yyyy


def test_dyadic_opposition_per_dyad() -> None:
    graph = graph_of(("ucdp-dyadic", DYADIC))
    assert {"Syrian insurgents", "IS"} <= {r.other.label for r in opponents(graph, "Government of Syria", 2015)}


def test_actor_list_gives_names_and_changes() -> None:
    graph = graph_of(("ucdp-actor", ACTORS))
    islamic_state = resolve(graph, "ISIS")
    assert islamic_state.id == "ucdp-234"
    assert "Jama’at Al-Tawhid wa Al-Jihad" in islamic_state.aliases


def test_atop_obligations_become_agreements_over_runs_of_years() -> None:
    graph = graph_of(("atop", ATOP))
    with ATOP.open(encoding="utf-8") as handle:
        years = [
            int(r["year"])
            for r in csv.DictReader(handle)
            if (r["ccode1"], r["ccode2"], r["atop_consul"]) == ("365", "652", "1")
        ]
    first, _ = year_runs(years)[0]
    rows = [
        r
        for r in relations(graph, "cow-365", kind="agreement")
        if r.other.id == "cow-652" and r.outgoing and r.agreement == "ATOP consultation obligation"
    ]
    assert [r.start for r in rows] == [str(first)]
    assert resolve(graph, "cow-365").label == "Russia"


def test_combined_store_shows_dataset_and_curated_sources(tmp_path: Path) -> None:
    store = tmp_path / "db"
    import_files("ucdp-esd", [ESD], store)
    import_files("claims", dataset_files(), store)
    answer = supporters(open_graph(store=store), "Syrian government", 2016)
    publishers = {c.publisher for r in answer for c in r.sources}
    assert answer.subject.id == "assad-government"
    assert "Uppsala Conflict Data Program" in publishers
    assert len(publishers) > 1
    ucdp = {r.other.id for r in answer if any(c.publisher == "Uppsala Conflict Data Program" for c in r.sources)}
    # UCDP's Government of Iran (114) and of Russia (57) are linked to the curated actors, so their
    # rows sit with the curated ones under the curated names
    assert {"iran", "russia"} <= ucdp
    curated = {r.other.id for r in answer if any(c.publisher == "Associated Press" for c in r.sources)}
    assert {"iran", "russia"} <= curated


def test_who_backed_json_over_store(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    store = str(tmp_path / "db")
    imported = run("import", "ucdp-esd", str(ESD), "--store", store)
    assert imported.exit_code == 0, imported.output  # the Puntland row is a warning: every row was read
    assert ": warning: row id" in imported.stderr and "ext_name 'Puntland" in imported.stderr
    assert "3 warnings" in imported.stdout and "skipped" not in imported.stdout
    result = run("who-backed", "Syrian insurgents", "--in", "2012", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data["rows"] if isinstance(data, dict) else data
    assert "Government of Turkey" in {r["actor"] for r in rows}


@pytest.mark.parametrize(
    ("cell", "ids", "known", "expected"),
    [
        (
            "Interahamwe, ex-FAR,UNITA",
            ["623", "567"],
            {"623": {"Interahamwe, ex-FAR"}},
            ["Interahamwe, ex-FAR", "UNITA"],
        ),
        ("A,B,C", ["1", "2", "3"], {}, ["A", "B", "C"]),
        ("Puntland State of Somalia", ["671", "11545"], {"671": {"Puntland State of Somalia"}}, [None, None]),
        (
            "X, Y, Z,Government of Russia (Soviet Union)",
            ["9", "57"],
            {"57": {"Government of Russia (Soviet Union)"}},
            ["X, Y, Z", "Government of Russia (Soviet Union)"],
        ),
    ],
)
def test_split_names(cell: str, ids: list[str], known: dict[str, set[str]], expected: list[str | None]) -> None:
    assert split_names(cell, ids, known) == expected


def test_ucdp_precision_and_dates() -> None:
    assert [ucdp_precision(str(c)) for c in range(1, 8)] == ["day", "month", "month", "month", "year", "year", "year"]
    with pytest.raises(ValueError, match="precision code"):
        ucdp_precision("9")
    assert parse_day("5-4-1990").isoformat() == "1990-04-05"
    with pytest.raises(ValueError, match="bad date"):
        parse_day("2008")


def test_every_kind_is_a_cli_choice(run) -> None:  # type: ignore[no-untyped-def]
    assert run("import", "atop", "--help").exit_code == 0


def test_names_shared_by_linked_actors_mean_the_curated_one(tmp_path: Path) -> None:
    store = tmp_path / "db"
    import_files("ucdp-esd", [ESD], store)
    import_files("claims", dataset_files(), store)
    graph = open_graph(store=store)
    answer = supporters(graph, "Syrian insurgents", 2012)
    assert answer.subject.id == "syrian-opposition"
    publishers = {c.publisher for r in answer for c in r.sources}
    assert "Uppsala Conflict Data Program" in publishers and len(publishers) > 1


def test_a_run_to_the_datasets_last_year_ends_with_the_dataset(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """ESD v18.1 codes up to 2017: a run that reaches 2017 is known to 2017, not "open, as of 2018"."""
    store = str(tmp_path / "db")
    assert run("import", "ucdp-esd", str(ESD), "--store", store).exit_code == 0
    result = run("who-backed", "Syrian insurgents", "--in", "2016", "--store", store, "--format", "json")
    rows = {r["actor"]: r for r in json.loads(result.stdout)}
    saudi = rows["Government of Saudi Arabia"]
    assert (saudi["end"], saudi["as_of"], saudi["end_text"]) == (None, "2017", "to 2017 (dataset ends)")
    assert all(c["kind"] == "dataset" and c["coverage_end"] == "2017" for c in saudi["sources"])
    table = run("who-backed", "Syrian insurgents", "--in", "2016", "--store", store, "--brief")
    assert "as of 2018" not in table.stdout


@pytest.mark.parametrize(
    ("kind", "path"),
    [("ucdp-esd", ESD), ("ucdp-dyadic", DYADIC)],
)
def test_importing_a_file_again_after_another_dataset_adds_nothing(tmp_path: Path, kind: str, path: Path) -> None:
    """Issue 15, item 10: a dataset's names are those its own file gives; names another dataset taught
    the store (here ACD's name for UCDP actor 118) only help read the file, and are not written again."""
    acd = tmp_path / "acd.csv"
    acd.write_text(
        ACD.read_text(encoding="utf-8").replace('"Government of Syria","118"', '"Syrian Arab Republic","118"'),
        encoding="utf-8",
    )
    store = tmp_path / "db"
    import_files(kind, [path], store)
    import_files("ucdp-acd", [acd], store)
    before = len(StoreFolder(store).open_read_only())
    again = import_files(kind, [path], store)
    assert (again.added, again.graphs) == (0, [])
    assert len(StoreFolder(store).open_read_only()) == before
    names = {
        (row["g"].value.rsplit("/", 1)[1], row["name"].value)
        for row in open_graph(store=store).select(
            "SELECT ?g ?name WHERE { GRAPH ?g { actor:ucdp-118 skos:prefLabel|skos:altLabel ?name } }"
        )
    }
    assert ("ucdp-acd-23.1", "Syrian Arab Republic") in names
    assert not any(name == "Syrian Arab Republic" for g, name in names if g != "ucdp-acd-23.1")


def test_actor_list_keeps_undated_renames_and_splinters_as_notes() -> None:
    """A change of identity is a dated event; the UCDP actor list gives no dates, so it makes none."""
    graph = graph_of(("ucdp-actor", ACTORS))
    assert not graph.ask("ASK { ?c a ?kind . ?kind rdfs:subClassOf+ ag:ChangeEvent }")
    notes = {row["n"].value for row in graph.select("SELECT ?n WHERE { actor:ucdp-1161 skos:note ?n }")}
    assert notes == {"UCDP Actor list: a splinter of UCDP actor 539 (Splinter = 1). The list gives no dates."}
    assert "ISIS" in resolve(graph, "ucdp-234").aliases  # a new name is still a name


def test_actor_list_membership_in_an_actor_it_does_not_list_is_left_out(tmp_path: Path) -> None:
    lines = ACTORS.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("528,")]  # FDLR, whose group ALiR (1128) joins
    excerpt = tmp_path / "actors.csv"
    excerpt.write_text("".join(kept), encoding="utf-8")
    got = reader("ucdp-actor")(excerpt, None)
    assert [(p.line, p.warning) for p in got.problems] == [
        (kept.index(next(x for x in kept if x.startswith("1128,"))) + 1, True)
    ]
    assert "ActorIdGroup 528 is not an actor of the list" in got.problems[0].message
    assert not any(q.object.value.endswith("/ucdp-528") for q in got.quads())


@pytest.mark.parametrize("cell", ["abc", "5 6"])
def test_a_bad_id_in_a_list_of_ids_is_a_skipped_line(tmp_path: Path, cell: str) -> None:
    rows = ESD.read_text(encoding="utf-8").splitlines(keepends=True)
    header = rows[0].split(",")
    at = header.index("ext_id")
    values = next(csv.reader([rows[5]]))
    values[at] = cell
    bad = tmp_path / "esd.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    bad.write_text("".join([*rows[:5], out.getvalue(), *rows[6:]]), encoding="utf-8")
    got = reader("ucdp-esd")(bad, None)
    assert [str(p).split(": ", 1)[1] for p in got.problems if p.line == 6] == [
        f"bad ext_id {cell!r}: expected a whole number"
    ]
    assert got.rows == 36


def test_the_writer_escapes_what_n_quads_cannot_hold() -> None:
    from actorgraph.model.vocab import ACTOR, AG, GRAPH
    from actorgraph.sources.writer import Writer

    w = Writer(GRAPH.curated)
    w.actor(ACTOR + "odd id", [AG.State], "odd id", 'A "quoted"\nlabel\\ with \x1b escape', ["tab\there"])
    quads = w.quads()
    assert {q.subject.value for q in quads} == {ACTOR + "odd%20id"}
    assert {q.object.value for q in quads if q.predicate.value.endswith("prefLabel")} == {
        'A "quoted"\nlabel\\ with \x1b escape'
    }
    assert {q.object.value for q in quads if q.predicate.value.endswith("altLabel")} == {"tab\there"}


def test_every_kind_is_one_registry(run) -> None:  # type: ignore[no-untyped-def]
    from actorgraph.cli.rdf import import_cmd
    from actorgraph.sources import datasets

    assert list(import_cmd.params[0].type.choices) == list(KINDS)  # type: ignore[attr-defined]
    assert datasets() == [k for k in KINDS if k not in ("claims", "rdf")]
    result = run("import", "nope", str(ESD), "--store", "x")
    assert result.exit_code == 2 and "nope" in result.output


def test_a_file_that_is_no_table_is_one_line_error(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("import", "atop", "/dev/null", "--store", str(tmp_path / "db"))  # issue 15: "no such file"
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "Error: /dev/null:1: not the expected table: no column ccode1, ccode2, year, "
        + ", ".join(["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"])
    )
    assert not (tmp_path / "db").exists()
