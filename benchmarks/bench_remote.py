"""The who-backed question over 100k relations: local store, `actorgraph serve`, Oxigraph server, Virtuoso.

Also a bounded load test of `actorgraph serve` on loopback (default 50 clients for 20 s).

    python benchmarks/bench_remote.py                 # 100k relations, every engine found, then the load test
    python benchmarks/bench_remote.py --relations 10000 --clients 10 --seconds 5

Prints the median time of the question on each engine and its ratio to the local store, the push
rate to each remote store, and the load test's throughput, latency percentiles and failures.
Generated data (benchmarks/generate.py): the hub actor A0, asked about for 2016.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate  # noqa: E402

from actorgraph.ask.questions import supporters  # noqa: E402
from actorgraph.server.push import push  # noqa: E402
from actorgraph.server.serve import free_port, oxigraph_binary  # noqa: E402
from actorgraph.store.disk import StoreFolder  # noqa: E402
from actorgraph.store.graph import ActorGraph  # noqa: E402
from actorgraph.store.remote import RemoteGraph  # noqa: E402

QUESTION = ("A0", "2016")
LOAD_QUERY = """PREFIX ag: <https://w3id.org/actorgraph/ns#>
PREFIX actor: <https://w3id.org/actorgraph/actor/>
SELECT ?who WHERE { ?who ag:supports actor:assad-government }"""


def timed(ask: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls (after one warm-up) and the last answer."""
    answer = ask()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        answer = ask()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), answer


def rows(answer: object) -> list[tuple[str, str | None]]:
    return sorted((r.other.id, r.relation) for r in answer)  # type: ignore[attr-defined]


def load(url: str, clients: int, seconds: float, query: str = LOAD_QUERY, limit: int = 1_000_000) -> dict[str, float]:
    """``clients`` threads each asking ``query`` in a loop for ``seconds`` (at most ``limit`` requests in all)."""
    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load test runs against loopback only")
    body = urllib.parse.urlencode({"query": query}).encode()
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if len(latencies) + failures[0] >= limit:
                    return
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    ok = response.status == 200 and bool(json.loads(response.read())["results"]["bindings"])
            except Exception:  # noqa: BLE001 - every kind of failure is counted
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    failures[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "requests": len(latencies),
        "failures": failures[0],
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
    }


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} stopped at start")
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


@contextmanager
def serve_process(store: Path) -> Iterator[str]:
    """``actorgraph serve`` in its own process, as a user runs it."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "actorgraph",
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--time-limit",
        "60",
        "--result-limit",
        "1000000",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/query", process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/query", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_remote import VIRTUOSO_INI  # the same settings as the tests

    port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=port).replace(
            "ResultSetMaxRows = 100000", "ResultSetMaxRows = 1000000"
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [shutil.which("virtuoso-t") or "virtuoso-t", "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/sparql", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()

    import os

    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = Path(tmp)
        data = work / "graph.nq"
        generate(args.relations, max(100, args.relations // 20), data)
        t0 = time.perf_counter()
        local = ActorGraph(StoreFolder(work / "store").open_read_only(), read_only=True)
        local.add_rdf(data)
        local.derive()
        local.store.flush()
        del local  # let `actorgraph serve` open the store; read it here read-only from now on
        local = ActorGraph(StoreFolder(work / "store").open_read_only(), read_only=True)
        print(f"{args.relations} relations, {len(local.store)} statements, loaded in {time.perf_counter() - t0:.1f} s")

        results: dict[str, float] = {}
        base, expected = timed(lambda: supporters(ActorGraph(local.store), *QUESTION), args.runs)
        results["local store (pyoxigraph, on disk)"] = base
        print(f"who-backed {QUESTION[0]} --in {QUESTION[1]}: {len(rows(expected))} rows")

        def remote(url: str, name: str) -> None:
            took, answer = timed(lambda: supporters(RemoteGraph(url), *QUESTION), args.runs)
            assert rows(answer) == rows(expected), f"{name} answered differently"
            results[name] = took

        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        with serve_process(work / "store") as url:
            remote(url, "actorgraph serve (Oxigraph read-only + proxy)")
            figures = load(url, args.clients, args.seconds, LOAD_QUERY.replace("assad-government", "A0"))

        with oxigraph_server(work / "oxigraph") as ox:
            t0 = time.perf_counter()
            sent = push(local, ox + "/update", size=5000, timeout=600)
            print(f"push to the Oxigraph server: {sent.statements / (time.perf_counter() - t0):,.0f} statements/s")
            remote(ox + "/query", "Oxigraph server 0.5 (PyPI)")

        if shutil.which("virtuoso-t"):
            (work / "virtuoso").mkdir()
            with virtuoso_server(work / "virtuoso") as vt:
                os.environ["ACTORGRAPH_USER"], os.environ["ACTORGRAPH_PASSWORD"] = "dba", "dba"
                t0 = time.perf_counter()
                sent = push(local, vt + "/sparql-auth", size=500, timeout=600)
                print(f"push to Virtuoso: {sent.statements / (time.perf_counter() - t0):,.0f} statements/s")
                remote(vt + "/sparql", "Virtuoso 7.2 (Debian)")
        else:
            print("Virtuoso not installed (apt-get install virtuoso-opensource): skipped")

        print(f"\nmedian of {args.runs} runs, end to end through the query layer:")
        for name, took in results.items():
            print(f"  {name:48} {took * 1000:8.1f} ms   {took / base:5.1f}x local")
        print(f"\nload test on actorgraph serve: {args.clients} clients for {args.seconds:g} s, loopback")
        print(
            f"  {figures['requests']:.0f} requests, {figures['throughput']:.0f}/s, "
            f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, "
            f"{figures['failures']:.0f} failed"
        )


if __name__ == "__main__":
    main()
