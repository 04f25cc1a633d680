"""The on-disk store: imports that are all-or-nothing and idempotent, and the one place that writes to it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store, parse

from actorgraph.errors import ActorgraphError, DataError, Problem
from actorgraph.model.formats import rdf_format
from actorgraph.sources.rdf import refuse_hostile
from actorgraph.store.derive import derive
from actorgraph.store.disk import StoreFolder
from actorgraph.store.graph import ActorGraph

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

    @property
    def skipped(self) -> list[Problem]:
        """The problems that left something out (not mere warnings)."""
        return [p for p in self.problems if not p.warning]

    def __str__(self) -> str:
        what = f"{self.files} file{'s' * (self.files != 1)}"
        rows = f", {self.rows} rows read" if self.rows else ""
        skipped, warnings = len(self.skipped), len(self.problems) - len(self.skipped)
        bad = f", {skipped} line{'s' * (skipped != 1)} skipped" if skipped else ""
        bad += f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        return f"imported {what} into {self.store}: {self.added} new statements, {self.total} in all{rows}{bad}"


def import_files(
    kind: str, files: Sequence[Path], store: Path, *, strict: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import files of one kind into an on-disk store, all or nothing; importing a file twice adds nothing.

    The store is copied (hard links, so cheaply), the copy is written, and the two are swapped in
    one atomic rename: a killed import leaves the store as it was. Lines a dataset importer cannot
    read are skipped and reported in ``ImportReport.problems``; with ``strict`` they stop the import.

    >>> from actorgraph.model.resources import dataset_files
    >>> folder = tmp / "g"
    >>> report = import_files("claims", dataset_files(), folder)
    >>> str(report).split(":")[0] == f"imported {len(dataset_files())} files into {folder}"
    True
    >>> import_files("claims", dataset_files(), folder).added
    0
    """
    if kind not in IMPORT_KINDS:
        raise ActorgraphError(f"unknown import kind {kind!r} (one of: {', '.join(IMPORT_KINDS)})")
    folder = StoreFolder(store)
    folder.refuse_foreign()
    was = folder.state()
    if folder.state() != "store":
        # a new store: read and check the files first, so a bad file leaves no store behind
        quads, rows, problems = _read(kind, files, {}, None)
        if strict and any(not p.warning for p in problems):
            raise DataError(problems)
        folder.prepare()
    else:
        folder.check()
    with folder.locked():
        try:
            exists = folder.db.is_dir()
            current = Store.read_only(str(folder.db)) if exists else None
            if current is not None:
                names = _ucdp_names(current) if kind.startswith("ucdp-") else {}
                quads, rows, problems = _read(kind, files, names, current)
                if strict and any(not p.warning for p in problems):
                    raise DataError(problems)
            staging = folder.staging()
            try:
                if current is not None:
                    current.backup(str(staging))
                    del current
                    gc.collect()
                graph = ActorGraph(Store(str(staging)))
                before = len(graph.store)
                if kind == "rdf":
                    for path in files:
                        _stream(graph.store, path, progress)
                    derive(graph.store)  # an RDF file may fill any graph
                else:
                    _write(graph.store, quads, progress)
                    written = {q.graph_name for q in quads if isinstance(q.graph_name, NamedNode)}
                    derive(graph.store, sorted(written, key=str))
                graph.store.flush()
                total = len(graph.store)
                del graph
                gc.collect()
                folder.swap_in(staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            folder.unmake(was)  # a first import that fails leaves no store behind (only the lock holder may)
            raise
    return ImportReport(Path(store), len(files), total - before, total, rows, problems)


def _read(
    kind: str, files: Sequence[Path], names: dict[str, str], current: Store | None
) -> tuple[list[Quad], int, list[Problem]]:
    """The quads of claims or dataset files (RDF files are streamed later); rows read and problems."""
    if kind == "rdf":
        known = ".ttl .nt .nq .trig .jsonld .rdf"
        bad = [Problem(str(p), 0, f"unknown RDF file type ({known})") for p in files if rdf_format(str(p)) is None]
        missing = [Problem(str(p), 0, "no such file") for p in files if not Path(p).is_file()]
        if bad or missing:
            raise DataError([*missing, *bad])
        return [], 0, []
    if kind == "claims":
        from actorgraph.sources.claims import Known, claims_quads

        return (
            claims_quads(files, ActorGraph(current, read_only=True).known() if current is not None else Known()),
            0,
            [],
        )
    from actorgraph.sources import reader

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


def _write(store: Store, quads: list[Quad], progress: Progress | None) -> None:
    for start in range(0, len(quads), _CHUNK):
        chunk = quads[start : start + _CHUNK]
        store.bulk_extend(chunk)
        if progress:
            progress(min(start + _CHUNK, len(quads)), len(quads))


def _stream(store: Store, path: Path, progress: Progress | None) -> None:
    """Parse an RDF file and write it in chunks (as fast as Oxigraph's bulk loader, with progress)."""
    name = str(path)
    fmt = rdf_format(name)
    size = max(Path(name).stat().st_size, 1)
    chunk: list[Quad] = []
    if fmt is not None:
        refuse_hostile(Path(name), fmt, name)
    try:
        with open(name, "rb") as handle:
            for item in parse(handle, fmt):
                chunk.append(item if isinstance(item, Quad) else Quad(item.subject, item.predicate, item.object))
                if len(chunk) >= _CHUNK:
                    store.bulk_extend(chunk)
                    chunk = []
                    if progress:
                        progress(handle.tell(), size)
            store.bulk_extend(chunk)
            if progress:
                progress(size, size)
    except SyntaxError as exc:
        what = fmt.name if fmt else "RDF"
        raise DataError([Problem(name, exc.lineno or 0, f"invalid {what}: {exc.msg.split(' (')[0]}")]) from None
    except OSError as exc:
        raise DataError([Problem(name, 0, f"cannot read: {exc.strerror or exc}")]) from None


def _ucdp_names(opened: Store) -> dict[str, str]:
    """Names of the UCDP actors already in the store (e.g. from the actor list) -> their UCDP ids."""
    from actorgraph.model.vocab import ACTOR, SKOS

    prefix = ACTOR + "ucdp-"
    names: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for quad in opened.quads_for_pattern(None, predicate, None):
            subject, label = quad.subject, quad.object
            if isinstance(subject, NamedNode) and isinstance(label, Literal) and subject.value.startswith(prefix):
                names.setdefault(label.value, subject.value.removeprefix(prefix))
    return names
