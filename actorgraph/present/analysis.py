"""Text views of the network readings: snapshot, diff, blocs, balance, path and centrality."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from actorgraph.ask.questions import Citation, RelationRow
from actorgraph.present.answers import end_words, verb
from actorgraph.present.rows import Column, Table, View

if TYPE_CHECKING:
    import networkx as nx

    from actorgraph.ask.analysis import BalanceReport, Blocs, Centrality, Diff, PathReport, Step, Tie

__all__ = ["balance_view", "blocs_view", "centrality_view", "diff_view", "path_view", "snapshot_view"]


def _first_source(row: RelationRow) -> str:
    return row.sources[0].credit if row.sources else ""


def _dates(row: RelationRow, years: bool = False) -> str:
    """A claim's dates; with ``years``, only their years, for narrow tables."""
    text = f"{row.start or '?'} – {end_words(row)}"
    return re.sub(r"\b(\d{4})-\d{2}(?:-\d{2})?\b", r"\1", text) if years else text


def _tie_text(tie: Tie) -> str:
    best = tie.best()
    more = len(tie.relations) - 1
    return f"{best.relation} ({_first_source(best)})" + (f" +{more} more" if more else "")


def _tie_json(tie: Tie) -> dict[str, Any]:
    return {
        "actors": [tie.a.id, tie.b.id],
        "sign": tie.sign,
        "relations": [{"subject": r.subject.id, **r.to_json()} for r in tie.relations],
    }


def _cites(sources: Sequence[Citation], limit: int = 3) -> list[str]:
    lines = [f"    {c.credit}: " + (f"“{c.quote}”" if c.quote else c.title) for c in sources[:limit]]
    if len(sources) > limit:
        lines.append(f"    … and {len(sources) - limit} more source(s) (--format json lists all)")
    return lines


def snapshot_view(snap: nx.MultiDiGraph) -> View:
    """A snapshot: every relation that possibly held in a period, one line each.

    >>> from actorgraph.ask.analysis import snapshot
    >>> from actorgraph.present.rows import render
    >>> print(render(snapshot_view(snapshot(open_graph(), 2016)), "table", width=100))  # doctest: +ELLIPSIS
    Snapshot 2016: ... actors, ... relations (latest source ...):
    <BLANKLINE>
    FROM  RELATION  TO  DATES  SURE  SOURCES
    ...
    """
    rows = sorted(
        (d["row"] for _, _, d in snap.edges(data=True)),
        key=lambda r: (r.subject.label.casefold(), r.other.label.casefold(), r.relation),
    )
    document = {
        "period": snap.graph["period"],
        "as_of": snap.graph["as_of"],
        "nodes": [
            {"id": n, "label": d["label"], "type": d["type"], "start": d["start"], "end": d["end"]}
            for n, d in sorted(snap.nodes(data=True))
        ],
        "edges": [{"from": r.subject.id, "to": r.other.id, **r.to_json()} for r in rows],
        "outside_lifespan": snap.graph["outside_lifespan"],
    }
    flat = [
        {
            "from_id": r.subject.id,
            "relation": r.kind,
            "to_id": r.other.id,
            "relation_id": r.relation,
            "start": r.start,
            "end": r.end,
            "certainty": r.certainty,
            "sources": len(r.sources),
        }
        for r in rows
    ]
    cells = [
        {
            "from": r.subject.label,
            "relation": verb(r.kind, r.mode),
            "to": r.other.label,
            "dates": _dates(r),
            "dates_years": _dates(r, years=True),
            "sure": r.certainty,
            "sources": len(r.sources),
        }
        for r in rows
    ]
    columns = [
        Column("from", "FROM", 2, 16),
        Column("relation", "RELATION"),
        Column("to", "TO", 2, 16),
        Column("dates", "DATES", 1, 12, compact="dates_years"),
        Column("sure", "SURE"),
        Column("sources", "SOURCES", right=True),
    ]
    left = snap.graph["outside_lifespan"]
    head = f"Snapshot {snap.graph['period']}: {snap.number_of_nodes()} actors, {snap.number_of_edges()} relations"
    head += f" (latest source {snap.graph['as_of']})" if snap.graph["as_of"] else ""
    blocks: list[Any] = [head + ":", "", Table(columns, cells)]
    if left:
        blocks += ["", f"{len(left)} relation(s) left out: an actor did not exist then."]
    return View(blocks, [{"from": r.subject.id, "to": r.other.id, **r.to_json()} for r in rows], None, flat, document)


def diff_view(result: Diff) -> View:
    """Relations that began, ended or changed between two dates, with the sources that date them."""
    changes: list[dict[str, Any]] = [
        {
            "change": c.change,
            "actor": c.subject.id,
            "other": c.other.id,
            "what": c.what,
            "when": c.when,
            "reason": c.reason,
            "evidence": [r.relation for r in c.evidence],
            "sources": [s.to_json() for s in c.sources],
        }
        for c in result.changes
    ]
    document = {"before": result.before, "after": result.after, "changes": changes}
    flat = [
        {
            "change": c.change,
            "actor_id": c.subject.id,
            "other_id": c.other.id,
            "what": c.what,
            "when": c.when,
            "reason": c.reason,
            "evidence": "; ".join(r.relation for r in c.evidence),
            "sources": " | ".join(s.reference for s in c.sources),
        }
        for c in result.changes
    ]
    blocks: list[Any] = [f"Changes from {result.before} to {result.after}:"]
    columns = [Column("actor", "ACTOR", 2, 16), Column("with", "WITH", 2, 16), Column("what", "WHAT", 1, 16)]
    columns.append(Column("when", "WHEN"))
    for change in ("began", "ended", "changed"):
        items = result.of(change)
        blocks += ["", f"{change.upper()} ({len(items)})"]
        if items:
            records = [
                {"actor": c.subject.label, "with": c.other.label, "what": c.what, "when": c.when or "?"} for c in items
            ]
            after = [([f"    ({c.reason})"] if c.reason else []) + _cites(c.sources, 2) for c in items]
            blocks.append(Table(columns, records, after))
    return View(blocks, changes, None, flat, document)


def blocs_view(b: Blocs) -> View:
    """Camps of actors, how well they fit, and the relations that break them."""
    document = {
        "period": b.period,
        "max_camps": b.max_camps,
        "exact": b.exact,
        "camps": [[a.id for a in camp] for camp in b.camps],
        "frustration": b.frustration,
        "signed_pairs": b.signed_pairs,
        "satisfied": round(b.satisfied, 4),
        "frustrated": [_tie_json(t) for t in b.frustrated],
        "crossing": [_tie_json(t) for t in b.crossing],
        "ambivalent": [_tie_json(t) for t in b.ambivalent],
        "alternatives": {k: [n + 1 for n in v] for k, v in b.alternatives.items()},
    }
    members = [{"actor_id": a.id, "actor": a.label, "camp": n + 1} for n, camp in enumerate(b.camps) for a in camp]
    how = f"at most {b.max_camps} camps" if b.max_camps else "any number of camps"
    search = "exact search" if b.exact else "best found, not proven optimal"
    blocks: list[Any] = [f"Camps in {b.period} (structural balance, {how}; {search}):", ""]
    blocks += [f"  {n}. " + ", ".join(a.label for a in camp) for n, camp in enumerate(b.camps, 1)]
    blocks += [
        "",
        f"Fit: frustration index {b.frustration} of {b.signed_pairs} signed pairs; "
        f"{b.satisfied:.1%} of pairs satisfied.",
    ]
    if b.frustrated:
        blocks += ["", "Relations that break the partition (support across camps, opposition inside one):"]
        columns = [
            Column("a", "ACTOR", 2, 16),
            Column("sign", ""),
            Column("b", "ACTOR", 2, 16),
            Column("relation", "RELATION (FIRST SOURCE)", 1, 20),
        ]
        records = [{"a": t.a.label, "sign": t.symbol, "b": t.b.label, "relation": _tie_text(t)} for t in b.frustrated]
        blocks.append(Table(columns, records))
    if b.crossing:
        blocks += ["", f"Opposition between camps: {len(b.crossing)} pairs (--format json lists them)."]
    if b.ambivalent:
        blocks += ["", "Ambivalent pairs, left out (both cooperation and opposition claimed):"]
        blocks += [f"  {t.a.label} ± {t.b.label}: " + ", ".join(r.relation for r in t.relations) for t in b.ambivalent]
    if b.alternatives:
        blocks += ["", "Could sit in another camp at no extra frustration:"]
        labels = {a.id: a.label for camp in b.camps for a in camp}
        blocks += [f"  {labels[k]}: camp {', '.join(str(n + 1) for n in v)}" for k, v in sorted(b.alternatives.items())]
    return View(blocks, members, ["actor_id", "actor", "camp"], None, document)


def balance_view(report: BalanceReport, *, inferred: bool = True) -> View:
    """Balanced and unbalanced triads, and (kept apart, labelled) the ties balance would infer."""
    triads = [("balanced", t) for t in report.balanced] + [("unbalanced", t) for t in report.unbalanced]
    guesses = report.inferred if inferred else ()
    document = {
        "period": report.period,
        "balance_ratio": round(report.balance_ratio, 4),
        "triads": [
            {
                "status": s,
                "actors": [a.id for a in t.actors],
                "reading": t.reading,
                "ties": [_tie_json(x) for x in t.ties],
            }
            for s, t in triads
        ],
        "inferred": [
            {
                "status": "inferred",
                "actors": [i.a.id, i.b.id],
                "via": i.via.id,
                "sign": i.sign,
                "reading": i.reading,
                "from": [_tie_json(x) for x in i.through],
            }
            for i in guesses
        ],
    }
    fields = ["status", "actor_1", "actor_2", "actor_3", "signs", "reading", "relations"]
    flat: list[dict[str, Any]] = [
        dict(
            zip(
                fields,
                [
                    s,
                    *(a.id for a in t.actors),
                    "".join(x.symbol for x in t.ties),
                    t.reading,
                    "; ".join(x.best().relation for x in t.ties),
                ],
                strict=True,
            )
        )
        for s, t in triads
    ]
    flat += [
        dict(
            zip(
                fields,
                [
                    "inferred",
                    i.a.id,
                    i.b.id,
                    i.via.id,
                    "+" if i.sign > 0 else "-",
                    i.reading,
                    "; ".join(x.best().relation for x in i.through),
                ],
                strict=True,
            )
        )
        for i in guesses
    ]
    total = len(triads)
    blocks: list[Any] = [
        f"Structural balance in {report.period}: {len(report.balanced)} of {total} sourced triads balanced "
        f"({report.balance_ratio:.0%})."
    ]
    columns = [Column("actors", "ACTORS", 1, 30), Column("signs", "SIGNS"), Column("reading", "READING", 2, 20)]
    for status, items in (("BALANCED", report.balanced), ("UNBALANCED", report.unbalanced)):
        blocks += ["", f"{status} ({len(items)})"]
        if items:
            records = [
                {
                    "actors": " / ".join(a.label for a in t.actors),
                    "signs": "".join(x.symbol for x in t.ties),
                    "reading": t.reading,
                }
                for t in items
            ]
            blocks.append(Table(columns, records))
    if guesses:
        blocks += ["", f"INFERRED — not in any source; predicted by balance from two sourced ties ({len(guesses)})"]
        guess_columns = [
            Column("a", "ACTOR", 2, 14),
            Column("sign", ""),
            Column("b", "ACTOR", 2, 14),
            Column("via", "VIA", 2, 14),
            Column("reading", "READING", 1, 16),
        ]
        records = [
            {
                "a": i.a.label,
                "sign": "+" if i.sign > 0 else "-",
                "b": i.b.label,
                "via": i.via.label,
                "reading": i.reading,
            }
            for i in guesses
        ]
        blocks.append(Table(guess_columns, records))
    if report.ambivalent:
        blocks += [
            "",
            f"{len(report.ambivalent)} ambivalent pair(s) left out: "
            + "; ".join(f"{t.a.label} ± {t.b.label}" for t in report.ambivalent),
        ]
    return View(blocks, flat, fields, None, document)


def path_view(report: PathReport) -> View:
    """The shortest and the strongest path between two actors, step by step."""
    from actorgraph.ask.analysis import PathReport

    sections: tuple[tuple[str, Sequence[Step]], ...] = (("shortest", report.shortest), ("strongest", report.strongest))

    def record(n: int, s: Step) -> dict[str, Any]:
        return {
            "step": n,
            "from": s.source.label,
            "sign": s.tie.symbol,
            "relation": verb(s.relation.kind, s.relation.mode, active=s.relation.subject.id == s.source.id),
            "to": s.target.label,
            "dates": _dates(s.relation),
            "dates_years": _dates(s.relation, years=True),
            "relation_id": s.relation.relation,
            "first_source": _first_source(s.relation),
        }

    document = {
        "from": report.source.id,
        "to": report.target.id,
        "period": report.period,
        **{
            name: {
                "sign": PathReport.sign(steps),
                "steps": [{"from": s.source.id, "to": s.target.id, **_tie_json(s.tie)} for s in steps],
            }
            for name, steps in sections
        },
    }
    flat = [{"path": name, **record(n, s)} for name, steps in sections for n, s in enumerate(steps, 1)]
    columns = [
        Column("step", "STEP", right=True),
        Column("from", "FROM", 2, 14),
        Column("sign", ""),
        Column("relation", "RELATION"),
        Column("to", "TO", 2, 14),
        Column("dates", "DATES", 3, 16, compact="dates_years"),
        Column("first_source", "FIRST SOURCE", 1, 12),
    ]
    reading = {1: "reads as friends", -1: "reads as enemies", 0: "ambivalent"}
    blocks: list[Any] = [f"{report.source.label} to {report.target.label}, {report.period}:"]
    for label, steps in sections:
        blocks += ["", f"{label.capitalize()}: {len(steps)} step(s), {reading[PathReport.sign(steps)]}"]
        blocks.append(Table(columns, [record(n, s) for n, s in enumerate(steps, 1)]))
    fields = ["path", "step", "from", "sign", "relation", "to", "dates", "relation_id", "first_source"]
    return View(blocks, flat, fields, None, document)


def centrality_view(rows: Sequence[Centrality], kind: str, by: str) -> View:
    """Who is the hub of a relation kind's network, by named measures."""
    fields = ["actor_id", "actor", "in_degree", "out_degree", "degree", "pagerank", "betweenness"]
    records = [
        {
            "actor_id": r.actor.id,
            "actor": r.actor.label,
            "in_degree": r.in_degree,
            "out_degree": r.out_degree,
            "degree": r.degree,
            "pagerank": r.pagerank,
            "betweenness": r.betweenness,
        }
        for r in rows
    ]
    columns = [Column("actor", "ACTOR", 1, 16)] + [
        Column(f, f.upper().replace("_", "-"), right=True) for f in fields[2:]
    ]
    return View([f"Centrality in the {kind} network, sorted by {by}:", "", Table(columns, records)], records, fields)
