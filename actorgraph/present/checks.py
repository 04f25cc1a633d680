"""Crosscheck, coverage and source-kind reports as views: a table for people, records for programs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actorgraph.present.rows import Block, Column, Table, View

if TYPE_CHECKING:
    from actorgraph.ask.coverage import Cell, Coverage
    from actorgraph.ask.crosscheck import Crosscheck
    from actorgraph.ask.sourcing import SourceSummary

__all__ = ["coverage_legend", "coverage_view", "crosscheck_view", "sources_view"]

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


def crosscheck_view(report: Crosscheck) -> View:
    """A crosscheck: its summary and findings, each disagreement's notes beneath it in the table;
    one record per finding (NDJSON, CSV), the whole report as one JSON document.

    >>> from actorgraph.ask.crosscheck import Crosscheck
    >>> from actorgraph.present.rows import render
    >>> print(render(crosscheck_view(Crosscheck("ucdp-esd-18.1", 2011, 2017, ("Syria: Government",), ())), "table"))
    Curated claims against ucdp-esd-18.1, 2011-2017 (Syria: Government)
    0 pairs compared, 0 findings: 0 both hold, 0 disagreements (0 explained by a note).
    """
    from actorgraph.ask.crosscheck import year_runs

    records = [f.to_json() for f in report.findings]
    flat = [
        {
            **r,
            "dataset_years": year_runs(f.dataset_years),
            "claim_years": year_runs(f.claim_years),
            "explained": "yes" if f.explained else "no",
            "notes": " | ".join(f.notes),
        }
        for r, f in zip(records, report.findings, strict=True)
    ]
    where = f" ({', '.join(report.conflicts)})" if report.conflicts else ""
    summary = report.summary()
    both = summary["both hold"]["findings"]
    dis, unexplained = len(report.disagreements), len(report.unexplained)
    pairs = len({(f.kind, f.mode, f.actor.id, f.target.id) for f in report.findings})
    blocks: list[Block] = [
        f"Curated claims against {report.dataset}, {report.first_year}-{report.last_year}{where}",
        f"{pairs} pairs compared, {len(report.findings)} findings: {both} both hold, {dis} disagreements "
        f"({dis - unexplained} explained by a note).",
    ]
    view = View(blocks, records, _CROSSCHECK_CSV, flat, report.to_json())
    if not report.findings:
        return view
    counts = [{"category": c, **n} for c, n in summary.items() if n["findings"]]
    blocks += [
        "",
        Table(
            [Column("category", "CATEGORY"), Column("findings", "FINDINGS"), Column("explained", "EXPLAINED")],
            counts,
        ),
    ]
    cells, after = [], []
    for f in report.findings:
        via = f" (via {', '.join(f.via)})" if f.via else ""
        cells.append(
            {
                "category": f.category,
                "pair": f"{f.pair}: {f.relation}{via}",
                "dataset": year_runs(f.dataset_years) or "-",
                "claims": year_runs(f.claim_years) or "-",
                "difference": f.difference,
                "note": "" if f.category == "both hold" else "yes" if f.explained else "NO",
            }
        )
        after.append([f"    note: {note}" for note in f.notes] if f.category != "both hold" else [])
    columns = [
        Column("category", "CATEGORY"),
        Column("pair", "PAIR", shrink=1, least=30, wrap=True),
        Column("dataset", "DATASET", shrink=3, least=9, wrap=True),
        Column("claims", "CLAIMS", shrink=3, least=9, wrap=True),
        Column("difference", "DIFFERENCE", shrink=2, least=16, wrap=True),
        Column("note", "NOTE"),
    ]
    blocks += ["", Table(columns, cells, after)]
    if report.not_compared:
        n = len(report.not_compared)
        blocks += [
            "",
            f"{n} curated claim{'s' * (n != 1)} of these years not compared: the dataset does not code "
            "them at its level (an actor that is no warring party of it, or only types it does not code); "
            "--format json lists them.",
        ]
    return view


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


def coverage_view(grid: Coverage) -> View:
    """A coverage grid: one line per pair and a column per year (table, markdown), or one record per pair-year.

    >>> from actorgraph.ask.coverage import coverage
    >>> from actorgraph.present.rows import render
    >>> grid = coverage(open_graph(), ["Russia", "Syrian government"], Period.between(2015, 2016))
    >>> print(render(coverage_view(grid), "csv"))
    actor_id,actor,other_id,other,year,state,kinds,relations,sources
    russia,Russia,assad-government,Government of Syria (Assad),2015,support,support →,...
    """
    from actorgraph.ask.crosscheck import year_runs

    fields = ["actor_id", "actor", "other_id", "other", "year", "state", "kinds", "relations", "sources"]
    records = [
        dict(
            zip(
                fields,
                [a.id, a.label, b.id, b.label, c.year, c.state, c.text, list(c.relations), c.sources],
                strict=True,
            )
        )
        for a, b in grid.pairs
        for c in grid.row(a, b)
    ]
    # the pair wraps, never cut (a year's code means nothing without it); a grid of many years runs past the terminal
    columns = [Column("pair", "PAIR", shrink=1, least=24, wrap=True), *(Column(str(y), str(y)) for y in grid.years)]
    cells: list[dict[str, Any]] = [
        {"pair": f"{a.label} / {b.label}", **{str(c.year): _code(c) for c in grid.row(a, b)}} for a, b in grid.pairs
    ]
    counts = grid.counts()
    total = sum(counts.values())
    known = total - counts.get("nothing known", 0)
    blocks: list[Block] = [
        f"Coverage of {len(grid.actors)} actors, {grid.first_year}-{grid.last_year}: "
        f"{len(grid.pairs)} pairs, {known} of {total} pair-years with something known.",
        coverage_legend() + ".",
        "",
        Table(columns, cells),
    ]
    holes = grid.holes()
    if holes:
        blocks += ["", "Gaps (nothing known between years with something known):"]
        blocks += [f"  {a.label} / {b.label}: {year_runs(gaps)}" for a, b, gaps in holes]
    return View(blocks, records, fields, None, grid.to_json())


def sources_view(summary: SourceSummary) -> View:
    """Source counts per kind (strongest first) and the share dated.

    >>> from actorgraph.ask.sourcing import source_summary
    >>> from actorgraph.present.rows import render
    >>> print(render(sources_view(source_summary(open_graph())), "table"))
    KIND ...
    """
    fields = ["kind", "label", "sources", "dated", "reliable"]
    records = summary.to_json()["kinds"]
    flat = [{**r, "reliable": "yes" if r["reliable"] else "no"} for r in records]
    columns = [
        Column("kind", "KIND"),
        Column("label", "LABEL", shrink=1, least=16),
        Column("sources", "SOURCES", right=True),
        Column("dated", "DATED", right=True),
        Column("reliable", "RELIABLE"),
    ]
    return View([Table(columns, flat), "", summary.sentence], records, fields, flat, summary.to_json())
