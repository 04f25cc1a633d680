"""Crosscheck, coverage and source-kind reports as text: a table for people, JSON and CSV for programs."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from actorgraph.present.rows import render_rows, table

if TYPE_CHECKING:
    from actorgraph.ask.coverage import Cell, Coverage
    from actorgraph.ask.crosscheck import Crosscheck
    from actorgraph.ask.sourcing import SourceSummary

__all__ = ["coverage_legend", "render_coverage", "render_crosscheck", "render_source_summary"]

_CROSSCHECK_CSV = [
    "category",
    "relation",
    "mode",
    "actor_id",
    "actor",
    "target_id",
    "target",
    "dataset_years",
    "claim_years",
    "start_difference",
    "end_difference",
    "difference",
    "dataset_types",
    "claim_types",
    "explained",
    "notes",
    "via",
    "claim_relations",
    "dataset_relations",
]


def render_crosscheck(report: Crosscheck, fmt: str, *, width: int = 100) -> str:
    """A crosscheck: its summary and findings, each disagreement's notes beneath it in the table.

    >>> from actorgraph.ask.crosscheck import Crosscheck
    >>> print(render_crosscheck(Crosscheck("ucdp-esd-18.1", 2011, 2017, ("Syria: Government",), ()), "table"))
    Curated claims against ucdp-esd-18.1, 2011-2017 (Syria: Government)
    0 pairs compared, 0 findings: 0 both hold, 0 disagreements (0 explained by a note).
    """
    from actorgraph.ask.crosscheck import year_runs

    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        rows = [
            [
                f.category,
                f.kind,
                f.mode,
                f.actor.id,
                f.actor.label,
                f.target.id,
                f.target.label,
                year_runs(f.dataset_years),
                year_runs(f.claim_years),
                f.start_difference,
                f.end_difference,
                f.difference,
                " ".join(f.dataset_types),
                " ".join(f.claim_types),
                "yes" if f.explained else "no",
                " | ".join(f.notes),
                " ".join(f.via),
                " ".join(f.claim_relations),
                " ".join(f.dataset_relations),
            ]
            for f in report.findings
        ]
        return render_rows(_CROSSCHECK_CSV, rows, "csv")
    where = f" ({', '.join(report.conflicts)})" if report.conflicts else ""
    head = [f"Curated claims against {report.dataset}, {report.first_year}-{report.last_year}{where}"]
    summary = report.summary()
    both = summary["both hold"]["findings"]
    dis, unexplained = len(report.disagreements), len(report.unexplained)
    pairs = len({(f.kind, f.mode, f.actor.id, f.target.id) for f in report.findings})
    head += textwrap.wrap(
        f"{pairs} pairs compared, {len(report.findings)} findings: {both} both hold, {dis} disagreements "
        f"({dis - unexplained} explained by a note).",
        width,
    )
    if not report.findings:
        return "\n".join(head)
    counts = [[c, str(n["findings"]), str(n["explained"])] for c, n in summary.items() if n["findings"]]
    lines = [*head, "", table(["CATEGORY", "FINDINGS", "EXPLAINED"], counts, width)]
    cells, after = [], []
    for f in report.findings:
        via = f" (via {', '.join(f.via)})" if f.via else ""
        explained = "" if f.category == "both hold" else "yes" if f.explained else "NO"
        cells.append(
            [
                f.category,
                f"{f.pair}: {f.relation}{via}",
                year_runs(f.dataset_years) or "-",
                year_runs(f.claim_years) or "-",
                f.difference,
                explained,
            ]
        )
        extra = []
        if f.category != "both hold":
            for note in f.notes:
                extra += textwrap.wrap(f"    note: {note}", width, subsequent_indent="      ")
        after.append(extra)
    headers = ["CATEGORY", "PAIR", "DATASET", "CLAIMS", "DIFFERENCE", "NOTE"]
    lines += ["", table(headers, cells, width, after)]
    if report.not_compared:
        n = len(report.not_compared)
        lines += [""] + textwrap.wrap(
            f"{n} curated claim{'s' * (n != 1)} of these years not compared: the dataset does not code "
            "them at its level (an actor that is no warring party of it, or only types it does not code); "
            "--format json lists them.",
            width,
        )
    return "\n".join(lines)


def _letter(kind: str) -> str:
    return kind[:1].upper()


def _code(cell: Cell) -> str:
    if not cell.kinds:
        return "·"
    arrows = {"→": ">", "←": "<", "–": ""}
    return "".join(_letter(k) + arrows[d] for k, d in cell.kinds) + str(cell.sources)


def coverage_legend() -> str:
    """What the letters of the coverage table mean, from the ontology's relation kinds.

    >>> "S support; " in coverage_legend()
    True
    """
    from actorgraph.model.vocab import vocabulary

    kinds = "; ".join(f"{_letter(k)} {k}" for k in vocabulary().relation_kinds)
    return (
        f"{kinds}; > from the row's first actor to its second, < the other way; "
        "the number is how many sources; · nothing known"
    )


def render_coverage(grid: Coverage, fmt: str) -> str:
    """A coverage grid: one line per pair and a column per year (table), or one record per pair-year.

    >>> from actorgraph.ask.coverage import coverage
    >>> grid = coverage(open_graph(), ["Russia", "Syrian government"], Period.between(2015, 2016))
    >>> print(render_coverage(grid, "csv"))
    actor_id,actor,other_id,other,year,state,kinds,relations,sources
    russia,Russia,assad-government,Government of Syria (Assad),2015,support,support →,...
    """
    if fmt == "json":
        return json.dumps(grid.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        headers = ["actor_id", "actor", "other_id", "other", "year", "state", "kinds", "relations", "sources"]
        rows = [
            [a.id, a.label, b.id, b.label, c.year, c.state, c.text, " ".join(c.relations), c.sources]
            for a, b in grid.pairs
            for c in grid.row(a, b)
        ]
        return render_rows(headers, rows, "csv")
    headers = ["PAIR", *(str(y) for y in grid.years)]
    cells = [[f"{a.label} / {b.label}", *(_code(c) for c in grid.row(a, b))] for a, b in grid.pairs]
    counts = grid.counts()
    total = sum(counts.values())
    known = total - counts.get("nothing known", 0)
    head = [
        f"Coverage of {len(grid.actors)} actors, {grid.first_year}-{grid.last_year}: "
        f"{len(grid.pairs)} pairs, {known} of {total} pair-years with something known.",
        *textwrap.wrap(coverage_legend() + ".", 100),
    ]
    holes = grid.holes()
    foot = []
    if holes:
        foot = ["", "Gaps (nothing known between years with something known):"]
        foot += [f"  {a.label} / {b.label}: {_runs(gaps)}" for a, b, gaps in holes]
    widths = 34 + 7 * len(grid.years)
    return "\n".join([*head, "", table(headers, cells, width=widths), *foot])


def _runs(years: list[int]) -> str:
    from actorgraph.ask.crosscheck import year_runs

    return year_runs(years)


def render_source_summary(summary: SourceSummary, fmt: str) -> str:
    """Source counts per kind (strongest first) and the share dated.

    >>> from actorgraph.ask.sourcing import source_summary
    >>> print(render_source_summary(source_summary(open_graph()), "table"))
    KIND ...
    """
    headers = ["kind", "label", "sources", "dated", "reliable"]
    rows = [[k.kind, k.label, k.sources, k.dated, "yes" if k.reliable else "no"] for k in summary.kinds]
    if fmt == "json":
        return json.dumps(summary.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_rows(headers, rows, "csv")
    body = table([h.upper() for h in headers], [[str(c) for c in r] for r in rows])
    return "\n".join([body, "", summary.sentence])
