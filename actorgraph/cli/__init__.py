"""The actorgraph command line: thin commands over the library, errors as one line."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from actorgraph.errors import ActorgraphError

if TYPE_CHECKING:
    from actorgraph.ask.sourcing import SourceFilter
    from actorgraph.model.dates import Period
    from actorgraph.store.protocol import Graph

__all__ = [
    "ACTOR",
    "DATE",
    "KIND",
    "OUTPUT_FILE",
    "State",
    "When",
    "cli",
    "emit",
    "graph_options",
    "main",
    "output_option",
    "output_options",
    "pass_state",
    "period_options",
    "source_options",
    "view_options",
]

F = TypeVar("F", bound=Callable[..., Any])

#: command name -> "module:function"; modules are imported only when their command runs or
#: is listed, so every command module keeps heavy imports inside its functions.
COMMANDS: dict[str, str] = {
    "who-backed": "actorgraph.cli.questions:who_backed",
    "who-opposed": "actorgraph.cli.questions:who_opposed",
    "relations": "actorgraph.cli.questions:relations_cmd",
    "timeline": "actorgraph.cli.questions:timeline_cmd",
    "actor": "actorgraph.cli.questions:actor_cmd",
    "actors": "actorgraph.cli.questions:actors_cmd",
    "sparql": "actorgraph.cli.rdf:sparql_cmd",
    "export": "actorgraph.cli.rdf:export_cmd",
    "validate": "actorgraph.cli.rdf:validate_cmd",
    "import": "actorgraph.cli.rdf:import_cmd",
    "serve": "actorgraph.cli.server:serve_cmd",
    "push": "actorgraph.cli.server:push_cmd",
    "snapshot": "actorgraph.cli.analysis:snapshot_cmd",
    "diff": "actorgraph.cli.analysis:diff_cmd",
    "blocs": "actorgraph.cli.analysis:blocs_cmd",
    "balance": "actorgraph.cli.analysis:balance_cmd",
    "path": "actorgraph.cli.analysis:path_cmd",
    "centrality": "actorgraph.cli.analysis:centrality_cmd",
    "network-export": "actorgraph.cli.analysis:network_export_cmd",
    "diagram": "actorgraph.cli.diagrams:diagram_cmd",
    "extract": "actorgraph.cli.extract:extract_cmd",
    "crosscheck": "actorgraph.cli.coverage:crosscheck_cmd",
    "coverage": "actorgraph.cli.coverage:coverage_cmd",
    "sources": "actorgraph.cli.coverage:sources_cmd",
}


@dataclass
class State:
    """What every command shares: where the graph comes from, and the graph once opened."""

    data: list[str] = field(default_factory=list)
    bundled: bool = True
    store: str | None = None
    texts: list[str] = field(default_factory=list)
    endpoint: str | None = None
    data_format: str | None = None
    sources: SourceFilter | None = None  # the source kinds claims are kept to (--sources, --reliable)
    tell_left_out: bool = True  # say on standard error how many claims were left out (else the answer does)
    _graph: Graph | None = None

    @property
    def source(self) -> str:
        """What was loaded, as a figure's caption names it: the bundled dataset, a store's datasets, files."""
        from actorgraph.present.drawing import source_line

        kept = f"; only claims with a source of the kinds {self.sources.label}" if self.sources else ""
        if self.endpoint:
            return f"SPARQL endpoint {self.endpoint.split('@')[-1]}{kept}"  # never a password in a caption
        from actorgraph.ask.sourcing import SourceView

        graph = self.graph
        return (
            source_line(self.data, self.bundled, self.store, graph.graph if isinstance(graph, SourceView) else graph)
            + kept
        )

    @property
    def graph(self) -> Graph:
        """The graph, opened on first use."""
        if self._graph is None and self.endpoint:
            from actorgraph.store.remote import RemoteGraph

            if self.data or self.store:
                raise click.UsageError("--endpoint reads a remote graph: give it without --data or --store")
            self._graph = RemoteGraph(self.endpoint)
        if self._graph is None:
            from actorgraph.store.graph import open_graph

            self._graph = open_graph(
                self.data,
                bundled=self.bundled,
                store=self.store,
                texts=[Path(t) for t in self.texts],
                data_format=self.data_format,
            )
            context = click.get_current_context(silent=True)
            if context is not None:
                context.find_root().call_on_close(self._graph.close)
        if self.sources is not None:
            from actorgraph.ask.sourcing import SourceView

            if not isinstance(self._graph, SourceView):
                self._graph = SourceView(self._graph, self.sources)
                context = click.get_current_context(silent=True)
                if context is not None and self.tell_left_out:
                    context.find_root().call_on_close(self._tell_left_out)
        return self._graph

    def _tell_left_out(self) -> None:
        """Say on standard error how many claims the views asked for left out (standard output stays data)."""
        from actorgraph.ask.sourcing import SourceView

        graph, sources = self._graph, self.sources
        if isinstance(graph, SourceView) and graph.left_out and sources is not None:
            click.echo(f"note: {sources.note(len(graph.left_out))}", err=True)


pass_state = click.make_pass_decorator(State, ensure=True)


class LazyGroup(click.Group):
    """A group that imports each command's module only when needed, and turns errors into one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"no such command {name!r}{hint} (actorgraph --help lists them)")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ActorgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            raise SystemExit(1) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="actorgraph")
def cli() -> None:
    """Who backed whom, who fought whom, when, how, and according to whom.

    A time-aware, sourced graph of conflict actors. Every relation is dated and carries its
    sources and their quotes. The bundled dataset covers the Syrian war around the 2024
    offensive on Aleppo.

    \b
    Examples:
      actorgraph who-backed "Syrian government" --in 2016
      actorgraph actor HTS
      actorgraph sparql 'SELECT ?a ?b WHERE { ?a ag:supports ?b }'
    """


# ---------------------------------------------------------------------------- shared options


def _add_data(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    if value:
        ctx.ensure_object(State).data.extend(value)


def _set_bundled(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(State).bundled = False


def _set_store(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(State).store = value


def _set_endpoint(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(State).endpoint = value


def _set_data_format(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(State).data_format = value


def graph_options(f: F) -> F:
    """``--data FILE`` (repeatable), ``--data-format``, ``--no-bundled``, ``--store DIR`` and ``--endpoint URL``."""
    f = click.option(
        "--endpoint",
        metavar="URL",
        expose_value=False,
        callback=_set_endpoint,
        is_eager=True,
        help="Ask a SPARQL 1.1 endpoint instead of the local graph (see 'actorgraph push').",
    )(f)
    f = click.option(
        "--store",
        metavar="DIR",
        expose_value=False,
        callback=_set_store,
        is_eager=True,
        type=click.Path(file_okay=False),
        help="Use an on-disk graph store (see 'actorgraph import').",
    )(f)
    f = click.option(
        "--no-bundled",
        is_flag=True,
        expose_value=False,
        callback=_set_bundled,
        is_eager=True,
        help="Leave out the bundled Syria dataset.",
    )(f)
    f = click.option(
        "--data-format",
        type=click.Choice(["toml", "turtle", "nt", "jsonld", "trig", "xml", "nquads"]),
        expose_value=False,
        callback=_set_data_format,
        is_eager=True,
        help="What --data - (standard input) holds: claims (toml) or an RDF format [default: turtle].",
    )(f)
    f = click.option(
        "--data",
        metavar="FILE",
        multiple=True,
        expose_value=False,
        callback=_add_data,
        is_eager=True,
        type=click.Path(dir_okay=False, allow_dash=True),
        help="Also load a claims file (.toml) or RDF file (.ttl .nt .nq .trig .jsonld .rdf), - for stdin; repeatable.",
    )(f)
    return f


def _sources_callback(notes: bool) -> Callable[[click.Context, click.Parameter, Any], None]:
    """The callback of ``--sources``/``--reliable``: the kinds chosen, into the state."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if not value:
            return
        from actorgraph.ask.sourcing import SourceFilter, UnknownSourceKind

        state = ctx.ensure_object(State)
        try:
            sources = SourceFilter.reliable() if value is True else SourceFilter.parse(value)
        except UnknownSourceKind as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
        if state.sources is not None and state.sources != sources:
            raise click.UsageError("give --sources or --reliable, not both", ctx)
        state.sources, state.tell_left_out = sources, not notes

    return callback


def source_options(f: F | None = None, *, notes: bool = False) -> Any:
    """``--sources KIND,...`` and ``--reliable`` (the kinds the ontology marks reliable): keep the
    relation claims to those with a source of the chosen kinds, each showing only those sources.
    With ``notes``, the command's answer says how many claims were left out; else standard error does."""

    def decorate(f: F) -> F:
        callback = _sources_callback(notes)
        f = click.option(
            "--reliable",
            is_flag=True,
            expose_value=False,
            callback=callback,
            help="Only claims with a source of the reliable kinds (the ontology marks them: see 'actorgraph sources').",
        )(f)
        return click.option(
            "--sources",
            metavar="KIND,...",
            expose_value=False,
            callback=callback,
            help="Only claims with a source of these kinds (comma-separated; 'actorgraph sources' lists them); "
            "a kept claim shows only those sources.",
        )(f)

    return decorate(f) if f is not None else decorate


def output_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` with the given choices (table, json, csv unless told otherwise)."""
    names = choices or ("table", "json", "csv")
    return click.option(
        "--format", "fmt", type=click.Choice(names), default=default, show_default=True, help="Output format."
    )


def _reshaping(f: F, reshape: Callable[[dict[str, Any]], None]) -> F:
    """``f`` called with its keyword arguments reshaped first (options read together become one value)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        reshape(kwargs)
        return f(*args, **kwargs)

    return cast(F, wrapper)


def output_options(
    *choices: str,
    also: Sequence[str] = (),
    default: str = "table",
    aliases: dict[str, str] | None = None,
    what: str = "Output format",
) -> Callable[[F], F]:
    """``--format`` and ``-o FILE``, read together: a file's suffix chooses the format when
    ``--format`` is not given, and one that contradicts it is an error. The command gets ``fmt``
    and ``output``.

    Without ``choices``, the formats every row-printing command writes (table, json, csv, markdown,
    ndjson: :data:`actorgraph.present.rows.FORMATS`), and ``also`` the command's own besides (a
    figure's svg); ``choices`` replace them for a command that prints no rows (RDF, a network file).
    """
    from actorgraph.present.rows import FORMATS  # the standard library only: --help stays light

    names = tuple(dict.fromkeys(choices or (*FORMATS, *also)))

    def decorate(f: F) -> F:
        def reshape(kwargs: dict[str, Any]) -> None:
            from actorgraph.present.output import choose_format

            kwargs["fmt"] = choose_format(kwargs["fmt"], kwargs["output"], names, default, aliases)

        f = _reshaping(f, reshape)
        f = OUTPUT_FILE(f)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(names),
            default=None,
            help=f"{what} [default: from the -o file's suffix, else {default}].",
        )(f)

    return decorate


class KindType(click.ParamType):
    """A relation kind the ontology names (support, opposition, ...), read when the option is used."""

    name = "KIND"

    def _keys(self) -> list[str]:
        from actorgraph.model.vocab import vocabulary

        return list(vocabulary().kinds)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in self._keys():
            return str(value)
        self.fail(f"{value!r} is not one of {', '.join(self._keys())}", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(k) for k in self._keys() if k.startswith(incomplete)]


KIND = KindType()


class PeriodType(click.ParamType):
    """A year, month or day: YYYY, YYYY-MM or YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from actorgraph.model.dates import PartialDate

        try:
            return str(PartialDate.parse(str(value)))
        except ActorgraphError as exc:
            self.fail(str(exc), param, ctx)


DATE = PeriodType()


@dataclass(frozen=True)
class When:
    """The time a command asks about, as given: ``--in``, ``--on``, ``--from``/``--to``, ``--throughout``."""

    in_: str | None = None
    on: str | None = None
    from_: str | None = None
    to_: str | None = None
    throughout: bool = False

    @property
    def period(self) -> Period | None:
        """The period named, or None for all time."""
        from actorgraph.model.dates import Period

        if self.in_ or self.on:
            return Period.parse(self.in_ or self.on or "")
        if self.from_ or self.to_:
            return Period.between(self.from_, self.to_)
        return None

    @property
    def year(self) -> int | None:
        """The year of ``--in``/``--on`` (a page opens on it)."""
        from actorgraph.model.dates import PartialDate

        day = self.in_ or self.on
        return PartialDate.parse(day).year if day else None

    @property
    def span(self) -> tuple[int | None, int | None]:
        """The years ``--from``/``--to`` name (None where not given)."""
        from actorgraph.model.dates import PartialDate

        return tuple(PartialDate.parse(d).year if d else None for d in (self.from_, self.to_))  # type: ignore[return-value]


def period_options(f: F | None = None, *, throughout: bool = True) -> Any:
    """One time vocabulary for every command: ``--in YEAR``, ``--on DATE``, ``--from/--to`` and
    ``--throughout``, read together into one ``when`` (:class:`When`). ``--year``/``-y``, the old
    spelling of ``--in``, is still read (hidden)."""

    def decorate(f: F) -> F:
        def reshape(kwargs: dict[str, Any]) -> None:
            in_, year = kwargs.pop("in_"), kwargs.pop("year_alias")
            if in_ and year:
                raise click.UsageError("give --in (or its old spelling --year), not both")
            when = When(in_ or year, kwargs.pop("on"), kwargs.pop("from_"), kwargs.pop("to_"))
            given = [
                n for n, v in (("--in", when.in_), ("--on", when.on), ("--from/--to", when.from_ or when.to_)) if v
            ]
            if len(given) > 1:
                raise click.UsageError(f"give only one of {', '.join(given)}")
            kwargs["when"] = replace(when, throughout=kwargs.pop("throughout", False))

        f = _reshaping(f, reshape)
        if throughout:
            f = click.option("--throughout", is_flag=True, help="Only relations known to cover the whole period.")(f)
        f = click.option("--year", "-y", "year_alias", type=DATE, hidden=True)(f)
        f = click.option("--to", "to_", type=DATE, metavar="DATE", help="End of a span (with or without --from).")(f)
        f = click.option("--from", "from_", type=DATE, metavar="DATE", help="Start of a span.")(f)
        f = click.option("--on", "on", type=DATE, metavar="YYYY-MM-DD", help="A single day.")(f)
        return click.option("--in", "in_", type=DATE, metavar="YEAR", help="A year (or YYYY-MM month).")(f)

    return decorate(f) if f is not None else decorate


def make_period(in_: str | None, on: str | None, from_: str | None, to_: str | None) -> Period | None:
    """The period the options name, or None; usage error if they clash."""
    given = [name for name, v in (("--in", in_), ("--on", on), ("--from/--to", from_ or to_)) if v]
    if len(given) > 1:
        raise click.UsageError(f"give only one of {', '.join(given)}")
    return When(in_, on, from_, to_).period


def complete_actor(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion: actor ids and labels that start with what is typed."""
    from click.shell_completion import CompletionItem

    from actorgraph.ask.questions import actors, normalise

    try:
        graph = ctx.ensure_object(State).graph
    except ActorgraphError:
        return []
    typed = normalise(incomplete)
    items = []
    for a in actors(graph):
        for name in (a.label, a.id, *a.aliases):
            if normalise(name).startswith(typed):
                items.append(CompletionItem(name, help=a.label))
                break
    return items


ACTOR = click.argument("name", metavar="ACTOR", shell_complete=complete_actor)
OUTPUT_FILE = click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here instead of standard output.",
)


def view_options(f: F) -> F:
    """``--claims``/``-v`` (every claim with its quotes) or ``--brief`` (one line per claim); by default
    one line per actor. The command gets ``view``; ``--quotes``, the old spelling of ``--claims``, is still read."""

    def reshape(kwargs: dict[str, Any]) -> None:
        claims, brief = kwargs.pop("claims") or kwargs.pop("quotes_alias"), kwargs.pop("brief")
        kwargs.pop("quotes_alias", None)
        if claims and brief:
            raise click.UsageError("give --claims or --brief, not both")
        kwargs["view"] = "claims" if claims else "brief" if brief else "summary"

    f = _reshaping(f, reshape)
    f = click.option("--quotes", "quotes_alias", is_flag=True, hidden=True)(f)
    f = click.option("--brief", is_flag=True, help="One line per claim.")(f)
    return click.option("--claims", "-v", is_flag=True, help="Every claim, with its sources' quotes.")(f)


def emit(result: Any, fmt: str, output: str = "-") -> None:
    """Hand what a command made to the reader: a view rendered in ``fmt`` (fitted to the terminal),
    text, or bytes, on standard output or into the ``-o`` file."""
    from actorgraph.present.output import write_output

    if isinstance(result, bytes):
        write_output(output, result, fmt)
        return
    if not isinstance(result, str):
        from actorgraph.present.rows import render

        result = render(result, fmt)
    if output == "-":
        click.echo(result)
    else:
        write_output(output, (result + "\n").encode("utf-8"), fmt)


def main() -> None:
    """Entry point of the ``actorgraph`` console script."""
    if "_ACTORGRAPH_COMPLETE" in os.environ:
        _quote_bash_completions()
    cli(prog_name="actorgraph")


def _quote_bash_completions() -> None:
    """Bash inserts a completion as it is given: quote names with spaces or parentheses
    ("Government of Syria (Assad)") so that they stay one argument. zsh and fish quote for themselves."""
    import shlex

    from click.shell_completion import BashComplete, CompletionItem, add_completion_class

    class QuotingBashComplete(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            value = shlex.quote(item.value) if item.type == "plain" else item.value
            return f"{item.type},{value}"

    add_completion_class(QuotingBashComplete, "bash")


if __name__ == "__main__":
    main()
