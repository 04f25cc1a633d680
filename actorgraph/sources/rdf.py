"""Reading RDF files safely: what a hostile file could make a parser do is refused before it parses."""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import RdfFormat

from actorgraph.errors import DataError, Problem

__all__ = ["refuse_hostile"]

# An XML entity declaration lets a few hundred bytes expand to gigabytes ("billion laughs");
# RDF written by any RDF tool has no need of one.
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CHUNK = 1 << 20


def refuse_hostile(source: Path | bytes, fmt: RdfFormat, name: str) -> None:
    """Raise a one-line error if an RDF/XML file or text declares XML entities (it is never parsed).

    Other formats have no entities; the JSON-LD parser bounds nesting itself.

    >>> refuse_hostile(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r/>', RdfFormat.RDF_XML, "lol.rdf")
    Traceback (most recent call last):
    ...
    actorgraph.errors.DataError: lol.rdf:1: RDF/XML that declares XML entities (<!ENTITY) is refused: ...
    >>> refuse_hostile(b'<rdf:RDF/>', RdfFormat.RDF_XML, "fine.rdf")
    """
    if fmt != RdfFormat.RDF_XML:
        return
    if isinstance(source, bytes):
        found = _ENTITY.search(source)
        line = source[: found.start()].count(b"\n") + 1 if found else 0
    else:
        found, line = None, 0
        with open(source, "rb") as handle:
            tail, lines = b"", 0
            while chunk := handle.read(_CHUNK):
                data = tail + chunk
                found = _ENTITY.search(data)
                if found:
                    line = lines + data[: found.start()].count(b"\n") + 1
                    break
                lines += chunk.count(b"\n")
                tail = data[-8:]
                lines -= tail.count(b"\n")
    if found:
        message = "RDF/XML that declares XML entities (<!ENTITY) is refused: they can expand without bound"
        raise DataError([Problem(name, line, message)])
