"""Import benchmark: the full UCDP files and ATOP from ../shared/data into fresh stores, and who-backed over them.

Usage: python benchmarks/bench_import.py. Prints each step and a table of figures against the targets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
UCDP = [
    ("ucdp-actor", DATA / "ucdp-actor" / "ucdp-actor-221.csv"),
    ("ucdp-esd", DATA / "ucdp-esd" / "ucdp-esd-ay-181.csv"),
    ("ucdp-acd", DATA / "ucdp-prio-acd" / "UcdpPrioConflict_v23_1.csv"),
    ("ucdp-dyadic", DATA / "ucdp-dyadic" / "Dyadic_v24_1.csv"),
]
ATOP = ("atop", DATA / "atop" / "atop_alliance_v5.1_ddyr.csv")


def run(*args: str) -> tuple[float, float, str, str]:
    """Run ``actorgraph ARGS`` in a fresh process: wall seconds, peak RSS in MB, stdout, stderr."""
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
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"actorgraph {' '.join(args)} failed ({code}): {err.strip()}")
    return seconds, usage.ru_maxrss / 1024, out, err


def main() -> None:
    missing = [str(p) for _, p in [*UCDP, ATOP] if not p.is_file()]
    if missing:
        print(f"the shared data is not here ({', '.join(missing)}): nothing to measure")
        return
    figures: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        store = str(Path(tmp) / "ucdp")
        total = 0.0
        for kind, path in UCDP:
            seconds, rss, out, err = run("import", kind, str(path), "--store", store)
            total += seconds
            reported = len(err.splitlines())
            note = f" ({reported} lines on stderr)" if reported else ""
            print(f"{kind:<12} {seconds:6.2f} s {rss:6.0f} MB  {out.strip()}{note}")
        figures.append(("ESD + ACD + Dyadic + Actor list, four imports", total, 10.0))
        seconds, rss, out, _ = run("import", ATOP[0], str(ATOP[1]), "--store", str(Path(tmp) / "atop"))
        print(f"{'atop':<12} {seconds:6.2f} s {rss:6.0f} MB  {out.strip()}")
        figures.append(("ATOP 5.1 (273,296 rows)", seconds, 60.0))
        claims = sorted(str(p) for p in (REPO / "actorgraph" / "data" / "syria").glob("*.toml"))
        seconds, _, out, _ = run("import", "claims", *claims, "--store", store)
        print(f"{'claims':<12} {seconds:6.2f} s {'':>9}  {out.strip()}")
        for name, year in (("Syrian government", "2016"), ("syrian-opposition", "2012")):
            seconds, _, out, _ = run("who-backed", name, "--in", year, "--store", store, "--brief")
            print(f"\n$ actorgraph who-backed {name!r} --in {year} --store STORE --brief   ({seconds:.2f} s)\n{out}")
            figures.append((f"who-backed {name!r} {year}, combined store", seconds, 1.0))
    print(f"{'figure':<56} {'measured':>9} {'target':>8} {'ratio':>6}")
    for name, value, target in figures:
        print(f"{name:<56} {value:>7.2f} s {target:>6.1f} s {value / target:>6.2f}")


if __name__ == "__main__":
    main()
