"""Commands reading the network as a whole: snapshot, diff, blocs, balance, path, centrality, network-export."""

from __future__ import annotations

import click

from actorgraph.cli import (
    ACTOR,
    DATE,
    KIND,
    State,
    When,
    emit,
    graph_options,
    output_options,
    pass_state,
    period_options,
    source_options,
)

__all__ = [
    "balance_cmd",
    "blocs_cmd",
    "centrality_cmd",
    "diff_cmd",
    "network_export_cmd",
    "path_cmd",
    "snapshot_cmd",
]

DISPUTED = click.option("--include-disputed", is_flag=True, help="Also count claims whose certainty is disputed.")


@click.command("snapshot")
@period_options
@output_options()
@source_options
@graph_options
@pass_state
def snapshot_cmd(state: State, when: When, fmt: str, output: str) -> None:
    """The network of a year (or span): every relation that possibly held, one edge each.

    In Python, actorgraph.ask.analysis.snapshot() gives the same as a networkx MultiDiGraph.

    \b
    Example:
      actorgraph snapshot --in 2016
    """
    from actorgraph.ask.analysis import snapshot
    from actorgraph.present.analysis import snapshot_view

    emit(snapshot_view(snapshot(state.graph, when.period, throughout=when.throughout)), fmt, output)


@click.command("diff")
@click.argument("before", type=DATE, metavar="DATE-A")
@click.argument("after", type=DATE, metavar="DATE-B")
@output_options()
@source_options
@graph_options
@pass_state
def diff_cmd(state: State, before: str, after: str, fmt: str, output: str) -> None:
    """Relations that began, ended, or changed kind or type between DATE-A and DATE-B, with sources.

    \b
    Example:
      actorgraph diff 2016 2025
    """
    from actorgraph.ask.analysis import diff
    from actorgraph.present.analysis import diff_view

    emit(diff_view(diff(state.graph, before, after)), fmt, output)


@click.command("blocs")
@period_options
@click.option(
    "--camps", type=click.IntRange(2), default=None, help="At most this many camps (2 = Heider's two-camp balance)."
)
@DISPUTED
@output_options()
@source_options
@graph_options
@pass_state
def blocs_cmd(state: State, when: When, camps: int | None, include_disputed: bool, fmt: str, output: str) -> None:
    """Camps of actors from the signed support/opposition network, with how well they fit.

    Support, membership, leadership and agreement count +1, opposition -1, once per pair of
    actors; a pair with both is ambivalent and left out. The camps minimise frustration
    (negative ties inside a camp, positive ties across camps).

    \b
    Example:
      actorgraph blocs --in 2016
    """
    from actorgraph.ask.analysis import blocs
    from actorgraph.present.analysis import blocs_view

    found = blocs(
        state.graph, when.period, max_camps=camps, include_disputed=include_disputed, throughout=when.throughout
    )
    emit(blocs_view(found), fmt, output)


@click.command("balance")
@period_options
@click.option(
    "--inferred/--no-inferred", default=True, show_default=True, help="List the ties balance theory would infer."
)
@DISPUTED
@output_options()
@source_options
@graph_options
@pass_state
def balance_cmd(state: State, when: When, inferred: bool, include_disputed: bool, fmt: str, output: str) -> None:
    """Balanced and unbalanced triads (Heider), and the ties balance would infer, kept apart.

    \b
    Example:
      actorgraph balance --in 2016 --no-inferred
    """
    from actorgraph.ask.analysis import balance
    from actorgraph.present.analysis import balance_view

    report = balance(state.graph, when.period, include_disputed=include_disputed, throughout=when.throughout)
    emit(balance_view(report, inferred=inferred), fmt, output)


@click.command("path")
@ACTOR
@click.argument("other", metavar="OTHER")
@period_options
@DISPUTED
@output_options()
@source_options
@graph_options
@pass_state
def path_cmd(state: State, name: str, other: str, when: When, include_disputed: bool, fmt: str, output: str) -> None:
    """How ACTOR and OTHER are connected: the shortest and the strongest path, step by step.

    Strength of a step = certainty (confirmed 1, alleged 0.5) x number of sources, summed over
    the pair's relations; the strongest path has the least total 1/strength.

    \b
    Example:
      actorgraph path Turkey Russia --in 2016
    """
    from actorgraph.ask.analysis import path
    from actorgraph.present.analysis import path_view

    report = path(state.graph, name, other, when.period, include_disputed=include_disputed, throughout=when.throughout)
    emit(path_view(report), fmt, output)


@click.command("centrality")
@period_options
@click.option("--kind", type=KIND, default="support", show_default=True, help="Which relations make the network.")
@click.option(
    "--by",
    type=click.Choice(["in_degree", "out_degree", "degree", "pagerank", "betweenness"]),
    default="in_degree",
    show_default=True,
    help="The measure to sort by.",
)
@DISPUTED
@output_options()
@source_options
@graph_options
@pass_state
def centrality_cmd(state: State, when: When, kind: str, by: str, include_disputed: bool, fmt: str, output: str) -> None:
    """Who is the hub of support (or another relation kind), by named measures.

    in_degree: distinct actors it receives from; out_degree: distinct actors it gives to;
    degree: networkx degree centrality; pagerank: networkx PageRank (alpha 0.85) on the
    directed network; betweenness: networkx betweenness centrality, normalised.

    \b
    Example:
      actorgraph centrality --in 2016 --by pagerank
    """
    from actorgraph.ask.analysis import centrality
    from actorgraph.present.analysis import centrality_view

    rows = centrality(
        state.graph, when.period, kind=kind, by=by, include_disputed=include_disputed, throughout=when.throughout
    )
    emit(centrality_view(rows, kind, by), fmt, output)


@click.command("network-export")
@output_options(
    "gexf",
    "graphml",
    "csv",
    "nodes-csv",
    "esd-csv",
    "kumu",
    default="gexf",
    aliases={"nodes-csv": "csv", "esd-csv": "csv", "kumu": "json"},
    what="Network format (see below)",
)
@period_options
@source_options
@graph_options
@pass_state
def network_export_cmd(state: State, fmt: str, output: str, when: When) -> None:
    """Write the network for Gephi (dynamic GEXF), GraphML, spreadsheets (CSV), UCDP ESD or Kumu.

    \b
    gexf       dynamic GEXF: edges carry start and end, so Gephi's timeline plays the war
    graphml    GraphML with the same attributes
    csv        one row per relation: dates, types, certainty, sources, quotes
    nodes-csv  one row per actor
    esd-csv    one row per supporter, recipient and year, with ext_x ... ext_u columns
    kumu       Kumu blueprint JSON
    All time unless --in, --on or --from/--to is given.

    \b
    Examples:
      actorgraph network-export -o syria.gexf
      actorgraph network-export --format esd-csv --from 2011 --to 2024 -o esd.csv
    """
    from actorgraph.present.network import export_network

    emit(export_network(state.graph, fmt, when.period, throughout=when.throughout), fmt, output)
