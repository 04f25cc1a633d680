"""Generate a synthetic graph in actorgraph's model (N-Quads), for benchmarks at scale.

Actor A0 is a hub that many actors support; the rest of the relations are spread at random.
Each relation is a node with kind, actor, target, dated bounds with precision, certainty and a
source, like the curated claims (without quotes: generated data has no text to quote).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

AG = "https://w3id.org/actorgraph/ns#"
ACTOR = "https://w3id.org/actorgraph/actor/"
REL = "https://w3id.org/actorgraph/relation/"
SRC = "https://w3id.org/actorgraph/source/"
GRAPH = "<https://w3id.org/actorgraph/graph/generated>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
IDENT = "<http://purl.org/dc/terms/identifier>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DATE = "^^<http://www.w3.org/2001/XMLSchema#date>"


def generate(relations: int, actors: int, out: Path, seed: int = 7, hub: int | None = None) -> None:
    """Write ``relations`` relation nodes among ``actors`` actors to ``out`` as N-Quads.

    About ``hub`` of them (default 1%) are support of actor A0.
    """
    rng = random.Random(seed)
    hub_share = (hub if hub is not None else relations // 100) / max(relations, 1)
    with out.open("w", encoding="utf-8") as f:
        w = f.write
        for n in range(actors):
            a = f"<{ACTOR}A{n}>"
            w(f"{a} {RDF_TYPE} <{AG}Actor> {GRAPH} .\n")
            w(f"{a} {RDF_TYPE} <{AG}{'State' if n % 3 == 0 else 'ArmedGroup'}> {GRAPH} .\n")
            w(f'{a} {PREF} "Actor {n}" {GRAPH} .\n')
            w(f'{a} {IDENT} "A{n}" {GRAPH} .\n')
        for s in range(max(1, relations // 100)):
            src = f"<{SRC}gen-{s}>"
            w(f"{src} {RDF_TYPE} <{AG}Source> {GRAPH} .\n")
            w(f'{src} <http://purl.org/dc/terms/title> "Generated source {s}" {GRAPH} .\n')
            w(f'{src} <http://purl.org/dc/terms/publisher> "actorgraph benchmarks" {GRAPH} .\n')
            w(f'{src} <http://purl.org/dc/terms/date> "2024-11-29"{DATE} {GRAPH} .\n')
        for r in range(relations):
            node = f"<{REL}g{r}>"
            to_hub = rng.random() < hub_share
            support = to_hub or rng.random() < 0.6
            actor = rng.randrange(1, actors)
            target = 0 if to_hub else rng.randrange(1, actors)
            if target == actor:
                target = (target + 1) % actors
            kind = "Support" if support else "Opposition"
            start = rng.randrange(1990, 2024)
            w(f"{node} {RDF_TYPE} <{AG}Relation> {GRAPH} .\n")
            w(f"{node} {RDF_TYPE} <{AG}{kind}> {GRAPH} .\n")
            w(f"{node} <{AG}actor> <{ACTOR}A{actor}> {GRAPH} .\n")
            w(f"{node} <{AG}target> <{ACTOR}A{target}> {GRAPH} .\n")
            w(f'{node} <{AG}start> "{start}-01-01"{DATE} {GRAPH} .\n')
            w(f'{node} <{AG}latestStart> "{start}-12-31"{DATE} {GRAPH} .\n')
            w(f"{node} <{AG}startPrecision> <{AG}Year> {GRAPH} .\n")
            if rng.random() < 0.7:
                end = start + rng.randrange(0, 8)
                w(f'{node} <{AG}earliestEnd> "{end}-01-01"{DATE} {GRAPH} .\n')
                w(f'{node} <{AG}end> "{end}-12-31"{DATE} {GRAPH} .\n')
                w(f"{node} <{AG}endPrecision> <{AG}Year> {GRAPH} .\n")
            w(f"{node} <{AG}certainty> <{AG}{'Confirmed' if rng.random() < 0.8 else 'Alleged'}> {GRAPH} .\n")
            if not support:
                w(f"{node} <{AG}mode> <{AG}Fighting> {GRAPH} .\n")
            w(f"{node} {DERIVED} <{SRC}gen-{r % max(1, relations // 100)}> {GRAPH} .\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("relations", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--hub", type=int, default=None, help="relations supporting A0 (default 1%%)")
    args = parser.parse_args()
    generate(args.relations, args.actors, args.out, hub=args.hub)
    print(f"wrote {args.relations} relations among {args.actors} actors to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
