"""Commands that check the data itself: crosscheck against a coded dataset, coverage, source kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from actorgraph.cli import DATE, State, emit, graph_options, output_options, pass_state

if TYPE_CHECKING:
    from actorgraph.model.dates import Period

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["coverage_cmd", "crosscheck_cmd", "sources_cmd"]


def _span(in_: str | None, from_: str | None, to_: str | None) -> Period | None:
    from actorgraph.model.dates import Period

    if in_ and (from_ or to_):
        raise click.UsageError("give --in or --from/--to, not both")
    if in_:
        return Period.parse(in_)
    if from_ or to_:
        return Period.between(from_, to_)
    return None


def _span_options(f: F) -> F:
    f = click.option("--to", "to_", type=DATE, metavar="YEAR", help="Last year.")(f)
    f = click.option("--from", "from_", type=DATE, metavar="YEAR", help="First year.")(f)
    f = click.option("--in", "in_", type=DATE, metavar="YEAR", help="One year.")(f)
    return f


@click.command("crosscheck")
@click.argument("actors", nargs=-1, metavar="[ACTOR]...")
@click.option(
    "--dataset",
    default="ucdp-esd",
    show_default=True,
    metavar="NAME",
    help="The imported dataset to compare with: its kind (ucdp-esd) or release (ucdp-esd-18.1).",
)
@click.option(
    "--conflict",
    "conflicts",
    multiple=True,
    metavar="NAME",
    help="Only the dataset's conflicts whose names start so, e.g. Syria (repeatable).",
)
@_span_options
@output_options()
@graph_options
@pass_state
def crosscheck_cmd(
    state: State,
    actors: tuple[str, ...],
    dataset: str,
    conflicts: tuple[str, ...],
    in_: str | None,
    from_: str | None,
    to_: str | None,
    fmt: str,
    output: str,
) -> None:
    """Compare the curated claims with an imported coded dataset, pair by pair and year by year.

    Through the crosswalk (skos:exactMatch), at the level the dataset codes (UCDP ESD: a
    supporter and the warring party it backs, per year, with support types; the warring
    parties' fighting), each pair falls in one category: both hold; dates differ (by how
    many years); types differ; only the dataset holds; only the claims hold; or the
    dataset's actor is not linked to a curated one. A disagreement counts as explained
    when a claim of the pair carries a note naming the dataset (e.g. "UCDP ESD codes ...");
    the table prints those notes. ACTORs keep to the pairs they take part in.

    \b
    Examples:
      actorgraph import ucdp-esd ucdp-esd-ay-181.csv --store ./graph.db
      actorgraph import claims actorgraph/data/syria/*.toml --store ./graph.db
      actorgraph crosscheck --store ./graph.db --conflict Syria --from 2011 --to 2017
      actorgraph crosscheck Iran --store ./graph.db --conflict Syria --format csv
    """
    from actorgraph.ask.crosscheck import crosscheck
    from actorgraph.present.checks import crosscheck_view

    report = crosscheck(state.graph, dataset, _span(in_, from_, to_), actors=actors, conflicts=conflicts)
    emit(crosscheck_view(report), fmt, output)


@click.command("coverage")
@click.argument("actors", nargs=-1, metavar="[ACTOR]...")
@_span_options
@output_options(also=("svg", "png"))
@graph_options
@pass_state
def coverage_cmd(
    state: State,
    actors: tuple[str, ...],
    in_: str | None,
    from_: str | None,
    to_: str | None,
    fmt: str,
    output: str,
) -> None:
    """What the data states of each pair of ACTORs, year by year: support, opposition,
    agreement or nothing known, with the number of sources.

    Without ACTORs, the bundled dataset's core actors (those the seed report names, listed
    in actorgraph/data/syria/core.txt). A relation counts from its start to its end, or to
    its latest source's year when it is open. The table ends with the gaps: years with
    nothing known between years with something known. --format svg or png draws a heatmap.

    \b
    Examples:
      actorgraph coverage --from 2011 --to 2025
      actorgraph coverage Russia Iran Turkey "United States" --format csv
      actorgraph coverage --from 2011 --to 2025 --format svg -o coverage.svg
    """
    from actorgraph.ask.coverage import coverage

    grid = coverage(state.graph, actors, _span(in_, from_, to_))
    if fmt in ("svg", "png"):
        from actorgraph.present.heatmap import coverage_figure
        from actorgraph.present.page import source_line

        emit(coverage_figure(grid, fmt, source=source_line(state.data, state.bundled)), fmt, output)
        return
    from actorgraph.present.checks import coverage_view

    emit(coverage_view(grid), fmt, output)


@click.command("sources")
@output_options()
@graph_options
@pass_state
def sources_cmd(state: State, fmt: str, output: str) -> None:
    """How many sources of each kind the graph holds (strongest first), and how many are dated.

    The kinds are the ontology's (ag:SourceKind); "reliable" marks those the --reliable
    set keeps. The closing sentence is the one the README quotes.

    \b
    Example:
      actorgraph sources
    """
    from actorgraph.ask.sourcing import source_summary
    from actorgraph.present.checks import sources_view

    emit(sources_view(source_summary(state.graph)), fmt, output)
