"""The ``diagram`` command: the interactive alliance page, static figures and Mermaid."""

from __future__ import annotations

from pathlib import Path

import click

from actorgraph.cli import OUTPUT_FILE, State, graph_options, pass_state

__all__ = ["diagram_cmd"]

_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".mmd": "mermaid",
    ".md": "mermaid",
}
YEAR = click.IntRange(1, 9999)


@click.command("diagram")
@click.argument("names", nargs=-1, metavar="[ACTOR]...")
@click.option("--year", type=YEAR, metavar="YEAR", help="The year shown first (page) or drawn (figures).")
@click.option("--from", "from_", type=YEAR, metavar="YEAR", help="First year of the slider, or of a figure's span.")
@click.option("--to", "to_", type=YEAR, metavar="YEAR", help="Last year of the slider, or of a figure's span.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "svg", "png", "pdf", "mermaid"]),
    help="Output format [default: from the file name, else html].",
)
@OUTPUT_FILE
@graph_options
@pass_state
def diagram_cmd(
    state: State,
    names: tuple[str, ...],
    year: int | None,
    from_: int | None,
    to_: int | None,
    fmt: str | None,
    output: str,
) -> None:
    """Draw who stood with whom: an offline page with a year slider, or one year as a figure.

    The HTML page holds every year; a slider (and Play) shows the relations in force in each,
    coloured by kind, dashed when alleged, with sources in the tooltips. It needs no network.
    svg, png and pdf draw one year (--year) or span (--from/--to) for reports; mermaid writes
    a flowchart for Markdown pages. ACTORs, if given, keep only their relations.

    \b
    Examples:
      actorgraph diagram -o alliances.html
      actorgraph diagram --year 2016 -o syria-2016.svg
      actorgraph diagram Hezbollah --year 2016 --format mermaid
    """
    from actorgraph.present.page import diagram, source_line

    fmt = fmt or _SUFFIXES.get(Path(output).suffix.lower(), "html")
    data = diagram(
        state.graph,
        fmt,
        actors=names,
        year=year,
        first_year=from_,
        last_year=to_,
        source=source_line(state.data, state.bundled),
    )
    from actorgraph.present.output import write_output

    write_output(output, data)
