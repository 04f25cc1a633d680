"""Import benchmark: the UCDP files and ATOP from ../shared/data, and a generated graph, each import beside its floor.

The floor of an import is Oxigraph's own ``Store.bulk_load`` of the N-Quads the import writes, run
as a bare script into a new store; the two run in paired rounds in fresh processes (benchmarks/paired.py),
and the table gives medians of wall time, cpu time and peak memory, and the ratios to the floor.

Usage: python benchmarks/bench_import.py [--rounds 3] [--generated N] [--generated-rounds 1] [--skip ucdp,atop]
(``--generated 1000000``: 1M generated relations, 12.5M statements, imported by ``actorgraph import rdf``;
0, the default, leaves them out: a round takes minutes.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402
from paired import REPO, Figure, Runs, actorgraph, bulk_load, env, machine, paired, print_table, run, total  # noqa: E402

__all__ = ["main"]

DATA = REPO.parent / "shared" / "data"
#: in the order a user imports them: the actor list first, so the other files' actors get its names
UCDP = [
    ("ucdp-actor", DATA / "ucdp-actor" / "ucdp-actor-221.csv"),
    ("ucdp-esd", DATA / "ucdp-esd" / "ucdp-esd-ay-181.csv"),
    ("ucdp-acd", DATA / "ucdp-prio-acd" / "UcdpPrioConflict_v23_1.csv"),
    ("ucdp-dyadic", DATA / "ucdp-dyadic" / "Dyadic_v24_1.csv"),
]
ATOP = ("atop", DATA / "atop" / "atop_alliance_v5.1_ddyr.csv")
HUB = 7_000  # as bench_query's generated stores


def written(store: Path, out: Path) -> dict[str, int]:
    """Each dataset graph of a store that imports wrote, as N-Quads files in ``out`` (what the floor loads)."""
    from pyoxigraph import NamedNode, RdfFormat, Store, serialize

    opened = Store.read_only(str(store / "db"))
    sizes = {}
    for graph in opened.named_graphs():
        if isinstance(graph, NamedNode) and graph.value.rsplit("/", 1)[-1].startswith(("ucdp-", "atop-")):
            key = graph.value.rsplit("/", 1)[-1]
            serialize(opened.quads_for_pattern(None, None, None, graph), str(out / f"{key}.nq"), RdfFormat.N_QUADS)
            sizes[key] = (out / f"{key}.nq").stat().st_size
    return sizes


def importer_nquads(kind: str, source: Path, out: Path) -> None:
    """The N-Quads an import of ``source`` into a new store writes, from the importer itself."""
    from actorgraph.sources import reader

    with out.open("w", encoding="utf-8") as handle:
        reader(kind)(source, None).write(handle.write)


def three(
    name: str, ours: Runs, floor: Runs, wall: float | None, rss: float | None, ratio: float | None = None
) -> list[Figure]:
    """Wall, cpu and peak memory of an import beside its floor (``ratio``: the wall ratio it should stay under)."""
    return [
        Figure(name, ours, floor, "bulk_load", ratio, "wall", wall),
        Figure(name, ours, floor, "bulk_load", None, "cpu"),
        Figure(name, ours, floor, "bulk_load", None, "rss", rss),
    ]


def fresh(*paths: Path) -> None:
    """Remove stores, and write out what the last command left to the disk, so the next one does not pay for it."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    os.sync()


def ucdp(work: Path, rounds: int, environment: dict[str, str]) -> list[Figure]:
    """The four UCDP imports in turn into one store; the floor bulk-loads each one's N-Quads in turn into one."""
    store, db = work / "ucdp", work / "ucdp-floor"
    for kind, path in UCDP:  # once, to know what each writes (the actor list's names reach the others)
        run([*actorgraph(), "import", kind, str(path), "--store", str(store)], environment)
    sizes = written(store, work)
    print("UCDP N-Quads: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))
    graph = {kind: next(k for k in sizes if k.startswith(kind + "-")) for kind, _ in UCDP}
    commands: dict[str, list[str]] = {}
    for kind, path in UCDP:
        commands[f"import {kind}"] = [*actorgraph(), "import", kind, str(path), "--store", str(store)]
        commands[f"floor {kind}"] = bulk_load(work / f"{graph[kind]}.nq", db)
    runs = paired(commands, rounds, environment, warm_up=False, before_round=lambda: fresh(store, db), show=True)
    found = [
        Figure(f"UCDP {kind}", runs[f"import {kind}"], runs[f"floor {kind}"], "bulk_load", None) for kind, _ in UCDP
    ]
    ours = total([runs[f"import {kind}"] for kind, _ in UCDP])
    floor = total([runs[f"floor {kind}"] for kind, _ in UCDP])
    return [*found, *three("UCDP Actor list + ESD + ACD + Dyadic, four imports", ours, floor, 10.0, None)]


def question(work: Path, rounds: int, environment: dict[str, str]) -> list[Figure]:
    """who-backed over the last UCDP store with the bundled claims imported too (no floor: the answer merges
    the curated actor with the UCDP ones it stands for)."""
    store = work / "ucdp"
    claims = sorted(str(p) for p in (REPO / "actorgraph" / "data" / "syria").glob("*.toml"))
    run([*actorgraph(), "import", "claims", *claims, "--store", str(store)], environment)
    cmd = [*actorgraph(), "who-backed", "Syrian government", "--in", "2016", "--store", str(store), "--brief"]
    runs = paired({"who-backed": cmd}, rounds, environment)
    print(
        f"\n$ actorgraph who-backed 'Syrian government' --in 2016 --store UCDP+CLAIMS --brief\n{runs['who-backed'].out}"
    )
    return [Figure("who-backed 'Syrian government' 2016, UCDP + claims", runs["who-backed"], None, "", None)]


def one_import(
    name: str,
    kind: str,
    source: Path,
    nquads: Path,
    work: Path,
    rounds: int,
    environment: dict[str, str],
    *,
    wall: float | None,
    rss: float,
) -> list[Figure]:
    """One import into a new store beside bulk_load of ``nquads`` into a new store, alternating which runs first.

    An import of over ``_LARGE`` bytes ends by compacting the store (questions read a compacted store
    about twice as fast), which bulk_load alone does not: its wall time is also given beside bulk_load
    followed by the same compaction, the same work.
    """
    from actorgraph.store.imports import _LARGE

    store, db, compacted = work / f"{kind}-store", work / f"{kind}-floor", work / f"{kind}-floor-compacted"
    commands = {
        "import": [*actorgraph(), "import", kind, str(source), "--store", str(store)],
        "floor": bulk_load(nquads, db),
    }
    compacts = nquads.stat().st_size > _LARGE
    if compacts:
        commands["floor, compacted"] = bulk_load(nquads, compacted, optimize=True)
    runs = paired(
        commands,
        rounds,
        environment,
        warm_up=False,
        alternate=True,
        before_round=lambda: fresh(store, db, compacted),
        show=True,
    )
    fresh(store, db, compacted)
    found = three(name, runs["import"], runs["floor"], wall, rss, 1.3)
    if compacts:
        found.append(Figure(name, runs["import"], runs["floor, compacted"], "bulk_load + optimize", None))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", type=int, default=0, help="relations of the generated graph (0: none)")
    parser.add_argument("--generated-rounds", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma-separated: ucdp, atop")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    print(f"machine: {machine()}")
    missing = [str(p) for _, p in [*UCDP, ATOP] if not p.is_file()]
    if missing:
        print(f"the shared data is not here ({', '.join(missing)}): only the generated graph is measured")
        skip |= {"ucdp", "atop"}
    found: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = Path(tmp)
        environment = env(work / "cache")
        if "ucdp" not in skip:
            found += ucdp(work, args.rounds, environment)
            found += question(work, args.rounds, environment)
            fresh(work / "ucdp", work / "ucdp-floor")
        if "atop" not in skip:
            statements = work / "atop.nq"
            importer_nquads(*ATOP, statements)
            print(f"\nATOP 5.1: {statements.stat().st_size / 1e6:,.0f} MB of N-Quads")
            found += one_import(
                "ATOP 5.1 import (273,296 rows)", *ATOP, statements, work, args.rounds, environment, wall=60, rss=1024
            )
            statements.unlink()
        if args.generated:
            data = work / "generated.nq"
            generate(args.generated, 5_000, data, hub=HUB)
            label = f"{args.generated:,} generated relations, import rdf"
            print(f"\n{label}: {data.stat().st_size / 1e6:,.0f} MB of N-Quads")
            found += one_import(label, "rdf", data, data, work, args.generated_rounds, environment, wall=None, rss=3072)
    rounds = f"{args.rounds} rounds" + (f" ({args.generated_rounds} for the generated graph)" if args.generated else "")
    print_table(found, f"medians of {rounds}, fresh processes, fresh stores; machine: {machine()}")


if __name__ == "__main__":
    main()
