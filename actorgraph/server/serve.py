"""A read-only SPARQL 1.1 Protocol endpoint: Oxigraph's server behind a limiting WSGI application."""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import logging
import os
import resource
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actorgraph.errors import EndpointError
from actorgraph.server.app import App, Limits, upstream_type
from actorgraph.server.upstream import (
    TEMP_PREFIX,
    Janitor,
    Upstream,
    free_port,
    oxigraph_binary,
    sweep_temporary_stores,
)

__all__ = [
    "FRONTS",
    "Front",
    "FrontFactory",
    "Server",
    "Upstream",
    "examples",
    "free_port",
    "oxigraph_binary",
    "prepare_store",
    "start",
    "upstream_type",
]


def prepare_store(data: Sequence[str], bundled: bool, folder: Path) -> Path:
    """Load the bundled data and ``data`` files into a new on-disk store at ``folder`` and close it."""
    from pyoxigraph import Store

    from actorgraph.store.graph import open_graph

    graph = open_graph(list(data), bundled=bundled)
    disk = Store(str(folder))
    disk.bulk_extend(graph.store.quads_for_pattern(None, None, None, None))
    disk.flush()
    del disk
    gc.collect()
    return folder


@dataclass
class Front:
    """The HTTP server that faces clients: how to run it, stop it, and which port it got."""

    port: int
    run: Callable[[], None]
    close: Callable[[], None]


def _waitress(app: App, host: str, port: int, settings: dict[str, Any]) -> Front:
    """waitress: requests are read whole by one I/O thread before a worker sees them, so a slow client
    costs a socket, not a thread; idle and half-sent connections are closed after ``channel_timeout``."""
    from waitress.server import create_server

    for name in ("waitress", "waitress.queue"):
        logging.getLogger(name).setLevel(logging.ERROR)  # a busy queue is expected under load, not news
    server: Any = create_server(
        app,
        host=host,
        port=port,
        threads=settings["workers"],
        connection_limit=settings["max_connections"],
        channel_timeout=settings["idle_timeout"],
        max_request_body_size=settings["max_body"],
        max_request_header_size=64 * 1024,
        channel_request_lookahead=1,  # lets the application see that a client hung up
        backlog=1024,
        ident="actorgraph",
        expose_tracebacks=False,
        asyncore_use_poll=True,  # select() cannot watch descriptors past 1024
        cleanup_interval=max(1, round(settings["idle_timeout"] / 3)),
    )

    def close() -> None:
        server.task_dispatcher.shutdown(timeout=5)
        server.close()
        with contextlib.suppress(Exception):
            for channel in list(server._map.values()):
                channel.close()

    return Front(int(server.effective_port), server.run, close)


#: how to put an HTTP server in front of the application: (app, host, port, settings) -> Front
FrontFactory = Callable[[App, str, int, dict[str, Any]], Front]
#: the HTTP servers ``start`` knows by name; benchmarks/bench_serve_load.py measures another against it
FRONTS: dict[str, FrontFactory] = {"waitress": _waitress}


@dataclass
class Server:
    """A running endpoint: the HTTP server that faces clients and the Oxigraph process behind it."""

    url: str
    upstream: Upstream
    app: App
    front: Front
    thread: threading.Thread
    cleanup: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        """Stop answering, stop Oxigraph, and remove a temporary store."""
        self.front.close()
        self.thread.join(timeout=10)
        self.app.close()
        self.upstream.stop()
        for step in self.cleanup:
            step()


def check_host(host: str) -> str:
    """The address to listen on, or a one-line error for one that would surprise (an empty one binds them all).

    >>> check_host("localhost"), check_host("::1")
    ('localhost', '::1')
    >>> check_host("")
    Traceback (most recent call last):
    ...
    actorgraph.errors.EndpointError: --host '': give an address to listen on (127.0.0.1: this machine only; \
0.0.0.0: every network interface)
    """
    if not host.strip():
        raise EndpointError(
            "--host '': give an address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network interface)"
        )
    return host.strip()


def is_loopback(host: str) -> bool:
    """Whether an address reaches only this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def shown_url(host: str, port: int) -> str:
    """The URL to print for an address: a wildcard address is reached on this machine through loopback.

    >>> shown_url("0.0.0.0", 7878), shown_url("::", 7878), shown_url("::1", 80)
    ('http://127.0.0.1:7878/query', 'http://[::1]:7878/query', 'http://[::1]:80/query')
    """
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/query"


def _raise_file_limit(wanted: int) -> int:
    """Connections are file descriptors: raise the soft limit toward ``wanted`` and return what is usable."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted + 64:
        target = wanted + 64 if hard == resource.RLIM_INFINITY else min(hard, wanted + 64)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    return wanted if soft == resource.RLIM_INFINITY else max(8, min(wanted, soft - 64))


def _store_identity(db: Path) -> Callable[[], object]:
    def identity() -> object:
        try:
            stat = os.stat(db)
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    return identity


def start(
    store: Path | None = None,
    data: Sequence[str] = (),
    *,
    bundled: bool = True,
    host: str = "127.0.0.1",
    port: int = 7878,
    time_limit: float = 30.0,
    max_rows: int = 10000,
    allow_service: Sequence[str] = (),
    workers: int = 16,
    max_connections: int = 500,
    idle_timeout: float = 20.0,
    max_body: int = 1 << 20,
    front: str | FrontFactory = "waitress",
) -> Server:
    """Start a read-only endpoint over an on-disk store, or over the bundled data and ``data`` files.

    Queries go to ``/query`` (or ``/sparql``), a query page is at ``/``; updates and ``SERVICE`` are
    refused; the CLI's prefixes are declared; a query still running after ``time_limit`` seconds is
    stopped (HTTP 504); answers are cut after ``max_rows`` rows or triples and then say so.

    >>> server = start(port=free_port())
    >>> import urllib.request, urllib.parse
    >>> ask = urllib.parse.quote("ASK { actor:russia ag:supports actor:assad-government }")
    >>> urllib.request.urlopen(server.url + "?query=" + ask).read()
    b'{"head":{},"boolean":true}'
    >>> server.stop()
    """
    from actorgraph.model.vocab import PREFIXES

    host = check_host(host)
    cleanup: list[Callable[[], None]] = []
    try:
        if store is None:
            sweep_temporary_stores()
            folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
            janitor = Janitor(folder)
            cleanup.append(janitor.stop)
            location = prepare_store(data, bundled, folder / "store")
            identity: Callable[[], object] | None = None
        else:
            from actorgraph.store.disk import StoreFolder

            folder_ = StoreFolder(store)
            folder_.check()
            if not folder_.db.is_dir():
                raise EndpointError(f"{store}: nothing imported into this store yet (actorgraph import … --store)")
            location = folder_.db
            identity = _store_identity(location)  # an import swaps db/ in one step: serve the new one then
        connections = _raise_file_limit(max_connections)
        upstream = Upstream(location, time_limit=time_limit, pool=workers, identity=identity)
        cleanup.insert(0, upstream.stop)
        limits = Limits(
            time_limit=time_limit,
            max_rows=max_rows,
            max_body=max_body,
            allow_service=frozenset(h.strip().lower() for h in allow_service if h.strip()),
            loopback_only=is_loopback(host),
        )
        app = App(upstream, limits, PREFIXES)
        cleanup.insert(0, app.close)
        settings = {
            "workers": workers,
            "max_connections": connections,
            "idle_timeout": idle_timeout,
            "max_body": max_body,
        }
        try:
            running = (FRONTS[front] if isinstance(front, str) else front)(app, host, port, settings)
        except OSError as exc:
            raise EndpointError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except BaseException:
        for step in cleanup:
            step()
        raise
    thread = threading.Thread(target=running.run, name="actorgraph-serve", daemon=True)
    thread.start()
    return Server(shown_url(host, running.port), upstream, app, running, thread, cleanup[2:])


def examples(url: str) -> list[str]:
    """Commands to try against a running endpoint.

    >>> examples("http://127.0.0.1:7878/query")[1]
    'actorgraph who-backed "Syrian government" --in 2016 --endpoint http://127.0.0.1:7878/query'
    """
    page = url.rsplit("/", 1)[0] + "/"
    return [
        f"curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?who WHERE {{ ?who ag:supports "
        f"actor:assad-government }}' {url}",
        f'actorgraph who-backed "Syrian government" --in 2016 --endpoint {url}',
        f"a query page in a browser: {page}",
    ]


def banner(
    url: str, host: str, *, time_limit: float, max_rows: int, allow_service: Sequence[str] = ()
) -> list[tuple[str, bool]]:
    """What ``serve`` tells its user at start: (line, to stderr) pairs — the address, the limits, examples.

    >>> for line, _ in banner("http://0.0.0.0:7878/query", "0.0.0.0", time_limit=30, max_rows=10000)[:3]:
    ...     print(line)
    warning: listening on 0.0.0.0, not only on this machine; the endpoint has no login
    SPARQL endpoint (read-only) at http://0.0.0.0:7878/query
    time limit 30 s, at most 10000 rows, SERVICE refused; Ctrl-C stops it. Try:
    """
    lines: list[tuple[str, bool]] = []
    if not is_loopback(host):
        lines.append((f"warning: listening on {host}, not only on this machine; the endpoint has no login", True))
    lines.append((f"SPARQL endpoint (read-only) at {url}", False))
    service = f"SERVICE to {', '.join(allow_service)} only" if allow_service else "SERVICE refused"
    lines.append((f"time limit {time_limit:g} s, at most {max_rows} rows, {service}; Ctrl-C stops it. Try:", False))
    lines += [(f"  {line}", False) for line in examples(url)]
    return lines


def serve_until_stopped(server: Server) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop the server and everything it started."""
    import signal

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def run(store: Path | None, data: Sequence[str], bundled: bool, *, say: Callable[..., None], **options: Any) -> None:
    """Start the endpoint, tell the user where and how (``say(text, err=...)``), and serve until stopped."""
    server = start(store, data, bundled=bundled, **options)
    limits = {k: options[k] for k in ("time_limit", "max_rows", "allow_service") if k in options}
    for line, to_stderr in banner(server.url, options.get("host", "127.0.0.1"), **limits):
        say(line, err=to_stderr)
    serve_until_stopped(server)
