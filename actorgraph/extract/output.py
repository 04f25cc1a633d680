"""An extraction for review in the row formats (table, markdown, JSON, NDJSON, CSV), or as a claims file that
``actorgraph validate`` accepts."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from actorgraph.extract.candidates import Extraction, Report
from actorgraph.extract.graph_view import ActorgraphError, Block, Column, Table, Verbatim, View, render_view

__all__ = [
    "FIELDS",
    "ExtractError",
    "claims_file",
    "extraction_view",
    "read_report",
    "render",
    "source_id",
    "text_path",
]


class ExtractError(ActorgraphError):
    """A report that cannot be read, or a texts folder that does not hold it."""


def read_report(path: str, stdin: bytes | None = None) -> str:
    """A report's text, as ``actorgraph validate`` will read it (UTF-8, newlines as ``\\n``).

    >>> read_report("no-such-report.txt")
    Traceback (most recent call last):
    ...
    actorgraph.extract.output.ExtractError: cannot read no-such-report.txt: No such file or directory
    """
    if path == "-":
        data = stdin or b""
        name = "standard input"
    else:
        name = path
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ExtractError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise ExtractError(f"{name} is not a plain-text report (it holds binary data)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExtractError(f"{name} is not a plain-text report (not UTF-8)") from None
    if not text.strip():
        raise ExtractError(f"{name} is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_path(report: str, texts: str | None = None) -> str:
    """Where a claims file says the report's text is: relative to ``texts`` if given, else to the
    deepest folder that holds both the current directory and the report, so that
    ``actorgraph validate FILE --texts THAT-FOLDER`` finds it. Never absolute, never with ``..``.

    >>> import os
    >>> root = str(tmp); os.makedirs(f"{root}/repo"); os.makedirs(f"{root}/shared/seed")
    >>> open(f"{root}/shared/seed/r.txt", "w").close()
    >>> here = os.getcwd(); os.chdir(f"{root}/repo")
    >>> text_path("../shared/seed/r.txt")
    'shared/seed/r.txt'
    >>> text_path("../shared/seed/r.txt", f"{root}/shared")
    'seed/r.txt'
    >>> os.chdir(here)
    """
    target = Path(report).resolve()
    root = Path(texts).resolve() if texts else Path(os.path.commonpath([Path.cwd().resolve(), target]))
    try:
        return target.relative_to(root).as_posix()
    except ValueError:
        raise ExtractError(f"--texts {texts}: the report {report} is not inside that folder") from None


def source_id(report: Report, taken: set[str]) -> str:
    """A source id from the publisher and date, unused in the graph.

    >>> source_id(Report("2024-11-29", "Associated Press"), set())
    'associated-press-2024-11-29'
    """
    base = _slug(report.publisher if report.publisher != Report.publisher else "report") + f"-{report.date}"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-") or "report"


#: what CSV writes: the keys of a candidate's JSON, and the reason a rejected statement was not proposed
FIELDS = [
    "id",
    "actor",
    "actor_id",
    "relation",
    "mode",
    "target",
    "target_id",
    "types",
    "start",
    "end",
    "certainty",
    "status",
    "status_kind",
    "status_relation",
    "quote",
    "actor_text",
    "target_text",
    "trigger",
    "hedge",
    "reason",
]


def extraction_view(found: Extraction, *, show_rejected: bool = False) -> View:
    """The extraction for review: each candidate with its sentence, verbatim, and its status
    beneath it; the names the graph does not know; with ``show_rejected``, what was not proposed
    and why. One record per candidate (JSON, NDJSON, CSV), and one with the status "rejected"
    per statement not proposed when ``show_rejected``.

    >>> from actorgraph.extract import extract
    >>> found = extract("Russia backed the Syrian government in 2016.", "2024-11-29", open_graph())
    >>> print(render_view(extraction_view(found), "table", width=100))
    1 candidate claim from the report of 2024-11-29 (review each):
    <BLANKLINE>
    ACTOR   RELATION  TARGET                       WHEN  CERTAINTY
    Russia  support   Government of Syria (Assad)  2016  confirmed
        “Russia backed the Syrian government in 2016.”
        corroborates report-russia-supports-assad-government-2016; read 'Russia' 'backed' 'Syrian government'
    >>> [(r["actor_id"], r["status_kind"]) for r in extraction_view(found).records]
    [('russia', 'corroborates')]
    """
    records = [c.to_json() for c in found.candidates]
    if show_rejected:
        records += [{**r.to_json(), "status": "rejected"} for r in found.rejected]
    n = len(found.candidates)
    blocks: list[Block] = [f"{n} candidate claim{'s' * (n != 1)} from the report of {found.report.date} (review each):"]
    cells, after = [], []
    for c in found.candidates:
        how = c.relation + (f" ({c.mode})" if c.mode else "") + (f" ({', '.join(c.types)})" if c.types else "")
        cells.append(
            {
                "actor": c.actor,
                "relation": how,
                "target": c.target,
                "when": _when(c.start, c.end),
                "certainty": c.certainty,
            }
        )
        # each on its line, never wrapped: the sentence is searched for in the report and copied whole
        after.append(
            [
                Verbatim(f"    “{c.quote}”"),
                Verbatim(f"    {c.status}; read {c.actor_text!r} {c.trigger!r} {c.target_text!r}"),
            ]
        )
    if cells:
        # names wrap rather than being cut; the narrowest a name column gets keeps "Government of Syria" on a line
        columns = [
            Column("actor", "ACTOR", shrink=1, least=22, wrap=True),
            Column("relation", "RELATION", shrink=2, least=12, wrap=True),
            Column("target", "TARGET", shrink=1, least=22, wrap=True),
            Column("when", "WHEN", shrink=3, least=10, wrap=True),
            Column("certainty", "CERTAINTY"),
        ]
        blocks += ["", Table(columns, cells, after)]
    if found.unknown:
        blocks += ["", "Names the graph does not know (not proposed; add them as actors to use them):"]
        blocks += [Verbatim(f"  {u.name}  ({u.role}): “{u.quote}”") for u in found.unknown]
    if show_rejected and found.rejected:
        blocks += ["", "Not proposed:"]
        blocks += [Verbatim(f"  {r.actor} {r.relation} {r.target}: {r.reason}: “{r.quote}”") for r in found.rejected]
    elif found.rejected:
        blocks += ["", f"{len(found.rejected)} negated or unasserted statement(s) not proposed (--show-rejected)."]
    return View(blocks, records, FIELDS, None, records)


def claims_file(found: Extraction, *, show_rejected: bool = False) -> str:
    """The extraction as a claims file (TOML) for ``actorgraph validate``: the report as its source, each
    candidate a relation citing it; unknown names and, with ``show_rejected``, what was not proposed as
    comments. The text ends without a newline.

    >>> from actorgraph.extract import extract
    >>> found = extract("Russia backed the Syrian government in 2016.", "2024-11-29", open_graph())
    >>> print(claims_file(found).splitlines()[-1])
    quote = "Russia backed the Syrian government in 2016."
    """
    return _toml(found, show_rejected)


def render(found: Extraction, fmt: str, *, show_rejected: bool = False, width: int | None = None) -> str:
    """The extraction as ``toml`` (:func:`claims_file`) or in any row format (:func:`extraction_view`:
    ``table`` fitted to ``width``, ``markdown``, ``json``, ``ndjson``, ``csv``).

    >>> from actorgraph.extract import extract
    >>> found = extract("Russia backed the Syrian government in 2016.", "2024-11-29", open_graph())
    >>> import json; [r["target_id"] for r in json.loads(render(found, "json"))]
    ['assad-government']
    """
    if fmt == "toml":
        return claims_file(found, show_rejected=show_rejected)
    return render_view(extraction_view(found, show_rejected=show_rejected), fmt, width)


def _when(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "not stated"
    if start == end:
        return str(start)
    return f"{start or '?'} to {end or 'open'}"


def _s(value: str) -> str:
    # a JSON string is a valid TOML basic string: the same escapes, UTF-8 kept
    return json.dumps(value, ensure_ascii=False)


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_s(v) for v in values) + "]"


def _toml(found: Extraction, show_rejected: bool) -> str:
    r = found.report
    lines = [
        f"# Candidate claims proposed by actorgraph extract from a report of {r.date}. Review each:",
        "# keep, correct or delete it, then check the file with actorgraph validate.",
    ]
    for u in found.unknown:
        lines.append(f"# Unknown name (not proposed): {u.name} ({u.role})")
    if show_rejected:
        for rej in found.rejected:
            lines.append(f"# Not proposed: {rej.actor} {rej.relation} {rej.target}: {rej.reason}")
    lines += ["", "[[source]]", f"id = {_s(r.id)}", f"publisher = {_s(r.publisher)}", f"title = {_s(r.title)}"]
    lines += [f"date = {_s(r.date)}", f"url = {_s(r.url)}"]
    if r.text_path:
        lines.append(f"text = {_s(r.text_path)}")
    for c in found.candidates:
        lines += ["", "[[relation]]", f"id = {_s(c.id)}", f"kind = {_s(c.relation)}"]
        if c.mode:
            lines.append(f"mode = {_s(c.mode)}")
        lines += [f"actor = {_s(c.actor_id)}", f"target = {_s(c.target_id)}"]
        if c.types:
            lines.append(f"types = {_list(c.types)}")
        if c.start:
            lines.append(f"start = {_s(c.start)}")
        if c.end:
            lines.append(f"end = {_s(c.end)}")
        lines.append(f"certainty = {_s(c.certainty)}")
        note = f"Proposed by actorgraph extract ({c.status}): {c.actor_text!r} {c.trigger!r} {c.target_text!r}"
        if c.hedge:
            note += f"; hedged by {c.hedge!r}"
        lines += [f"note = {_s(note)}", "", "[[relation.cite]]", f"source = {_s(r.id)}", f"quote = {_s(c.quote)}"]
    return "\n".join(lines)
