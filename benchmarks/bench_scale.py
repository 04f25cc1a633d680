"""At scale: 1M generated relations (12.5M statements) imported by `actorgraph import rdf`, then the hub question
beside its floor, in wall and in cpu time.

The floor is a bare pyoxigraph script asking the same question of the same store in one SPARQL query
(see paired.py). The store is opened read-only by both, as every question opens it.

Usage: python benchmarks/bench_scale.py [N] [--rounds 7] [--work DIR]   (N defaults to 1,000,000;
--work keeps the store between runs). Prints the import time (the import helper's figure) and the
read-path figures as ratios to their floors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_query import generated_store, store_figures  # noqa: E402
from paired import Figure, machine, print_table  # noqa: E402

__all__ = ["figures", "main"]

TARGETS: dict[str, float | None] = {"hub wall": 1.2, "hub cpu": 1.2, "typical wall": None, "typical cpu": None}


def figures(work: Path, relations: int, rounds: int) -> list[Figure]:
    """The typical and hub questions over a store of ``relations`` generated relations (made once in ``work``)."""
    store = generated_store(work, relations)
    label = f"{relations / 1e6:g}M relations" if relations >= 1_000_000 else f"{relations // 1000}k relations"
    return store_figures(store, rounds, label, TARGETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("relations", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the generated store here between runs")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        found = figures(work, args.relations, args.rounds)
    print_table(found, f"medians of {args.rounds} paired rounds, fresh processes, page cache warm")


if __name__ == "__main__":
    main()
