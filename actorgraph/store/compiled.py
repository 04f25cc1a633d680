"""Claims and RDF files compiled once into N-Quads under the user's cache folder, then loaded at native speed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pyoxigraph import RdfFormat, Store

from actorgraph.model import resources
from actorgraph.model.resources import blake2b

__all__ = ["cache_folder", "compiled", "fingerprint", "kept"]

T = TypeVar("T")

#: the layout of a compiled graph; changing it sets aside every graph compiled before
_LAYOUT = b"actorgraph-compiled-1\n"
#: compiled graphs kept: the least recently used go (with their answers) when there are more
_KEEP = 32
#: answers kept for one compiled graph
_KEEP_ANSWERS = 64
_PACKAGE = Path(__file__).resolve().parent.parent
#: the code that decides which statements the files give, and the answers kept from them: when it
#: changes, so does every key
_CODE = ("model", "sources", "store", "ask")


def cache_folder() -> Path:
    """Where compiled graphs are kept: ``$XDG_CACHE_HOME/actorgraph/compiled`` (``~/.cache`` by default).

    >>> cache_folder().parts[-2:]
    ('actorgraph', 'compiled')
    """
    return resources.cache_dir() / "compiled"


def fingerprint(files: Sequence[tuple[str, object]]) -> str | None:
    """A hash of everything the compiled graph is made from: the files (with the kind each is read
    as), the bundled dataset (a claims file may borrow its actors), the ontology, and the code that
    reads them. None when a file cannot be read here (the build then says why).

    >>> a = fingerprint([(str(p), "toml") for p in resources.dataset_files()])
    >>> a == fingerprint([(str(p), "toml") for p in resources.dataset_files()]), len(a)
    (True, 40)
    >>> fingerprint([("-", "toml")]) is None
    True
    """
    import pyoxigraph

    digest = blake2b(_LAYOUT + pyoxigraph.__version__.encode(), digest_size=20)
    code = sorted(p for folder in _CODE for p in (_PACKAGE / folder).glob("*.py"))
    parts: list[tuple[str, Path]] = [("code", p) for p in code]
    parts += [("ontology", p) for p in sorted(resources.ontology_dir().glob("*.ttl"))]
    parts += [("bundled", p) for p in resources.dataset_files()]
    for name, kind in files:
        if name == "-" or kind is None:
            return None  # standard input is read once; an unknown kind is an error the build reports
        parts.append((str(kind), Path(name)))
    for label, path in parts:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(f"\n{label} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def compiled(files: Sequence[tuple[str, object]], build: Callable[[], Store]) -> tuple[Store, Path | None]:
    """The store ``build`` makes from ``files``, kept compiled under :func:`cache_folder` for next time,
    and the folder where answers worked out from it may be kept (None when nothing can be kept).

    A kept graph is loaded instead of building it again when nothing it is made from changed.
    When the cache cannot be read or written, the graph is built each time (and nothing else changes).
    """
    key = fingerprint(files)
    if key is None:
        return build(), None
    folder = cache_folder()
    kept_graph = folder / f"{key}.nq"
    answers = folder / f"{key}.answers"
    if kept_graph.is_file():
        store = Store()
        try:
            store.load(path=str(kept_graph), format=RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError):
            pass  # unreadable: build it again and keep the new one
        else:
            with contextlib.suppress(OSError):
                os.utime(kept_graph)  # recently used: kept longest
            return store, answers
    store = build()
    return store, answers if _keep(store, folder, kept_graph) else None


def kept(folder: Path, key: str, compute: Callable[[], T]) -> T:
    """An answer worked out from a compiled graph, read back from ``folder`` if it was kept there
    (else computed and kept). Only this user's cache folder holds them (it is made private)."""
    import pickle

    path = folder / f"{blake2b(key.encode(), digest_size=16).hexdigest()}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass  # not kept yet, or written by other code: work it out again
    value = compute()
    partial = folder / f".{path.stem}.{os.getpid()}.partial"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        with partial.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        answers = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in answers[_KEEP_ANSWERS:]:
            old.unlink()
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
    return value


def _keep(store: Store, folder: Path, kept: Path) -> bool:
    """Write the compiled graph in one step (another process sees all of it or nothing); drop old ones.
    False when it cannot be written."""
    import shutil

    partial = folder / f".{kept.stem}.{os.getpid()}.partial"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        store.dump(str(partial), RdfFormat.N_QUADS)
        os.replace(partial, kept)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    with contextlib.suppress(OSError):
        graphs = sorted(folder.glob("*.nq"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in graphs[_KEEP:]:
            old.unlink()
            shutil.rmtree(old.with_suffix(".answers"), ignore_errors=True)
    return True
