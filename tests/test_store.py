"""The on-disk store: imports are idempotent and all-or-nothing, even when killed."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from actorgraph.ask.questions import supporters
from actorgraph.errors import ActorgraphError, DataError
from actorgraph.model.resources import dataset_files
from actorgraph.sources import reader
from actorgraph.store.disk import MARKER, StoreFolder
from actorgraph.store.graph import open_graph
from actorgraph.store.imports import import_files

DATA = Path(__file__).parent / "data"
ESD = DATA / "ucdp-esd-ay-181-excerpt.csv"
REPO = Path(__file__).resolve().parent.parent


def count(store: Path) -> int:
    return len(StoreFolder(store).open_read_only())


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    store = tmp_path / "db"
    first = import_files("ucdp-esd", [ESD], store)
    after_first = count(store)
    again = import_files("ucdp-esd", [ESD], store)
    assert first.added == len(set(reader("ucdp-esd")(ESD, None).quads()))  # every statement written is new
    assert first.graphs == ["https://w3id.org/actorgraph/graph/ucdp-esd-18.1"]
    assert (again.added, again.graphs) == (0, [])
    assert count(store) == after_first


def test_claims_import_twice_adds_nothing(tmp_path: Path) -> None:
    store = tmp_path / "db"
    import_files("claims", dataset_files(), store)
    before = count(store)
    assert import_files("claims", dataset_files(), store).added == 0
    assert count(store) == before


def test_strict_import_of_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "db"
    with pytest.raises(DataError, match=r"ucdp-acd-251-excerpt.csv:42"):
        import_files("ucdp-acd", [DATA / "ucdp-acd-251-excerpt.csv"], store, strict=True)
    assert not store.exists()


def test_a_file_of_the_wrong_kind_is_one_line_error(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("import", "atop", str(ESD), "--store", str(tmp_path / "db"))
    assert result.exit_code == 1
    assert "no column ccode1" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "db").exists()
    with pytest.raises(ActorgraphError, match="unknown import kind"):
        import_files("nope", [ESD], tmp_path / "db")


def synthetic(path: Path, relations: int) -> None:
    """An N-Quads file of support relations in the graph's model, between made-up actors."""
    base = "https://w3id.org/actorgraph/"
    ag, actor, rel = base + "ns#", base + "actor/", base + "relation/"
    graph = "<https://w3id.org/actorgraph/graph/synthetic>"
    date = "^^<http://www.w3.org/2001/XMLSchema#date>"
    with path.open("w", encoding="utf-8") as out:
        for i in range(relations):
            r = f"<{rel}t{i}>"
            year = 1950 + i % 70
            out.write(
                f"{r} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ag}Support> {graph} .\n"
                f"{r} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ag}Relation> {graph} .\n"
                f"{r} <{ag}actor> <{actor}T{i % 997}> {graph} .\n{r} <{ag}target> <{actor}T{i % 13}> {graph} .\n"
                f'{r} <{ag}certainty> <{ag}Confirmed> {graph} .\n{r} <{ag}start> "{year}-01-01"{date} {graph} .\n'
                f'{r} <{ag}latestStart> "{year}-12-31"{date} {graph} .\n'
            )


def test_killed_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "db"
    import_files("ucdp-esd", [ESD], store)
    before = count(store)
    big = tmp_path / "big.nq"
    synthetic(big, 150_000)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    child = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "import", "rdf", str(big), "--store", str(store)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(store.glob(".importing-*")) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)  # well into the bulk load
    killed = child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = count(store)
    if killed:
        assert after == before
    else:  # the machine was fast enough to finish: then the import is complete
        assert after > before
    graph = open_graph(store=store)
    assert {"Government of Iran", "Government of Russia (Soviet Union)"} <= {
        r.other.label for r in supporters(graph, "Government of Syria", 2016)
    }
    del graph
    gc.collect()
    # the next import cleans up what the killed one left, and works
    assert import_files("ucdp-esd", [ESD], store).added == 0
    assert not list(store.glob(".importing-*"))


def test_store_derives_the_same_shortcuts_as_the_in_memory_graph(tmp_path: Path) -> None:
    from actorgraph.model.vocab import GRAPH

    import_files("claims", dataset_files(), tmp_path / "db")
    on_disk = open_graph(store=tmp_path / "db")
    in_memory = open_graph()
    shortcuts = [
        {q.triple for q in g.store.quads_for_pattern(None, None, None, GRAPH.shortcuts)} for g in (on_disk, in_memory)
    ]
    assert shortcuts[0] == shortcuts[1] != set()


MINE = """
[[source]]
id = "my-notes"
publisher = "Me"
title = "Notes"
url = "https://example.org/notes"
date = "2016-05-01"

[[relation]]
id = "my-russia-supports-iran-2016"
kind = "support"
actor = "russia"
target = "iran"
start = "2016"
certainty = "alleged"

[[relation.cite]]
source = "my-notes"
quote = "Russia helps Iran."
"""


def test_a_read_never_makes_a_store(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    typo = tmp_path / "typo.db"
    result = run("who-backed", "Russia", "--store", str(typo))
    assert result.exit_code == 1
    assert f"{typo}: no store here" in result.stderr
    assert not typo.exists()
    (tmp_path / "plain").mkdir()
    result = run("actors", "--store", str(tmp_path / "plain"))
    assert result.exit_code == 1
    assert "not an actorgraph store" in result.stderr
    assert list((tmp_path / "plain").iterdir()) == []


@pytest.mark.parametrize("what", ["folder", "file", "cwd"])
def test_import_never_touches_a_folder_that_is_not_a_store(tmp_path: Path, run, what: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "userdir"
    if what == "file":
        target.write_text("precious\n", encoding="utf-8")
    else:
        target.mkdir()
        (target / "important.txt").write_text("precious\n", encoding="utf-8")
    args = ["import", "claims", *map(str, dataset_files()), "--store"]
    if what == "cwd":
        old = Path.cwd()
        os.chdir(target)
        try:
            result = run(*args, ".")
        finally:
            os.chdir(old)
    else:
        result = run(*args, str(target))
    assert result.exit_code == (2 if what == "file" else 1), result.output
    assert ("is a file" if what == "file" else "not an actorgraph store: give a new or empty folder") in result.stderr
    assert "Traceback" not in result.output
    if what == "file":
        with pytest.raises(DataError, match="is a file and not an actorgraph store"):
            import_files("claims", dataset_files(), target)
    precious = target if what == "file" else target / "important.txt"
    assert precious.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["userdir"]
    if what != "file":
        assert [p.name for p in target.iterdir()] == ["important.txt"]


def test_an_empty_folder_becomes_a_store_with_its_marker(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    import_files("claims", dataset_files(), tmp_path / "empty")
    assert (tmp_path / "empty" / MARKER).is_file()
    assert count(tmp_path / "empty") > 1000


def test_claims_naming_bundled_actors_import_into_a_store(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "my-claims.toml"
    mine.write_text(MINE, encoding="utf-8")
    store = tmp_path / "graph.db"
    result = run("import", "claims", str(mine), "--store", str(store))
    assert result.exit_code == 0, result.output
    answer = run("who-backed", "Iran", "--in", "2016", "--store", str(store), "--format", "json")
    assert answer.exit_code == 0, answer.output
    assert [row["actor"] for row in __import__("json").loads(answer.stdout)] == ["Russia"]


def test_data_beside_a_store_is_read_but_never_written(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "graph.db"
    import_files("ucdp-esd", [ESD], store)
    before = count(store)
    mine = tmp_path / "my-claims.toml"
    mine.write_text(MINE, encoding="utf-8")
    result = run("who-backed", "Iran", "--in", "2016", "--store", str(store), "--data", str(mine))
    assert result.exit_code == 0, result.output
    assert "Russia" in result.stdout
    assert count(store) == before
    again = run("who-backed", "Iran", "--in", "2016", "--store", str(store))
    assert "Russia" not in again.stdout


def test_rdf_is_loaded_in_slices_with_bad_lines_named_and_blank_nodes_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import actorgraph.store.imports as imports

    monkeypatch.setattr(imports, "_SLICE", 200)  # a few lines a slice
    good = "".join(
        f'<https://w3id.org/actorgraph/actor/x{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "X {i}" '
        "<https://w3id.org/actorgraph/graph/mine> .\n"
        for i in range(12)
    )
    bad = tmp_path / "bad.nq"
    bad.write_text(good + '<https://w3id.org/actorgraph/actor/y> <http://example.org/p> "unclosed .\n' + good)
    with pytest.raises(DataError) as caught:
        import_files("rdf", [bad], tmp_path / "db")
    assert [(p.line, p.message) for p in caught.value.problems] == [(13, "invalid N-Quads: Unexpected end of file")]
    blank = tmp_path / "blank.nq"
    node = "_:b1 <http://example.org/p> {} <https://w3id.org/actorgraph/graph/mine> .\n"
    blank.write_text(good + node.format('"1"') + good + node.format('"2"'))
    report = import_files("rdf", [blank], tmp_path / "db")
    assert report.added == 12 + 2  # the same twelve lines twice, and the blank node's two
    subjects = {
        q.subject for q in StoreFolder(tmp_path / "db").open_read_only() if not isinstance(q.subject, NamedNode)
    }
    assert len(subjects) == 1  # one blank node, though its lines stood in different slices


def test_of_two_bad_lines_loaded_side_by_side_the_first_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import actorgraph.store.imports as imports

    monkeypatch.setattr(imports, "_SLICE", 200)  # a few lines a slice, two slices loading at a time
    line = '<https://w3id.org/actorgraph/actor/x> <http://example.org/p> "{}" <https://w3id.org/actorgraph/graph/g> .\n'
    lines = [line.format(i) for i in range(40)]
    lines[4] = '<https://w3id.org/actorgraph/actor/y> <http://example.org/p> "unclosed .\n'
    lines[30] = "<not an iri> <http://example.org/p> <x> .\n"
    bad = tmp_path / "bad.nq"
    bad.write_text("".join(lines))
    with pytest.raises(DataError) as caught:
        import_files("rdf", [bad], tmp_path / "db")
    assert [p.line for p in caught.value.problems] == [5]
    assert not (tmp_path / "db").exists()  # and the failed first import left no store


def test_rdf_into_a_store_counts_and_derives_only_the_graphs_it_fills(tmp_path: Path) -> None:
    store = tmp_path / "db"
    import_files("ucdp-esd", [ESD], store)
    mine = tmp_path / "mine.nq"
    synthetic(mine, 10)
    first = import_files("rdf", [mine], store)
    assert (first.added, first.graphs) == (70, ["https://w3id.org/actorgraph/graph/synthetic"])
    graph = open_graph(store=store)
    assert graph.ask("ASK { actor:T1 ag:supports actor:T1 }")  # relation t1: T1 -> T1, derived
    assert (import_files("rdf", [mine], store).added, count(store)) == (0, count(store))
