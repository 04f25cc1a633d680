"""Paired import runs: ``actorgraph import`` against its floor, Oxigraph's own ``Store.bulk_load`` of the same N-Quads.

Each round runs both, one after the other, in fresh processes writing fresh stores, alternating which
goes first; the figures are medians over the rounds of wall time, cpu time (user + system, every
thread) and peak resident memory. Used by bench_import.py and bench_scale.py.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Paired", "Run", "actorgraph", "bulk_load", "paired", "run"]

REPO = Path(__file__).resolve().parent.parent

_FLOOR = """
import sys
from pyoxigraph import RdfFormat, Store
Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=RdfFormat.N_QUADS)
"""


@dataclass
class Run:
    """One process: wall seconds, cpu seconds, peak RSS in MB, and what it printed."""

    wall: float
    cpu: float
    rss: float
    out: str = ""
    err: str = ""


def run(args: list[str]) -> Run:
    """``python ARGS`` in a fresh process from the repository, reaped with wait4 so its own rusage is read."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, problems = out.read(), err.read()
    if child.returncode not in (0, 3):
        raise SystemExit(f"python {' '.join(args)} failed ({child.returncode}): {problems.strip()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text, problems)


def bulk_load(nquads: Path, db: Path) -> Run:
    """The floor: a bare script that bulk-loads an N-Quads file into a new Oxigraph store."""
    return run(["-c", _FLOOR, str(nquads), str(db)])


def actorgraph(*args: str) -> Run:
    """``actorgraph ARGS`` in a fresh process."""
    return run(["-m", "actorgraph", *args])


@dataclass
class Paired:
    """Medians of paired rounds: the import, its floor, and the ratios (median of the per-round ratios)."""

    ours: list[Run]
    floor: list[Run]

    def median(self, which: str, what: str) -> float:
        return statistics.median(getattr(r, what) for r in getattr(self, which))

    def ratio(self, what: str) -> float:
        pairs = zip(self.ours, self.floor, strict=True)
        return statistics.median(getattr(a, what) / getattr(b, what) for a, b in pairs)

    def rows(self, name: str) -> list[tuple[str, str, str, str]]:
        """Table rows: figure, actorgraph, floor, ratio (wall, cpu, peak memory)."""
        return [
            (f"{name}, wall", f"{self.median('ours', 'wall'):.1f} s", f"{self.median('floor', 'wall'):.1f} s",
             f"{self.ratio('wall'):.2f}"),
            (f"{name}, cpu", f"{self.median('ours', 'cpu'):.1f} s", f"{self.median('floor', 'cpu'):.1f} s",
             f"{self.ratio('cpu'):.2f}"),
            (f"{name}, peak memory", f"{self.median('ours', 'rss'):.0f} MB", f"{self.median('floor', 'rss'):.0f} MB",
             f"{self.ratio('rss'):.2f}"),
        ]  # fmt: skip

    def print(self, title: str) -> None:
        """The rows as a table."""
        print(f"\n{title:<44} {'actorgraph':>12} {'bulk_load':>12} {'ratio':>6}")
        for name, ours, floor, ratio in self.rows("import"):
            print(f"{name:<44} {ours:>12} {floor:>12} {ratio:>6}")


def paired(kind: str, source: Path, nquads: Path, rounds: int, keep: Path | None = None) -> Paired:
    """``actorgraph import KIND SOURCE`` against ``bulk_load(NQUADS)``, ``rounds`` times, alternating order.

    ``nquads`` holds the statements the import writes (for ``rdf``, the file itself). The last
    round's store is kept at ``keep`` when given.
    """
    result = Paired([], [])
    for n in range(rounds):
        with tempfile.TemporaryDirectory(prefix="actorgraph-bench-", dir=keep.parent if keep else None) as tmp:
            store, db = Path(tmp) / "store", Path(tmp) / "floor"
            order = ("ours", "floor") if n % 2 == 0 else ("floor", "ours")
            for which in order:
                if which == "ours":
                    got = actorgraph("import", kind, str(source), "--store", str(store))
                    result.ours.append(got)
                    print(f"  round {n + 1}: import   {got.wall:7.1f} s wall {got.cpu:7.1f} s cpu {got.rss:6.0f} MB"
                          f"  {got.out.strip()}", flush=True)  # fmt: skip
                else:
                    got = bulk_load(nquads, db)
                    result.floor.append(got)
                    print(f"  round {n + 1}: bulk_load {got.wall:6.1f} s wall {got.cpu:7.1f} s cpu {got.rss:6.0f} MB",
                          flush=True)  # fmt: skip
                    shutil.rmtree(db, ignore_errors=True)
            if keep is not None and n == rounds - 1:
                shutil.rmtree(keep, ignore_errors=True)
                shutil.move(str(store), keep)
    return result
