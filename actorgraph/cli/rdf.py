"""The commands over the graph as RDF: SPARQL queries, exports, checks of claims files and imports into a store."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from actorgraph.cli import State, emit, graph_options, output_options, pass_state, source_options
from actorgraph.sources import KINDS

__all__ = ["export_cmd", "import_cmd", "sparql_cmd", "validate_cmd"]


@click.command("sparql")
@click.argument("query", metavar="QUERY-OR-FILE")
@output_options(also=("tsv", "xml", "turtle", "nt", "jsonld", "trig", "nquads"))
@graph_options
@pass_state
def sparql_cmd(state: State, query: str, fmt: str, output: str) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE over the graph.

    The prefixes ag:, actor:, rel:, src:, change:, prov:, skos:, org:, dct:, schema:,
    rdf:, rdfs:, owl: and xsd: are declared for you. QUERY-OR-FILE is the query text,
    a file holding it, or - for standard input. SELECT results print as a table, Markdown,
    NDJSON (one object per row, terms as the table shows them) or the standard SPARQL
    JSON/CSV/TSV/XML results; CONSTRUCT and DESCRIBE as Turtle by default.

    \b
    Example:
      actorgraph sparql 'SELECT ?who WHERE { ?who ag:supports actor:assad-government }'
    """
    from actorgraph.ask.sparql import run_query
    from actorgraph.present.sparql import render_result

    text = render_result(run_query(state.graph, _read_query(query)), fmt)
    if output == "-":
        click.echo(text, nl=False)
    else:
        emit(text.encode("utf-8"), fmt, output)


def _read_query(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    path = Path(query)
    if (
        "{" not in query
        and len(query) < 4096
        and path.suffix in (".rq", ".sparql", ".txt")
        or (path.is_file() and "{" not in query)
    ):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot read query file {query}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise click.ClickException(f"{query}: not a text file (a SPARQL query is UTF-8 text)") from None
    return query


@click.command("export")
@output_options("turtle", "nt", "jsonld", "trig", "xml", "nquads", default="turtle", what="RDF format")
@click.option("--with-ontology", is_flag=True, help="Include the ontology's own statements.")
@click.option("--graphs", is_flag=True, help="JSON-LD: keep the named graphs (TriG and N-Quads always do).")
@source_options
@graph_options
@pass_state
def export_cmd(state: State, fmt: str, output: str, with_ontology: bool, graphs: bool) -> None:
    """Write the graph as RDF: Turtle, N-Triples, JSON-LD, TriG, RDF/XML or N-Quads.

    TriG and N-Quads keep the named graphs (curated claims, each imported dataset,
    derived shortcuts); the others carry their union (JSON-LD keeps them with --graphs).
    JSON-LD is compact, with the ontology's prefixes as its @context. Output is sorted and stable.
    The format follows the -o file's suffix (.ttl .nt .jsonld .trig .rdf .nq) unless --format says.

    \b
    Example:
      actorgraph export -o syria.trig
    """
    data = state.graph.export(fmt, with_ontology=with_ontology, graphs=graphs or None)
    assert data is not None
    emit(data, fmt, output)


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--texts",
    "texts",
    multiple=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Folder of source texts to check quotes against (repeatable; also $ACTORGRAPH_TEXTS).",
)
@click.option("--no-bundled", is_flag=True, help="Do not read the files beside the bundled dataset.")
def validate_cmd(files: tuple[str, ...], texts: tuple[str, ...], no_bundled: bool) -> None:
    """Check claims or RDF files (the bundled dataset if none given).

    Runs the data checks (ids, references, dates in order, sources, quotes verbatim in
    the source texts found under --texts) and the SHACL shapes, and prints each problem
    as FILE:LINE: message. Exits 1 if there is any. Claims files are read beside the
    bundled dataset, so they may name its actors and sources.

    \b
    Example:
      actorgraph validate my-claims.toml --texts ../sources
    """
    from actorgraph.sources.validate import text_folders, validate

    folders = text_folders(texts)
    report = validate([Path(f) for f in files] or None, folders, bundled=not no_bundled)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for problem in report.problems:
        click.echo(str(problem))
    if report.problems:
        n = len(report.problems)
        raise click.ClickException(f"{n} problem{'s' * (n != 1)} found")
    click.echo(f"ok: {report.checked}")


@click.command("import")
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--store",
    required=True,
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="The on-disk store to import into (made if missing).",
)
@click.option("--strict", is_flag=True, help="Import nothing if any line of a dataset cannot be read.")
def import_cmd(kind: str, files: tuple[str, ...], store: str, strict: bool) -> None:
    """Import files into an on-disk store that every command can then open with --store.

    KIND is claims (.toml), rdf, or a coded dataset: ucdp-actor, ucdp-esd, ucdp-acd,
    ucdp-dyadic, atop (see docs/datasets.md). An import is all or nothing, and importing
    a file twice adds nothing. Lines of a dataset that cannot be read are printed on
    stderr as FILE:LINE: message and skipped; the exit status is then 3. Warnings
    (FILE:LINE: warning: ...) note something about rows that were still read whole, and
    leave the exit status 0. It is 1 when nothing was imported.

    \b
    Examples:
      actorgraph import ucdp-actor ucdp-actor-221.csv --store ./graph.db
      actorgraph import ucdp-esd ucdp-esd-ay-181.csv --store ./graph.db
      actorgraph import claims actorgraph/data/syria/*.toml --store ./graph.db
      actorgraph who-backed "Syrian government" --in 2016 --store ./graph.db
    """
    from actorgraph.store.imports import import_files

    with _progress_bar() as progress:
        report = import_files(kind, [Path(f) for f in files], Path(store), strict=strict, progress=progress)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(str(report))
    if report.skipped:
        sys.exit(3)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long imports, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label="writing", file=sys.stderr).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)
