"""What ``actorgraph extract`` does once its options are read: read the report, name its source, extract."""

from __future__ import annotations

from dataclasses import replace
from typing import IO

from actorgraph.extract.candidates import Extraction, Report
from actorgraph.extract.engine import run
from actorgraph.extract.graph_view import Graph, GraphView
from actorgraph.extract.output import read_report, source_id, text_path

__all__ = ["run_command"]


def run_command(
    graph: Graph,
    report: str,
    date: str,
    publisher: str,
    title: str,
    url: str,
    texts: str | None,
    stdin: IO[str],
) -> Extraction:
    """The extraction of the ``report`` file (- for ``stdin``), its source named as a claims file will cite it.

    >>> import io
    >>> found = run_command(open_graph(), "-", "2024-11-29", "AP", "T", "https://x.org", None, io.StringIO(""))
    Traceback (most recent call last):
    ...
    actorgraph.extract.output.ExtractError: standard input is empty
    """
    text = read_report(report, stdin.buffer.read() if report == "-" and hasattr(stdin, "buffer") else None)
    where = None if report == "-" else text_path(report, texts)
    source = Report(date, publisher, title, url, where)
    source = replace(source, id=source_id(source, GraphView(graph).source_ids()))
    return run(text, date, graph, source)
