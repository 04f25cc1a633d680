"""Cold `actorgraph who-backed` beside its floor: the bundled dataset and a generated graph of 100k relations.

Figures (medians of paired, interleaved fresh processes; see paired.py):

- bundled `who-backed "Syrian government" --in 2016` against `python -c pass`, and against a bare
  pyoxigraph script that loads the exported N-Quads into memory and asks the same question in one
  SPARQL query (the rows with their actors and sources, written as JSON);
- 100k generated relations in an on-disk store (made by `actorgraph import rdf`): a typical
  question and the hub's (A0, over 2,000 rows), each against the bare script over the same store.

Run: python benchmarks/bench_query.py [--relations 100000] [--rounds 9] [--work DIR]
(--work keeps the generated store between runs.)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from paired import FLOOR_QUESTION, Figure, actorgraph, env, machine, paired, print_table, timed  # noqa: E402

__all__ = ["bundled_figures", "main", "store_figures", "generated_store"]

ACTOR = "https://w3id.org/actorgraph/actor/"
HUB = 7_000  # relations supporting A0: over 2,000 of them possibly during 2016
TYPICAL = "A700"


def bundled_figures(work: Path, rounds: int) -> list[Figure]:
    """The bundled lookup against `python -c pass` and against the bare pyoxigraph script."""
    environment = env(work / "cache")
    floor = work / "floor_question.py"
    floor.write_text(FLOOR_QUESTION, encoding="utf-8")
    nquads = work / "syria.nq"
    timed([*actorgraph(), "export", "--format", "nquads", "-o", str(nquads)], environment)
    question = [*actorgraph(), "who-backed", "Syrian government", "--in", "2016"]
    runs = paired(
        {
            "pass": [sys.executable, "-c", "pass"],
            "ours": question,
            "floor": [sys.executable, str(floor), str(nquads), ACTOR + "assad-government", "2016-01-01", "2016-12-31"],
        },
        rounds,
        environment,
    )
    name = 'bundled cold who-backed "Syrian government" --in 2016'
    return [
        Figure(name, runs["ours"], runs["pass"], "python -c pass", 6.0),
        Figure(name, runs["ours"], runs["floor"], "pyoxigraph, N-Quads in memory + SPARQL", None),
    ]


def generated_store(work: Path, relations: int) -> Path:
    """A store of ``relations`` generated relations made by `actorgraph import rdf` (kept in ``work``)."""
    store = work / f"store-{relations}"
    if (store / "actorgraph-store.json").is_file():
        print(f"reusing {store}")
        return store
    data = work / f"generated-{relations}.nq"
    t0 = time.perf_counter()
    generate(relations, 5_000, data, hub=HUB)
    print(f"generated {relations:,} relations in {time.perf_counter() - t0:.1f} s", flush=True)
    wall, _, out = timed([*actorgraph(), "import", "rdf", str(data), "--store", str(store)], env(work / "cache"))
    print(f"{out.strip()} ({wall:.1f} s)", flush=True)
    data.unlink()
    return store


def store_figures(store: Path, rounds: int, label: str, targets: dict[str, float | None]) -> list[Figure]:
    """The typical and the hub question over a store, each against the bare script over the same store."""
    environment = env(store.parent / "cache")
    floor = store.parent / "floor_question.py"
    floor.write_text(FLOOR_QUESTION, encoding="utf-8")
    db = str(store / "db")
    commands = {}
    for actor in (TYPICAL, "A0"):
        commands[f"ours {actor}"] = [
            *actorgraph(),
            "who-backed",
            actor,
            "--in",
            "2016",
            "--store",
            str(store),
            "--format",
            "json",
        ]
        commands[f"floor {actor}"] = [sys.executable, str(floor), db, ACTOR + actor, "2016-01-01", "2016-12-31"]
    runs = paired(commands, rounds, environment)
    figures = []
    for actor, what in ((TYPICAL, "typical"), ("A0", "hub")):
        answer = json.loads(runs[f"ours {actor}"].out)
        rows = len(answer["rows"] if isinstance(answer, dict) else answer)
        for measure in ("wall", "cpu") if targets.get(f"{what} cpu") else ("wall",):
            figures.append(
                Figure(
                    f"{label}, {what} question ({actor}, {rows:,} rows)",
                    runs[f"ours {actor}"],
                    runs[f"floor {actor}"],
                    "pyoxigraph, same store, one SPARQL query",
                    targets.get(f"{what} {measure}"),
                    measure,
                )
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--work", type=Path, help="keep the generated store here between runs")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        figures = bundled_figures(work, args.rounds)
        store = generated_store(work, args.relations)
        label = f"{args.relations // 1000}k relations"
        figures += store_figures(store, args.rounds, label, {"typical wall": 2.0, "hub wall": 1.2})
    print_table(figures, f"medians of {args.rounds} paired rounds, fresh processes")


if __name__ == "__main__":
    main()
