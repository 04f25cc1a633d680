"""Every read-path figure of issue 16 in one run, each as a ratio to its floor.

- bundled cold lookup against `python -c pass` and against a bare pyoxigraph script (bench_query.py);
- 100k relations, typical and hub question against the bare script over the same store (bench_query.py);
- 1M relations, hub question, wall and cpu (bench_scale.py);
- the diagram page at 1,000 actors / 5,000 relations against a direct pyvis page (bench_diagram.py);
- a question over --endpoint on a UCDP-sized store against the same question run locally (bench_remote.py).

    python benchmarks/bench_read.py [--rounds 7] [--large 1000000] [--work DIR]

--work keeps the generated stores between runs (the 1M import takes minutes); --large 0 leaves the
1M figure out. Medians of paired, interleaved rounds of fresh processes (see paired.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_diagram  # noqa: E402
import bench_query  # noqa: E402
import bench_remote  # noqa: E402
import bench_scale  # noqa: E402
from paired import Figure, machine, print_table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000, help="relations of the large store (0: none)")
    parser.add_argument("--work", type=Path, help="keep the generated stores here between runs")
    args = parser.parse_args()
    print(f"machine: {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        figures: list[Figure] = bench_query.bundled_figures(work, args.rounds)
        store = bench_query.generated_store(work, args.relations)
        label = f"{args.relations // 1000}k relations"
        figures += bench_query.store_figures(store, args.rounds, label, {"typical wall": 2.0, "hub wall": 1.2})
        if args.large:
            figures += bench_scale.figures(work, args.large, args.rounds)
        figures += bench_diagram.figures(work, args.rounds, 1000, 5000)
        figures += bench_remote.ucdp_figures(work, args.rounds)
    print_table(figures, f"medians of {args.rounds} paired rounds, fresh processes; machine: {machine()}")


if __name__ == "__main__":
    main()
