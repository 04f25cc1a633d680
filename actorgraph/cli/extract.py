"""``actorgraph extract``: a report in, candidate claims out, for review."""

from __future__ import annotations

import sys

import click

from actorgraph.cli import State, emit, graph_options, output_options, pass_state

__all__ = ["extract_cmd"]


@click.command("extract")
@click.argument("report", metavar="REPORT.txt", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--date", required=True, metavar="YYYY-MM-DD", help="The report's publication date.")
@click.option("--publisher", default="Unknown publisher", show_default=True, help="Who published the report.")
@click.option("--title", default="Untitled report", show_default=True, help="The report's title.")
@click.option("--url", default="no address given", help="Where the report can be read (an http or https address).")
@click.option(
    "--texts",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Folder the claims file names the report's text relative to, as 'validate --texts DIR' reads it "
    "(default: the deepest folder holding both the current directory and the report).",
)
@click.option("--show-rejected", is_flag=True, help="Also list negated and unasserted statements, with the reason.")
@output_options(also=("toml",))
@graph_options
@pass_state
def extract_cmd(
    state: State,
    report: str,
    date: str,
    publisher: str,
    title: str,
    url: str,
    texts: str | None,
    show_rejected: bool,
    fmt: str,
    output: str,
) -> None:
    """Propose sourced, dated candidate claims from a plain-text REPORT (- for standard input).

    Finds who backed, fought, sanctioned, designated, agreed with, joined or led whom; reads
    names as of --date and relative dates ("on Wednesday", "since 2015", "last year") against
    it; marks hedged claims alleged and leaves negated ones out; says whether each is new to
    the graph or corroborates or contradicts a relation it holds. The table shows each
    candidate's sentence, verbatim, under it; --format toml (or -o FILE.toml) writes a claims
    file to review and check with 'actorgraph validate'. Needs the extra:
    pip install 'actorgraph[extract]'.

    \b
    Examples:
      actorgraph extract report.txt --date 2024-11-29
      actorgraph extract ../shared/seed/000_f723742bf43aabc7.txt --date 2024-11-29 -o c.toml
      actorgraph validate c.toml --texts ..
    """
    from actorgraph.extract.command_support import run_command
    from actorgraph.extract.output import claims_file, extraction_view

    found = run_command(state.graph, report, date, publisher, title, url, texts, sys.stdin)
    if fmt == "toml":
        emit(claims_file(found, show_rejected=show_rejected), fmt, output)
    else:
        emit(extraction_view(found, show_rejected=show_rejected), fmt, output)
