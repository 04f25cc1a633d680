"""Writing what a command made: the format a file name asks for, files written whole, no binary in a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from actorgraph.errors import ActorgraphError

__all__ = ["BINARY", "SUFFIXES", "FormatError", "choose_format", "write_atomically", "write_output"]

#: file suffix -> the format it names (``--format`` spelling)
SUFFIXES: dict[str, str] = {
    ".jsonld": "jsonld",
    ".ttl": "turtle",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".mmd": "mermaid",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".gexf": "gexf",
    ".graphml": "graphml",
    ".txt": "table",
    ".toml": "toml",
}

#: formats that are not text: never written into a terminal
BINARY = frozenset({"png", "pdf"})


class FormatError(ActorgraphError):
    """An output format that cannot be written as asked (a usage error)."""

    exit_code = 2


def choose_format(
    fmt: str | None,
    output: str,
    choices: Sequence[str],
    default: str,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """The format to write: ``--format`` if given, else the one the file name's suffix names, else the default.

    A suffix that names another format than ``--format``, or a format the command cannot
    write, is an error. ``aliases`` names, for a command's own formats, the suffix's format they
    are files of (``{"mermaid": "markdown"}``: a Mermaid diagram is written to a ``.md`` file).

    >>> choose_format(None, "syria.jsonld", ["turtle", "jsonld"], "turtle")
    'jsonld'
    >>> choose_format(None, "-", ["turtle", "jsonld"], "turtle")
    'turtle'
    >>> choose_format("nodes-csv", "actors.csv", ["csv", "nodes-csv"], "csv", {"nodes-csv": "csv"})
    'nodes-csv'
    >>> choose_format("turtle", "syria.jsonld", ["turtle", "jsonld"], "turtle")
    Traceback (most recent call last):
    ...
    actorgraph.present.output.FormatError: -o syria.jsonld names jsonld, but --format says turtle
    >>> choose_format(None, "x.jpg", ["html", "svg"], "html")
    Traceback (most recent call last):
    ...
    actorgraph.present.output.FormatError: -o x.jpg: no format of this command writes .jpg (html, svg)
    """
    aliases = aliases or {}
    suffix = Path(output).suffix.lower() if output != "-" else ""
    named = SUFFIXES.get(suffix) if suffix else None
    fits = [f for f in choices if named in (f, aliases.get(f))] if named else []
    if suffix and not fits:
        raise FormatError(f"-o {output}: no format of this command writes {suffix} ({', '.join(choices)})")
    if fmt is not None:
        if suffix and fmt not in fits:
            raise FormatError(f"-o {output} names {named}, but --format says {fmt}")
        return fmt
    if not fits:
        return default
    return named if named in fits else fits[0]


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    >>> target = tmp / "out.ttl"
    >>> write_atomically(target, b"<a> <b> <c> .")
    >>> target.read_bytes()
    b'<a> <b> <c> .'
    """
    import tempfile  # only when a file is written: a lookup that prints needs none of it

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ActorgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ActorgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(output: str, data: bytes, fmt: str | None = None) -> None:
    """Write a command's bytes to a file (atomically) or, for ``-``, to standard output;
    a binary format is refused when standard output is a terminal."""
    if output == "-":
        if fmt in BINARY and sys.stdout.isatty():
            raise FormatError(f"{fmt} is binary: write it to a file (-o FILE.{fmt}) or a pipe, not the terminal")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomically(Path(output), data)
