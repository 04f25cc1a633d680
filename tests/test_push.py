"""Pushing the graph to an Oxigraph server: named graphs kept, credentials, and resuming a failed push."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from actorgraph.errors import EndpointError
from actorgraph.server.push import batches, push
from actorgraph.server.serve import free_port, oxigraph_binary
from actorgraph.store.graph import open_graph
from actorgraph.store.remote import RemoteGraph


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """An empty writable Oxigraph server on loopback; yields its base URL."""
    port = free_port()
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(tmp_path / "db"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Forwards updates to the store, but answers 503 to request number ``fail_at`` (counting from 1)."""

    target = ""
    fail_at = 0
    seen = 0
    auth: str | None = None

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen += 1
        if self.auth and self.headers.get("Authorization") != self.auth:
            self._answer(401, b"login needed", {"WWW-Authenticate": 'Basic realm="store"'})
            return
        if type(self).seen == self.fail_at:
            self._answer(503, b"store is busy")
            return
        request = urllib.request.Request(self.target, data=body, headers={"Content-Type": self.headers["Content-Type"]})
        with urllib.request.urlopen(request) as response:
            self._answer(response.status, response.read())

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky(oxigraph: str) -> Iterator[tuple[str, type[_Flaky]]]:
    handler = type("Flaky", (_Flaky,), {"target": oxigraph + "/update"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/update", handler
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ACTORGRAPH_USER", raising=False)
    monkeypatch.delenv("ACTORGRAPH_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def test_push_keeps_named_graphs_and_prints_a_summary(run, oxigraph: str) -> None:  # type: ignore[no-untyped-def]
    result = run("push", "--endpoint", oxigraph + "/update", "--batch-size", "700")
    assert result.exit_code == 0, result.output
    local = list(open_graph().quads(with_ontology=True))
    assert f"pushed {len(local)} statements in" in result.stdout
    assert "pushing" in result.stderr  # the progress bar
    assert list(RemoteGraph(oxigraph + "/query").quads(with_ontology=True)) == local


def test_a_failed_push_says_how_far_it_got_and_a_rerun_finishes_without_duplicates(run, flaky, oxigraph: str) -> None:  # type: ignore[no-untyped-def]
    url, handler = flaky
    handler.fail_at = 3
    total = len(batches(open_graph(), 500))
    first = run("push", "--endpoint", url, "--batch-size", "500")
    assert first.exit_code == 1
    assert f"push stopped at batch 3 of {total}" in first.stderr
    assert f"{url}: HTTP 503" in first.stderr
    handler.seen, handler.fail_at = 0, 0
    second = run("push", "--endpoint", url, "--batch-size", "500")
    assert second.exit_code == 0, second.output
    assert "resumed at batch 3" in second.stdout
    assert handler.seen == total - 2  # only the batches not yet sent
    remote = list(RemoteGraph(oxigraph + "/query").quads(with_ontology=True))
    assert remote == list(open_graph().quads(with_ontology=True))
    count = RemoteGraph(oxigraph + "/query").select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(count[0]["n"].value) == len(remote)


def test_credentials_come_from_the_environment_never_the_command_line(run, flaky, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, handler = flaky
    handler.auth = "Basic cHVzaGVyOnMzY3JldA=="  # pusher:s3cret
    refused = run("push", "--endpoint", url)
    assert refused.exit_code == 1 and "HTTP 401" in refused.stderr
    monkeypatch.setenv("ACTORGRAPH_USER", "pusher")
    monkeypatch.setenv("ACTORGRAPH_PASSWORD", "s3cret")
    assert run("push", "--endpoint", url).exit_code == 0
    assert "--password" not in run("push", "--help").stdout


def test_credentials_from_netrc(run, flaky, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, handler = flaky
    handler.auth = "Basic cHVzaGVyOnMzY3JldA=="
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login pusher password s3cret\n", encoding="utf-8")
    os.chmod(netrc, 0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert run("push", "--endpoint", url).exit_code == 0


def test_push_to_an_unreachable_endpoint_fails_at_the_first_batch(oxigraph: str) -> None:
    url = f"http://127.0.0.1:{free_port()}/update"
    with pytest.raises(EndpointError, match=r"push stopped at batch 1 of \d+ \(0 of \d+ statements sent\)"):
        push(open_graph(), url)
