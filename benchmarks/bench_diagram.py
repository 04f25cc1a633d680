"""The diagram page beside a direct pyvis page of the same graph: 1,000 actors, 5,000 relations (and the bundled data).

`actorgraph diagram -o page.html` (a fresh process: the claims compiled once, then loaded; every
relation read in one answer; the layout; the page with vis-network inlined) against a bare script
that loads the same graph's N-Quads into pyoxigraph, reads the relations in one SPARQL query and
writes a pyvis page with vis-network inlined. Medians of paired rounds (see paired.py). With
--draw, also the time to the first frame in headless Chromium, and the layout alone.

    python benchmarks/bench_diagram.py [--rounds 7] [--actors 1000] [--relations 5000] [--draw]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from paired import Figure, actorgraph, env, machine, paired, print_table, timed  # noqa: E402

__all__ = ["PYVIS_PAGE", "figures", "generate_claims", "main"]

CHROMIUM = "/usr/bin/chromium"
TYPES = ["state", "government", "armed-group", "coalition", "aggregate", "igo"]
KINDS = ["support"] * 5 + ["opposition"] * 4 + ["agreement"] * 2 + ["membership"]

#: the floor: pyoxigraph and pyvis alone. argv: the graph's N-Quads, the page to write.
PYVIS_PAGE = r'''
import sys
from pyoxigraph import RdfFormat, Store
from pyvis.network import Network
store = Store()
store.load(path=sys.argv[1], format=RdfFormat.N_QUADS, lenient=True)
query = """
PREFIX ag: <https://w3id.org/actorgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?alabel ?b ?blabel ?kind ?colour WHERE {
  ?rel ag:actor ?a ; ag:target ?b ; a ?kind . ?kind rdfs:subClassOf ag:Relation ; ag:colour ?colour .
  ?a skos:prefLabel ?alabel . ?b skos:prefLabel ?blabel .
}"""
net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
seen = set()
for row in store.query(query, use_default_graph_as_union=True):
    for node, label in ((row["a"].value, row["alabel"].value), (row["b"].value, row["blabel"].value)):
        if node not in seen:
            seen.add(node)
            net.add_node(node, label=label)
    net.add_edge(row["a"].value, row["b"].value, title=row["kind"].value.rsplit("#", 1)[-1], color=row["colour"].value)
net.write_html(sys.argv[2])
'''


def generate_claims(path: Path, actors: int, relations: int, seed: int = 1) -> None:
    """A claims file of made-up actors and dated, sourced relations between them (a hub-and-spokes mix)."""
    rng = random.Random(seed)
    out = []
    for s in range(50):
        out.append(
            f'[[source]]\nid = "gen-source-{s}"\npublisher = "Generated"\ntitle = "Generated source {s}"\n'
            f'date = "{rng.randint(2012, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"\n'
            f'url = "https://example.org/{s}"\n'
        )
    for a in range(actors):
        out.append(f'[[actor]]\nid = "gen-{a}"\nlabel = "Actor {a:04d}"\ntype = "{rng.choice(TYPES)}"\n')
    for r in range(relations):
        a = rng.randrange(actors)
        b = rng.randrange(actors) if rng.random() < 0.7 else rng.randrange(min(actors, 30))  # some hubs
        if a == b:
            b = (a + 1) % actors
        kind = rng.choice(KINDS)
        start = rng.randint(2011, 2024)
        lines = [
            f'[[relation]]\nid = "gen-rel-{r}"\nkind = "{kind}"\nactor = "gen-{a}"\ntarget = "gen-{b}"\n'
            f'start = "{start}"\ncertainty = "{"alleged" if rng.random() < 0.15 else "confirmed"}"\n'
        ]
        if rng.random() < 0.7:
            lines.append(f'end = "{rng.randint(start, 2025)}"\n')
        if kind == "support":
            lines.append(f'types = ["{rng.choice(["weapons", "funding", "training", "diplomatic"])}"]\n')
        if kind == "opposition":
            lines.append('mode = "fighting"\n')
        if kind == "agreement":
            lines.append('agreement = "generated agreement"\n')
        source = f"gen-source-{rng.randrange(50)}"
        lines.append(f'\n[[relation.cite]]\nsource = "{source}"\nquote = "Generated claim {r}."\n')
        out.append("".join(lines))
    path.write_text("\n".join(out), encoding="utf-8")


def figures(work: Path, rounds: int, actors: int, relations: int) -> list[Figure]:
    """The page beside the pyvis page, for the bundled data and a generated graph."""
    environment = env(work / "cache")
    floor = work / "pyvis_page.py"
    floor.write_text(PYVIS_PAGE, encoding="utf-8")
    claims = work / f"generated-{actors}-{relations}.toml"
    generate_claims(claims, actors, relations)
    found = []
    for name, data in (
        ("bundled", []),
        (f"{actors:,} actors / {relations:,} relations", ["--no-bundled", "--data", str(claims)]),
    ):
        nquads = work / f"diagram-{len(found)}.nq"
        timed([*actorgraph(), "export", *data, "--format", "nquads", "-o", str(nquads)], environment)
        runs = paired(
            {
                "ours": [*actorgraph(), "diagram", *data, "-o", str(work / "ours.html")],
                "floor": [sys.executable, str(floor), str(nquads), str(work / "pyvis.html")],
            },
            rounds,
            environment,
        )
        target = 1.5 if data else None
        found.append(Figure(f"diagram page, {name}", runs["ours"], runs["floor"], "a direct pyvis page", target))
        print(f"diagram page, {name}: first run (compiling the claims, keeping the rows) {runs['ours'].first:.2f} s")
    return found


def _layout_time(actors: int, relations: int, repeat: int = 5) -> float:
    from actorgraph.present.page import layout

    rng = random.Random(1)
    nodes = [f"n{i}" for i in range(actors)]
    links = [(f"n{rng.randrange(actors)}", f"n{rng.randrange(actors)}", 1.0) for _ in range(relations)]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        layout(nodes, links)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _draw(path: Path, repeat: int) -> float | None:
    """Median seconds from navigation to the first frame the page drew in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    first = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_function("window.actorgraph && window.actorgraph.status.drawn", timeout=60000)
            first.append(page.evaluate("window.actorgraph.status.firstDraw") / 1000)
            context.close()
        browser.close()
    return statistics.median(first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--actors", type=int, default=1000)
    parser.add_argument("--relations", type=int, default=5000)
    parser.add_argument("--draw", action="store_true", help="also time the first frame in headless Chromium")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="actorgraph-bench-") as tmp:
        work = Path(tmp)
        found = figures(work, args.rounds, args.actors, args.relations)
        print_table(found, f"medians of {args.rounds} paired rounds, fresh processes")
        print(
            f"\nlayout alone, {args.actors:,} actors / {args.relations:,} links: "
            f"{_layout_time(args.actors, args.relations):.2f} s (target < 0.5 s)"
        )
        if args.draw:
            drawn = _draw(work / "ours.html", 3)
            shown = "skipped (no playwright or no Chromium)" if drawn is None else f"{drawn:.2f} s"
            print(f"first frame of the page in headless Chromium: {shown}")


if __name__ == "__main__":
    main()
