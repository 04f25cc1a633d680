"""The on-disk store: imports that are all-or-nothing and idempotent, and the one place that writes to it."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import gc
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, Store, parse

from actorgraph.errors import ActorgraphError, DataError, Problem
from actorgraph.graph import ActorGraph, rdf_format
from actorgraph.vocab import AG, GRAPH, PROV, RDF, vocabulary

__all__ = ["IMPORT_KINDS", "ImportReport", "import_files"]

#: every kind ``actorgraph import`` takes: claims files, RDF files, and the coded datasets
IMPORT_KINDS = ("claims", "rdf", "ucdp-actor", "ucdp-esd", "ucdp-acd", "ucdp-dyadic", "atop")

#: quads written per step, so a progress bar moves
_CHUNK = 200_000

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What an import did: statements added, in all, rows read, and the lines it could not read."""

    store: Path
    files: int
    added: int
    total: int
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        what = f"{self.files} file{'s' * (self.files != 1)}"
        rows = f", {self.rows} rows read" if self.rows else ""
        bad = f", {len(self.problems)} line{'s' * (len(self.problems) != 1)} reported" if self.problems else ""
        return f"imported {what} into {self.store}: {self.added} new statements, {self.total} in all{rows}{bad}"


def import_files(
    kind: str, files: Sequence[Path], store: Path, *, strict: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import files of one kind into an on-disk store, all or nothing; importing a file twice adds nothing.

    The store is copied (hard links, so cheaply), the copy is written, and the two are swapped in
    one atomic rename: a killed import leaves the store as it was. Lines a dataset importer cannot
    read are skipped and reported in ``ImportReport.problems``; with ``strict`` they stop the import.

    >>> import tempfile, pathlib
    >>> from actorgraph.resources import dataset_files
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "g"
    >>> report = import_files("claims", dataset_files(), folder)
    >>> str(report).split(":")[0] == f"imported {len(dataset_files())} files into {folder}"
    True
    >>> import_files("claims", dataset_files(), folder).added
    0
    """
    if kind not in IMPORT_KINDS:
        raise ActorgraphError(f"unknown import kind {kind!r} (one of: {', '.join(IMPORT_KINDS)})")
    store = Path(store)
    with _locked(store):
        _clean_leftovers(store)
        exists = store.is_dir() and any(store.iterdir())
        names = _ucdp_names(store) if exists and kind.startswith("ucdp-") else {}
        quads, rows, problems = _read(kind, files, names)
        if problems and strict:
            raise DataError(problems)
        staging = store.with_name(f".{store.name}.importing-{os.getpid()}")
        try:
            if exists:
                source = _open(store)
                source.backup(str(staging))
                del source
                gc.collect()
            graph = ActorGraph(Store(str(staging)))
            before = len(graph.store)
            deriver = _Deriver()
            if kind == "rdf":
                for path in files:
                    _stream(graph.store, path, deriver, progress)
            else:
                _write(graph.store, quads, deriver, progress)
            graph.store.bulk_extend(deriver.derived)
            graph.store.flush()
            total = len(graph.store)
            del graph
            gc.collect()
            _swap(staging, store, exists)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ImportReport(store, len(files), total - before, total, rows, problems)


def _read(kind: str, files: Sequence[Path], names: dict[str, str]) -> tuple[list[Quad], int, list[Problem]]:
    """The quads of claims or dataset files (RDF files are streamed later); rows read and problems."""
    if kind == "rdf":
        known = ".ttl .nt .nq .trig .jsonld .rdf"
        bad = [Problem(str(p), 0, f"unknown RDF file type ({known})") for p in files if rdf_format(str(p)) is None]
        missing = [Problem(str(p), 0, "no such file") for p in files if not Path(p).is_file()]
        if bad or missing:
            raise DataError([*missing, *bad])
        return [], 0, []
    if kind == "claims":
        from actorgraph.claims import check, read_claims, to_quads

        claims = read_claims(files)
        found = check(claims)
        if found:
            raise DataError(found)
        return to_quads(claims), 0, []
    from actorgraph.importers import reader

    quads: list[Quad] = []
    rows = 0
    problems: list[Problem] = []
    read = reader(kind)
    for path in files:
        got = read(path, names)
        rows += got.rows
        problems.extend(got.problems)
        quads.extend(got.all_quads())
    return quads, rows, problems


def _write(store: Store, quads: list[Quad], deriver: _Deriver, progress: Progress | None) -> None:
    for start in range(0, len(quads), _CHUNK):
        chunk = quads[start:start + _CHUNK]
        deriver.feed(chunk)
        store.bulk_extend(chunk)
        if progress:
            progress(min(start + _CHUNK, len(quads)), len(quads))


def _stream(store: Store, path: Path, deriver: _Deriver, progress: Progress | None) -> None:
    """Parse an RDF file and write it in chunks (as fast as Oxigraph's bulk loader, with progress)."""
    name = str(path)
    fmt = rdf_format(name)
    size = max(Path(name).stat().st_size, 1)
    chunk: list[Quad] = []
    try:
        with open(name, "rb") as handle:
            for item in parse(handle, fmt):
                chunk.append(item if isinstance(item, Quad) else Quad(item.subject, item.predicate, item.object))
                if len(chunk) >= _CHUNK:
                    deriver.feed(chunk)
                    store.bulk_extend(chunk)
                    chunk = []
                    if progress:
                        progress(handle.tell(), size)
            deriver.feed(chunk)
            store.bulk_extend(chunk)
            if progress:
                progress(size, size)
    except SyntaxError as exc:
        what = fmt.name if fmt else "RDF"
        raise DataError([Problem(name, exc.lineno or 0, f"invalid {what}: {exc.msg.split(' (')[0]}")]) from None
    except OSError as exc:
        raise DataError([Problem(name, 0, f"cannot read: {exc.strerror or exc}")]) from None


class _Deriver:
    """The shortcut edges and ``prov:wasDerivedFrom`` links that imported relation nodes imply.

    The same statements as :meth:`ActorGraph.derive` makes, found while the quads stream by
    (a scan of a million relations in the store costs a minute; this costs seconds). A relation
    is derived from the statements of the same import.
    """

    def __init__(self) -> None:
        vocab = vocabulary()
        self.shortcut = {NamedNode(k): p for k, p in vocab.shortcuts.items()}
        self.wanted = {AG.actor: "actor", AG.target: "target", AG.certainty: "certainty"}
        self.partial: dict[Any, dict[str, Any]] = {}
        self.cited: dict[Any, list[Any]] = {}
        self.entities: dict[Any, list[Any]] = {}
        self.derived: list[Quad] = []

    def feed(self, quads: list[Quad]) -> None:
        for quad in quads:
            predicate = quad.predicate
            if predicate == RDF.type:
                if quad.object in self.shortcut:
                    self._set(quad.subject, "kind", quad.object)
            elif predicate in self.wanted:
                self._set(quad.subject, self.wanted[predicate], quad.object)
            elif predicate == AG.citation:
                self.cited.setdefault(quad.object, []).append(quad.subject)
                for entity in self.entities.get(quad.object, ()):
                    self.derived.append(Quad(quad.subject, PROV.wasDerivedFrom, entity, GRAPH.shortcuts))
            elif predicate == PROV.entity:
                self.entities.setdefault(quad.subject, []).append(quad.object)
                for subject in self.cited.get(quad.subject, ()):
                    self.derived.append(Quad(subject, PROV.wasDerivedFrom, quad.object, GRAPH.shortcuts))

    def _set(self, rel: Any, key: str, value: Any) -> None:
        seen = self.partial.setdefault(rel, {})
        seen[key] = value
        if len(seen) == 4:
            del self.partial[rel]
            if seen["certainty"] != AG.Disputed:
                kind, actor, target = seen["kind"], seen["actor"], seen["target"]
                self.derived.append(Quad(actor, self.shortcut[kind], target, GRAPH.shortcuts))
                if kind == AG.Agreement:
                    self.derived.append(Quad(target, AG.agreementWith, actor, GRAPH.shortcuts))


def _open(store: Path) -> Store:
    try:
        return Store(str(store))
    except OSError as exc:
        message = f"cannot open store for writing (is another command using it?): {exc}"
        raise DataError([Problem(str(store), 0, message)]) from None


def _ucdp_names(store: Path) -> dict[str, str]:
    """Names of the UCDP actors already in the store (e.g. from the actor list) -> their UCDP ids."""
    from actorgraph.vocab import ACTOR, SKOS

    opened = _open(store)
    prefix = ACTOR + "ucdp-"
    names: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for quad in opened.quads_for_pattern(None, predicate, None):
            subject, label = quad.subject, quad.object
            if isinstance(subject, NamedNode) and isinstance(label, Literal) and subject.value.startswith(prefix):
                names.setdefault(label.value, subject.value.removeprefix(prefix))
    del opened
    gc.collect()
    return names


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    """One import at a time per store: a lock on the folder that holds it."""
    parent = store.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ActorgraphError(f"another import into {parent} is running; try again when it ends") from None
        yield
    finally:
        os.close(fd)


def _clean_leftovers(store: Path) -> None:
    """Remove what a killed import left beside the store (never the store itself)."""
    for pattern in (f".{store.name}.importing-*", f".{store.name}.old-*"):
        for leftover in store.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


_RENAME_EXCHANGE = 2


def _swap(staging: Path, store: Path, exists: bool) -> None:
    """Put the written copy in the store's place in one atomic step."""
    if not exists:
        if store.exists():
            store.rmdir()
        os.rename(staging, store)
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    at_fdcwd = -100
    result = libc.renameat2(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(store), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        raise ActorgraphError(f"cannot replace {store} with the imported copy: {os.strerror(errno)}")
    # staging now holds the old store; the caller removes it
