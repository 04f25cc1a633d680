"""actorgraph serve: real SPARQL clients get the local answers; updates refused; limits enforced; clean stop."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from actorgraph.errors import EndpointError
from actorgraph.server.serve import Server, free_port, start
from actorgraph.store.graph import ActorGraph
from actorgraph.store.remote import RemoteGraph

REPO = Path(__file__).resolve().parent.parent
PREFIXES = "PREFIX ag: <https://w3id.org/actorgraph/ns#>\nPREFIX actor: <https://w3id.org/actorgraph/actor/>\n"
BACKERS = PREFIXES + "SELECT ?who WHERE { ?who ag:supports actor:assad-government }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start(port=free_port(), time_limit=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def small() -> Iterator[Server]:
    """A server whose answers are cut after 5 rows."""
    running = start(port=free_port(), max_rows=5)
    yield running
    running.stop()


def _local_backers(graph: ActorGraph) -> set[str]:
    return {row["who"].value for row in graph.select(BACKERS)}


def test_sparqlwrapper_gets_the_local_answer(server: Server, graph: ActorGraph) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url)
    client.setQuery(BACKERS)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    found = {b["who"]["value"] for b in answer["results"]["bindings"]}  # type: ignore[index, call-overload]
    assert found == _local_backers(graph)
    assert len(found) >= 3


def test_rdflib_sparqlstore_gets_the_local_answer(server: Server, graph: ActorGraph) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(server.url))
    assert {str(row[0]) for row in remote.query(BACKERS)} == _local_backers(graph)  # type: ignore[index]


def test_the_query_layer_answers_the_same_through_serve(server: Server, graph: ActorGraph) -> None:
    from actorgraph.ask.questions import supporters

    local = supporters(graph, "Syrian government", 2016)
    remote = supporters(RemoteGraph(server.url), "Syrian government", 2016)
    assert remote == local


@pytest.mark.parametrize("how", ["update endpoint", "update parameter", "sparql-update body"])
def test_an_update_is_refused(server: Server, graph: ActorGraph, how: str) -> None:
    update = PREFIXES + "INSERT DATA { actor:turkey ag:supports actor:assad-government }"
    base = server.url.rsplit("/", 1)[0]
    if how == "update endpoint":
        request = urllib.request.Request(base + "/update", data=urllib.parse.urlencode({"update": update}).encode())
    elif how == "update parameter":
        request = urllib.request.Request(server.url, data=urllib.parse.urlencode({"update": update}).encode())
    else:
        request = urllib.request.Request(
            base + "/update", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert "actor:turkey" not in str(_local_backers(graph))
    assert "https://w3id.org/actorgraph/actor/turkey" not in {
        row["who"].value for row in RemoteGraph(server.url).select(BACKERS)
    }


def test_a_runaway_query_is_cut_at_the_time_limit_and_the_server_keeps_answering(server: Server) -> None:
    request = urllib.request.Request(server.url, data=urllib.parse.urlencode({"query": RUNAWAY}).encode())
    t0 = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as stopped:
        urllib.request.urlopen(request, timeout=60)
    took = time.monotonic() - t0
    assert stopped.value.code == 504
    assert took < 2 + 3  # the limit is 2 s; a little more to start a fresh store process
    assert RemoteGraph(server.url).ask(PREFIXES + "ASK { actor:russia ag:supports actor:assad-government }")


def test_a_long_answer_is_cut_at_the_result_limit(small: Server) -> None:
    request = urllib.request.Request(
        small.url + "?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"), headers={"Accept": "text/csv"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        lines = response.read().decode().splitlines()
        assert response.headers["X-SPARQL-MaxRows"] == "5"
    assert len(lines) == 1 + 5


def test_a_cut_answer_is_an_error_for_the_query_layer_not_a_silent_gap(small: Server) -> None:
    with pytest.raises(EndpointError, match="cut the answer at its limit of 5 rows"):
        RemoteGraph(small.url).select("SELECT * WHERE { ?s ?p ?o }")


def test_a_short_answer_is_whole_in_every_result_format(small: Server) -> None:
    query = PREFIXES + "SELECT ?l WHERE { actor:hts <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    expected = {
        "text/csv": "Hayat Tahrir al-Sham",
        "application/sparql-results+xml": "<literal>Hayat Tahrir al-Sham</literal>",
        "text/tab-separated-values": '"Hayat Tahrir al-Sham"',
        "application/sparql-results+json": '"value":"Hayat Tahrir al-Sham"',
    }
    for accept, text in expected.items():
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(small.url, data=body, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers.get_content_type() == accept
            assert text in response.read().decode()
            assert "X-SPARQL-MaxRows" not in response.headers


def test_a_bounded_load_on_loopback_has_no_failed_request(server: Server) -> None:
    spec = importlib.util.spec_from_file_location("bench_remote", REPO / "benchmarks" / "bench_remote.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.load(server.url, clients=8, seconds=2, query=BACKERS, limit=400)
    assert figures["failures"] == 0
    assert figures["requests"] > 0


def test_the_serve_command_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "serve", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a kill reaches the Oxigraph it starts too
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        shown = "".join(process.stdout.readline() for _ in range(3))  # the limits and two examples
        url = f"http://127.0.0.1:{port}/query"
        assert first.strip() == f"SPARQL endpoint (read-only) at {url}"
        assert RemoteGraph(url).ask(PREFIXES + "ASK { actor:iran ag:supports actor:assad-government }")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, err
    assert f"--endpoint {url}" in shown
    assert "stopped" in err
    with pytest.raises(EndpointError, match="cannot reach"):
        RemoteGraph(url, timeout=2).ask("ASK {}")
