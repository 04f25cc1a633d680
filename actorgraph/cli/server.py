"""The serve and push commands: the graph over the SPARQL 1.1 protocols."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["push_cmd", "serve_cmd"]


def _hosts(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(h.strip() for item in value for h in item.split(",") if h.strip())


@click.command("serve")
@click.option(
    "--store",
    metavar="DIR",
    type=click.Path(file_okay=False, exists=True),
    help="Serve an on-disk store (see 'actorgraph import'); a later import is served as soon as it ends.",
)
@click.option(
    "--data",
    metavar="FILE",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Also serve a claims or RDF file; repeatable.",
)
@click.option("--no-bundled", is_flag=True, help="Leave out the bundled Syria dataset.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless told).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option(
    "--time-limit",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="Stop a query after this long, wherever it is.",
)
@click.option(
    "--max-rows",
    "--result-limit",
    "max_rows",
    default=10000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Cut answers after N rows or triples (a cut answer says so).",
)
@click.option(
    "--allow-service",
    metavar="HOST,...",
    multiple=True,
    callback=_hosts,
    help="Let SERVICE clauses ask these hosts (federation is off unless given).",
)
@click.option(
    "--max-connections",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Open client connections at most.",
)
def serve_cmd(
    store: str | None,
    data: tuple[str, ...],
    no_bundled: bool,
    host: str,
    port: int,
    time_limit: float,
    max_rows: int,
    allow_service: tuple[str, ...],
    max_connections: int,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (Ctrl-C stops it).

    Built on the Oxigraph server; updates and SERVICE are refused, the prefixes the CLI knows
    (ag:, actor:, skos:, ...) are declared, and a query page is at /. Any SPARQL client can query
    it: SPARQLWrapper, rdflib's SPARQLStore, YASGUI, curl, or actorgraph itself with --endpoint.
    Limits and what it refuses: docs/security.md.

    \b
    Example:
      actorgraph serve --port 7878
      actorgraph who-backed "Syrian government" --in 2016 --endpoint http://127.0.0.1:7878/query
    """
    from actorgraph.server.serve import run

    if store and (data or no_bundled):
        raise click.UsageError("--store serves a store as it is: give --data/--no-bundled without it")
    run(Path(store) if store else None, data, not no_bundled, say=click.echo, **_options(locals()))
    click.echo("stopped", err=True)


def _options(given: dict[str, object]) -> dict[str, object]:
    names = ("host", "port", "time_limit", "max_rows", "allow_service", "max_connections")
    return {name: given[name] for name in names}


@click.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="The SPARQL 1.1 Update endpoint (e.g. .../update).")
@click.option("--graph", "into", metavar="IRI", help="Put statements that are in no named graph into this graph.")
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(min=1),
    help="Statements a request (Virtuoso 7 refuses much more than 1000).",
)
@click.option("--store", metavar="DIR", type=click.Path(file_okay=False, exists=True), help="Push an on-disk store.")
@click.option(
    "--data",
    metavar="FILE",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Also push a claims or RDF file; repeatable.",
)
@click.option("--no-bundled", is_flag=True, help="Leave out the bundled Syria dataset.")
@click.option(
    "--timeout",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    metavar="SECONDS",
    help="The longest one request may take, start to end, however slowly the server answers.",
)
def push_cmd(
    endpoint: str,
    into: str | None,
    batch_size: int,
    store: str | None,
    data: tuple[str, ...],
    no_bundled: bool,
    timeout: float,
) -> None:
    """Upload the graph, named graphs kept, to a shared triple store through SPARQL 1.1 Update.

    Credentials come from $ACTORGRAPH_USER and $ACTORGRAPH_PASSWORD or from ~/.netrc, never
    from an option (a password written into the URL is used, but printed as ***). A push that
    fails says how far it got; running it again sends only the rest, and never doubles a statement.

    \b
    Examples:
      actorgraph push --endpoint http://127.0.0.1:7878/update
      ACTORGRAPH_USER=dba ACTORGRAPH_PASSWORD=... actorgraph push --endpoint http://127.0.0.1:8890/sparql-auth
    """
    from pyoxigraph import NamedNode

    from actorgraph.server.push import push
    from actorgraph.store.graph import open_graph

    try:
        target = NamedNode(into) if into else None
    except ValueError:
        raise click.BadParameter(f"not an IRI: {into!r}", param_hint="--graph") from None
    graph = open_graph(list(data), bundled=not no_bundled, store=store)
    total = len(list(graph.quads(with_ontology=True)))
    with click.progressbar(length=total, label="pushing", file=sys.stderr) as bar:
        result = push(graph, endpoint, into=target, size=batch_size, timeout=timeout, progress=bar.update)
    click.echo(str(result))
