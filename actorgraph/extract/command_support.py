"""What ``actorgraph extract`` does once its options are read: read, extract, render, write."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import IO

from actorgraph.extract.candidates import Report
from actorgraph.extract.engine import run
from actorgraph.extract.graph_view import Graph, GraphView, write_atomically
from actorgraph.extract.output import read_report, render, source_id, text_path

__all__ = ["run_command"]


def run_command(
    graph: Graph,
    report: str,
    date: str,
    publisher: str,
    title: str,
    url: str,
    texts: str | None,
    show_rejected: bool,
    fmt: str,
    output: str,
    stdin: IO[str],
) -> str | None:
    """The rendered extraction, or None when it was written to ``output``."""
    text = read_report(report, stdin.buffer.read() if report == "-" and hasattr(stdin, "buffer") else None)
    where = None if report == "-" else text_path(report, texts)
    source = Report(date, publisher, title, url, where)
    source = replace(source, id=source_id(source, GraphView(graph).source_ids()))
    rendered = render(run(text, date, graph, source), fmt, show_rejected=show_rejected)
    if output == "-":
        return rendered
    write_atomically(
        Path(output), (rendered + "\n").encode("utf-8") if not rendered.endswith("\n") else rendered.encode("utf-8")
    )
    return None
