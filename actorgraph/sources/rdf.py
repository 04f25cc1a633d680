"""Reading RDF files safely: what a hostile file could make a parser do is refused before it parses."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Store

from actorgraph.errors import DataError, Problem
from actorgraph.model.formats import rdf_format
from actorgraph.model.text import find_control

__all__ = ["load_rdf", "refuse_hostile"]

# An XML entity declaration lets a few hundred bytes expand to gigabytes ("billion laughs");
# RDF written by any RDF tool has no need of one.
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CHUNK = 1 << 20
_OVERLAP = 24  # longer than an escape (\U0000001B) or a reference (&#x0001B;) or <!ENTITY


def refuse_hostile(source: Path | bytes, fmt: RdfFormat, name: str) -> None:
    """Raise a one-line error at the line where an RDF file or text holds what a parser or a terminal
    must not be given: a control character (raw or escaped, anywhere in the file), or in RDF/XML an
    XML entity declaration. It is never parsed.

    The JSON-LD parser bounds nesting itself.

    >>> refuse_hostile(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r/>', RdfFormat.RDF_XML, "lol.rdf")
    Traceback (most recent call last):
    ...
    actorgraph.errors.DataError: lol.rdf:1: RDF/XML that declares XML entities (<!ENTITY) is refused: ...
    >>> refuse_hostile(b'<a:x> <a:y> "fine" .\\n<a:x> <a:y> "\\\\u001B[2J" .\\n', RdfFormat.N_TRIPLES, "esc.nt")
    Traceback (most recent call last):
    ...
    actorgraph.errors.DataError: esc.nt:2: holds a control character (U+001B): text a terminal would act on is refused
    >>> refuse_hostile(b'<rdf:RDF/>', RdfFormat.RDF_XML, "fine.rdf")
    """
    if isinstance(source, bytes):
        found = _hostile(source, fmt)
        if found:
            raise DataError([Problem(name, source[: found[0]].count(b"\n") + 1, found[1])])
        return
    with open(source, "rb") as handle:
        tail, offset = b"", 0  # offset: where in the file ``data`` starts
        while chunk := handle.read(_CHUNK):
            data = tail + chunk  # a few bytes of the last chunk again: an escape or <!ENTITY may straddle the two
            found = _hostile(data, fmt)
            if found:
                raise DataError([Problem(name, _line_at(source, offset + found[0]), found[1])])
            tail = data[-_OVERLAP:]
            offset += len(data) - len(tail)


def _hostile(data: bytes, fmt: RdfFormat) -> tuple[int, str] | None:
    """Where in some bytes of an RDF file the first thing refused is, and why."""
    entity = _ENTITY.search(data) if fmt == RdfFormat.RDF_XML else None
    if entity:
        return entity.start(), "RDF/XML that declares XML entities (<!ENTITY) is refused: they can expand without bound"
    control = find_control(data)
    if control:
        return control[0], f"holds a control character (U+{control[1]:04X}): text a terminal would act on is refused"
    return None


def _line_at(path: Path, offset: int) -> int:
    """The line of a file a byte offset is on (the file is read again only to name a bad line)."""
    lines = 0
    with open(path, "rb") as handle:
        while handle.tell() < offset and (block := handle.read(min(_CHUNK, offset - handle.tell()))):
            lines += block.count(b"\n")
    return lines + 1


def load_rdf(store: Store, path: Path | str, fmt: RdfFormat | None = None, graph: NamedNode | None = None) -> None:
    """Parse an RDF file into a store: the format from its extension unless given, ``-`` for standard
    input; a file that cannot be read or parsed is a one-line error at its line.

    >>> store = Store()
    >>> load_rdf(store, "no-such-file.ttl")
    Traceback (most recent call last):
    ...
    actorgraph.errors.DataError: no-such-file.ttl: cannot read: No such file or directory
    """
    name = str(path)
    fmt = fmt or rdf_format(name)
    if fmt is None:
        message = "unknown file type: expected .toml claims or RDF (.ttl .nt .nq .trig .jsonld .rdf)"
        raise DataError([Problem(name, 0, message)])
    shown = "<stdin>" if name == "-" else name
    kwargs: dict[str, Any] = {"format": fmt}
    if graph is not None and fmt not in (RdfFormat.N_QUADS, RdfFormat.TRIG):
        kwargs["to_graph"] = graph
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
            refuse_hostile(data, fmt, shown)
            store.load(data, **kwargs)
        else:
            refuse_hostile(Path(name), fmt, shown)
            with open(name, "rb") as handle:
                store.load(handle, **kwargs)
    except SyntaxError as exc:
        raise DataError([Problem(shown, exc.lineno or 0, f"invalid {fmt.name}: {exc.msg.split(' (')[0]}")]) from None
    except OSError as exc:
        raise DataError([Problem(shown, 0, f"cannot read: {exc.strerror or exc}")]) from None
