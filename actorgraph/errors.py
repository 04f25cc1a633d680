"""The one exception hierarchy; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ActorNotInPeriod",
    "ActorgraphError",
    "AmbiguousActor",
    "BadDate",
    "CutAnswer",
    "DataError",
    "EndpointError",
    "Problem",
    "QueryError",
    "UnknownActor",
]


class ActorgraphError(Exception):
    """Anything a user can cause and should be told about in one line."""

    exit_code = 1


class BadDate(ActorgraphError, ValueError):
    """A date or period that cannot be read."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, located by file and line (0 when the line is unknown).

    A warning says something about data that was still read whole; any other problem means
    what it names was left out.

    >>> str(Problem("esd.csv", 12, "two names for one id; kept by id", warning=True))
    'esd.csv:12: warning: two names for one id; kept by id'
    """

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"


class DataError(ActorgraphError):
    """An input file that cannot be read or breaks the rules; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "bad data"
        more = len(self.problems) - 1
        super().__init__(
            first + (f" (and {more} more problem{'s' * (more > 1)}; run actorgraph validate)" if more else "")
        )


class UnknownActor(ActorgraphError):
    """A name that matches no actor."""

    def __init__(self, name: str, suggestions: Sequence[str] = (), *, one_of: bool = False) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        listed = ", ".join(repr(s) for s in self.suggestions)
        hint = f"; did you mean {'one of: ' if one_of else ''}{listed}?" if self.suggestions else ""
        super().__init__(f"unknown actor {name!r}{hint}")


class AmbiguousActor(ActorgraphError):
    """A name that several actors have had; a date or an id tells them apart."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(
            f"{name!r} names {len(candidates)} actors: {'; '.join(candidates)}. Give a date (--in/--on) or an id"
        )


class ActorNotInPeriod(ActorgraphError):
    """An actor asked about at a time it did not exist; names its predecessors or successors."""

    def __init__(self, message: str, related: Sequence[str] = ()) -> None:
        self.related = list(related)
        super().__init__(message)


class QueryError(ActorgraphError):
    """A SPARQL query that cannot be parsed or run."""


class EndpointError(ActorgraphError):
    """A SPARQL endpoint that cannot be reached, times out, answers an HTTP error or no SPARQL."""


class CutAnswer(EndpointError):
    """An endpoint answered only the first ``limit`` rows or triples of a query (its own row limit)."""

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit
