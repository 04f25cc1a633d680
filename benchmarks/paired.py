"""Paired, interleaved timing of fresh processes: the medians and ratios every benchmark prints.

Each figure sets a command of actorgraph beside its yardstick (its floor: a bare script doing the
same work on the same data, such as Oxigraph's own ``Store.bulk_load`` of the N-Quads an import
writes, or ``python -c pass``). Both run in fresh processes, one after the other, round after round,
so a machine that gets busier slows both alike; the ratio printed is the median of the rounds'
ratios, for wall time, cpu time (user + system of the process, every thread) and peak resident
memory (each process is reaped with ``wait4``, so its own rusage is read).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FLOOR_BULK_LOAD",
    "FLOOR_QUESTION",
    "Figure",
    "Run",
    "Runs",
    "actorgraph",
    "bulk_load",
    "env",
    "machine",
    "paired",
    "print_table",
    "run",
    "shown",
    "timed",
    "total",
    "user_env",
]

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
        + ("" if not editable() else "\n" + EDITABLE)
    )


#: said beside the figures of an editable install: they are not a user's
EDITABLE = (
    "WARNING: actorgraph is installed here in editable mode (pip install -e): every Python start, the"
    " `python -c pass` yardstick's too, runs its import hook (~20 ms here), which flatters the ratios;"
    " the README's figures come from `pip install .` in a fresh environment"
)


def editable() -> bool:
    """Whether the environment running the benchmark has actorgraph installed in editable mode (its
    ``__editable__`` import hook, or a path entry pointing at the checkout)."""
    import site

    folders = [Path(p) for p in (*site.getsitepackages(), site.getusersitepackages())]
    hooks = [p for folder in folders if folder.is_dir() for p in folder.glob("__editable__*actorgraph*")]
    links = [p for folder in folders if folder.is_dir() for p in folder.glob("*.pth") if str(REPO) in p.read_text()]
    return bool(hooks or links)


def user_env() -> dict[str, str]:
    """The environment of a user's shell: bytecode caches on (a shell that turns them off recompiles actorgraph
    on every run), warnings off."""
    out = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONWARNINGS"] = "ignore"
    return out


def env(cache: Path) -> dict[str, str]:
    """A user's environment (:func:`user_env`) with a cache folder of the run's own."""
    return {**user_env(), "XDG_CACHE_HOME": str(cache)}


@dataclass
class Run:
    """One fresh process: wall seconds, cpu seconds, peak resident memory in MB, what it printed, its exit code."""

    wall: float
    cpu: float
    rss: float
    out: str = ""
    err: str = ""
    code: int = 0


def run(cmd: Sequence[str], environment: dict[str, str], *, check: bool = True) -> Run:
    """``cmd`` in a fresh process from the repository, reaped with ``wait4`` so its own rusage is read.

    The output goes to files, not pipes: nothing has to read while the process runs, so the wait is the reap.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(cmd), cwd=REPO, env=environment, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        got = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read(), err.read(), code)
    if check and code not in (0, 3):
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{got.err.strip()[-2000:]}")
    return got


def timed(cmd: Sequence[str], environment: dict[str, str], *, check: bool = True) -> tuple[float, float, str]:
    """One fresh process: wall seconds, cpu seconds (user + system of the process), stdout."""
    got = run(cmd, environment, check=check)
    return got.wall, got.cpu, got.out


@dataclass
class Runs:
    """The measures of one command over the rounds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    out: str = ""
    first: float = 0.0  # the warm-up run's wall time: bytecode written, the claims compiled, answers kept

    def add(self, got: Run) -> None:
        self.wall.append(got.wall)
        self.cpu.append(got.cpu)
        self.rss.append(got.rss)

    def median(self, measure: str = "wall") -> float:
        return statistics.median(getattr(self, measure))


def total(parts: Sequence[Runs]) -> Runs:
    """Commands run one after another each round, as one: their times summed a round, the largest peak memory."""
    rounds = list(zip(*(zip(r.wall, r.cpu, r.rss, strict=True) for r in parts), strict=True))
    return Runs(
        [sum(w for w, _, _ in each) for each in rounds],
        [sum(c for _, c, _ in each) for each in rounds],
        [max(m for _, _, m in each) for each in rounds],
        "".join(r.out for r in parts),
        sum(r.first for r in parts),
    )


def paired(
    commands: dict[str, Sequence[str]],
    rounds: int,
    environment: dict[str, str],
    *,
    warm_up: bool = True,
    alternate: bool = False,
    before_round: Callable[[], object] | None = None,
    show: bool = False,
) -> dict[str, Runs]:
    """Each command once a round, in turn, after one warm-up round (bytecode, compiled graphs, page cache).

    ``before_round`` runs before every round (the warm-up too), e.g. to remove the stores the last one
    wrote; with ``alternate`` every other round runs the commands in the reverse order; without
    ``warm_up`` the first round counts (a run of minutes warms nothing worth a round). ``show`` prints
    each run as it ends.
    """
    found = {name: Runs() for name in commands}
    if warm_up:
        if before_round is not None:
            before_round()
        for name, cmd in commands.items():
            got = run(cmd, environment)
            found[name].first, found[name].out = got.wall, got.out
    for n in range(rounds):
        if before_round is not None:
            before_round()
        order = list(commands.items())
        for name, cmd in reversed(order) if alternate and n % 2 else order:
            got = run(cmd, environment)
            found[name].add(got)
            if not found[name].out:
                found[name].out = got.out
            if show:
                print(
                    f"  round {n + 1}: {name:<28} {got.wall:8.2f} s wall {got.cpu:8.2f} s cpu {got.rss:6.0f} MB"
                    f"  {got.out.strip()[:100]}",
                    flush=True,
                )
    return found


#: the floor of an import: Oxigraph's own bulk loader, a new store from an N-Quads file; then, with
#: "optimize", the store compacted as an import over ``imports._LARGE`` bytes compacts it. argv: the file,
#: the store[, "optimize"].
FLOOR_BULK_LOAD = """
import sys
from pyoxigraph import RdfFormat, Store
store = Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=RdfFormat.N_QUADS)
if sys.argv[3:] == ["optimize"]:
    store.optimize()
"""


def bulk_load(nquads: Path, db: Path, *, optimize: bool = False) -> list[str]:
    """The command of an import's floor: a bare script bulk-loading ``nquads`` into the store at ``db``
    (and compacting it, with ``optimize``)."""
    return [sys.executable, "-c", FLOOR_BULK_LOAD, str(nquads), str(db), *(["optimize"] if optimize else [])]


_UNITS = {"wall": "s", "cpu": "s", "rss": "MB"}


@dataclass
class Figure:
    """One row of the table: actorgraph beside its yardstick."""

    name: str
    ours: Runs
    floor: Runs | None
    floor_name: str
    target: float | None  # the ratio to the floor it should stay under
    measure: str = "wall"
    bound: float | None = None  # the value it should stay under (seconds, or MB for rss)

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios (NaN without a floor)."""
        if self.floor is None:
            return float("nan")
        ours, floor = getattr(self.ours, self.measure), getattr(self.floor, self.measure)
        return statistics.median(a / b for a, b in zip(ours, floor, strict=True))

    @property
    def met(self) -> bool | None:
        """Whether it meets its targets (None: it has none)."""
        if self.target is None and self.bound is None:
            return None
        return (self.target is None or self.ratio <= self.target) and (
            self.bound is None or self.ours.median(self.measure) < self.bound
        )


def shown(value: float, measure: str) -> str:
    """A median as the table shows it: MB for memory, ms under a second, else seconds."""
    if _UNITS[measure] == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def print_table(figures: Sequence[Figure], title: str = "") -> None:
    """The figures as a table: actorgraph, yardstick, ratio, target (medians of paired rounds)."""
    if title:
        print(f"\n{title}")
    print(f"{'figure':<58} {'actorgraph':>11} {'yardstick':>11}  {'ratio':>6}  {'target':>9}  yardstick")
    for f in figures:
        targets = [f"<= {f.target:g}x"] if f.target else []
        if f.bound is not None:
            targets.append(f"< {f.bound:g} {_UNITS[f.measure]}")
        met = {None: "", True: "  ok", False: "  MISSED"}[f.met]
        floor = shown(f.floor.median(f.measure), f.measure) if f.floor is not None else ""
        ratio = f"{f.ratio:>5.2f}x" if f.floor is not None else ""
        print(
            f"{f.name + f' ({f.measure})':<58} {shown(f.ours.median(f.measure), f.measure):>11} "
            f"{floor:>11}  {ratio:>6}  {', '.join(targets):>9}  {f.floor_name}{met}"
        )


def actorgraph() -> list[str]:
    """The installed command (as a user runs it)."""
    found = Path(sys.executable).parent / "actorgraph"
    return [str(found)] if found.is_file() else [sys.executable, "-m", "actorgraph"]
