"""Commands reading the network as a whole: snapshot, diff, blocs, balance, path, centrality, network-export."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from actorgraph.cli import ACTOR, DATE, KIND, OUTPUT_FILE, State, graph_options, output_option, pass_state

if TYPE_CHECKING:
    from actorgraph.ask.analysis import Tie
    from actorgraph.ask.questions import Citation, RelationRow
    from actorgraph.model.dates import Period

__all__ = [
    "balance_cmd",
    "blocs_cmd",
    "centrality_cmd",
    "diff_cmd",
    "network_export_cmd",
    "path_cmd",
    "snapshot_cmd",
]

F = TypeVar("F", bound=Callable[..., Any])


def _echo_json(record: Any) -> None:
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


def when_options(f: F) -> F:
    """``--year`` (a year, month or day) or ``--from``/``--to`` (a span); all time if none."""
    f = click.option("--to", "to_", type=DATE, metavar="DATE", help="End of a span.")(f)
    f = click.option("--from", "from_", type=DATE, metavar="DATE", help="Start of a span.")(f)
    f = click.option("--year", "-y", "year", type=DATE, metavar="YEAR", help="A year (or YYYY-MM, YYYY-MM-DD).")(f)
    return f


def _when(year: str | None, from_: str | None, to_: str | None) -> Period | None:
    from actorgraph.model.dates import Period

    if year and (from_ or to_):
        raise click.UsageError("give --year or --from/--to, not both")
    if year:
        return Period.parse(year)
    if from_ or to_:
        return Period.between(from_, to_)
    return None


DISPUTED = click.option("--include-disputed", is_flag=True, help="Also count claims whose certainty is disputed.")


def _first_source(row: RelationRow) -> str:
    c = row.sources[0] if row.sources else None
    return c.credit if c else ""


def _dates(row: RelationRow) -> str:
    return f"{row.start or '?'} to {row.end_text}"


def _tie_text(tie: Tie) -> str:
    best = tie.best()
    more = len(tie.relations) - 1
    return f"{best.relation} ({_first_source(best)})" + (f" +{more} more" if more else "")


def _tie_json(tie: Tie) -> dict[str, Any]:
    return {
        "actors": [tie.a.id, tie.b.id],
        "sign": tie.sign,
        "relations": [{"subject": r.subject.id, **r.to_json()} for r in tie.relations],
    }


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, 80, subsequent_indent="      ") if text else []


def _cite_lines(sources: tuple[Citation, ...], limit: int = 3) -> list[str]:
    import textwrap

    lines = []
    for c in sources[:limit]:
        body = f"“{c.quote}”" if c.quote else c.title
        lines += textwrap.wrap(f"    {c.credit}: {body}", 80, subsequent_indent="      ")
    if len(sources) > limit:
        lines.append(f"    … and {len(sources) - limit} more source(s) (--format json lists all)")
    return lines


# ---------------------------------------------------------------------------- snapshot


@click.command("snapshot")
@when_options
@click.option("--throughout", is_flag=True, help="Only relations known to cover the whole period.")
@output_option()
@graph_options
@pass_state
def snapshot_cmd(
    state: State, year: str | None, from_: str | None, to_: str | None, throughout: bool, fmt: str
) -> None:
    """The network of a year (or span): every relation that possibly held, one edge each.

    In Python, actorgraph.ask.analysis.snapshot() gives the same as a networkx MultiDiGraph.

    \b
    Example:
      actorgraph snapshot --year 2016
    """
    from actorgraph.ask.analysis import snapshot
    from actorgraph.present.rows import render_rows

    snap = snapshot(state.graph, _when(year, from_, to_), throughout=throughout)
    rows = sorted(
        (d["row"] for _, _, d in snap.edges(data=True)),
        key=lambda r: (r.subject.label.casefold(), r.other.label.casefold(), r.relation),
    )
    if fmt == "json":
        record = {
            "period": snap.graph["period"],
            "as_of": snap.graph["as_of"],
            "nodes": [
                {"id": n, "label": d["label"], "type": d["type"], "start": d["start"], "end": d["end"]}
                for n, d in sorted(snap.nodes(data=True))
            ],
            "edges": [{"from": r.subject.id, "to": r.other.id, **r.to_json()} for r in rows],
            "outside_lifespan": snap.graph["outside_lifespan"],
        }
        _echo_json(record)
        return
    headers = ["FROM", "RELATION", "TO", "DATES", "CERTAINTY", "SOURCES"]
    cells = [
        [
            r.subject.label,
            r.kind + (f" ({r.mode})" if r.mode else ""),
            r.other.label,
            _dates(r),
            r.certainty,
            str(len(r.sources)),
        ]
        for r in rows
    ]
    if fmt == "csv":
        click.echo(
            render_rows(
                ["from_id", "relation", "to_id", "relation_id", "start", "end", "certainty", "sources"],
                [
                    [r.subject.id, r.kind, r.other.id, r.relation, r.start, r.end, r.certainty, len(r.sources)]
                    for r in rows
                ],
                "csv",
            )
        )
        return
    left = snap.graph["outside_lifespan"]
    head = f"Snapshot {snap.graph['period']}: {snap.number_of_nodes()} actors, {snap.number_of_edges()} relations"
    head += f" (latest source {snap.graph['as_of']})" if snap.graph["as_of"] else ""
    foot = f"{len(left)} relation(s) left out: an actor did not exist then." if left else ""
    click.echo("\n".join([head + ":", "", render_rows(headers, cells, "table"), *(["", foot] if foot else [])]))


# ---------------------------------------------------------------------------- diff


@click.command("diff")
@click.argument("before", type=DATE, metavar="DATE-A")
@click.argument("after", type=DATE, metavar="DATE-B")
@output_option()
@graph_options
@pass_state
def diff_cmd(state: State, before: str, after: str, fmt: str) -> None:
    """Relations that began, ended, or changed kind or type between DATE-A and DATE-B, with sources.

    \b
    Example:
      actorgraph diff 2016 2025
    """
    from actorgraph.ask.analysis import diff
    from actorgraph.present.rows import render_rows, table

    result = diff(state.graph, before, after)
    if fmt == "json":
        _echo_json(
            {
                "before": result.before,
                "after": result.after,
                "changes": [
                    {
                        "change": c.change,
                        "actor": c.subject.id,
                        "other": c.other.id,
                        "what": c.what,
                        "when": c.when,
                        "reason": c.reason,
                        "evidence": [r.relation for r in c.evidence],
                        "sources": [s.to_json() for s in c.sources],
                    }
                    for c in result.changes
                ],
            }
        )
        return
    if fmt == "csv":
        click.echo(
            render_rows(
                ["change", "actor_id", "other_id", "what", "when", "reason", "evidence", "sources"],
                [
                    [
                        c.change,
                        c.subject.id,
                        c.other.id,
                        c.what,
                        c.when,
                        c.reason,
                        "; ".join(r.relation for r in c.evidence),
                        " | ".join(s.reference for s in c.sources),
                    ]
                    for c in result.changes
                ],
                "csv",
            )
        )
        return
    parts = [f"Changes from {result.before} to {result.after}:"]
    for change in ("began", "ended", "changed"):
        items = result.of(change)
        parts += ["", f"{change.upper()} ({len(items)})"]
        if not items:
            continue
        after_lines = [_wrap(f"    ({c.reason})" if c.reason else "") + _cite_lines(c.sources, 2) for c in items]
        parts.append(
            table(
                ["ACTOR", "WITH", "WHAT", "WHEN"],
                [[c.subject.label, c.other.label, c.what, c.when or "?"] for c in items],
                after=after_lines,
            )
        )
    click.echo("\n".join(parts))


# ---------------------------------------------------------------------------- blocs


@click.command("blocs")
@when_options
@click.option(
    "--camps", type=click.IntRange(2), default=None, help="At most this many camps (2 = Heider's two-camp balance)."
)
@DISPUTED
@output_option()
@graph_options
@pass_state
def blocs_cmd(
    state: State,
    year: str | None,
    from_: str | None,
    to_: str | None,
    camps: int | None,
    include_disputed: bool,
    fmt: str,
) -> None:
    """Camps of actors from the signed support/opposition network, with how well they fit.

    Support, membership, leadership and agreement count +1, opposition -1, once per pair of
    actors; a pair with both is ambivalent and left out. The camps minimise frustration
    (negative ties inside a camp, positive ties across camps).

    \b
    Example:
      actorgraph blocs --year 2016
    """
    from actorgraph.ask.analysis import blocs
    from actorgraph.present.rows import render_rows, table

    b = blocs(state.graph, _when(year, from_, to_), max_camps=camps, include_disputed=include_disputed)
    if fmt == "json":
        _echo_json(
            {
                "period": b.period,
                "max_camps": b.max_camps,
                "exact": b.exact,
                "camps": [[a.id for a in camp] for camp in b.camps],
                "frustration": b.frustration,
                "signed_pairs": b.signed_pairs,
                "satisfied": round(b.satisfied, 4),
                "frustrated": [_tie_json(t) for t in b.frustrated],
                "crossing": [_tie_json(t) for t in b.crossing],
                "ambivalent": [_tie_json(t) for t in b.ambivalent],
                "alternatives": {k: [n + 1 for n in v] for k, v in b.alternatives.items()},
            }
        )
        return
    if fmt == "csv":
        click.echo(
            render_rows(
                ["actor_id", "actor", "camp"],
                [[a.id, a.label, n + 1] for n, camp in enumerate(b.camps) for a in camp],
                "csv",
            )
        )
        return
    how = f"at most {b.max_camps} camps" if b.max_camps else "any number of camps"
    search = "exact search" if b.exact else "best found, not proven optimal"
    lines = [f"Camps in {b.period} (structural balance, {how}; {search}):", ""]
    for n, camp in enumerate(b.camps, 1):
        lines.append(f"  {n}. " + ", ".join(a.label for a in camp))
    lines += [
        "",
        f"Fit: frustration index {b.frustration} of {b.signed_pairs} signed pairs; "
        f"{b.satisfied:.1%} of pairs satisfied.",
    ]
    if b.frustrated:
        lines += ["", "Relations that break the partition (support across camps, opposition inside one):"]
        lines.append(
            table(
                ["ACTOR", "", "ACTOR", "RELATION (FIRST SOURCE)"],
                [[t.a.label, t.symbol, t.b.label, _tie_text(t)] for t in b.frustrated],
            )
        )
    if b.crossing:
        lines += ["", f"Opposition between camps: {len(b.crossing)} pairs (--format json lists them)."]
    if b.ambivalent:
        lines += ["", "Ambivalent pairs, left out (both cooperation and opposition claimed):"]
        lines += [f"  {t.a.label} ± {t.b.label}: " + ", ".join(r.relation for r in t.relations) for t in b.ambivalent]
    if b.alternatives:
        lines += ["", "Could sit in another camp at no extra frustration:"]
        labels = {a.id: a.label for camp in b.camps for a in camp}
        lines += [f"  {labels[k]}: camp {', '.join(str(n + 1) for n in v)}" for k, v in sorted(b.alternatives.items())]
    click.echo("\n".join(lines))


# ---------------------------------------------------------------------------- balance


@click.command("balance")
@when_options
@click.option(
    "--inferred/--no-inferred", default=True, show_default=True, help="List the ties balance theory would infer."
)
@DISPUTED
@output_option()
@graph_options
@pass_state
def balance_cmd(
    state: State, year: str | None, from_: str | None, to_: str | None, inferred: bool, include_disputed: bool, fmt: str
) -> None:
    """Balanced and unbalanced triads (Heider), and the ties balance would infer, kept apart.

    \b
    Example:
      actorgraph balance --year 2016 --no-inferred
    """
    from actorgraph.ask.analysis import balance
    from actorgraph.present.rows import render_rows, table

    report = balance(state.graph, _when(year, from_, to_), include_disputed=include_disputed)
    triads = [("balanced", t) for t in report.balanced] + [("unbalanced", t) for t in report.unbalanced]
    guesses = report.inferred if inferred else ()
    if fmt == "json":
        _echo_json(
            {
                "period": report.period,
                "balance_ratio": round(report.balance_ratio, 4),
                "triads": [
                    {
                        "status": s,
                        "actors": [a.id for a in t.actors],
                        "reading": t.reading,
                        "ties": [_tie_json(x) for x in t.ties],
                    }
                    for s, t in triads
                ],
                "inferred": [
                    {
                        "status": "inferred",
                        "actors": [i.a.id, i.b.id],
                        "via": i.via.id,
                        "sign": i.sign,
                        "reading": i.reading,
                        "from": [_tie_json(x) for x in i.through],
                    }
                    for i in guesses
                ],
            }
        )
        return
    if fmt == "csv":
        rows = [
            [
                s,
                *(a.id for a in t.actors),
                "".join(x.symbol for x in t.ties),
                t.reading,
                "; ".join(x.best().relation for x in t.ties),
            ]
            for s, t in triads
        ]
        rows += [
            [
                "inferred",
                i.a.id,
                i.b.id,
                i.via.id,
                "+" if i.sign > 0 else "-",
                i.reading,
                "; ".join(x.best().relation for x in i.through),
            ]
            for i in guesses
        ]
        click.echo(
            render_rows(["status", "actor_1", "actor_2", "actor_3", "signs", "reading", "relations"], rows, "csv")
        )
        return
    total = len(triads)
    lines = [
        f"Structural balance in {report.period}: {len(report.balanced)} of {total} sourced triads balanced "
        f"({report.balance_ratio:.0%})."
    ]
    for status, items in (("BALANCED", report.balanced), ("UNBALANCED", report.unbalanced)):
        lines += ["", f"{status} ({len(items)})"]
        if items:
            lines.append(
                table(
                    ["ACTORS", "SIGNS", "READING"],
                    [
                        [" / ".join(a.label for a in t.actors), "".join(x.symbol for x in t.ties), t.reading]
                        for t in items
                    ],
                )
            )
    if guesses:
        lines += ["", f"INFERRED — not in any source; predicted by balance from two sourced ties ({len(guesses)})"]
        lines.append(
            table(
                ["ACTOR", "", "ACTOR", "VIA", "READING"],
                [[i.a.label, "+" if i.sign > 0 else "-", i.b.label, i.via.label, i.reading] for i in guesses],
            )
        )
    if report.ambivalent:
        lines += [
            "",
            f"{len(report.ambivalent)} ambivalent pair(s) left out: "
            + "; ".join(f"{t.a.label} ± {t.b.label}" for t in report.ambivalent),
        ]
    click.echo("\n".join(lines))


# ---------------------------------------------------------------------------- path


@click.command("path")
@ACTOR
@click.argument("other", metavar="OTHER")
@when_options
@DISPUTED
@output_option()
@graph_options
@pass_state
def path_cmd(
    state: State,
    name: str,
    other: str,
    year: str | None,
    from_: str | None,
    to_: str | None,
    include_disputed: bool,
    fmt: str,
) -> None:
    """How ACTOR and OTHER are connected: the shortest and the strongest path, step by step.

    Strength of a step = certainty (confirmed 1, alleged 0.5) x number of sources, summed over
    the pair's relations; the strongest path has the least total 1/strength.

    \b
    Example:
      actorgraph path Turkey Russia --year 2016
    """
    from actorgraph.ask.analysis import PathReport, path
    from actorgraph.present.rows import render_rows

    report = path(state.graph, name, other, _when(year, from_, to_), include_disputed=include_disputed)
    sections = (("shortest", report.shortest), ("strongest", report.strongest))

    def cells(steps: Any) -> list[list[Any]]:
        return [
            [
                n,
                s.source.label,
                s.tie.symbol,
                s.verb,
                s.target.label,
                _dates(s.relation),
                s.relation.relation,
                _first_source(s.relation),
            ]
            for n, s in enumerate(steps, 1)
        ]

    headers = ["STEP", "FROM", "SIGN", "RELATION", "TO", "DATES", "RELATION ID", "FIRST SOURCE"]
    if fmt == "json":
        _echo_json(
            {
                "from": report.source.id,
                "to": report.target.id,
                "period": report.period,
                **{
                    name_: {
                        "sign": PathReport.sign(steps),
                        "steps": [{"from": s.source.id, "to": s.target.id, **_tie_json(s.tie)} for s in steps],
                    }
                    for name_, steps in sections
                },
            }
        )
        return
    if fmt == "csv":
        click.echo(
            render_rows(
                ["path", *[h.lower().replace(" ", "_") for h in headers]],
                [[n, *c] for n, steps in sections for c in cells(steps)],
                "csv",
            )
        )
        return
    reading = {1: "reads as friends", -1: "reads as enemies", 0: "ambivalent"}
    lines = [f"{report.source.label} to {report.target.label}, {report.period}:"]
    for label, steps in sections:
        lines += ["", f"{label.capitalize()}: {len(steps)} step(s), {reading[PathReport.sign(steps)]}"]
        lines.append(
            render_rows(
                ["STEP", "FROM", "", "RELATION", "TO", "DATES", "FIRST SOURCE"],
                [[c[0], c[1], c[2], c[3], c[4], c[5], c[7]] for c in cells(steps)],
                "table",
            )
        )
    click.echo("\n".join(lines))


# ---------------------------------------------------------------------------- centrality


@click.command("centrality")
@when_options
@click.option(
    "--kind",
    type=KIND,
    default="support",
    show_default=True,
    help="Which relations make the network.",
)
@click.option(
    "--by",
    type=click.Choice(["in_degree", "out_degree", "degree", "pagerank", "betweenness"]),
    default="in_degree",
    show_default=True,
    help="The measure to sort by.",
)
@DISPUTED
@output_option()
@graph_options
@pass_state
def centrality_cmd(
    state: State,
    year: str | None,
    from_: str | None,
    to_: str | None,
    kind: str,
    by: str,
    include_disputed: bool,
    fmt: str,
) -> None:
    """Who is the hub of support (or another relation kind), by named measures.

    in_degree: distinct actors it receives from; out_degree: distinct actors it gives to;
    degree: networkx degree centrality; pagerank: networkx PageRank (alpha 0.85) on the
    directed network; betweenness: networkx betweenness centrality, normalised.

    \b
    Example:
      actorgraph centrality --year 2016 --by pagerank
    """
    from actorgraph.ask.analysis import centrality
    from actorgraph.present.rows import render_rows

    rows = centrality(state.graph, _when(year, from_, to_), kind=kind, by=by, include_disputed=include_disputed)
    headers = ["actor_id", "actor", "in_degree", "out_degree", "degree", "pagerank", "betweenness"]
    data = [[r.actor.id, r.actor.label, r.in_degree, r.out_degree, r.degree, r.pagerank, r.betweenness] for r in rows]
    if fmt != "table":
        click.echo(render_rows(headers, data, fmt))
        return
    click.echo(f"Centrality in the {kind} network, sorted by {by}:\n")
    click.echo(
        render_rows(
            ["ACTOR", "IN-DEGREE", "OUT-DEGREE", "DEGREE", "PAGERANK", "BETWEENNESS"], [d[1:] for d in data], "table"
        )
    )


# ---------------------------------------------------------------------------- exports


@click.command("network-export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml", "csv", "nodes-csv", "esd-csv", "kumu"]),
    default="gexf",
    show_default=True,
    help="Network format.",
)
@OUTPUT_FILE
@when_options
@graph_options
@pass_state
def network_export_cmd(
    state: State, fmt: str, output: str, year: str | None, from_: str | None, to_: str | None
) -> None:
    """Write the network for Gephi (dynamic GEXF), GraphML, spreadsheets (CSV), UCDP ESD or Kumu.

    \b
    gexf       dynamic GEXF: edges carry start and end, so Gephi's timeline plays the war
    graphml    GraphML with the same attributes
    csv        one row per relation: dates, types, certainty, sources, quotes
    nodes-csv  one row per actor
    esd-csv    one row per supporter, recipient and year, with ext_x ... ext_u columns
    kumu       Kumu blueprint JSON
    All time unless --year or --from/--to is given.

    \b
    Examples:
      actorgraph network-export --format gexf -o syria.gexf
      actorgraph network-export --format esd-csv --from 2011 --to 2024 -o esd.csv
    """
    from actorgraph.present.network import export_network
    from actorgraph.present.output import write_output

    write_output(output, export_network(state.graph, fmt, _when(year, from_, to_)))
