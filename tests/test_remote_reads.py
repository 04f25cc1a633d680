"""Reading a remote graph: a handful of requests an answer, whole exports under a row limit, clear errors."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actorgraph.ask.questions import actors, profile, supporters
from actorgraph.errors import EndpointError
from actorgraph.server.push import push
from actorgraph.server.serve import Server, free_port, oxigraph_binary, start
from actorgraph.store.graph import open_graph
from actorgraph.store.remote import RemoteGraph

MANY = 400  # actors in the extra claims file: an answer's requests must not grow with them


@pytest.fixture(scope="module")
def many_claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A claims file of many more actors, each backing the Syrian government for a year."""
    path = tmp_path_factory.mktemp("claims") / "many.toml"
    parts = ['[[source]]\nid = "many-notes"\npublisher = "Me"\ntitle = "Notes"\nurl = "https://example.org/n"\n']
    for n in range(MANY):
        parts.append(f'[[actor]]\nid = "backer-{n}"\nlabel = "Backer {n}"\ntype = "armed-group"\n')
        parts.append(
            f'[[relation]]\nid = "many-backer-{n}"\nkind = "support"\nactor = "backer-{n}"\n'
            f'target = "assad-government"\nstart = "2016"\nend = "2016"\ncertainty = "alleged"\n'
            f'[[relation.cite]]\nsource = "many-notes"\nquote = "Backer {n} backs the government."\n'
        )
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(many_claims: Path) -> Iterator[Server]:
    """``actorgraph serve`` over the bundled data and the many actors."""
    running = start(data=[str(many_claims)], port=free_port(), max_rows=100000)
    yield running
    running.stop()


def test_a_question_takes_a_handful_of_requests(served: Server, many_claims: Path, requests: list[Any]) -> None:
    local = supporters(open_graph([many_claims]), "Syrian government", 2016)
    graph = RemoteGraph(served.url)
    answer = supporters(graph, "Syrian government", 2016)
    assert answer == local
    assert len(answer) > MANY
    assert len(requests) <= 6
    asked = len(requests)
    # the names are read once for the run: the next question resolves without asking for them again
    supporters(graph, "Backer 7", 2016)
    assert len(requests) - asked <= 4


def test_a_leaders_name_reads_remotely_in_a_handful_of_requests(
    served: Server, many_claims: Path, requests: list[Any]
) -> None:
    """Leaders' names and tenures come with the actors' names: one request, not one per actor or tenure."""
    local = supporters(open_graph([many_claims]), "Bashar al-Assad", 2016)
    answer = supporters(RemoteGraph(served.url), "Bashar al-Assad", 2016)
    assert answer == local
    assert answer.notes[0].endswith("which Bashar al-Assad led from 2000 to 2024-12-08")
    assert len(requests) <= 6


def test_every_actor_in_one_request(served: Server, many_claims: Path, requests: list[Any]) -> None:
    assert actors(RemoteGraph(served.url)) == actors(open_graph([many_claims]))
    assert len(requests) == 1


def test_a_profile_takes_a_handful_of_requests(served: Server, many_claims: Path, requests: list[Any]) -> None:
    assert profile(RemoteGraph(served.url), "HTS") == profile(open_graph([many_claims]), "HTS")
    assert len(requests) <= 8


def test_an_export_is_whole_when_the_endpoint_cuts_answers_short(many_claims: Path) -> None:
    server = start(data=[str(many_claims)], port=free_port(), max_rows=700)
    try:
        assert list(RemoteGraph(server.url).quads()) == list(open_graph([many_claims]).quads())
        assert len(RemoteGraph(server.url)) == len(open_graph([many_claims]))
    finally:
        server.stop()


# ---------------------------------------------------------------------------- an endpoint without a union


@pytest.fixture(scope="module")
def plain_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A stock Oxigraph server, started without --union-default-graph, holding the bundled data."""
    folder = tmp_path_factory.mktemp("plain")
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        push(open_graph(), base + "/update", checkpoint=folder / "push.json")
        yield base + "/query"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_an_endpoint_without_a_union_default_graph_says_what_to_set(plain_oxigraph: str, run) -> None:  # type: ignore[no-untyped-def]
    result = run("who-backed", "Syrian government", "--in", "2016", "--endpoint", plain_oxigraph)
    assert result.exit_code != 0
    assert "unknown actor" not in result.stderr
    assert "not the union of its named graphs" in result.stderr
    assert "--union-default-graph" in result.stderr
    assert "Traceback" not in result.output
    with pytest.raises(EndpointError, match="default-graph-uri"):
        supporters(RemoteGraph(plain_oxigraph), "Russia")


def test_naming_the_graphs_in_the_url_answers(plain_oxigraph: str) -> None:
    graphs = RemoteGraph(plain_oxigraph).graphs(with_ontology=True)
    url = plain_oxigraph + "?" + "&".join(f"default-graph-uri={g.value}" for g in graphs)
    answer = supporters(RemoteGraph(url), "Syrian government", 2016)
    assert answer == supporters(open_graph(), "Syrian government", 2016)


@pytest.mark.parametrize("args", [("actors",), ("snapshot",), ("diagram", "--format", "html", "-o", "-")])
def test_every_view_of_a_non_union_endpoint_says_what_to_set(plain_oxigraph: str, run, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = run(*args, "--endpoint", plain_oxigraph)
    assert result.exit_code != 0
    assert "not the union of its named graphs" in result.stderr


def test_a_cut_construct_answer_is_an_error_not_a_silent_gap(many_claims: Path) -> None:
    server = start(data=[str(many_claims)], port=free_port(), max_rows=5)
    try:
        with pytest.raises(EndpointError, match="cut the answer at its limit of 5 triples"):
            RemoteGraph(server.url).query("CONSTRUCT WHERE { ?s ?p ?o }")
    finally:
        server.stop()


def test_an_answer_is_whole_when_the_endpoint_cuts_its_reads_short(many_claims: Path, requests: list[Any]) -> None:
    """The relations' statements run past the endpoint's row limit: the batch is asked again in halves."""
    server = start(data=[str(many_claims)], port=free_port(), max_rows=2000)
    try:
        answer = supporters(RemoteGraph(server.url), "Syrian government", 2016)
        assert answer == supporters(open_graph([many_claims]), "Syrian government", 2016)
        assert len(requests) <= 20
    finally:
        server.stop()
