"""A candidate against the graph: new, corroborating a relation it holds, or contradicting one."""

from __future__ import annotations

from collections.abc import Collection

from actorgraph.extract.candidates import Status
from actorgraph.extract.graph_view import GraphView, Known, period_bounds

__all__ = ["status"]


def status(
    view: GraphView,
    actor: str,
    kind: str,
    target: str,
    mode: str | None,
    start: str | None,
    end: str | None,
    symmetric: Collection[str],
    opposite: dict[str, str],
) -> Status:
    """Compare one candidate with the relations the graph holds between the same two actors.

    Corroborates: same kind (and mode), same direction (either, for kinds read both ways), and
    periods that fit. Contradicts: the same claim with another start, the reverse direction
    only, or the opposite kind over an overlapping period.

    >>> from actorgraph.extract.graph_view import open_graph
    >>> view = GraphView(open_graph())
    >>> str(status(view, "hezbollah", "support", "assad-government", None, "2015", None, {"agreement"}, {}))
    'corroborates report-hezbollah-supports-assad-government-since-2015'
    >>> status(view, "assad-government", "support", "hezbollah", None, None, None, {"agreement"}, {}).kind
    'contradicts'
    """
    known = view.known(actor, target)
    same = [
        k
        for k in known
        if k.kind == kind
        and (k.mode or None) == (mode or None)
        and (kind in symmetric or (k.actor, k.target) == (actor, target))
    ]
    fitting = [k for k in same if _fits(k, start, end)]
    if fitting:
        best = min(fitting, key=lambda k: (k.start != start, k.end != end, k.id))
        return Status("corroborates", best.id)
    if same and start:
        other = [k for k in same if k.start]
        if other:
            k = other[0]
            return Status("contradicts", k.id, f"other dates: the graph has {k.start} to {k.end or 'open'}")
    if same:
        return Status("corroborates", same[0].id, "other period")
    reverse = [k for k in known if k.kind == kind and (k.actor, k.target) == (target, actor)]
    if reverse:
        return Status("contradicts", reverse[0].id, "other direction")
    against = opposite.get(kind)
    clashing = [k for k in known if k.kind == against and _overlaps(k, start, end)]
    if clashing:
        return Status("contradicts", clashing[0].id, f"the graph has {against} over the same time")
    return Status("new")


def _fits(known: Known, start: str | None, end: str | None) -> bool:
    """Whether a candidate's period lies within a known relation's (no dates fit anything)."""
    if not start and not end:
        return True
    first, last = period_bounds(start, end)
    k_first, _ = period_bounds(known.start, None)
    _, k_last = period_bounds(None, known.end)
    if known.start and start and known.start == start:
        return True
    return k_first <= first and (end is None or last <= k_last) and (known.end is None or first <= k_last)


def _overlaps(known: Known, start: str | None, end: str | None) -> bool:
    first, last = period_bounds(start, end)
    k_first, k_last = period_bounds(known.start, known.end)
    return first <= k_last and k_first <= last
