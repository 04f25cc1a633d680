"""The question commands: who backed or opposed whom, every relation of an actor or a pair, timelines, profiles."""

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
    view_options,
)

__all__ = ["actor_cmd", "actors_cmd", "relations_cmd", "timeline_cmd", "who_backed", "who_opposed"]


@click.command("who-backed")
@ACTOR
@period_options
@view_options
@output_options()
@source_options(notes=True)
@graph_options
@pass_state
def who_backed(state: State, name: str, when: When, view: str, fmt: str, output: str) -> None:
    """Who supported ACTOR, when, how, and according to whom.

    One line per supporter: how it backed ACTOR (support types merged), over which span, how
    sure the sources are, how many claims and sources, and where they disagree; then the sources
    that state it best. --claims shows every claim with its quotes; --brief one line per claim.

    \b
    Examples:
      actorgraph who-backed "Syrian government" --in 2016
      actorgraph who-backed SDF --from 2015 --to 2019 --throughout --format json
    """
    from actorgraph.ask.questions import supporters
    from actorgraph.present.answers import answer_view

    answer = supporters(state.graph, name, when.period, throughout=when.throughout)
    emit(answer_view(answer, view), fmt, output)


@click.command("who-opposed")
@ACTOR
@period_options
@view_options
@output_options()
@source_options(notes=True)
@graph_options
@pass_state
def who_opposed(state: State, name: str, when: When, view: str, fmt: str, output: str) -> None:
    """Who fought, designated or sanctioned ACTOR, and whom it opposed.

    Each line reads actor first: "Russia fought HTS", "Government of Syria was fought by HTS".

    \b
    Example:
      actorgraph who-opposed HTS --in 2024
    """
    from actorgraph.ask.questions import opponents
    from actorgraph.present.answers import answer_view

    answer = opponents(state.graph, name, when.period, throughout=when.throughout)
    emit(answer_view(answer, view), fmt, output)


@click.command("relations")
@ACTOR
@click.option(
    "--with", "other", metavar="ACTOR", help="Only the relations between ACTOR and this actor, in time order."
)
@click.option(
    "--kind",
    type=KIND,
    help="Only relations of this kind: support, opposition, agreement, ... (the ontology's kinds).",
)
@period_options
@view_options
@output_options()
@source_options(notes=True)
@graph_options
@pass_state
def relations_cmd(
    state: State, name: str, other: str | None, kind: str | None, when: When, view: str, fmt: str, output: str
) -> None:
    """Every relation of ACTOR, in both directions; with --with, those between two actors.

    \b
    Examples:
      actorgraph relations Turkey --kind agreement
      actorgraph relations Russia --with "Syrian government"
    """
    from actorgraph.ask.questions import between, relations
    from actorgraph.present.answers import answer_view

    if other:
        answer = between(state.graph, name, other, when.period, kind=kind, throughout=when.throughout)
    else:
        answer = relations(state.graph, name, when.period, kind=kind, throughout=when.throughout)
    emit(answer_view(answer, view, pair=bool(other)), fmt, output)


@click.command("timeline")
@ACTOR
@output_options(also=("svg", "png", "pdf"))
@source_options
@graph_options
@pass_state
def timeline_cmd(state: State, name: str, fmt: str, output: str) -> None:
    """ACTOR's relations and identity changes in order of time.

    --format svg, png or pdf draws them as bars over time (supporters and opponents apart,
    open ends marked "as of" their latest source, each bar within both actors' lifespans).

    \b
    Examples:
      actorgraph timeline Hezbollah
      actorgraph timeline Russia -o russia.svg
    """
    if fmt in ("svg", "png", "pdf"):
        from actorgraph.present.figures import timeline_figure

        emit(timeline_figure(state.graph, name, fmt, source=state.source), fmt, output)
        return
    from actorgraph.ask.questions import timeline
    from actorgraph.present.answers import timeline_view

    emit(timeline_view(*timeline(state.graph, name)), fmt, output)


@click.command("actor")
@ACTOR
@click.option("--in", "in_", type=DATE, metavar="YEAR", help="Which actor the name meant then.")
@output_options()
@source_options
@graph_options
@pass_state
def actor_cmd(state: State, name: str, in_: str | None, fmt: str, output: str) -> None:
    """The profile of ACTOR: type, aliases, lifespan, lineage.

    \b
    Examples:
      actorgraph actor HTS
      actorgraph actor "Syrian government" --in 2025
    """
    from actorgraph.ask.questions import profile
    from actorgraph.present.answers import profile_view

    emit(profile_view(profile(state.graph, name, in_)), fmt, output)


@click.command("actors")
@output_options()
@graph_options
@pass_state
def actors_cmd(state: State, fmt: str, output: str) -> None:
    """List every actor with its type and lifespan.

    \b
    Example:
      actorgraph actors --format csv
    """
    from actorgraph.ask.questions import actors
    from actorgraph.present.answers import actors_view

    emit(actors_view(actors(state.graph)), fmt, output)
