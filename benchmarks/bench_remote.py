"""A question over `--endpoint` beside the same question asked of the local store, on a UCDP-sized store.

The store: the four UCDP files from ../shared/data and the bundled claims, imported by
`actorgraph import` (when ../shared/data is not there, 20,000 generated relations, about 255k
statements, and it says so), served by `actorgraph serve` in its own process. Both questions run as
a user runs them, in fresh processes, in paired rounds (see paired.py); `export` is timed the same way.

    python benchmarks/bench_remote.py                 # the UCDP-sized figures
    python benchmarks/bench_remote.py --engines       # also: 100k relations on every engine found, and a load test
    python benchmarks/bench_remote.py --engines --relations 10000 --clients 10 --seconds 5

--engines prints the median time of the question through the query layer on each engine and its
ratio to the local store, the push rate to each remote store, and the load test's throughput,
latency percentiles and failures (generated data, the hub actor A0, asked about for 2016).
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

from pyoxigraph import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate  # noqa: E402
from paired import Figure, actorgraph, env, machine, paired, print_table, timed  # noqa: E402

from actorgraph.ask.questions import supporters  # noqa: E402
from actorgraph.server.push import push  # noqa: E402
from actorgraph.server.serve import free_port, oxigraph_binary  # noqa: E402
from actorgraph.store.disk import StoreFolder  # noqa: E402
from actorgraph.store.graph import ActorGraph  # noqa: E402
from actorgraph.store.remote import RemoteGraph  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
QUESTION = ("A0", "2016")
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
UCDP = [
    ("ucdp-actor", SHARED / "ucdp-actor" / "ucdp-actor-221.csv"),
    ("ucdp-esd", SHARED / "ucdp-esd" / "ucdp-esd-ay-181.csv"),
    ("ucdp-acd", SHARED / "ucdp-prio-acd" / "UcdpPrioConflict_v23_1.csv"),
    ("ucdp-dyadic", SHARED / "ucdp-dyadic" / "Dyadic_v24_1.csv"),
]
LOAD_QUERY = """PREFIX ag: <https://w3id.org/actorgraph/ns#>
PREFIX actor: <https://w3id.org/actorgraph/actor/>
SELECT ?who WHERE { ?who ag:supports actor:assad-government }"""


def timed_calls(ask: Callable[[], object], runs: int) -> tuple[float, object]:
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
def serve_process(store: Path, *options: str) -> Iterator[str]:
    """``actorgraph serve --store STORE`` in its own process, as a user runs it; yields its query URL."""
    port = free_port()
    command = [sys.executable, "-m", "actorgraph", "serve", "--store", str(store), "--port", str(port), *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        try:
            _wait(f"http://127.0.0.1:{port}/query", process)
        except SystemExit:
            if not (store / "db").is_dir():
                raise
            # serve on this branch hands the folder itself to Oxigraph: give it the database inside
            print(f"note: 'actorgraph serve --store {store.name}' did not start; serving {store.name}/db instead")
            process.wait()
            command[command.index(str(store))] = str(store / "db")
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _wait(f"http://127.0.0.1:{port}/query", process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        # SIGTERM, which serve always handles: a benchmark started in the background by a shell inherits
        # SIGINT ignored, and so would the server
        process.send_signal(signal.SIGTERM)
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


def engines(args: argparse.Namespace) -> None:
    """Who-backed A0 over generated data on every engine found, and a load test of actorgraph serve."""
    import os

    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = Path(tmp)
        data = work / "graph.nq"
        generate(args.relations, max(100, args.relations // 20), data)
        t0 = time.perf_counter()
        timed([*actorgraph(), "import", "rdf", str(data), "--store", str(work / "store")], env(work / "cache"))
        local = ActorGraph(StoreFolder(work / "store").open_read_only(), read_only=True)
        print(f"{args.relations} relations, {len(local.store)} statements, loaded in {time.perf_counter() - t0:.1f} s")

        results: dict[str, float] = {}
        base, expected = timed_calls(lambda: supporters(ActorGraph(local.store), *QUESTION), args.runs)
        results["local store (pyoxigraph, on disk)"] = base
        print(f"who-backed {QUESTION[0]} --in {QUESTION[1]}: {len(rows(expected))} rows")

        def remote(url: str, name: str) -> None:
            took, answer = timed_calls(lambda: supporters(RemoteGraph(url), *QUESTION), args.runs)
            assert rows(answer) == rows(expected), f"{name} answered differently"
            results[name] = took

        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        with serve_process(work / "store", "--time-limit", "60", "--result-limit", "1000000") as url:
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


def ucdp_store(work: Path) -> tuple[Path, str, str]:
    """The UCDP-sized store (made once in ``work``), the question's actor and what the store holds."""
    store = work / "ucdp-store"
    environment = env(work / "cache")
    if all(path.is_file() for _, path in UCDP):
        name, what = "Syrian government", "the UCDP ESD, ACD, Dyadic and Actor files and the bundled claims"
        if not (store / "actorgraph-store.json").is_file():
            for kind, path in UCDP:
                timed([*actorgraph(), "import", kind, str(path), "--store", str(store)], environment)
            claims = sorted(str(p) for p in (REPO / "actorgraph" / "data" / "syria").glob("*.toml"))
            timed([*actorgraph(), "import", "claims", *claims, "--store", str(store)], environment)
    else:
        name, what = "A0", f"20,000 generated relations ({SHARED} is not here)"
        if not (store / "actorgraph-store.json").is_file():
            data = work / "ucdp-sized.nq"
            generate(20_000, 2_000, data, hub=1_000)
            timed([*actorgraph(), "import", "rdf", str(data), "--store", str(store)], environment)
    return store, name, what


def ucdp_figures(work: Path, rounds: int) -> list[Figure]:
    """A question and an export over --endpoint, each beside the same run on the local store."""
    store, name, what = ucdp_store(work)
    environment = env(work / "cache")
    statements = sum(1 for _ in Store.read_only(str(store / "db")).quads_for_pattern(None, None, None, None))
    print(f"UCDP-sized store: {what}; {statements:,} statements")
    question = [*actorgraph(), "who-backed", name, "--in", "2016", "--format", "json"]
    export = [*actorgraph(), "export", "--format", "nquads", "-o", str(work / "export.nq")]
    with serve_process(store) as url:
        runs = paired(
            {
                "local": [*question, "--store", str(store)],
                "remote": [*question, "--endpoint", url],
            },
            rounds,
            environment,
        )
        if runs["local"].out != runs["remote"].out:
            raise SystemExit("the endpoint answered differently from the local store")
        exports = paired(
            {"local": [*export, "--store", str(store)], "remote": [*export, "--endpoint", url]},
            max(1, rounds // 3),
            environment,
        )
    print(f"question: who-backed {name!r} --in 2016 --format json")
    label = f"question over --endpoint, {statements / 1000:.0f}k statements"
    return [
        Figure(label, runs["remote"], runs["local"], "the same question, --store (actorgraph serve)", 2.0),
        Figure(
            "export --format nquads over --endpoint", exports["remote"], exports["local"], "the same, --store", None
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the stores here between runs")
    parser.add_argument("--engines", action="store_true", help="also every engine found, and a load test")
    parser.add_argument("--relations", type=int, default=100_000, help="with --engines: generated relations")
    parser.add_argument("--runs", type=int, default=10, help="with --engines: calls of the question per engine")
    parser.add_argument("--clients", type=int, default=50, help="with --engines: load test clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="with --engines: load test length")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print_table(ucdp_figures(work, args.rounds), f"medians of {args.rounds} paired rounds, fresh processes")
    if args.engines:
        engines(args)


if __name__ == "__main__":
    main()
