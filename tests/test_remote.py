"""Every query command answers the same through --endpoint (Oxigraph server, Virtuoso) as locally."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse

from actorgraph.errors import EndpointError
from actorgraph.server.push import push
from actorgraph.server.serve import free_port, oxigraph_binary
from actorgraph.store.graph import open_graph
from actorgraph.store.remote import RemoteGraph, credentials, prepare

QUESTIONS = [
    ("who-backed", "Syrian government", "--in", "2016"),
    ("who-opposed", "HTS", "--in", "2024"),
    ("relations", "Turkey"),
    ("relations", "SDF", "--kind", "support", "--from", "2015", "--to", "2019", "--throughout", "--format", "json"),
    ("timeline", "Hezbollah"),
    ("actor", "HTS"),
    ("actor", "Syrian government", "--in", "2025", "--format", "json"),
    ("actors", "--format", "csv"),
    ("sparql", "SELECT ?a ?b WHERE { ?a ag:supports ?b } ORDER BY ?a ?b"),
    ("sparql", "ASK { actor:iran ag:supports actor:assad-government }"),
    ("sparql", "CONSTRUCT { ?a ag:supports actor:assad-government } WHERE { ?a ag:supports actor:assad-government }"),
]


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server stopped at start: {process.args}"
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A writable Oxigraph server (PyPI) on loopback with the bundled data pushed; yields its query URL."""
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(folder / "db"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/query", process)
        push(open_graph(), f"http://127.0.0.1:{port}/update", checkpoint=folder / "push.json")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        _stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Iterator[str]:
    """Virtuoso (Debian's virtuoso-opensource) on loopback with a new database and the bundled data pushed
    through /sparql-auth as the database's administrator (digest auth, credentials from the environment)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{http_port}/sparql", process)
        monkeypatch_module.setenv("ACTORGRAPH_USER", "dba")
        monkeypatch_module.setenv("ACTORGRAPH_PASSWORD", "dba")  # a new Virtuoso database's default
        push(open_graph(), f"http://127.0.0.1:{http_port}/sparql-auth", size=500, checkpoint=folder / "push.json")
        monkeypatch_module.delenv("ACTORGRAPH_USER")
        monkeypatch_module.delenv("ACTORGRAPH_PASSWORD")
        yield f"http://127.0.0.1:{http_port}/sparql"
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(params=["oxigraph", "virtuoso"])
def endpoint(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"{request.param}_server"))


@pytest.mark.parametrize("args", QUESTIONS, ids=lambda a: " ".join(a[:2]))
def test_query_commands_answer_the_same_through_an_endpoint(run, endpoint: str, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    local = run(*args)
    remote = run(*args, "--endpoint", endpoint)
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout


def test_export_through_an_endpoint_has_the_same_triples(run, endpoint: str) -> None:  # type: ignore[no-untyped-def]
    local = run("export", "--format", "nt")
    remote = run("export", "--format", "nt", "--endpoint", endpoint)
    assert remote.exit_code == 0, remote.output
    triples = {str(t) for t in parse(remote.stdout_bytes, RdfFormat.N_TRIPLES)}
    assert triples == {str(t) for t in parse(local.stdout_bytes, RdfFormat.N_TRIPLES)}
    assert len(triples) > 1000


def test_export_keeps_the_named_graphs(endpoint: str) -> None:
    assert list(RemoteGraph(endpoint).quads()) == list(open_graph().quads())


def test_endpoint_with_local_data_options_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("actors", "--endpoint", "http://127.0.0.1:9/sparql", "--data", "x.ttl")
    assert result.exit_code == 2
    assert "--endpoint" in result.stderr


# ---------------------------------------------------------------------------- binding and errors


def test_bound_values_cannot_change_the_query() -> None:
    store = Store()
    store.add(_quad("hts", "Hayat Tahrir al-Sham"))
    sneaky = Literal('x" } ?s ?p ?o . { ?s ?p "')
    query = prepare("SELECT ?a WHERE { ?a skos:prefLabel ?label }", {"label": sneaky})
    assert list(store.query(query)) == []
    query = prepare("SELECT ?a WHERE { ?a skos:prefLabel ?label }", {"label": Literal("Hayat Tahrir al-Sham")})
    assert [row["a"].value for row in store.query(query)] == ["https://w3id.org/actorgraph/actor/hts"]


def test_booleans_in_expressions_are_spelled_as_typed_values() -> None:
    text = prepare("SELECT ?out WHERE { BIND(true AS ?out) FILTER(?out != false) }")
    assert "true AS" not in text and '("true")' in text and '("false")' in text
    assert [row["out"].value for row in Store().query(text)] == ["true"]


def _quad(ident: str, label: str):  # type: ignore[no-untyped-def]
    from pyoxigraph import Quad

    return Quad(
        NamedNode("https://w3id.org/actorgraph/actor/" + ident),
        NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        Literal(label),
    )


class _Fake(http.server.BaseHTTPRequestHandler):
    delay = 0.0
    status = 200
    body = b"<html><body>Welcome</body></html>"

    def do_POST(self) -> None:  # noqa: N802
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake() -> Iterator[tuple[str, type[_Fake]]]:
    handler = type("Fake", (_Fake,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    server.shutdown()
    server.server_close()


def test_an_unreachable_endpoint_is_one_line_naming_it(run) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run("who-backed", "Syrian government", "--endpoint", url)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {url}: cannot reach the endpoint (Connection refused)"]


def test_a_non_sparql_answer_is_one_line_naming_url_and_status(run, fake) -> None:  # type: ignore[no-untyped-def]
    url, _ = fake
    result = run("actors", "--endpoint", url)
    assert result.exit_code == 1
    message = f"Error: {url}: HTTP 200 but not SPARQL JSON results (Content-Type text/html)"
    assert result.stderr.strip().splitlines() == [message]


def test_an_http_error_is_one_line_naming_url_and_status(run, fake) -> None:  # type: ignore[no-untyped-def]
    url, handler = fake
    handler.status, handler.body = 503, b"Service Unavailable: store is loading\n"
    result = run("actor", "HTS", "--endpoint", url)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {url}: HTTP 503")


def test_a_slow_endpoint_times_out_with_its_url(fake) -> None:  # type: ignore[no-untyped-def]
    url, handler = fake
    handler.delay = 2.0
    with pytest.raises(EndpointError, match=f"^{url}: no answer within 0.5 s"):
        RemoteGraph(url, timeout=0.5).ask("ASK {}")


def test_credentials_come_from_a_netrc_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTORGRAPH_USER", raising=False)
    monkeypatch.delenv("ACTORGRAPH_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example login reader password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials("https://store.example/sparql") == ("reader", "s3cret")
    assert credentials("https://other.example/sparql") is None
