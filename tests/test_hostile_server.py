"""Hostile and careless clients against a real ``actorgraph serve`` and ``push``: every promise of docs/security.md."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from actorgraph.errors import EndpointError
from actorgraph.server.push import push
from actorgraph.server.serve import Server, free_port, start
from actorgraph.store.graph import open_graph
from actorgraph.store.remote import RemoteGraph

REPO = Path(__file__).resolve().parent.parent
ASK = "ASK { actor:russia ag:supports actor:assad-government }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # millions of rows, streamed as they come


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = start(port=free_port(), time_limit=2, max_connections=40, workers=8, idle_timeout=2, max_body=4096)
    yield running
    running.stop()


def _address(server: Server) -> tuple[str, int]:
    parts = urlsplit(server.url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def _raw(server: Server, request: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes, read until the server closes or stops answering."""
    with socket.create_connection(_address(server), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and b"Content-Length: " in b"".join(chunks):
                    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
                    if len(body) >= length:
                        break
    return b"".join(chunks)


def _post(body: bytes, length: str, path: str = "/query") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode() + body


def _get(server: Server, query: str, accept: str = "", timeout: float = 30) -> tuple[int, str, bytes]:
    request = urllib.request.Request(
        server.url + "?query=" + urllib.parse.quote(query), headers={"Accept": accept} if accept else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _idle_within(server: Server, seconds: float) -> bool:
    """Whether the Oxigraph process now serving spends under 20% of a core within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process = server.upstream.current
        assert process is not None
        with contextlib.suppress(OSError):
            before = _cpu_seconds(process.popen.pid)
            time.sleep(0.5)
            if process is server.upstream.current and _cpu_seconds(process.popen.pid) - before < 0.1:
                return True
    return False


# ---------------------------------------------------------------------------- the upstream


def test_queries_share_a_few_kept_upstream_connections(server: Server) -> None:
    """Oxigraph keeps a thread per connection: a new connection per query grew to 16k threads and aborted."""
    process = server.upstream.current
    assert process is not None
    names: set[str] = set()
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            names.update(n for n in process.thread_ids() if n.startswith("127.0.0.1:"))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    clients = [threading.Thread(target=lambda: [_get(server, ASK) for _ in range(40)]) for _ in range(6)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    stop.set()
    sampler.join()
    listener = f"127.0.0.1:{process.port}"
    assert len(names - {listener}) <= 8  # at most one connection per worker, over 240 queries
    assert process is server.upstream.current


def test_the_upstream_listens_on_loopback_only(server: Server) -> None:
    process = server.upstream.current
    assert process is not None
    command = Path(f"/proc/{process.popen.pid}/cmdline").read_bytes().split(b"\0")
    assert command[command.index(b"--bind") + 1] == f"127.0.0.1:{process.port}".encode()


def test_an_upstream_that_dies_is_restarted(server: Server) -> None:
    process = server.upstream.current
    assert process is not None
    os.kill(process.popen.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server.upstream.current is process and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _get(server, ASK) == (200, "application/sparql-results+json", b'{"head":{},"boolean":true}')


# ---------------------------------------------------------------------------- time


def test_a_runaway_query_is_stopped_at_the_limit_and_oxigraph_stops_computing(server: Server) -> None:
    t0 = time.monotonic()
    status, _, body = _get(server, RUNAWAY)
    assert status == 504 and b"time limit of 2 s" in body
    assert time.monotonic() - t0 < 4
    assert _idle_within(server, 5)
    assert _get(server, ASK)[0] == 200


def test_a_streaming_answer_is_stopped_at_the_limit_not_per_read() -> None:
    running = start(port=free_port(), time_limit=2, max_rows=10**9)
    try:
        t0 = time.monotonic()
        status, _, body = _get(running, STREAM, accept="text/csv", timeout=60)
        took = time.monotonic() - t0
    finally:
        running.stop()
    assert status == 504, body[:200]
    assert took < 4


def test_a_client_that_hangs_up_stops_its_query(server: Server) -> None:
    body = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    with socket.create_connection(_address(server)) as sock:
        sock.sendall(_post(body, str(len(body))))
        time.sleep(0.5)
    t0 = time.monotonic()
    assert _idle_within(server, 4)
    assert time.monotonic() - t0 < 4


def test_a_post_whose_body_never_comes_does_not_hang(server: Server) -> None:
    t0 = time.monotonic()
    answer = _raw(server, _post(b"query=ASK", "500"), timeout=20)
    assert time.monotonic() - t0 < 10  # closed after the idle timeout (2 s here)
    assert answer == b"" or answer.startswith((b"HTTP/1.1 408", b"HTTP/1.1 400"))


def test_slow_clients_do_not_hold_the_server(server: Server) -> None:
    slow = []
    try:
        for _ in range(30):  # under the cap of 40: each sends half a request line and waits
            sock = socket.create_connection(_address(server))
            sock.sendall(b"GET /query?query=ASK")
            slow.append(sock)
        t0 = time.monotonic()
        for _ in range(20):
            assert _get(server, ASK)[0] == 200
        assert time.monotonic() - t0 < 5
    finally:
        for sock in slow:
            sock.close()


def test_connections_over_the_cap_wait_for_a_free_one(server: Server) -> None:
    held = [socket.create_connection(_address(server)) for _ in range(45)]  # the cap is 40
    try:
        time.sleep(0.5)
        t0 = time.monotonic()
        assert _get(server, ASK)[0] == 200  # answered once idle connections are closed (2 s)
        assert time.monotonic() - t0 >= 1
    finally:
        for sock in held:
            sock.close()


def test_a_long_query_gets_only_idle_cpu(server: Server) -> None:
    """After a second, a query's Oxigraph thread runs in the idle class: it cannot slow the others down."""
    body = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    with socket.create_connection(_address(server)) as sock:
        sock.sendall(_post(body, str(len(body))))
        time.sleep(1.6)
        leases = list(server.upstream.leases)
        assert len(leases) == 1 and leases[0].demoted
        tid = leases[0].process.thread_ids()[leases[0].thread_name]
        assert os.sched_getscheduler(tid) == os.SCHED_IDLE
    assert _idle_within(server, 5)


# ---------------------------------------------------------------------------- bodies


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", " "])
def test_an_invalid_content_length_is_a_400(server: Server, length: str) -> None:
    answer = _raw(server, _post(b"query=ASK%7B%7D", length))
    assert answer.startswith(b"HTTP/1.1 400"), answer[:100]


def test_a_body_over_the_limit_is_refused_on_the_bytes_read(server: Server) -> None:
    big = b"query=" + b"x" * 10000
    assert _raw(server, _post(big, str(len(big)))).startswith(b"HTTP/1.1 413")
    chunks = b"".join(b"%x\r\n%s\r\n" % (1000, b"x" * 1000) for _ in range(10)) + b"0\r\n\r\n"
    chunked = (
        b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + chunks
    )
    assert _raw(server, chunked).startswith(b"HTTP/1.1 413")


def test_oversized_headers_and_other_methods_are_refused(server: Server) -> None:
    huge = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n"
    assert _raw(server, huge).split(b" ")[1] in (b"431", b"400")
    put = _raw(server, b"PUT /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
    assert put.startswith(b"HTTP/1.1 405")


def test_an_update_as_the_query_is_refused(server: Server) -> None:
    status, _, body = _get(server, "INSERT DATA { actor:turkey ag:supports actor:assad-government }")
    assert status == 403 and body == b"this endpoint is read-only: updates are refused\n"


def test_a_foreign_host_header_is_refused(server: Server) -> None:
    """A page on another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) reads nothing."""
    query = urllib.parse.quote(ASK)
    answer = _raw(server, f"GET /query?query={query} HTTP/1.1\r\nHost: evil.example:80\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 403")
    assert b"boolean" not in answer


# ---------------------------------------------------------------------------- queries


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/query> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://localhost:{port}/> { ?s ?p ?o } }",
        "PREFIX in: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE in:query { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/> AS ?x) SERVICE ?x { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_and_nothing_is_fetched(server: Server, query: str) -> None:
    fetched: list[str] = []

    class Spy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            fetched.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    spy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
    threading.Thread(target=spy.serve_forever, daemon=True).start()
    try:
        status, _, body = _get(server, query.replace("{port}", str(spy.server_address[1])))
    finally:
        spy.shutdown()
        spy.server_close()
    assert status == 403 and b"refused" in body
    assert body.count(b"\n") == 1
    assert fetched == []


def test_service_to_an_allowed_host_is_asked() -> None:
    answer = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "far"}}]}}

    class Far(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    far = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Far)
    threading.Thread(target=far.serve_forever, daemon=True).start()
    running = start(port=free_port(), allow_service=["127.0.0.1"])
    try:
        allowed = f"SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{far.server_address[1]}/sparql> {{ ?x ?y ?z }} }}"
        status, _, body = _get(running, allowed)
        other = _get(running, "SELECT * WHERE { SERVICE <http://localhost:9/> { ?s ?p ?o } }")
    finally:
        running.stop()
        far.shutdown()
        far.server_close()
    assert status == 200 and b'"far"' in body
    assert other[0] == 403 and b"only 127.0.0.1 may be asked" in other[2]


def test_sparql_refuses_service_locally_in_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 1
    assert result.stderr == "Error: SERVICE <http://127.0.0.1:9/sparql> refused: federated queries are off\n"


@pytest.mark.parametrize(
    "query",
    [
        "SELEC ?x WHERE { ?x ?y ?z }",
        'SELECT ?x WHERE { ?x ?y "unterminated }',
        "SELECT * WHERE { ?s ?p ?o . FILTER(?x = ) }",
        "SELECT ?x WHERE { ?x ?y ?z } LIMIT x",
    ],
)
def test_a_syntax_error_is_one_readable_line(server: Server, query: str) -> None:
    status, _, body = _get(server, query)
    text = body.decode()
    assert status == 400
    assert text.startswith("SPARQL syntax error at line 1, column ") and text.count("\n") == 1
    assert len(text) < 200 and "'..='" not in text


def test_the_cli_prefixes_are_declared(server: Server) -> None:
    status, _, body = _get(server, "SELECT ?l WHERE { actor:hts skos:prefLabel ?l }")
    assert status == 200 and b"Hayat Tahrir al-Sham" in body
    own = "PREFIX ag: <http://example.org/other#> SELECT * WHERE { ?s ag:supports ?o }"
    assert _get(server, own)[2] == b'{"head":{"vars":["o","s"]},"results":{"bindings":[]}}'


def test_the_query_page_has_a_form_the_prefixes_and_an_example_and_nothing_external(server: Server) -> None:
    base = server.url.rsplit("/", 1)[0]
    with urllib.request.urlopen(base + "/", timeout=10) as response:
        page = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert "<form" in page and "<textarea" in page
    assert "PREFIX ag: &lt;https://w3id.org/actorgraph/ns#&gt;" in page
    assert "actor:assad-government" in page
    assert "default-src 'self'" in policy
    for asset in ("page.css", "page.js"):
        assert f'"{asset}"' in page
        with urllib.request.urlopen(f"{base}/{asset}", timeout=10) as response:
            assert response.status == 200
    links = re.findall(r'(?:src|href|action)="([^"]*)"', page)
    assert links and not [link for link in links if "//" in link or link.startswith(("data:", "javascript:"))]


# ---------------------------------------------------------------------------- truncation


@pytest.fixture(scope="module")
def small() -> Iterator[Server]:
    running = start(port=free_port(), max_rows=5)
    yield running
    running.stop()


def test_a_cut_answer_says_so_in_its_body(small: Server) -> None:
    status, _, body = _get(small, "SELECT * WHERE { ?s ?p ?o }")
    document = json.loads(body)
    assert status == 200 and len(document["results"]["bindings"]) == 5
    assert document["actorgraph"] == {"truncated": True, "max_rows": 5}
    _, _, xml = _get(small, "SELECT * WHERE { ?s ?p ?o }", accept="application/sparql-results+xml")
    assert b"<!-- actorgraph: truncated at max_rows=5 -->" in xml and xml.count(b"<result>") == 5
    _, _, turtle = _get(small, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/turtle")
    assert turtle.endswith(b"# actorgraph: truncated at max_rows=5\n")
    _, _, jsonld = _get(small, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/ld+json")
    assert json.loads(jsonld)["actorgraph"] == {"truncated": True, "max_rows": 5}


def test_a_whole_answer_carries_no_notice(small: Server) -> None:
    _, _, body = _get(small, "SELECT ?l WHERE { actor:hts skos:prefLabel ?l }")
    assert "actorgraph" not in json.loads(body)


# ---------------------------------------------------------------------------- the command


def test_an_empty_host_is_refused_in_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("serve", "--host", "", "--port", str(free_port()))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --host '': give an address to listen on") and result.stderr.count("\n") == 1


def test_serve_errors_are_one_line_and_leave_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("precious", encoding="utf-8")
    foreign = run("serve", "--store", str(tmp_path / "mine"), "--port", str(free_port()))
    assert foreign.exit_code == 1 and "not an actorgraph store" in foreign.stderr
    with socket.create_server(("127.0.0.1", 0)) as taken:
        busy = run("serve", "--port", str(taken.getsockname()[1]))
    assert busy.exit_code == 1
    assert busy.stderr.startswith("Error: cannot listen on 127.0.0.1:") and busy.stderr.count("\n") == 1
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "precious"


def test_a_killed_serve_leaves_no_oxigraph_and_no_temporary_store() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", "serve", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline().startswith("SPARQL endpoint")
        # children of every thread: helpers are started from a thread of their own
        tasks = Path(f"/proc/{process.pid}/task").iterdir()
        children = [int(p) for task in tasks for p in (task / "children").read_text().split()]
        stores = list(Path(tempfile.gettempdir()).glob(f"actorgraph-serve-{process.pid}-*"))
        assert len(children) == 2 and len(stores) == 1  # Oxigraph and the janitor; the store
    finally:
        process.kill()  # SIGKILL: serve itself can clean nothing up
        process.wait()
        process.stdout.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (
        any(Path(f"/proc/{pid}").exists() for pid in children) or stores[0].exists()
    ):
        time.sleep(0.1)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert not stores[0].exists()


def test_a_server_started_from_a_thread_that_ended_keeps_its_oxigraph_and_store() -> None:
    """The death signal follows the thread that started a process: every helper starts from one that lasts."""
    box: dict[str, Server] = {}
    starter = threading.Thread(target=lambda: box.update(server=start(port=free_port())))
    starter.start()
    starter.join()
    running = box["server"]
    try:
        time.sleep(0.5)
        assert _get(running, ASK)[0] == 200
        assert list(Path(tempfile.gettempdir()).glob(f"actorgraph-serve-{os.getpid()}-*"))
    finally:
        running.stop()


def test_serve_store_answers_what_a_later_import_brought(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "graph.db"
    data = REPO / "actorgraph" / "data" / "syria"
    first = run("import", "claims", str(data / "actors.toml"), str(data / "background.toml"), "--store", str(store))
    assert first.exit_code == 0, first.output
    running = start(store, port=free_port())
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        before = json.loads(_get(running, query)[2])["results"]["bindings"][0]["n"]["value"]
        files = [str(p) for p in sorted(data.glob("*.toml"))]
        again = run("import", "claims", *files, "--store", str(store))
        assert again.exit_code == 0, again.output
        deadline = time.monotonic() + 10
        after = before
        while after == before and time.monotonic() < deadline:
            time.sleep(0.25)
            after = json.loads(_get(running, query)[2])["results"]["bindings"][0]["n"]["value"]
    finally:
        running.stop()
    assert int(after) > int(before)


# ---------------------------------------------------------------------------- push


def _read_request(conn: socket.socket) -> None:
    """Read one HTTP request: its head, then as many bytes as its Content-Length says."""
    data = b""
    while b"\r\n\r\n" not in data and (chunk := conn.recv(1 << 16)):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    missing = int(length.group(1)) - len(body) if length else 0
    while missing > 0 and (chunk := conn.recv(min(missing, 1 << 16))):
        missing -= len(chunk)


class _Trickle(threading.Thread):
    """A server that answers a status line, then one header line every ``every`` seconds, for ever."""

    def __init__(self, opening: bytes, every: float) -> None:
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.opening, self.every = opening, every
        self.stopping = threading.Event()
        self.port = self.listener.getsockname()[1]

    def run(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    _read_request(conn)  # whole, so closing does not reset what the client sent
                    conn.sendall(self.opening)
                    n = 0
                    while not self.stopping.wait(self.every or 0.5) and self.every:
                        conn.sendall(b"X-Slow-%d: yes\r\n" % n)
                        n += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.listener.close()


@pytest.fixture
def no_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ACTORGRAPH_USER", raising=False)
    monkeypatch.delenv("ACTORGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def test_push_has_a_deadline_a_trickling_server_cannot_stretch(run, no_login: None) -> None:  # type: ignore[no-untyped-def]
    trickle = _Trickle(b"HTTP/1.1 200 OK\r\n", every=0.5)
    trickle.start()
    try:
        t0 = time.monotonic()
        result = run("push", "--endpoint", f"http://127.0.0.1:{trickle.port}/update", "--timeout", "2")
        took = time.monotonic() - t0
    finally:
        trickle.stop()
    assert result.exit_code == 1
    assert "no complete answer within 2 s (--timeout)" in result.stderr
    assert took < 5


def test_push_to_a_server_that_does_not_speak_http_is_one_line(run, no_login: None) -> None:  # type: ignore[no-untyped-def]
    junk = _Trickle(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02garbage\r\n\r\n", every=0)
    junk.start()
    try:
        result = run("push", "--endpoint", f"http://127.0.0.1:{junk.port}/update", "--timeout", "5")
    finally:
        junk.stop()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1
    assert (
        f"http://127.0.0.1:{junk.port}/update: not an HTTP server (it answered 'SSH-2.0-OpenSSH_9.2')" in result.stderr
    )


@pytest.mark.parametrize("password", ["s3cret", "p%40ss:word"])
def test_a_password_in_the_url_is_never_printed(run, no_login: None, password: str) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    result = run("push", "--endpoint", f"http://pusher:{password}@127.0.0.1:{port}/update", "--timeout", "5")
    assert result.exit_code == 1
    assert f"http://pusher:***@127.0.0.1:{port}/update" in result.stderr
    assert password not in result.output and "s3cret" not in result.output
    with pytest.raises(EndpointError) as failed:
        push(open_graph(), f"http://pusher:{password}@127.0.0.1:{port}/update", timeout=5)
    assert password not in str(failed.value)


def test_a_password_in_the_url_logs_in_and_is_not_recorded(tmp_path: Path, no_login: None) -> None:
    seen: list[str] = []

    class Store(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.headers.get("Authorization") or "")
            status = (503 if seen.count(seen[-1]) > 1 else 200) if self.headers.get("Authorization") else 401
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    store = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Store)
    threading.Thread(target=store.serve_forever, daemon=True).start()
    record = tmp_path / "record.json"
    try:
        url = f"http://pusher:s3cret@127.0.0.1:{store.server_address[1]}/update"
        with pytest.raises(EndpointError) as failed:  # the first batch is taken, the second gets a 503
            push(open_graph(), url, size=2000, checkpoint=record)
    finally:
        store.shutdown()
        store.server_close()
    assert "Basic cHVzaGVyOnMzY3JldA==" in seen  # pusher:s3cret
    assert "push stopped at batch 2" in str(failed.value) and "pusher:***@" in str(failed.value)
    assert "s3cret" not in str(failed.value)
    assert "pusher:***@" in record.read_text() and "s3cret" not in record.read_text()


# ---------------------------------------------------------------------------- --endpoint against hostile servers


@pytest.mark.parametrize(
    ("opening", "error"),
    [
        (b"garbage not http\r\n", "not an HTTP server (it answered 'garbage not http')"),
        (b"\x1b]0;pwned\x07HTTP\r\n", "not an HTTP server (it answered '\\x1b]0;pwned\\x07HTTP')"),
        (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000, "not an HTTP server (got more than 65536 bytes when reading"),
        (b"HTTP/2.0 200 OK\r\n\r\n", "not an HTTP/1.1 server (it answered in HTTP/2.0)"),
        (b"", "the server closed the connection without an answer"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: 100\r\n\r\n{",
            "the server stopped mid-answer (1 bytes read, more expected)",
        ),
    ],
)
def test_an_endpoint_that_does_not_speak_http_is_one_line(run, no_login: None, opening: bytes, error: str) -> None:  # type: ignore[no-untyped-def]
    junk = _Trickle(opening, every=0)
    junk.start()
    url = f"http://127.0.0.1:{junk.port}/query"
    try:
        result = run("who-backed", "Russia", "--endpoint", url)
    finally:
        junk.stop()
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "\x1b" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {url}: {error}")


def test_an_endpoint_has_a_deadline_a_trickling_server_cannot_stretch(no_login: None) -> None:
    """The timeout bounds the whole request, not each read: a header line every 0.5 s cannot keep it going."""
    trickle = _Trickle(b"HTTP/1.1 200 OK\r\n", every=0.5)
    trickle.start()
    url = f"http://127.0.0.1:{trickle.port}/query"
    failed: list[BaseException] = []
    took: list[float] = []

    def ask() -> None:
        t0 = time.monotonic()
        try:
            RemoteGraph(url, timeout=1.5).ask("ASK {}")
        except Exception as exc:  # noqa: BLE001 - kept for the assertions below
            failed.append(exc)
        took.append(time.monotonic() - t0)

    asking = threading.Thread(target=ask)
    asking.start()
    asking.join(6)  # on the old code a read at a time never timed out: the server had to stop first
    trickle.stop()
    asking.join()
    assert took[0] < 3
    assert isinstance(failed[0], EndpointError)
    assert str(failed[0]) == f"{url}: no complete answer within 1.5 s (timed out)"


class _Guarded(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers ``ASK`` with true, only to user ``reader`` with password ``s3cret:pw``."""

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Authorization") != "Basic cmVhZGVyOnMzY3JldDpwdw==":  # reader:s3cret:pw
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def guarded() -> Iterator[int]:
    """The port of an endpoint that wants a login."""
    store = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Guarded)
    thread = threading.Thread(target=store.serve_forever, daemon=True)
    thread.start()
    yield store.server_address[1]
    store.shutdown()
    store.server_close()
    thread.join()


def test_an_endpoint_url_with_a_password_logs_in(run, no_login: None, guarded: int) -> None:  # type: ignore[no-untyped-def]
    url = f"http://reader:s3cret%3Apw@127.0.0.1:{guarded}/query"
    assert RemoteGraph(url).ask("ASK {}") is True
    result = run("sparql", "ASK {}", "--endpoint", url)
    assert result.exit_code == 0, result.output
    assert "true" in result.stdout.lower()


@pytest.mark.parametrize("where", ["wrong", "unreachable"])
def test_an_endpoint_password_is_never_printed(run, no_login: None, guarded: int, where: str) -> None:  # type: ignore[no-untyped-def]
    port = guarded if where == "wrong" else free_port()
    url = f"http://reader:n0tthis@127.0.0.1:{port}/query"
    result = run("who-backed", "Russia", "--endpoint", url)
    assert result.exit_code == 1
    assert "n0tthis" not in result.output
    [line] = result.stderr.strip().splitlines()
    shown = f"http://reader:***@127.0.0.1:{port}/query"
    reason = "HTTP 401 Unauthorized" if where == "wrong" else "cannot reach the endpoint (Connection refused)"
    assert line == f"Error: {shown}: {reason}"


def test_remote_reads_the_serve_answers(server: Server) -> None:
    assert RemoteGraph(server.url).ask(ASK)
