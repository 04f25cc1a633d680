"""Load on `actorgraph serve`: N keep-alive clients, then the same with runaway queries and with slow clients.

Prints requests/s, p50/p95/p99, failures, and the Oxigraph threads and memory at start and end of each phase.
Loopback only; every loop is bounded in time and stops by itself.

    python benchmarks/bench_serve_load.py                               # bundled data, 50 clients, 5 min a phase
    python benchmarks/bench_serve_load.py --store /tmp/big --seconds 60 --query hub
    python benchmarks/bench_serve_load.py --front stdlib --seconds 60   # the standard library's server instead
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

QUERIES = {
    "backers": "SELECT ?who WHERE { ?who ag:supports actor:assad-government }",
    "hub": "SELECT ?who WHERE { ?who ag:supports actor:A0 }",
}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def stdlib_front(app: Any, host: str, port: int, settings: dict[str, Any]) -> Any:
    """The standard library's threading WSGI server with timeouts and a connection cap (one thread per
    connection, one request per connection): the hand-written front measured against waitress."""
    import contextlib
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    from actorgraph.server.serve import Front

    slots = threading.BoundedSemaphore(settings["max_connections"])

    class Handler(WSGIRequestHandler):
        timeout = settings["idle_timeout"]

        def log_message(self, *args: Any) -> None:
            pass

        def get_environ(self) -> dict[str, Any]:
            environ = super().get_environ()
            sock = self.connection

            def gone() -> bool:
                try:
                    sock.setblocking(False)
                    try:
                        return sock.recv(1, socket.MSG_PEEK) == b""
                    finally:
                        sock.setblocking(True)
                        sock.settimeout(self.timeout)
                except (BlockingIOError, InterruptedError):
                    return False
                except OSError:
                    return True

            environ["actorgraph.client_gone"] = gone
            return environ

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 1024
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

        def process_request(self, request: Any, client_address: Any) -> None:
            if not slots.acquire(blocking=False):
                with contextlib.suppress(OSError):
                    request.sendall(
                        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                self.shutdown_request(request)
                return
            super().process_request(request, client_address)

        def process_request_thread(self, request: Any, client_address: Any) -> None:
            try:
                super().process_request_thread(request, client_address)
            finally:
                slots.release()

    server = Server((host, port), Handler)
    server.set_app(app)

    def close() -> None:
        server.shutdown()
        server.server_close()

    return Front(int(server.server_address[1]), server.serve_forever, close)


def serve_child(options: dict[str, object]) -> None:
    """Run the endpoint in this process until SIGTERM (so the benchmark can pick the HTTP front)."""
    from actorgraph.server.serve import start

    store = options.pop("store")
    if options.get("front") == "stdlib":
        options["front"] = stdlib_front
    server = start(Path(str(store)) if store else None, **options)  # type: ignore[arg-type]
    print(server.url, flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    # the benchmark holds our stdin: when it ends, however it ends, the pipe closes and we stop
    threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    stopped.wait()
    server.stop()


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(p) for p in (task / "children").read_text().split()]
    return out


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def snapshot(pid: int) -> dict[str, float]:
    """Oxigraph's threads and memory (all its processes), and the serve process's memory."""
    threads, rss = 0, 0.0
    for child in _children(pid):
        try:
            if Path(f"/proc/{child}/comm").read_text().strip() != "oxigraph":
                continue
            threads += len(list(Path(f"/proc/{child}/task").iterdir()))
            rss += _rss_mb(child)
        except OSError:
            continue
    return {
        "upstream_threads": threads,
        "upstream_rss_mb": round(rss, 1),
        "serve_rss_mb": round(_rss_mb(pid), 1),
        "load_1min": float(Path("/proc/loadavg").read_text().split()[0]),  # other jobs on the machine
    }


class Client(threading.Thread):
    """One client on one keep-alive connection (a new one after any failure), until ``until``."""

    def __init__(self, host: str, port: int, query: str, until: float) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.until = host, port, until
        self.body = urllib.parse.urlencode({"query": query})
        self.latencies: list[float] = []
        self.failures: dict[str, int] = {}
        self.errors: list[str] = []

    def run(self) -> None:
        conn: http.client.HTTPConnection | None = None
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
        while time.monotonic() < self.until:
            t0 = time.perf_counter()
            try:
                conn = conn or http.client.HTTPConnection(self.host, self.port, timeout=120)
                conn.request("POST", "/query", self.body, headers)
                response = conn.getresponse()
                answer = response.read()
                if response.status == 200:
                    self.latencies.append(time.perf_counter() - t0)
                else:
                    self._fail(f"HTTP {response.status}")
                    if response.status != 504:
                        self.errors.append(answer[:200].decode("utf-8", "replace").strip())
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                self._fail(type(exc).__name__)
                if conn:
                    conn.close()
                conn = None
                time.sleep(0.05)
        if conn:
            conn.close()

    def _fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1


class Slow(threading.Thread):
    """``count`` connections that each send a request one byte a second and never finish it."""

    def __init__(self, host: str, port: int, count: int, until: float) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.count, self.until = host, port, count, until
        self.reopened = 0

    def run(self) -> None:
        line = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 10000
        socks: list[tuple[socket.socket, int]] = []
        while time.monotonic() < self.until:
            while len(socks) < self.count and time.monotonic() < self.until:
                try:
                    socks.append((socket.create_connection((self.host, self.port), timeout=2), 0))
                except OSError:
                    break
            kept = []
            for sock, sent in socks:
                try:
                    sock.send(line[sent : sent + 1])
                    kept.append((sock, sent + 1))
                except OSError:  # the server closed it (idle timeout): open another
                    sock.close()
                    self.reopened += 1
            socks = kept
            time.sleep(1)
        for sock, _ in socks:
            sock.close()


def _answers(clients: list[Client]) -> dict[str, int]:
    """How the runaway clients' queries were answered, summed over the clients."""
    total: dict[str, int] = {}
    for client in clients:
        for why, n in {**client.failures, "HTTP 200": len(client.latencies)}.items():
            total[why] = total.get(why, 0) + n
    return {why: n for why, n in total.items() if n}


def phase(url: str, pid: int, name: str, args: argparse.Namespace, query: str) -> dict[str, object]:
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    before = snapshot(pid)
    until = time.monotonic() + args.seconds
    clients = [Client(host, port, query, until) for _ in range(args.clients)]
    extra: list[threading.Thread] = []
    if name == "runaway":
        extra = [Client(host, port, RUNAWAY, until) for _ in range(args.runaway)]
    elif name == "slow":
        extra = [Slow(host, port, args.slow, until)]
    t0 = time.monotonic()
    for thread in [*extra, *clients]:
        thread.start()
    for thread in clients:
        thread.join()
    took = time.monotonic() - t0
    for thread in extra:
        thread.join(timeout=args.time_limit + 10)
    time.sleep(2)  # a process replaced at the end of the phase is gone by now
    after = snapshot(pid)
    latencies = sorted(x for c in clients for x in c.latencies)
    failures: dict[str, int] = {}
    for client in clients:
        for why, n in client.failures.items():
            failures[why] = failures.get(why, 0) + n
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return {
        "phase": name,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / took, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "failures": sum(failures.values()),
        "failure_kinds": failures,
        "errors": sorted({e for c in clients for e in c.errors})[:5],
        "runaway_answers": _answers([c for c in extra if isinstance(c, Client)]),
        "start": before,
        "end": after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an imported store (default: the bundled data)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300.0, help="length of each phase")
    parser.add_argument("--runaway", type=int, default=4, help="clients sending runaway queries")
    parser.add_argument("--slow", type=int, default=300, help="slow connections in the slow phase")
    parser.add_argument("--phases", default="quiet,runaway,slow")
    parser.add_argument("--query", default="", help=f"one of {', '.join(QUERIES)} or SPARQL text")
    parser.add_argument("--front", default="waitress", choices=["waitress", "stdlib"])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--serve-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_child:
        serve_child(json.loads(args.serve_child))
        return
    query = QUERIES.get(args.query or ("hub" if args.store else "backers"), args.query)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from actorgraph.server.serve import free_port

    options = {"store": str(args.store or ""), "port": free_port(), "time_limit": args.time_limit, "front": args.front}
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve-child", json.dumps(options)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, {time.strftime('%F %T')}")
        print(f"serve ({args.front}) at {url}; {args.clients} clients, {args.seconds:g} s a phase; query: {query}")
        warm = argparse.Namespace(**{**vars(args), "seconds": min(10.0, args.seconds)})
        phase(url, server.pid, "warm-up", warm, query)  # caches filled before anything is measured
        results = []
        for name in args.phases.split(","):
            figures = phase(url, server.pid, name, args, query)
            results.append(figures)
            print(
                f"{name:8} {figures['requests']:>7} req  {figures['requests_per_s']:>7}/s  "
                f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  p99 {figures['p99_ms']} ms  "
                f"failures {figures['failures']} {figures['failure_kinds'] or ''} {figures['errors'] or ''}"
                f"{'  runaway queries: ' + str(figures['runaway_answers']) if figures['runaway_answers'] else ''}\n"
                f"         start {figures['start']}\n         end   {figures['end']}",
                flush=True,
            )
        quiet = next((r for r in results if r["phase"] == "quiet"), None)
        for other in results:
            if quiet and other is not quiet and quiet["p99_ms"]:
                ratio = float(other["p99_ms"]) / float(quiet["p99_ms"])  # type: ignore[arg-type]
                print(f"{other['phase']}: p99 is {ratio:.2f}x the quiet p99 (target <= 3x)")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
