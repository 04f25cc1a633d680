"""Scale benchmark: import a generated graph of N support relations, then ask who-backed cold from the store.

Usage: python benchmarks/bench_scale.py [N] [ROUNDS] (default 1,000,000 relations, 3 rounds). The import is
measured against its floor, Oxigraph's own ``Store.bulk_load`` of the same N-Quads, in paired rounds
(benchmarks/floor.py). Prints a table of figures against the targets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import paired  # noqa: E402
from generate import generate  # noqa: E402

HUB = 7_000  # relations supporting A0: over 2,000 of them possibly during 2016


def run(*args: str) -> tuple[float, float, str]:
    """Run ``actorgraph ARGS`` in a fresh process: wall seconds, peak RSS in MB, stdout."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "actorgraph", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = child.communicate()
    _, status, usage = os.wait4(child.pid, 0) if child.returncode is None else (0, 0, None)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 3):
        raise SystemExit(f"actorgraph {' '.join(args)} failed: {stderr.strip()}")
    rss = usage.ru_maxrss / 1024 if usage else _children_rss()
    return seconds, rss, stdout


def _children_rss() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def drop_caches() -> str:
    """Ask the kernel to drop the page cache (root only), so 'cold' means cold; say whether it could."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "page cache dropped"
    except OSError:
        return "page cache not dropped (not root): a fresh process only"


def main() -> None:
    relations = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        data, store = Path(tmp) / "synthetic.nq", Path(tmp) / "store"
        t = time.perf_counter()
        generate(relations, 5_000, data, hub=HUB)
        size = data.stat().st_size / 1e6
        print(f"generated {relations:,} relations ({size:,.0f} MB N-Quads) in {time.perf_counter() - t:.1f} s")
        rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
        imports = paired("rdf", data, data, rounds, keep=store)
        imports.print(f"import of {relations:,} relations")
        figures = [
            ("import (median of paired rounds)", imports.median("ours", "wall"), 60.0, "s"),
            ("import peak RSS", imports.median("ours", "rss") / 1024, 3.0, "GB"),
        ]
        for name, label, target in (("A0", "who-backed hub", 1.0), ("A700", "who-backed typical", 0.3)):
            cache = drop_caches()
            args = ("who-backed", name, "--in", "2016", "--store", str(store), "--format", "json")
            seconds, _, out = run(*args)
            rows = json.loads(out)
            count = len(rows["rows"] if isinstance(rows, dict) else rows)
            figures.append((f"{label}, cold disk ({name}: {count:,} rows; {cache})", seconds, target, "s"))
            warm = sorted(run(*args)[0] for _ in range(3))[1]
            figures.append((f"{label}, fresh process, page cache warm (median of 3)", warm, target, "s"))
    print(f"\n{relations:,} relations")
    print(f"{'figure':<72} {'measured':>10} {'target':>8} {'ratio':>6}")
    for name, value, target, unit in figures:
        print(f"{name:<72} {value:>8.2f} {unit:<2}{target:>6.1f} {unit:<2}{value / target:>5.2f}")


if __name__ == "__main__":
    main()
