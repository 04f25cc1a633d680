"""Candidate claims from a new report: sourced, dated, resolved in time, for an analyst to review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from actorgraph.extract.candidates import Extraction, Report
    from actorgraph.extract.graph_view import Graph

__all__ = ["Candidate", "Extraction", "MissingExtra", "Rejected", "Report", "Status", "UnknownName", "extract"]


def extract(text: str, date: str | dt.date, graph: Graph, report: Report | None = None) -> Extraction:
    """Propose the claims a report states: who backed, fought, agreed with or joined whom, and when.

    ``date`` is the report's publication date (YYYY-MM-DD, or a ``datetime.date``): names are read as of it ("the Syrian
    government" of 2016 is the Assad government, of 2025 the transitional one) and relative
    dates ("on Wednesday", "last year") are resolved against it. Each candidate carries the
    sentence that states it, verbatim, its certainty and its status against the graph.

    >>> from actorgraph.store.graph import open_graph
    >>> found = extract("Turkey has backed Syrian opposition groups since 2016.", "2024-11-29", open_graph())
    >>> [(c.actor_id, c.relation, c.target_id, c.start, c.certainty) for c in found]
    [('turkey', 'support', 'syrian-opposition', '2016', 'confirmed')]
    >>> found.candidates[0].quote
    'Turkey has backed Syrian opposition groups since 2016.'
    >>> import datetime
    >>> len(extract("Turkey has backed Syrian opposition groups.", datetime.date(2024, 11, 29), open_graph()))
    1
    """
    from actorgraph.extract.engine import run

    return run(text, date, graph, report)


def __getattr__(name: str) -> Any:
    # the dataclasses load on first use, so the command line lists this command without loading it
    if name in ("Candidate", "Extraction", "Rejected", "Report", "Status", "UnknownName"):
        from actorgraph.extract import candidates

        return getattr(candidates, name)
    if name == "MissingExtra":
        from actorgraph.extract.pipeline import MissingExtra

        return MissingExtra
    raise AttributeError(name)
