"""Score `actorgraph extract` against hand-coded gold claims, and time it on a ~2,000-word report.

    python benchmarks/bench_extract.py            # every report
    python benchmarks/bench_extract.py --verbose  # also each miss and false proposal

Gold: the seed report's claims (actorgraph/data/syria/report.toml, text in ../shared/seed/)
and the reports under benchmarks/extract/ (each *.gold.toml names its text file and date).
Scores are precision and recall on actor-relation-target triples (agreement read both ways;
"fighting" also scored both ways, since news prose and the gold state it either way), and on
the same triples with their quote and dates, or quote and certainty.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from actorgraph.extract import extract
from actorgraph.extract.candidates import Candidate
from actorgraph.sources.claims import read_claims
from actorgraph.store.graph import open_graph

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paired import user_env  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_f723742bf43aabc7.txt"
BENCH = REPO / "benchmarks" / "extract"


@dataclass(frozen=True)
class Gold:
    actor: str
    kind: str
    target: str
    mode: str | None
    start: str | None
    end: str | None
    certainty: str
    quote: str


def key(actor: str, kind: str, target: str, mode: str | None, *, fighting_both_ways: bool) -> tuple[str, ...]:
    both = kind == "agreement" or (fighting_both_ways and kind == "opposition" and mode == "fighting")
    a, b = sorted((actor, target)) if both else (actor, target)
    return (a, kind, b)


def read_gold(path: Path) -> tuple[list[Gold], dict[str, str]]:
    claims = read_claims([path])
    source = claims.sources[0].data
    gold = [
        Gold(
            r.data["actor"],
            r.data["kind"],
            r.data["target"],
            r.data.get("mode"),
            r.data.get("start"),
            r.data.get("end"),
            r.data["certainty"],
            c.data["quote"],
        )
        for r in claims.relations
        for c in r.cites
    ]
    return gold, source


def prf(found: set[tuple[str, ...]], gold: set[tuple[str, ...]]) -> tuple[float, float, int, int, int]:
    hits = len(found & gold)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(gold) if gold else 1.0
    return precision, recall, hits, len(found), len(gold)


def score(name: str, gold: list[Gold], found: list[Candidate], verbose: bool) -> dict[str, tuple[float, float]]:
    out = {}
    for label, both in (("triples", True), ("triples, fighting directed", False)):
        g = {key(x.actor, x.kind, x.target, x.mode, fighting_both_ways=both) for x in gold}
        f = {key(c.actor_id, c.relation, c.target_id, c.mode, fighting_both_ways=both) for c in found}
        out[label] = prf(f, g)
        if verbose and both:
            for miss in sorted(g - f):
                print(f"    miss:  {' '.join(miss)}")
            for extra in sorted(f - g):
                quotes = [
                    c.quote[:90]
                    for c in found
                    if key(c.actor_id, c.relation, c.target_id, c.mode, fighting_both_ways=True) == extra
                ]
                print(f"    false: {' '.join(extra)}   “{quotes[0]}…”")
    g_dates = {
        (*key(x.actor, x.kind, x.target, x.mode, fighting_both_ways=True), x.quote, x.start or "", x.end or "")
        for x in gold
    }
    f_dates = {
        (
            *key(c.actor_id, c.relation, c.target_id, c.mode, fighting_both_ways=True),
            c.quote,
            c.start or "",
            c.end or "",
        )
        for c in found
    }
    out["triple + quote + dates"] = prf(f_dates, g_dates)
    g_cert = {(*key(x.actor, x.kind, x.target, x.mode, fighting_both_ways=True), x.quote, x.certainty) for x in gold}
    f_cert = {
        (*key(c.actor_id, c.relation, c.target_id, c.mode, fighting_both_ways=True), c.quote, c.certainty)
        for c in found
    }
    out["triple + quote + certainty"] = prf(f_cert, g_cert)
    if verbose:
        for miss in sorted(g_dates - f_dates):
            same = [f for f in f_dates if f[:4] == miss[:4]]
            if same:
                print(
                    f"    date:  {' '.join(miss[:3])}: gold {miss[4] or '-'}..{miss[5] or '-'}, "
                    f"proposed {same[0][4] or '-'}..{same[0][5] or '-'}  “{miss[3][:60]}…”"
                )
    print(f"\n{name}")
    for label, (p, r, hits, n_found, n_gold) in out.items():
        print(f"  {label:28} precision {p:.2f} ({hits}/{n_found})   recall {r:.2f} ({hits}/{n_gold})")
    return {k: v[:2] for k, v in out.items()}


#: a user's shell (benchmarks/paired.py says what that is)
USER_ENV = user_env()


def speed() -> None:
    """Extract a ~2,000-word report in a fresh process: spaCy's import and pipeline build included."""
    texts = [SEED.read_text(encoding="utf-8")] if SEED.is_file() else []
    texts += [p.read_text(encoding="utf-8") for p in sorted(BENCH.glob("*.txt"))]
    paragraphs = [p for t in texts for p in t.split("\n\n") if p.strip()]
    words, parts = 0, []
    while words < 2000:
        for paragraph in paragraphs:
            if words >= 2000:
                break
            parts.append(paragraph)
            words += len(paragraph.split())
    report = Path("/tmp/actorgraph-bench-2000-words.txt")
    report.write_text("\n\n".join(parts), encoding="utf-8")
    code = (
        "import time\nfrom actorgraph.store.graph import open_graph\ng = open_graph()\n"
        "t = time.perf_counter()\nfrom actorgraph.extract import extract\n"
        f"text = open({str(report)!r}, encoding='utf-8').read()\n"
        "found = extract(text, '2024-11-29', g)\n"
        "cold = time.perf_counter() - t\nt = time.perf_counter()\nextract(text, '2024-11-29', g)\n"
        "print(cold, time.perf_counter() - t, len(found))\n"
    )
    runs, warm = [], []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=USER_ENV)
        runs.append(float(proc.stdout.split()[0]))
        warm.append(float(proc.stdout.split()[1]))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "actorgraph", "extract", str(report), "--date", "2024-11-29", "--format", "json"],
        capture_output=True,
        check=True,
        env=USER_ENV,
    )
    command = time.perf_counter() - start
    print(f"\nSpeed on a {words:,}-word report (fresh process; spaCy import and pipeline build included):")
    print(f"  extract(), graph open: median {sorted(runs)[1]:.2f} s of 3 (target < 2 s)")
    print(f"  the same report again in that process (spaCy loaded, pipeline built): median {sorted(warm)[1]:.2f} s")
    print(f"  actorgraph extract command, whole process with the bundled graph: {command:.2f} s")


def main() -> None:
    verbose = "--verbose" in sys.argv
    graph = open_graph()
    if SEED.is_file():
        gold, _ = read_gold(REPO / "actorgraph" / "data" / "syria" / "report.toml")
        found = extract(SEED.read_text(encoding="utf-8"), "2024-11-29", graph)
        score(f"Seed report (AP, 2024-11-29): {len(found)} candidates", gold, list(found), verbose)
    else:
        print(f"The seed report is not at {SEED}: its score is skipped.")
    pooled_gold: list[Gold] = []
    pooled_found: list[Candidate] = []
    for path in sorted(BENCH.glob("*.gold.toml")):
        gold, source = read_gold(path)
        text = (BENCH / source["text"]).read_text(encoding="utf-8")
        found = list(extract(text, source["date"], graph))
        score(f"{source['publisher']}, {source['date']}: {len(found)} candidates", gold, found, verbose)
        pooled_gold += gold
        pooled_found += found
    score("Added reports, pooled", pooled_gold, pooled_found, False)
    speed()


if __name__ == "__main__":
    main()
