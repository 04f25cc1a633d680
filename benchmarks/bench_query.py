"""Cold wall time of `actorgraph who-backed`, beside a plain rdflib script and `python -c pass`.

Two sizes: the bundled Syria dataset (in memory, from the claims files) and a generated graph of
100k relations (imported once into an on-disk store). Each timing is the median of several fresh
processes. Run: python benchmarks/bench_query.py [--relations 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

RDFLIB_SCRIPT = '''
import sys
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
g = Graph()
g.parse(sys.argv[1], format="turtle")
q = """
PREFIX ag: <https://w3id.org/actorgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?rel ?who ?start ?end ?certainty ?publisher ?quote WHERE {
  ?rel a ag:Support ; ag:target ?target ; ag:actor/skos:prefLabel ?who ; ag:certainty ?certainty .
  OPTIONAL { ?rel ag:start ?start } OPTIONAL { ?rel ag:end ?end }
  OPTIONAL { ?rel ag:citation ?c . ?c prov:entity/dct:publisher ?publisher . OPTIONAL { ?c ag:quote ?quote } }
  OPTIONAL { ?rel prov:wasDerivedFrom/dct:publisher ?publisher }
  FILTER((!BOUND(?start) || ?start <= ?last) && (!BOUND(?end) || ?end >= ?first))
}"""
rows = list(g.query(q, initBindings={
    "target": URIRef(sys.argv[2]),
    "first": Literal("2016-01-01", datatype=XSD.date),
    "last": Literal("2016-12-31", datatype=XSD.date),
}))
print(len(rows))
'''


def timed(cmd: list[str], runs: int) -> tuple[float, str]:
    times = []
    out = ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        out = proc.stdout
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-runs-large", type=int, default=1)
    args = parser.parse_args()
    python = sys.executable
    actorgraph = shutil.which("actorgraph", path=str(Path(python).parent)) or shutil.which("actorgraph")
    if not actorgraph:
        raise SystemExit("install actorgraph first: pip install .")
    system = f"{platform.system()} {platform.release()}"
    print(f"machine: {platform.machine()}, {system}, Python {platform.python_version()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        script = folder / "rdflib_who_backed.py"
        script.write_text(RDFLIB_SCRIPT, encoding="utf-8")
        # bundled data
        turtle = folder / "syria.ttl"
        subprocess.run([actorgraph, "export", "--format", "turtle", "-o", str(turtle)], check=True)
        noop, _ = timed([python, "-c", "pass"], args.runs)
        cli, _ = timed([actorgraph, "who-backed", "Syrian government", "--in", "2016"], args.runs)
        assad = "https://w3id.org/actorgraph/actor/assad-government"
        rdf, _ = timed([python, str(script), str(turtle), assad], args.runs)
        rows.append(("bundled", cli, rdf, noop, 0.5, 10.0))
        # generated
        nq = folder / "generated.nq"
        generate(args.relations, 5000, nq)
        store = folder / "store"
        start = time.perf_counter()
        importing = [actorgraph, "import", "rdf", str(nq), "--store", str(store)]
        subprocess.run(importing, check=True, capture_output=True)
        imported = time.perf_counter() - start
        big_turtle = folder / "generated.ttl"
        subprocess.run(
            [actorgraph, "export", "--store", str(store), "--format", "turtle", "-o", str(big_turtle)], check=True
        )
        cli_big, out = timed(
            [actorgraph, "who-backed", "A0", "--in", "2016", "--store", str(store), "--format", "json"], args.runs
        )
        hub_rows = out.count('"relation_id"')
        rdf_big, rdf_out = timed(
            [python, str(script), str(big_turtle), "https://w3id.org/actorgraph/actor/A0"], args.rdflib_runs_large
        )
        rows.append((f"{args.relations // 1000}k relations", cli_big, rdf_big, noop, 0.01, None))
    print(f"\n{args.relations} relations imported into the on-disk store in {imported:.1f} s (once)")
    print(f"hub query rows: actorgraph {hub_rows}; rdflib script rows (with sources joined) {rdf_out.strip()}\n")
    print(f"{'data':<18}{'actorgraph':>12}{'rdflib':>10}{'py -c pass':>12}{'ag/rdflib':>11}{'ag/pass':>9}  targets")
    for name, ag, rdf, noop_time, target_rdf, target_pass in rows:
        targets = f"ag/rdflib <= {target_rdf}" + (f", ag/pass < {target_pass:.0f}" if target_pass else "")
        print(
            f"{name:<18}{ag:>11.3f}s{rdf:>9.2f}s{noop_time:>11.3f}s{ag / rdf:>11.3f}{ag / noop_time:>9.1f}  {targets}"
        )


if __name__ == "__main__":
    main()
