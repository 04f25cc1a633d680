"""Reading RDF files safely: what a hostile file could make a parser do is refused before it parses."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Store

from actorgraph.errors import DataError, Problem
from actorgraph.model.formats import rdf_format

__all__ = ["load_rdf", "refuse_hostile"]

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
