"""Paired, interleaved timing of fresh processes: the medians and ratios every read-path benchmark prints.

Each figure sets a command of actorgraph beside its yardstick (its floor: a bare script doing the
same work on the same data, or ``python -c pass``). Both run in fresh processes, one after the
other, round after round, so a machine that gets busier slows both alike; the ratio printed is the
median of the rounds' ratios, for wall time and for cpu time (user + system of the process).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FLOOR_QUESTION", "Figure", "Runs", "actorgraph", "env", "machine", "paired", "print_table", "timed"]

REPO = Path(__file__).resolve().parent.parent

#: the floor of a question: pyoxigraph alone, the rows with their actors and sources in one SPARQL
#: query, written out as JSON. argv: a store folder (opened read-only) or an N-Quads file (loaded
#: into memory), the target actor's IRI, the first and last day of the period.
FLOOR_QUESTION = r'''
import json, sys
from pyoxigraph import RdfFormat, Store
where, target, first, last = sys.argv[1:5]
if where.endswith(".nq"):
    store = Store()
    store.load(path=where, format=RdfFormat.N_QUADS, lenient=True)
else:
    store = Store.read_only(where)
query = """
PREFIX ag: <https://w3id.org/actorgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?rel ?other ?label ?type ?start ?end ?certainty ?source ?publisher ?title ?date ?url ?quote WHERE {
  ?rel ag:target <TARGET> ; ag:actor ?other ; a ag:Support ; ag:certainty ?certainty .
  OPTIONAL { ?rel ag:start ?start } OPTIONAL { ?rel ag:end ?end }
  FILTER((!BOUND(?start) || ?start <= "LAST"^^xsd:date) && (!BOUND(?end) || ?end >= "FIRST"^^xsd:date))
  ?other skos:prefLabel ?label . OPTIONAL { ?rel ag:supportType ?type }
  { ?rel ag:citation ?c . ?c prov:entity ?source . OPTIONAL { ?c ag:quote ?quote } }
  UNION { ?rel prov:wasDerivedFrom ?source }
  OPTIONAL { ?source dct:publisher ?publisher } OPTIONAL { ?source dct:title ?title }
  OPTIONAL { ?source dct:date ?date } OPTIONAL { ?source schema:url ?url }
}"""
query = query.replace("TARGET", target).replace("FIRST", first).replace("LAST", last)
result = store.query(query, use_default_graph_as_union=True)
names = [v.value for v in result.variables]
rows = [{n: row[n].value for n in names if row[n] is not None} for row in result]
json.dump(rows, sys.stdout)
'''


def machine() -> str:
    """The machine, the date and how busy it was, for the printed figures."""
    cpus = os.cpu_count() or 0
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {cpus} vCPUs, {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, load average {load:.1f}"
    )


def env(cache: Path) -> dict[str, str]:
    """The environment of a user's shell: bytecode caches on, warnings off, a cache folder of the run's own."""
    out = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONWARNINGS"] = "ignore"
    out["XDG_CACHE_HOME"] = str(cache)
    return out


def _spawn(cmd: Sequence[str], environment: dict[str, str]) -> tuple[float, float, str, str, int]:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.run(list(cmd), capture_output=True, env=environment, cwd=REPO, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # children run one at a time: the difference is this one
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, child.stdout, child.stderr, child.returncode


@dataclass
class Runs:
    """The timings of one command over the rounds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    out: str = ""
    first: float = 0.0  # the warm-up run's wall time: bytecode written, the claims compiled, answers kept

    def median(self, measure: str = "wall") -> float:
        return statistics.median(getattr(self, measure))


def timed(cmd: Sequence[str], environment: dict[str, str], *, check: bool = True) -> tuple[float, float, str]:
    """One fresh process: wall seconds, cpu seconds (user + system of the process), stdout."""
    wall, cpu, out, err, code = _spawn(cmd, environment)
    if check and code not in (0, 3):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{err.strip()}")
    return wall, cpu, out


def paired(commands: dict[str, Sequence[str]], rounds: int, environment: dict[str, str]) -> dict[str, Runs]:
    """Each command once a round, in turn, after one warm-up round (bytecode, compiled graphs, page cache)."""
    found = {name: Runs() for name in commands}
    for name, cmd in commands.items():
        found[name].first, _, found[name].out = timed(cmd, environment)
    for _ in range(rounds):
        for name, cmd in commands.items():
            wall, cpu, _ = timed(cmd, environment)
            found[name].wall.append(wall)
            found[name].cpu.append(cpu)
    return found


@dataclass
class Figure:
    """One row of the table: actorgraph beside its yardstick."""

    name: str
    ours: Runs
    floor: Runs
    floor_name: str
    target: float | None
    measure: str = "wall"

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios."""
        ours, floor = getattr(self.ours, self.measure), getattr(self.floor, self.measure)
        return statistics.median(a / b for a, b in zip(ours, floor, strict=True))


def print_table(figures: Sequence[Figure], title: str = "") -> None:
    """The figures as a table: actorgraph, yardstick, ratio, target (medians of paired rounds)."""
    if title:
        print(f"\n{title}")
    print(f"{'figure':<58} {'actorgraph':>11} {'yardstick':>11}  {'ratio':>6}  {'target':>7}  yardstick")
    for f in figures:
        target = f"<= {f.target:g}x" if f.target else ""
        met = "" if not f.target else ("  ok" if f.ratio <= f.target else "  MISSED")
        print(
            f"{f.name + f' ({f.measure})':<58} {f.ours.median(f.measure) * 1000:>9.0f}ms "
            f"{f.floor.median(f.measure) * 1000:>9.0f}ms  {f.ratio:>5.2f}x  {target:>7}  {f.floor_name}{met}"
        )


def actorgraph() -> list[str]:
    """The installed command (as a user runs it)."""
    found = Path(sys.executable).parent / "actorgraph"
    return [str(found)] if found.is_file() else [sys.executable, "-m", "actorgraph"]
