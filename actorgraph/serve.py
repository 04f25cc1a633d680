"""A read-only SPARQL 1.1 Protocol endpoint: the Oxigraph server behind a small limiting proxy."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any, cast

from actorgraph.errors import EndpointError

__all__ = [
    "Server",
    "Upstream",
    "examples",
    "free_port",
    "oxigraph_binary",
    "prepare_store",
    "start",
    "upstream_type",
]

_RESULTS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_RDF = {
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}
_MAX_BODY = 1 << 20
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now.

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` server program that the PyPI package ``oxigraph`` installs.

    >>> Path(oxigraph_binary()).name
    'oxigraph'
    """
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if not found:
        raise EndpointError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def prepare_store(data: Sequence[str], bundled: bool, folder: Path) -> Path:
    """Load the bundled data and ``data`` files into a new on-disk store at ``folder`` and close it."""
    import gc

    from pyoxigraph import Store

    from actorgraph.store.graph import open_graph

    graph = open_graph(list(data), bundled=bundled)
    disk = Store(str(folder))
    disk.bulk_extend(graph.store.quads_for_pattern(None, None, None, None))
    disk.flush()
    del disk
    gc.collect()
    return folder


class Upstream:
    """The Oxigraph read-only server behind the proxy, replaced by a fresh one when a query overruns."""

    def __init__(self, store: Path, time_limit: float) -> None:
        self.store = store
        self.time_limit = time_limit
        self.lock = threading.Lock()
        self.replaced = 0
        self.process, self.url = self._spawn()

    def _spawn(self) -> tuple[subprocess.Popen[bytes], str]:
        for attempt in (1, 2, 3):
            try:
                return self._try_spawn()
            except EndpointError:
                if attempt == 3:
                    raise
        raise AssertionError("unreachable")

    def _try_spawn(self) -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()  # another program may take it before Oxigraph binds it: then try again
        command = [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(self.store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(max(1, round(self.time_limit))),
        ]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/query"
        try:
            _wait(url, process)
        except BaseException:
            _kill(process)
            raise
        return process, url

    def replace(self, url: str) -> None:
        """Oxigraph's own timeout does not stop every query (an aggregate over a huge join runs on), so
        the process that ran an overrunning query is killed and a new one serves from then on."""
        with self.lock:
            if url != self.url:
                return
            old = self.process
            self.process, self.url = self._spawn()
            self.replaced += 1
        _kill(old)

    def stop(self) -> None:
        """Stop the Oxigraph process."""
        with self.lock:
            _kill(self.process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.kill()
    process.wait()
    if process.stderr:
        process.stderr.close()


@dataclass
class Server:
    """A running endpoint: the proxy that faces clients and the Oxigraph process behind it."""

    url: str
    upstream: Upstream
    proxy: ThreadingHTTPServer
    thread: threading.Thread
    cleanup: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        """Stop the proxy and the Oxigraph process, and remove a temporary store."""
        self.proxy.shutdown()
        self.proxy.server_close()
        self.upstream.stop()
        for item in self.cleanup:
            item.cleanup()


def start(
    store: Path | None = None,
    data: Sequence[str] = (),
    *,
    bundled: bool = True,
    host: str = "127.0.0.1",
    port: int = 7878,
    time_limit: float = 30.0,
    result_limit: int = 10000,
) -> Server:
    """Start a read-only endpoint over an on-disk store, or over the bundled data and ``data`` files.

    Queries go to ``/query`` (or ``/sparql``); updates are refused; a query still running after
    ``time_limit`` seconds is stopped (HTTP 504); answers are cut after ``result_limit`` rows or
    triples and then carry the header ``X-SPARQL-MaxRows``.

    >>> server = start(port=free_port())
    >>> import urllib.request, urllib.parse
    >>> ask = urllib.parse.quote("PREFIX ag: <https://w3id.org/actorgraph/ns#> "
    ...     "PREFIX actor: <https://w3id.org/actorgraph/actor/> "
    ...     "ASK { actor:russia ag:supports actor:assad-government }")
    >>> urllib.request.urlopen(server.url + "?query=" + ask).read()
    b'{"head":{},"boolean":true}'
    >>> server.stop()
    """
    cleanup: list[Any] = []
    try:
        if store is None:
            temp = tempfile.TemporaryDirectory(prefix="actorgraph-serve-")
            cleanup.append(temp)
            store = prepare_store(data, bundled, Path(temp.name) / "store")
        elif not Path(store).is_dir():
            raise EndpointError(f"{store}: no such store folder")
        upstream = Upstream(Path(store), time_limit)
        try:
            settings = {"upstream": upstream, "time_limit": time_limit, "limit": result_limit}
            handler = type("Handler", (_Proxy,), settings)
            proxy = _Listener((host, port), handler)
        except OSError as exc:
            upstream.stop()
            raise EndpointError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except BaseException:
        for item in cleanup:
            item.cleanup()
        raise
    proxy.daemon_threads = True
    thread = threading.Thread(target=proxy.serve_forever, name="actorgraph-serve", daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    return Server(f"http://{shown}:{proxy.server_address[1]}/query", upstream, proxy, thread, cleanup)


def _wait(upstream: str, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = (process.stderr.read() if process.stderr else b"").decode(errors="replace").strip()
            lines = [line.strip() for line in error.splitlines() if "rror" in line or "panicked" in line]
            reason = (lines or error.splitlines() or [f"exit status {process.returncode}"])[0]
            raise EndpointError(f"the Oxigraph server stopped at start: {reason}")
        try:
            with urllib.request.urlopen(upstream + "?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise EndpointError(f"the Oxigraph server did not answer at {upstream} within {seconds:g} s")


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients at once wait in the queue rather than being refused


class _Proxy(BaseHTTPRequestHandler):
    """Forwards queries to Oxigraph, refuses updates, and cuts long answers to the result limit."""

    upstream: Upstream
    time_limit = 30.0
    limit = 10000
    protocol_version = "HTTP/1.1"
    server_version = "actorgraph"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        if parts.path not in ("/query", "/sparql"):
            self._reply(404, b"not found: queries go to /query\n")
            return
        params = parse_qs(parts.query)
        self._answer(params.get("query", [""])[0], "update" in params, parts.query)

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        from urllib.parse import parse_qs, urlencode, urlsplit

        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._reply(413, b"query too long\n")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        if parts.path == "/update" or self.headers.get_content_type() == "application/sparql-update":
            self._reply(403, b"this endpoint is read-only: updates are refused\n")
            return
        if parts.path not in ("/query", "/sparql"):
            self._reply(404, b"not found: queries go to /query\n")
            return
        if self.headers.get_content_type() == "application/sparql-query":
            self._answer(body, False, parts.query)
            return
        params = parse_qs(body)
        rest = [(k, v) for k, vs in parse_qs(parts.query).items() for v in vs if k != "query"]
        rest += [(k, v) for k, vs in params.items() for v in vs if k != "query"]
        self._answer(params.get("query", [""])[0], "update" in params, urlencode(rest))

    def _reply(
        self, status: int, body: bytes, kind: str = "text/plain; charset=utf-8", extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, query: str, update: bool, params: str) -> None:
        import urllib.error
        import urllib.request
        from urllib.parse import parse_qsl, urlencode

        from actorgraph.store.remote import _scan

        if update:
            self._reply(403, b"this endpoint is read-only: updates are refused\n")
            return
        if not query.strip():
            self._reply(400, b"no query given: send ?query=...\n")
            return
        form = next((t.upper() for _, t, _ in _scan(query) if t.upper() in _FORMS), "")
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = self.headers.get("Accept") or ""
        default = "application/n-triples" if graph else "application/sparql-results+json"
        wanted = _negotiate(accept, _RDF if graph else _RESULTS, default)
        keep = [(k, v) for k, v in parse_qsl(params) if k in ("default-graph-uri", "named-graph-uri")]
        body = urlencode([("query", query), *keep]).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": upstream_type(wanted),
        }
        for attempt in (1, 2):
            url = self.upstream.url
            request = urllib.request.Request(url, data=body, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.time_limit) as response:
                    out, kind, cut = _limit(response, graph, wanted, self.limit)
                break
            except urllib.error.HTTPError as exc:
                self._reply(exc.code, exc.read(), exc.headers.get("Content-Type", "text/plain"))
                return
            except (TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                    self.upstream.replace(url)
                    self._reply(504, f"query stopped at the time limit of {self.time_limit:g} s\n".encode())
                    return
                if attempt == 1 and url != self.upstream.url:
                    continue  # the process was replaced under this query: ask the new one
                self._reply(502, f"no answer from the store: {reason}\n".encode())
                return
            except (SyntaxError, ValueError) as exc:
                self._reply(502, f"the store's answer could not be read: {exc}\n".encode())
                return
        self._reply(200, out, kind, {"X-SPARQL-MaxRows": str(self.limit)} if cut else None)


def _negotiate(accept: str, known: dict[str, str], default: str) -> str:
    """The known media type the Accept header ranks first, or the default."""
    best, best_q = default, 0.0
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        weights = [p[2:] for p in pieces[1:] if p.startswith("q=") and p[2:].replace(".", "", 1).isdigit()]
        q = float(weights[0]) if weights else 1.0
        if pieces[0] in known and q > best_q:
            best, best_q = pieces[0], q
    return best


class _Tee(io.RawIOBase):
    """A stream that keeps a copy of what is read from it, so an answer under the limit is sent as it came."""

    def __init__(self, source: Any) -> None:
        self.source = source
        self.chunks: list[bytes] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(len(buffer))
        self.chunks.append(data)
        buffer[: len(data)] = data
        return len(data)

    def whole(self) -> bytes:
        return b"".join(self.chunks) + self.source.read()


def _whole(tee: IO[bytes]) -> bytes:
    assert isinstance(tee, _Tee)
    return tee.whole()


def upstream_type(wanted: str) -> str:
    """What to ask Oxigraph for: the client's own format, but TSV for CSV (CSV answers cannot be parsed).

    >>> upstream_type("text/csv"), upstream_type("application/sparql-results+xml")
    ('text/tab-separated-values', 'application/sparql-results+xml')
    """
    return "text/tab-separated-values" if _RESULTS.get(wanted) == "CSV" else wanted


def _limit(response: Any, graph: bool, wanted: str, limit: int) -> tuple[bytes, str, bool]:
    """At most ``limit`` solutions or triples of an answer, as ``wanted``; sent unchanged when under the limit."""
    import itertools

    from pyoxigraph import QueryBoolean, QueryResultsFormat, RdfFormat, parse, parse_query_results, serialize

    from actorgraph.store.remote import _binding

    tee = cast(IO[bytes], _Tee(response))
    kind = response.headers.get_content_type()
    if graph:
        fmt = getattr(RdfFormat, _RDF.get(kind, "N_TRIPLES"))
        triples = list(itertools.islice(parse(tee, fmt), limit + 1))
        if len(triples) <= limit and kind == wanted:
            return _whole(tee), wanted, False
        out = serialize(triples[:limit], None, getattr(RdfFormat, _RDF[wanted]))
        return out or b"", wanted, len(triples) > limit
    result = parse_query_results(tee, getattr(QueryResultsFormat, _RESULTS.get(kind, "JSON")))
    target = getattr(QueryResultsFormat, _RESULTS[wanted])
    if isinstance(result, QueryBoolean):
        return result.serialize(format=target) or b"", wanted, False
    names = [v.value for v in result.variables]
    rows = list(itertools.islice(result, limit + 1))
    if len(rows) <= limit and kind == wanted:
        return _whole(tee), wanted, False
    bindings = [{n: _binding(row[n]) for n in names if row[n] is not None} for row in rows[:limit]]
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
    out = parse_query_results(document, QueryResultsFormat.JSON).serialize(format=target)
    return out or b"", wanted, len(rows) > limit


def examples(url: str) -> list[str]:
    """Commands to try against a running endpoint.

    >>> examples("http://127.0.0.1:7878/query")[1]
    'actorgraph who-backed "Syrian government" --in 2016 --endpoint http://127.0.0.1:7878/query'
    """
    return [
        f"curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?who WHERE {{ ?who "
        f"<https://w3id.org/actorgraph/ns#supports> <https://w3id.org/actorgraph/actor/assad-government> }}' {url}",
        f'actorgraph who-backed "Syrian government" --in 2016 --endpoint {url}',
    ]
