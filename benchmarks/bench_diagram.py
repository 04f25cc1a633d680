"""Time to write the diagram page and to first draw it in Chromium, and to make the static figure.

Runs on the bundled data and on a generated graph of 1,000 actors and 5,000 relations.
Targets: page written in under 3 s and drawn in under 5 s at that size; the static figure in under 5 s.

    python benchmarks/bench_diagram.py [--repeat 5] [--actors 1000] [--relations 5000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actorgraph.present.page import diagram
from actorgraph.store.graph import ActorGraph, open_graph

__all__ = ["generate_claims", "main"]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TYPES = ["state", "government", "armed-group", "coalition", "aggregate", "igo"]
KINDS = ["support"] * 5 + ["opposition"] * 4 + ["agreement"] * 2 + ["membership"]


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


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


def _draw(path: Path, repeat: int) -> tuple[float, float, list[str]] | None:
    """Median seconds from navigation to the first frame the page drew, and to the page being ready."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    first, ready, problems = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
            page = context.new_page()
            page.on("pageerror", lambda e: problems.append(str(e)))
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.actorgraph && window.actorgraph.status.drawn", timeout=60000)
            ready.append(time.perf_counter() - t0)
            first.append(page.evaluate("window.actorgraph.status.firstDraw") / 1000)
            context.close()
        browser.close()
    return statistics.median(first), statistics.median(ready), problems


def _cli(args: list[str], repeat: int) -> float:
    def once() -> None:
        subprocess.run([sys.executable, "-m", "actorgraph", *args], check=True, capture_output=True)

    return _timed(once, repeat)[0]


def _report(name: str, graph: ActorGraph, folder: Path, repeat: int, cli_args: list[str]) -> None:
    year = 2016
    page_s, html = _timed(lambda: diagram(graph, "html", year=year), repeat)
    path = folder / f"{name}.html"
    path.write_bytes(html)
    svg_s, _ = _timed(lambda: diagram(graph, "svg", year=year), repeat)
    png_s, _ = _timed(lambda: diagram(graph, "png", year=year), repeat)
    cli_s = _cli(["diagram", *cli_args, "-o", str(folder / f"{name}-cli.html")], max(1, repeat // 2))
    print(f"\n{name}: {len(html) / 1e6:.2f} MB page")
    print(f"  page written (library, graph open):   {page_s:6.2f} s")
    print(f"  page written (CLI, fresh process):    {cli_s:6.2f} s")
    print(f"  static figure {year}, svg / png:       {svg_s:6.2f} s / {png_s:.2f} s")
    drawn = _draw(path, repeat)
    if drawn is None:
        print("  first draw in Chromium:               skipped (no playwright or no /usr/bin/chromium)")
    else:
        first, ready, problems = drawn
        print(
            f"  first draw in Chromium (from navigation start): {first:6.2f} s; "
            f"page ready as seen by the driver: {ready:.2f} s"
        )
        if problems:
            print(f"  page errors: {problems[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--actors", type=int, default=1000)
    parser.add_argument("--relations", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _report("bundled", open_graph(), folder, args.repeat, [])
        claims = folder / "generated.toml"
        generate_claims(claims, args.actors, args.relations)
        t0 = time.perf_counter()
        graph = open_graph([claims], bundled=False)
        print(
            f"\ngenerated graph: {args.actors} actors, {args.relations} relations; loading the claims took "
            f"{time.perf_counter() - t0:.2f} s (not counted below)"
        )
        name = f"generated-{args.actors}-{args.relations}"
        _report(name, graph, folder, args.repeat, ["--no-bundled", "--data", str(claims)])


if __name__ == "__main__":
    main()
