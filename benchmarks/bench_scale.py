"""Scale benchmark: import a generated graph of N support relations, then ask who-backed cold from the store.

Usage: python benchmarks/bench_scale.py [N] (default 1,000,000). Prints a table of figures against the targets.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["generate", "main"]

REPO = Path(__file__).resolve().parent.parent
AG = "https://w3id.org/actorgraph/ns#"
ACTOR = "https://w3id.org/actorgraph/actor/"
REL = "https://w3id.org/actorgraph/relation/"
SRC = "https://w3id.org/actorgraph/source/"
GRAPH = "<https://w3id.org/actorgraph/graph/synthetic>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"
ACTORS = 5_000
SOURCES = 1_000


def generate(path: Path, relations: int, seed: int = 1) -> None:
    """Write N support relations in the graph's model (dated, sourced) between ACTORS actors; A0 is a hub."""
    rnd = random.Random(seed)
    hub_share = 7_000 / max(relations, 1)  # about 7,000 relations into A0, over 2,000 of them possibly during 2016
    with path.open("w", encoding="utf-8") as out:
        w = out.write
        for a in range(ACTORS):
            node = f"<{ACTOR}A{a}>"
            w(f"{node} {TYPE} <{AG}ArmedGroup> {GRAPH} .\n{node} {TYPE} <{AG}Actor> {GRAPH} .\n")
            w(f'{node} <http://www.w3.org/2004/02/skos/core#prefLabel> "A{a}" {GRAPH} .\n')
            w(f'{node} <http://purl.org/dc/terms/identifier> "A{a}" {GRAPH} .\n')
        for s in range(SOURCES):
            node = f"<{SRC}syn-{s}>"
            w(f"{node} {TYPE} <{AG}Source> {GRAPH} .\n")
            w(f'{node} <http://purl.org/dc/terms/title> "Synthetic source {s}" {GRAPH} .\n')
            w(f'{node} <http://purl.org/dc/terms/publisher> "actorgraph benchmark" {GRAPH} .\n')
            w(f'{node} <http://purl.org/dc/terms/date> "2024-01-01"{DATE} {GRAPH} .\n')
        for i in range(relations):
            r = f"<{REL}syn-{i}>"
            target = 0 if rnd.random() < hub_share else rnd.randrange(1, ACTORS)
            actor = rnd.randrange(1, ACTORS)
            year = rnd.randrange(1946, 2024)
            w(f"{r} {TYPE} <{AG}Support> {GRAPH} .\n{r} {TYPE} <{AG}Relation> {GRAPH} .\n"
              f"{r} <{AG}actor> <{ACTOR}A{actor}> {GRAPH} .\n{r} <{AG}target> <{ACTOR}A{target}> {GRAPH} .\n"
              f"{r} <{AG}certainty> <{AG}Confirmed> {GRAPH} .\n"
              f'{r} <{AG}start> "{year}-01-01"{DATE} {GRAPH} .\n{r} <{AG}latestStart> "{year}-12-31"{DATE} {GRAPH} .\n'
              f"{r} <{AG}startPrecision> <{AG}Year> {GRAPH} .\n")
            if rnd.random() < 0.7:
                end = year + rnd.randrange(0, 10)
                w(f'{r} <{AG}earliestEnd> "{end}-01-01"{DATE} {GRAPH} .\n{r} <{AG}end> "{end}-12-31"{DATE} {GRAPH} .\n'
                  f"{r} <{AG}endPrecision> <{AG}Year> {GRAPH} .\n")
            w(f"{r} <http://www.w3.org/ns/prov#wasDerivedFrom> <{SRC}syn-{rnd.randrange(SOURCES)}> {GRAPH} .\n")


def run(*args: str) -> tuple[float, float, str]:
    """Run ``actorgraph ARGS`` in a fresh process: wall seconds, peak RSS in MB, stdout."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "actorgraph", *args], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
        generate(data, relations)
        size = data.stat().st_size / 1e6
        print(f"generated {relations:,} relations ({size:,.0f} MB N-Quads) in {time.perf_counter() - t:.1f} s")
        seconds, rss, out = run("import", "rdf", str(data), "--store", str(store))
        print(out.strip())
        figures = [("import", seconds, 60.0, "s"), ("import peak RSS", rss / 1024, 3.0, "GB")]
        for name, label, target in (("A0", "who-backed hub, cold", 1.0), ("A700", "who-backed typical, cold", 0.3)):
            cache = drop_caches()
            seconds, _, out = run("who-backed", name, "--in", "2016", "--store", str(store), "--format", "json")
            rows = json.loads(out)
            count = len(rows["rows"] if isinstance(rows, dict) else rows)
            figures.append((f"{label} ({name}: {count:,} rows; {cache})", seconds, target, "s"))
    print(f"\n{relations:,} relations")
    print(f"{'figure':<72} {'measured':>10} {'target':>8} {'ratio':>6}")
    for name, value, target, unit in figures:
        print(f"{name:<72} {value:>8.2f} {unit:<2}{target:>6.1f} {unit:<2}{value / target:>5.2f}")


if __name__ == "__main__":
    main()
