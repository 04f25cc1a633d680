"""Import benchmark: the full UCDP files and ATOP from ../shared/data into fresh stores, and who-backed over them.

Usage: python benchmarks/bench_import.py [ROUNDS] (default 3). ATOP's import is measured against its floor,
Oxigraph's own ``Store.bulk_load`` of the N-Quads the import writes, in paired rounds (benchmarks/floor.py).
Prints each step and a table of figures against the targets.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import REPO, actorgraph, paired  # noqa: E402

__all__ = ["main"]

DATA = REPO.parent / "shared" / "data"
UCDP = [
    ("ucdp-actor", DATA / "ucdp-actor" / "ucdp-actor-221.csv"),
    ("ucdp-esd", DATA / "ucdp-esd" / "ucdp-esd-ay-181.csv"),
    ("ucdp-acd", DATA / "ucdp-prio-acd" / "UcdpPrioConflict_v23_1.csv"),
    ("ucdp-dyadic", DATA / "ucdp-dyadic" / "Dyadic_v24_1.csv"),
]
ATOP = ("atop", DATA / "atop" / "atop_alliance_v5.1_ddyr.csv")


def nquads(kind: str, source: Path, out: Path) -> None:
    """The N-Quads an import of ``source`` writes (the floor bulk-loads the same statements)."""
    from actorgraph.sources import reader

    with out.open("w", encoding="utf-8") as handle:
        reader(kind)(source, None).write(handle.write)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    missing = [str(p) for _, p in [*UCDP, ATOP] if not p.is_file()]
    if missing:
        print(f"the shared data is not here ({', '.join(missing)}): nothing to measure")
        return
    figures: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        store = str(Path(tmp) / "ucdp")
        total = 0.0
        for kind, path in UCDP:
            got = actorgraph("import", kind, str(path), "--store", store)
            total += got.wall
            reported = len(got.err.splitlines())
            note = f" ({reported} lines on stderr)" if reported else ""
            print(f"{kind:<12} {got.wall:6.2f} s {got.rss:6.0f} MB  {got.out.strip()}{note}")
        figures.append(("ESD + ACD + Dyadic + Actor list, four imports", total, 10.0, "s"))

        statements = Path(tmp) / "atop.nq"
        nquads(*ATOP, statements)
        print(
            f"\nATOP 5.1: {ATOP[1].name} against bulk_load of its {statements.stat().st_size / 1e6:,.0f} MB of N-Quads"
        )
        atop = paired(*ATOP, statements, rounds)
        atop.print("ATOP 5.1 import (273,296 rows)")
        figures.append(("ATOP 5.1 import", atop.median("ours", "wall"), 60.0, "s"))
        figures.append(("ATOP 5.1 import, peak memory", atop.median("ours", "rss") / 1024, 1.0, "GB"))

        claims = sorted(str(p) for p in (REPO / "actorgraph" / "data" / "syria").glob("*.toml"))
        got = actorgraph("import", "claims", *claims, "--store", store)
        print(f"\n{'claims':<12} {got.wall:6.2f} s {'':>9}  {got.out.strip()}")
        for name, year in (("Syrian government", "2016"), ("syrian-opposition", "2012")):
            got = actorgraph("who-backed", name, "--in", year, "--store", store, "--brief")
            print(
                f"\n$ actorgraph who-backed {name!r} --in {year} --store STORE --brief   ({got.wall:.2f} s)\n{got.out}"
            )
            figures.append((f"who-backed {name!r} {year}, combined store", got.wall, 1.0, "s"))
    print(f"{'figure':<56} {'measured':>10} {'target':>8} {'ratio':>6}")
    for name, value, target, unit in figures:
        print(f"{name:<56} {value:>8.2f} {unit:<2}{target:>6.1f} {unit:<2}{value / target:>5.2f}")


if __name__ == "__main__":
    main()
