"""The ``diagram`` command: the interactive alliance page, static figures and Mermaid."""

from __future__ import annotations

from typing import Any

import click

from actorgraph.cli import State, When, emit, graph_options, output_options, pass_state, period_options, source_options

__all__ = ["diagram_cmd"]


@click.command("diagram")
@click.argument("names", nargs=-1, metavar="[ACTOR]...")
@click.option(
    "--around", metavar="ACTOR", help="Only ACTOR, the actors within --depth steps of it, and their relations."
)
@click.option(
    "--depth", type=click.IntRange(1, 5), default=1, show_default=True, help="How many steps --around reaches."
)
@click.option("--conflict", metavar="NAME|ID", help="Only the relations of one UCDP conflict (its id or location).")
@period_options
@output_options("html", "svg", "png", "pdf", "mermaid", default="html", aliases={"mermaid": "markdown"})
@source_options
@graph_options
@pass_state
def diagram_cmd(
    state: State,
    names: tuple[str, ...],
    around: str | None,
    depth: int,
    conflict: str | None,
    when: When,
    fmt: str,
    output: str,
) -> None:
    """Draw who stood with whom: an offline page with a year slider, or one year as a figure.

    The HTML page holds every year; the slider opens on the years that hold most relations (and
    the page on --in YEAR); Play runs through them. Lines are coloured by kind, dashed when
    alleged; a click highlights an actor, its lines and neighbours; the address keeps the year and
    actor, so a link opens the same view; Save PNG saves what is drawn. It needs no network.
    svg, png and pdf draw one year (--in) or span (--from/--to) for reports; mermaid writes a
    flowchart for Markdown pages (.md or .mmd). ACTORs, if given, keep only their relations;
    --around and --conflict focus a large store on one actor's surroundings or one conflict.

    \b
    Examples:
      actorgraph diagram -o alliances.html
      actorgraph diagram --in 2016 -o syria-2016.svg
      actorgraph diagram --around Hezbollah --in 2016 -o hezbollah.png
      actorgraph diagram Hezbollah --in 2016 --format mermaid
    """
    from actorgraph.present.page import diagram

    first, last = when.span
    focus: dict[str, Any] = {"around": around, "depth": depth, "conflict": conflict, "throughout": when.throughout}
    shown: dict[str, Any] = {
        "actors": names,
        "year": when.year,
        "first_year": first,
        "last_year": last,
        "source": state.source,
    }
    emit(diagram(state.graph, fmt, **shown, **focus), fmt, output)
