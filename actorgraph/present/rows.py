"""The one place rows become text: aligned tables for people, JSON and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

from actorgraph.ask.questions import ActorInfo, Answer, Profile, RelationRow

__all__ = ["FORMATS", "render_actors", "render_answer", "render_profile", "render_rows", "render_timeline", "table"]

FORMATS = ("table", "json", "csv")


def _widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, gap: int) -> list[int]:
    cols = len(headers)
    natural = [
        max([len(headers[i]), *(max((len(p) for p in str(r[i]).split("\n")), default=0) for r in rows)])
        for i in range(cols)
    ]
    widths = list(natural)
    longest_word = [
        max([len(headers[i]), *(len(w) for r in rows for w in str(r[i]).split())], default=0) for i in range(cols)
    ]
    floor = [min(natural[i], max(len(headers[i]), min(longest_word[i], 16))) for i in range(cols)]
    while sum(widths) + gap * (cols - 1) > width:
        widest = max(range(cols), key=lambda i: widths[i] - floor[i])
        if widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1
    return widths


def _lines(cells: Sequence[str], widths: Sequence[int], gap: int) -> list[str]:
    wrapped = [
        [w for part in str(cell).split("\n") for w in (textwrap.wrap(part, widths[i], break_on_hyphens=False) or [""])]
        for i, cell in enumerate(cells)
    ]
    out = []
    for n in range(max(len(w) for w in wrapped)):
        line = (" " * gap).join((w[n] if n < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped))
        out.append(line.rstrip())
    return out


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int = 80,
    after: Sequence[Sequence[str]] | None = None,
) -> str:
    """Align rows under headers, wrapping the widest columns so each line fits ``width``.

    ``after``, if given, holds for each row extra lines printed beneath it (such as quotes).

    >>> print(table(["A", "B"], [["x", "a long cell"]], width=12))
    A  B
    x  a long
       cell
    """
    gap = 2
    widths = _widths(headers, rows, width, gap)
    lines = _lines(headers, widths, gap)
    for n, row in enumerate(rows):
        lines += _lines(row, widths, gap)
        if after is not None:
            lines += after[n]
    return "\n".join(lines)


def render_rows(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, records: Sequence[dict[str, Any]] | None = None
) -> str:
    """Rows in ``table``, ``json`` (a list of objects) or ``csv`` form."""
    if fmt == "json":
        data = records if records is not None else [dict(zip(headers, r, strict=True)) for r in rows]
        return json.dumps(list(data), ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([["" if c is None else c for c in r] for r in rows])
        return out.getvalue().rstrip("\n")
    return table(headers, [["" if c is None else str(c) for c in r] for r in rows])


def _how(row: RelationRow) -> str:
    return row.how


def _end(row: RelationRow) -> str:
    return row.end_text


def _short_source(row: RelationRow) -> str:
    seen: list[str] = []
    for c in row.sources:
        text = f"{c.publisher} {c.date or ''}".strip()
        if text not in seen:
            seen.append(text)
    return "; ".join(seen[:2]) + (f"; +{len(seen) - 2} more" if len(seen) > 2 else "")


def _csv_row(row: RelationRow) -> list[Any]:
    return [
        row.other.label,
        row.other.id,
        row.kind,
        row.relation,
        "incoming" if not row.outgoing else "outgoing",
        row.mode or "",
        " ".join(row.types),
        row.start or "",
        row.end or "",
        row.certainty,
        row.as_of or "",
        " | ".join(c.reference for c in row.sources),
        " | ".join(c.quote or "" for c in row.sources),
    ]


_CSV_HEADERS = [
    "actor",
    "actor_id",
    "relation",
    "relation_id",
    "direction",
    "mode",
    "types",
    "start",
    "end",
    "certainty",
    "as_of",
    "sources",
    "quotes",
]


def render_relation_rows(rows: Sequence[RelationRow], fmt: str, *, quotes: bool = True, width: int = 80) -> str:
    """Relation rows as a table with their sources' quotes beneath, or as JSON or CSV."""
    if fmt == "json":
        # one row per line: readable, and json's fast C encoder (it is not used with indent=)
        lines = [json.dumps(r.to_json(), ensure_ascii=False) for r in rows]
        return "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n]" if lines else "[]"
    if fmt == "csv":
        return render_rows(_CSV_HEADERS, [_csv_row(r) for r in rows], "csv")
    verbs = {r.verb for r in rows}
    headers = ["ACTOR", "HOW", "FROM", "TO", "CERTAINTY"]
    cells = [[r.other.label, _how(r), r.start or "?", _end(r), r.certainty] for r in rows]
    if len(verbs) > 1:
        headers.insert(1, "RELATION")
        for cell, row in zip(cells, rows, strict=True):
            cell.insert(1, row.verb)
    if not quotes:
        headers.append("SOURCES")
        for cell, row in zip(cells, rows, strict=True):
            cell.append(_short_source(row))
        return table(headers, cells, width)
    after = []
    for row in rows:
        extra: list[str] = []
        for c in row.sources:
            lead = f"    {c.credit}: "
            body = f"“{c.quote}”" if c.quote else f"{c.title} ({c.url})" if c.url else c.title
            extra += textwrap.wrap(lead + body, width, subsequent_indent="      ", break_on_hyphens=False)
        if row.note:
            extra += textwrap.wrap(f"    note: {row.note}", width, subsequent_indent="      ")
        after.append(extra)
    return table(headers, cells, width, after)


def render_answer(answer: Answer, fmt: str, *, quotes: bool = True, width: int = 80) -> str:
    """An answer: a heading, the rows, and a footer saying how to read them and as of when."""
    body = render_relation_rows(answer.rows, fmt, quotes=quotes, width=width)
    if fmt != "table":
        return body
    head = [
        *textwrap.wrap(answer.question[0].upper() + answer.question[1:] + ":", width),
        *(line for n in answer.notes for line in textwrap.wrap(f"({n})", width)),
    ]
    if not answer.rows:
        return "\n".join([*head, "No claims in the graph."])
    claims = len(answer.rows)
    sources = len({c.source for r in answer.rows for c in r.sources})
    foot = f"{claims} claim{'s' * (claims != 1)} from {sources} source{'s' * (sources != 1)}"
    if answer.as_of:
        foot += f"; open ends are as of their latest source (latest: {answer.as_of})"
    if not answer.period.is_always and not answer.throughout:
        foot += "; 'possibly during' = dates overlap the period (--throughout: known to cover it all)"
    return "\n".join([*head, "", body, "", *textwrap.wrap(foot + ".", width)])


def render_actors(actors: Sequence[ActorInfo], fmt: str) -> str:
    """The actor list."""
    headers = ["id", "label", "type", "start", "end", "aliases"]
    rows = [[a.id, a.label, a.type, a.start or "", a.end or "", "; ".join(a.aliases)] for a in actors]
    if fmt == "json":
        return render_rows(
            headers,
            rows,
            fmt,
            [
                {
                    "id": a.id,
                    "label": a.label,
                    "type": a.type,
                    "start": a.start,
                    "end": a.end,
                    "aliases": list(a.aliases),
                }
                for a in actors
            ],
        )
    if fmt == "table":
        return table(["ID", "LABEL", "TYPE", "LIFESPAN"], [[a.id, a.label, a.type, a.lifespan] for a in actors])
    return render_rows(headers, rows, fmt)


def render_profile(prof: Profile, fmt: str) -> str:
    """One actor's profile."""
    a = prof.actor
    record = {
        "id": a.id,
        "label": a.label,
        "type": a.type,
        "aliases": list(a.aliases),
        "start": a.start,
        "end": a.end,
        "predecessors": [p.id for p in prof.predecessors],
        "successors": [s.id for s in prof.successors],
        "changes": [
            {
                "id": c.id,
                "kind": c.kind,
                "date": c.date,
                "from": [x.id for x in c.original],
                "to": [x.id for x in c.resulting],
                "new_name": c.new_name,
                "sources": [s.to_json() for s in c.sources],
            }
            for c in prof.changes
        ],
        "relations": prof.relation_count,
        "sources": [s.to_json() for s in prof.sources],
    }
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_rows(
            ["field", "value"],
            [[k, json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v] for k, v in record.items()],
            "csv",
        )
    lines = [
        f"{a.label} [{a.id}]",
        f"  type:      {prof.type_label}",
        f"  aliases:   {', '.join(a.aliases) or '-'}",
        f"  lifespan:  {a.lifespan or 'not known'}",
        f"  relations: {prof.relation_count} claims (actorgraph relations {a.id!r})",
    ]
    for c in prof.changes:
        frm = ", ".join(x.label for x in c.original)
        to = ", ".join(x.label for x in c.resulting)
        what = f"renamed {c.new_name}" if c.kind == "rename" else f"{c.kind}: {frm} -> {to}"
        lines.append(f"  {c.date or '?':<10} {what}")
        for s in c.sources:
            lines.extend(
                textwrap.wrap(
                    f"{s.credit}: “{s.quote}”",
                    80,
                    initial_indent="      ",
                    subsequent_indent="        ",
                )
            )
    for s in prof.sources:
        lines.extend(
            textwrap.wrap(
                f"lifespan: {s.credit}: “{s.quote}”",
                80,
                initial_indent="  ",
                subsequent_indent="      ",
            )
        )
    return "\n".join(lines)


def render_timeline(prof: Profile, rows: Sequence[RelationRow], fmt: str, *, quotes: bool = False) -> str:
    """An actor's relations and identity changes in order of time."""
    if fmt != "table":
        return render_relation_rows(rows, fmt)
    events: list[tuple[str, list[str]]] = []
    for c in prof.changes:
        frm = ", ".join(x.label for x in c.original)
        to = ", ".join(x.label for x in c.resulting)
        what = f"renamed {c.new_name}" if c.kind == "rename" else f"{c.kind}: {frm} -> {to}"
        events.append((c.date or "", [c.date or "?", "", "identity", what, ""]))
    for r in rows:
        events.append((r.start or "", [r.start or "?", _end(r), r.verb, f"{r.other.label} ({_how(r)})", r.certainty]))
    events.sort(key=lambda e: e[0])
    a = prof.actor
    head = f"Timeline of {a.label} [{a.id}]" + (f", {a.lifespan}" if a.lifespan else "") + ":"
    return head + "\n\n" + table(["FROM", "TO", "RELATION", "WITH", "CERTAINTY"], [e[1] for e in events])
