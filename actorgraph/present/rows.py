"""The one place rows become text: tables fitted to the terminal, markdown, JSON, NDJSON and CSV."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

__all__ = [
    "FORMATS",
    "Column",
    "Line",
    "Table",
    "Verbatim",
    "View",
    "cell_width",
    "clean",
    "csv_text",
    "fit",
    "render",
    "render_rows",
    "table",
    "terminal_width",
]

#: What every row-printing command can write.
FORMATS = ("table", "json", "csv", "markdown", "ndjson")

# C0 controls but tab, newline and CR before a newline (CSV's line end), DEL, and C1 controls (ESC [
# and its 8-bit twin CSI start terminal sequences; BEL, NUL and the rest have no business in a
# reader's terminal either).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def clean(text: str, *, json_style: bool = False) -> str:
    """Text with every control character written out, so that data cannot drive the terminal.

    Newlines and tabs stay (the formats that cannot hold them deal with them); the rest become
    ``\\x1b``-style escapes, or ``\\u001b`` in JSON, where a raw C1 character would otherwise pass.

    >>> clean("Evil\\x1b]0;pwned\\x07 Press\\x00")
    'Evil\\\\x1b]0;pwned\\\\x07 Press\\\\x00'
    >>> clean("tab\\tand\\nnewline")
    'tab\\tand\\nnewline'
    """
    if json_style:
        return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def cell_width(text: str) -> int:
    """How many terminal columns text takes: wide East Asian characters two, combining marks none.

    >>> cell_width("Türkiye"), cell_width("東京"), cell_width("e\\u0301")
    (7, 4, 1)
    """
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Text cut to ``width`` columns, ending in an ellipsis when cut.

    >>> fit("Iran-backed Iraqi Shia militias", 16)
    'Iran-backed Ira…'
    >>> fit("Iran", 16)
    'Iran'
    """
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for ch in text:
        w = 0 if unicodedata.combining(ch) else cell_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def terminal_width(stream: IO[str] | None = None) -> int:
    """The width to fit text to: ``COLUMNS`` if set, else the terminal's, else 80 (pipes and files).

    >>> import os; os.environ["COLUMNS"] = "120"; terminal_width(); del os.environ["COLUMNS"]
    120
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 20)
    stream = stream if stream is not None else sys.stdout
    try:
        if stream.isatty():
            return max(os.get_terminal_size(stream.fileno()).columns, 20)
    except (AttributeError, OSError, ValueError):
        pass
    return 80


# ---------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """A column of a table: the record key it shows, its heading, and how it gives way when space is short.

    ``shrink`` orders the columns that may be cut (1 first; 0 never, unless nothing else is left);
    ``least`` is the narrowest a cut leaves it; ``compact``, if given, is a record key holding a
    shorter form of the same cell, used before anything is cut; ``right`` aligns numbers; ``wrap``
    wraps a cell over several lines instead of cutting it (a review that must show every word).

    >>> t = Table([Column("a", "A"), Column("b", "B", shrink=1, wrap=True)], [{"a": 1, "b": "every word stays"}])
    >>> print(render(View([t]), "table", width=14))
    A  B
    1  every word
       stays
    """

    key: str
    title: str
    shrink: int = 0
    least: int = 8
    compact: str | None = None
    right: bool = False
    wrap: bool = False


@dataclass
class Table:
    """Records under columns; ``after`` holds, for each record, paragraphs printed whole beneath it
    (quotes), wrapped to the width under their indent (a :class:`Verbatim` one kept on its line)."""

    columns: Sequence[Column]
    records: Sequence[Mapping[str, Any]]
    after: Sequence[Sequence[str]] | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return " ".join(clean(str(value)).replace("\t", " ").split("\n"))


def _layout(t: Table, width: int) -> tuple[list[int], list[str], list[int]]:
    """Which columns show (none that is empty throughout), which key each shows and how wide it
    is, so that a line fits ``width`` if it can. Columns give way in their ``shrink`` order, each
    only as much as needed: one with a shorter form switches to it, another is cut down to its
    ``least``; if that is not enough, all are cut further, to a few characters, and the first to
    give way are left out rather than shown as a lone ellipsis."""
    shown = [i for i, c in enumerate(t.columns) if any(_text(r.get(c.key)) for r in t.records)] or list(
        range(len(t.columns))
    )
    columns = [t.columns[i] for i in shown]

    def natural(c: Column, key: str) -> int:
        return max([cell_width(c.title), *(cell_width(_text(r.get(key))) for r in t.records)])

    keys = [c.key for c in columns]
    widths = [natural(c, c.key) for c in columns]
    order = [i for i in sorted(range(len(columns)), key=lambda i: columns[i].shrink) if columns[i].shrink]

    def excess(widths: list[int], count: int) -> int:
        return sum(widths) + 2 * (count - 1) - width

    for i in order:
        if excess(widths, len(columns)) <= 0:
            return shown, keys, widths
        c = columns[i]
        if c.compact:
            keys[i], widths[i] = c.compact, natural(c, c.compact)
        else:
            widths[i] = max(min(c.least, widths[i]), widths[i] - excess(widths, len(columns)))
    for drop in range(len(order) + 1):
        keep = [i for i in range(len(columns)) if i not in order[:drop]]
        cut = [widths[i] for i in keep]
        for i in order:
            if i in keep and excess(cut, len(keep)) > 0:
                j = keep.index(i)
                floor = min(6, columns[i].least, cut[j])
                cut[j] = max(floor, cut[j] - excess(cut, len(keep)))
        if excess(cut, len(keep)) <= 0 or drop == len(order):
            return [shown[i] for i in keep], [keys[i] for i in keep], cut
    raise AssertionError("unreachable")


def _table_lines(t: Table, width: int) -> list[str]:
    shown, keys, widths = _layout(t, width)
    columns = [t.columns[i] for i in shown]

    def pieces(text: str, w: int, c: Column) -> list[str]:
        if not c.wrap or cell_width(text) <= w:
            return [fit(text, w)]
        import textwrap  # only a cell too long for its column wraps

        return [fit(p, w) for p in textwrap.wrap(text, w, break_on_hyphens=False)] or [""]

    def line(cells: Sequence[str]) -> list[str]:
        parts = [pieces(text, w, c) for text, w, c in zip(cells, widths, columns, strict=True)]
        rows = [[p[n] if n < len(p) else "" for p in parts] for n in range(max(len(p) for p in parts))]
        return [
            "  ".join(_pad(x, w, c.right) for x, w, c in zip(row, widths, columns, strict=True)).rstrip()
            for row in rows
        ]

    lines = line([c.title for c in columns])
    for n, r in enumerate(t.records):
        lines += line([_text(r.get(k)) for k in keys])
        for extra in t.after[n] if t.after is not None else ():
            lines += [clean(extra)] if isinstance(extra, Verbatim) else _paragraph(extra, width)
    return lines


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _markdown_lines(t: Table) -> list[str]:
    lines = [
        "| " + " | ".join(_markdown_cell(c.title) for c in t.columns) + " |",
        "|" + "|".join("---:" if c.right else "---" for c in t.columns) + "|",
    ]
    for r in t.records:
        lines.append("| " + " | ".join(_markdown_cell(_text(r.get(c.key))) for c in t.columns) + " |")
    notes = []
    for n, r in enumerate(t.records):
        for extra in t.after[n] if t.after is not None else ():
            if extra.strip():
                notes.append(f"- {_markdown_cell(_text(r.get(t.columns[0].key)))}: {clean(extra.strip())}")
    return lines + ([""] + notes if notes else [])


# ---------------------------------------------------------------------------- views


class Line(str):
    """A paragraph kept to one line: cut with an ellipsis, never wrapped."""


class Verbatim(str):
    """A paragraph printed as it is, never wrapped nor cut: a quote a reviewer searches for or copies whole.

    >>> quote = Verbatim("    “Russia backed the Syrian government in 2016.”")
    >>> print(render(View([Table([Column("a", "A")], [{"a": "Russia"}], [[quote]])]), "table", width=20))
    A
    Russia
        “Russia backed the Syrian government in 2016.”
    """


Block = str | Table


@dataclass
class View:
    """A result ready to print: text blocks for people, records for programs.

    ``blocks`` are paragraphs (wrapped to the width; an empty string is a blank line; a line
    starting with spaces keeps its indent) and tables. ``records`` are what JSON (a list, one
    record per line) and NDJSON write; ``document``, if given, is what JSON writes instead (one
    indented object). CSV writes ``flat`` (the records when None) under ``fields``.
    """

    blocks: Sequence[Block]
    records: Sequence[Mapping[str, Any]] = ()
    fields: Sequence[str] | None = None
    flat: Sequence[Mapping[str, Any]] | None = None
    document: Any = None


def _paragraph(text: str, width: int) -> list[str]:
    import textwrap  # only tables wrap text

    text = clean(text)
    if not text:
        return [""]
    if text.startswith(" "):
        indent = len(text) - len(text.lstrip(" "))
        return textwrap.wrap(text, width, subsequent_indent=" " * (indent + 2), break_on_hyphens=False) or [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _json(value: Any) -> str:
    if isinstance(value, list | tuple):
        # one record per line: readable, diff-friendly, and json's fast C encoder (unused with indent=)
        items = [json.dumps(v, ensure_ascii=False) for v in value]
        text = "[\n" + ",\n".join(f"  {item}" for item in items) + "\n]" if items else "[]"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
    return clean(text, json_style=True)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return value


def csv_text(fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    r"""CSV under a header line, None as empty, control characters escaped; ends with a newline.

    >>> csv_text(["id", "label"], [["hts", "Hayat, HTS"], ["x", None]])
    'id,label\nhts,"Hayat, HTS"\nx,\n'
    """
    out = io.StringIO()
    import csv  # only --format csv writes it

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    writer.writerows([["" if c is None else clean(c) if isinstance(c, str) else c for c in r] for r in rows])
    return out.getvalue()


def render(view: View, fmt: str, width: int | None = None) -> str:
    """A view as ``table`` (fitted to ``width``, the terminal's by default), ``markdown``, ``json``,
    ``ndjson`` or ``csv``; the text ends without a newline.

    >>> v = View(["Two rows:", Table([Column("a", "A"), Column("b", "B", shrink=1)], [{"a": 1, "b": "x" * 30}])],
    ...          [{"a": 1, "b": "x" * 30}])
    >>> print(render(v, "table", width=12))
    Two rows:
    A  B
    1  xxxxxxxx…
    >>> print(render(v, "csv").splitlines()[0]), print(render(v, "ndjson"))
    a,b
    {"a": 1, "b": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
    (None, None)
    """
    if fmt == "json":
        return _json(view.document if view.document is not None else list(view.records))
    if fmt == "ndjson":
        return "\n".join(clean(json.dumps(r, ensure_ascii=False), json_style=True) for r in view.records)
    if fmt == "csv":
        flat = view.flat if view.flat is not None else view.records
        fields = list(view.fields or (flat[0].keys() if flat else []))
        return csv_text(fields, [[_cell(r.get(f)) for f in fields] for r in flat]).rstrip("\n")
    if fmt not in ("table", "markdown"):
        raise ValueError(f"unknown output format {fmt!r}")
    width = width or terminal_width()
    lines: list[str] = []
    for block in view.blocks:
        if isinstance(block, Table):
            if fmt == "markdown" and lines and lines[-1]:
                lines.append("")
            lines += _markdown_lines(block) if fmt == "markdown" else _table_lines(block, width)
        elif fmt == "markdown":
            if block and lines and lines[-1]:
                lines.append("")  # a blank line between paragraphs, or Markdown joins them
            lines.append(_markdown_cell(clean(block)) if block.startswith(" ") else clean(block))
        elif isinstance(block, Line):
            lines.append(fit(clean(block), width))
        elif isinstance(block, Verbatim):
            lines.append(clean(block))
        else:
            lines += _paragraph(block, width)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# ---------------------------------------------------------------------------- the older helpers


def _wrap_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, gap: int) -> list[int]:
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


def _wrapped(cells: Sequence[str], widths: Sequence[int], gap: int) -> list[str]:
    import textwrap  # only tables wrap text

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
    rows: Sequence[Sequence[Any]],
    width: int = 80,
    after: Sequence[Sequence[str]] | None = None,
) -> str:
    """Align rows under headers, wrapping the widest columns so each line fits ``width``
    (for reviews that must show every word; answers use :func:`render`, which cuts instead).

    ``after``, if given, holds for each row extra lines printed beneath it (such as quotes).

    >>> print(table(["A", "B"], [["x", "a long cell"]], width=12))
    A  B
    x  a long
       cell
    """
    gap = 2
    cells = [[clean("" if c is None else str(c)) for c in r] for r in rows]
    widths = _wrap_widths(headers, cells, width, gap)
    lines = _wrapped(headers, widths, gap)
    for n, row in enumerate(cells):
        lines += _wrapped(row, widths, gap)
        if after is not None:
            lines += [clean(x) for x in after[n]]
    return "\n".join(lines)


def render_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, width: int | None = None) -> str:
    """Plain rows under headers in any of :data:`FORMATS` (a table cuts long cells to fit).

    >>> print(render_rows(["id", "label"], [["hts", "Hayat Tahrir al-Sham"]], "markdown"))
    | id | label |
    |---|---|
    | hts | Hayat Tahrir al-Sham |
    """
    records = [dict(zip(headers, r, strict=True)) for r in rows]
    columns = [Column(h, h, shrink=1) for h in headers]
    return render(View([Table(columns, records)], records, headers), fmt, width)
