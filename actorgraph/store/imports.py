"""The on-disk store: imports that are all-or-nothing and idempotent, and the one place that writes to it."""

from __future__ import annotations

import collections
import contextlib
import errno
import gc
import os
import queue
import re
import shutil
import threading
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

from pyoxigraph import DefaultGraph, Literal, NamedNode, RdfFormat, Store

from actorgraph.errors import ActorgraphError, DataError, Problem
from actorgraph.model.formats import rdf_format
from actorgraph.model.vocab import ACTOR, GRAPH, RDF, SKOS, ontology_store
from actorgraph.sources import KINDS, reader
from actorgraph.sources.rdf import refuse_hostile
from actorgraph.store.derive import derive
from actorgraph.store.disk import StoreFolder

__all__ = ["ImportReport", "import_files"]

#: bytes of N-Quads (or N-Triples) handed to Oxigraph's bulk loader at a time: its memory is bounded by
#: this, not by the file (one call for a whole file takes about 1 GB from a million statements on)
_SLICE = 48 << 20
#: the first slice an importer's statements are handed over in: the loader starts on it while the rest
#: is written (one slice for a whole UCDP file kept the loader waiting for the writer)
_FIRST_SLICE = 4 << 20
#: bulk loads run at a time, each on its own slice: one call parses its slice and then writes it, one
#: step after the other, while two calls side by side keep two cores busy (ATOP's N-Quads in a bare
#: script, Oxigraph's checks off: 40 s one slice at a time, 24-28 s two at a time)
_LOADERS = 2
#: an import that loads more than this many bytes compacts the store afterwards (large answers read twice as fast:
#: each bulk load adds overlapping files, which a compaction makes one sorted run; the store grows)
_LARGE = 256 << 20

Progress = Callable[[int, int], None]
Graph = NamedNode | DefaultGraph
T = TypeVar("T")
U = TypeVar("U")


@dataclass
class ImportReport:
    """What an import did: statements added to the graphs it wrote, rows read, and the lines it could not read."""

    store: Path
    files: int
    added: int
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)  # the graphs that gained statements

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
        return f"imported {what} into {self.store}: {self.added} new statements{rows}{bad}"


@dataclass
class _Reading:
    """Files read and checked, ready to be written: rows, problems, the graphs they fill, and how to write them."""

    rows: int
    problems: list[Problem]
    graphs: list[Graph] | None  # None: whatever graphs the RDF files fill
    write: Callable[[Store, Progress | None], int]  # (store, progress) -> bytes loaded


def import_files(
    kind: str, files: Sequence[Path], store: Path, *, strict: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Import files of one kind into an on-disk store, all or nothing; importing a file twice adds nothing.

    The store is copied (hard links, so cheaply), the copy is written by Oxigraph's bulk loader from
    N-Quads (the importers write them; RDF files are loaded as they are), the shortcut edges are
    derived in the store, and the two are swapped in one atomic rename: a killed import leaves the
    store as it was. Lines a dataset importer cannot read are skipped and reported in
    ``ImportReport.problems``; with ``strict`` they stop the import. Only the graphs an import
    writes are counted, never the whole store.

    >>> from actorgraph.model.resources import dataset_files
    >>> folder = tmp / "g"
    >>> report = import_files("claims", dataset_files(), folder)
    >>> str(report).split(":")[0] == f"imported {len(dataset_files())} files into {folder}"
    True
    >>> import_files("claims", dataset_files(), folder).added
    0
    """
    if kind not in KINDS:
        raise ActorgraphError(f"unknown import kind {kind!r} (one of: {', '.join(KINDS)})")
    was = StoreFolder(store).state()
    try:
        return _import(kind, files, store, strict, progress)
    except OSError as exc:  # the copy could not be written (a full disk): it is gone, and the store untouched
        kept = "the store is as it was" if was == "store" else "no store was made"
        what = "no space left on device" if _no_space(exc) else f"cannot write the store ({_first_line(exc)})"
        raise DataError([Problem(str(store), 0, f"{what} while importing ({kept})")]) from None


def _no_space(exc: OSError) -> bool:
    """Whether the disk (or the user's quota) is full; Oxigraph's errors carry no errno, only its words."""
    full = (errno.ENOSPC, errno.EDQUOT)
    return exc.errno in full or any(os.strerror(code) in str(exc) for code in full)


def _first_line(exc: OSError) -> str:
    text = exc.strerror or str(exc)
    return (text.splitlines() or [type(exc).__name__])[0][:200]


def _import(kind: str, files: Sequence[Path], store: Path, strict: bool, progress: Progress | None) -> ImportReport:
    folder = StoreFolder(store)
    folder.refuse_foreign()
    was = folder.state()
    reading: _Reading | None = None
    if was != "store":
        # a new store: read and check the files first, so a bad file leaves no store behind
        reading = _stop_if_strict(_read(kind, files, None), strict)
        folder.prepare()
    else:
        folder.check()
    with folder.locked():
        current = Store.read_only(str(folder.db)) if folder.db.is_dir() else None
        if current is not None or reading is None:
            reading = _stop_if_strict(_read(kind, files, current), strict)
        staging = folder.staging()
        waiting: list[_Background[dict[Graph, int]]] = []
        compacting: _Background[None] | None = None
        written: Store | None = None
        try:
            if current is not None:
                current.backup(str(staging))
            written = Store(str(staging))
            _ensure_ontology(written)
            if current is not None:  # what the graphs held is counted in the store as it was, while the copy is written
                waiting.append(_Background(_counts, current, reading.graphs))
            loaded = reading.write(written, progress)
            if loaded > _LARGE:  # compacted (faster to read) while its graphs are counted and derived
                compacting = _Background(written.optimize)
            graphs = reading.graphs if reading.graphs is not None else _data_graphs(written, files)
            old = waiting[0].result() if waiting else {}
            if reading.graphs is None and current is not None:
                # an RDF file may have added to any graph of the store: derive only those that grew
                old.update(_counts(current, [g for g in graphs if g not in old]))
                after = _counts(written, graphs)
                derive(written, [g for g in graphs if isinstance(g, NamedNode) and after[g] != old.get(g, 0)])
            else:
                waiting.append(_Background(_counts, written, graphs))
                derive(written, [g for g in graphs if isinstance(g, NamedNode)])
                after = waiting[-1].result()
            added = {g: after[g] - old.get(g, 0) for g in graphs}
            if compacting is not None:
                compacting.result()
                compacting = None
            written.flush()
            written = current = None
            gc.collect()  # the stores' last references go first, so both databases are closed
            folder.swap_in(staging)
        except BaseException as exc:
            # the frames the error passed through hold the copy open: let go of them, so it can be removed
            traceback.clear_frames(exc.__traceback__)
            written = current = None
            gc.collect()
            folder.unmake(was)  # a first import that fails leaves no store behind (only the lock holder may)
            raise
        finally:
            for call in waiting:
                call.wait()
            if compacting is not None:
                compacting.wait()
            written = current = None  # closed even when the import failed, so its copy can go
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
    grown = [g for g, n in added.items() if n]
    return ImportReport(
        Path(store),
        len(files),
        sum(added.values()),
        reading.rows,
        reading.problems,
        [g.value if isinstance(g, NamedNode) else "(default graph)" for g in grown],
    )


def _stop_if_strict(reading: _Reading, strict: bool) -> _Reading:
    if strict and any(not p.warning for p in reading.problems):
        raise DataError(reading.problems)
    return reading


def _read(kind: str, files: Sequence[Path], current: Store | None) -> _Reading:
    """Read and check files of a kind against what the store holds, without writing anything yet."""
    if kind == "rdf":
        return _read_rdf(files)
    if kind == "claims":
        from actorgraph.sources.claims import Known, claims_quads
        from actorgraph.store.graph import ActorGraph

        known = ActorGraph(current, read_only=True).known() if current is not None else Known()
        quads = claims_quads(files, known)

        def write_claims(store: Store, progress: Progress | None) -> int:
            store.extend(quads)
            if progress:
                progress(len(quads), len(quads))
            return 0

        return _Reading(0, [], [GRAPH.curated], write_claims)
    read = reader(kind)
    names = _ucdp_names(current) if current is not None and kind.startswith("ucdp-") else {}
    imported = [read(path, names) for path in files]

    def write_datasets(store: Store, progress: Progress | None) -> int:
        """The importers' statements as N-Quads, written in a thread while the bulk loader takes them in
        slices (Python writes the next slice while Oxigraph loads one)."""
        expected = max(12 * sum(got.rows for got in imported), 1)  # about a dozen statements a row

        def produce(put: Callable[[bytes], None]) -> None:
            pieces: list[bytes] = []
            size = 0
            sizes = _slice_sizes()
            limit = next(sizes)

            def sink(text: str) -> None:
                nonlocal size, limit
                pieces.append(text.encode("utf-8"))
                size += len(pieces[-1])
                if size >= limit:
                    flush()
                    limit = next(sizes)

            def flush() -> None:
                nonlocal size
                if pieces:
                    put(b"".join(pieces))
                    pieces.clear()
                    size = 0

            for got in imported:
                got.write(sink)
            flush()

        loaded = written = 0
        with contextlib.closing(iter(_Pipe(produce))) as pieces:
            for piece in _side_by_side(_load_nquads, store, pieces):
                loaded += len(piece)
                written += piece.count(b"\n")
                if progress:
                    progress(min(written, expected - 1), expected)
        if progress:
            progress(expected, expected)
        return loaded

    return _Reading(
        sum(got.rows for got in imported),
        [p for got in imported for p in got.problems],
        sorted({got.dataset.graph for got in imported}, key=str),
        write_datasets,
    )


def _read_rdf(files: Sequence[Path]) -> _Reading:
    known = ".ttl .nt .nq .trig .jsonld .rdf"
    bad = [Problem(str(p), 0, f"unknown RDF file type ({known})") for p in files if rdf_format(str(p)) is None]
    missing = [Problem(str(p), 0, "no such file") for p in files if not Path(p).is_file()]
    if bad or missing:
        raise DataError([*missing, *bad])

    def write_rdf(store: Store, progress: Progress | None) -> int:
        total = sum(Path(p).stat().st_size for p in files)
        done = 0

        def step(at: int, _: int) -> None:
            if progress:
                progress(done + at, total)

        for path in files:
            fmt = rdf_format(str(path))
            assert fmt is not None
            _load(store, Path(path), fmt, step)
            done += Path(path).stat().st_size
        return total

    return _Reading(0, [], None, write_rdf)


def _load(store: Store, path: Path, fmt: RdfFormat, progress: Progress | None, *, blank_nodes: bool = True) -> int:
    """Bulk-load a file; N-Quads and N-Triples in slices of whole lines, so memory stays bounded by a slice.

    The bulk loader names blank nodes afresh on each call, so from the first slice that may hold
    one (``_:``) on, the rest of the file is loaded in one call, as any other format is. Returns the
    bytes loaded.
    """
    name = str(path)
    size = path.stat().st_size
    refuse_hostile(path, fmt, name)
    try:
        with open(path, "rb") as handle:
            if fmt not in (RdfFormat.N_QUADS, RdfFormat.N_TRIPLES):
                _bulk(store, handle, fmt, path, 0)
            else:
                rest: list[int] = []  # where the first slice that may hold a blank node starts

                def pieces() -> Iterator[_Slice]:
                    start = 0
                    for piece in _slices(handle):
                        if blank_nodes and b"_:" in piece:
                            rest.append(start)
                            return
                        yield piece, fmt, path, start
                        start += len(piece)

                done = 0
                for loaded in _side_by_side(_load_slice, store, pieces()):
                    done += loaded
                    if progress:
                        progress(done, size)
                if rest:  # every slice before it is loaded: the rest of the file in one call
                    handle.seek(rest[0])
                    _bulk(store, handle, fmt, path, rest[0])
    except OSError as exc:
        if _no_space(exc):  # the store's disk, not the file: said by import_files
            raise
        raise DataError([Problem(name, 0, f"cannot read: {exc.strerror or exc}")]) from None
    if progress:
        progress(size, size)
    return size


def _bulk(store: Store, data: bytes | BinaryIO, fmt: RdfFormat, path: Path, start: int) -> None:
    """One call of the bulk loader on bytes of a file from ``start`` on; a syntax error names the file's line."""
    try:
        store.bulk_load(data, format=fmt)
    except SyntaxError as exc:
        # the position Oxigraph gives counts from the slice; the problem says the file's line
        message = f"invalid {fmt.name}: {re.sub(r'^Parser error (?:at|between) [^:]*: ', '', exc.msg.split(' (')[0])}"
        raise DataError([Problem(str(path), _lines_before(path, start) + (exc.lineno or 0), message)]) from None


def _lines_before(path: Path, offset: int) -> int:
    """How many lines of a file end before a byte offset (read again only to name a bad line)."""
    lines = 0
    with open(path, "rb") as handle:
        while handle.tell() < offset and (block := handle.read(min(_SLICE, offset - handle.tell()))):
            lines += block.count(b"\n")
    return lines


#: a slice of an RDF file: its bytes, their format, the file, and where in it they start
_Slice = tuple[bytes, RdfFormat, Path, int]


def _load_slice(store: Store, piece: _Slice) -> int:
    _bulk(store, *piece)
    return len(piece[0])


def _load_nquads(store: Store, piece: bytes) -> bytes:
    store.bulk_load(piece, format=RdfFormat.N_QUADS)
    return piece


def _side_by_side(load: Callable[[Store, T], U], store: Store, pieces: Iterable[T]) -> Iterator[U]:
    """``load(store, piece)`` of each piece in ``_LOADERS`` threads (the bulk loader lets go of the
    interpreter), at most that many pieces held at once; each result is given as its piece is done, in order.

    The first error stops the loading: the pieces already loading finish, and of their errors the one
    of the earliest piece is raised (the first bad line of a file is the one named). ``load`` is a
    module's function, given the store: a closure over the store, kept by an error's frames, would
    keep the store open after a failed import (so it could not be removed).

    >>> list(_side_by_side(lambda store, n: n * n, Store(), range(5)))
    [0, 1, 4, 9, 16]
    """
    from concurrent.futures import Future, ThreadPoolExecutor, wait

    running: collections.deque[Future[U]] = collections.deque()
    with ThreadPoolExecutor(_LOADERS, thread_name_prefix="actorgraph-load") as pool:
        given = iter(pieces)
        while True:
            try:
                piece = next(given)
            except StopIteration:
                break
            except BaseException:  # reading the next piece failed: a piece before it may have failed first
                wait(running)
                for future in running:
                    if (error := future.exception()) is not None:
                        raise error from None
                raise
            if len(running) >= _LOADERS:
                yield running.popleft().result()  # an error here is the earliest: the pieces after it wait
            running.append(pool.submit(load, store, piece))
        while running:
            yield running.popleft().result()


def _slice_sizes() -> Iterator[int]:
    """The bytes each slice handed to the loader takes: ``_FIRST_SLICE``, then twice as many each time
    up to ``_SLICE`` (the loader starts early, and a small file too is loaded two slices at a time).

    >>> from itertools import islice
    >>> [n >> 20 for n in islice(_slice_sizes(), 7)]
    [4, 8, 16, 32, 48, 48, 48]
    """
    size = min(_FIRST_SLICE, _SLICE)
    while True:
        yield size
        size = min(2 * size, _SLICE)


def _slices(handle: BinaryIO) -> Iterator[bytes]:
    """A file in pieces that end at a line's end, of the sizes :func:`_slice_sizes` gives."""
    rest = b""
    sizes = _slice_sizes()
    while block := handle.read(next(sizes)):
        block = rest + block if rest else block
        cut = block.rfind(b"\n") + 1
        if cut:
            rest = block[cut:]
            yield block[:cut]
        else:  # a line longer than a slice: read on
            rest = block
    if rest:
        yield rest


def _ensure_ontology(store: Store) -> None:
    """A new store gets the ontology's own graph, which derivations and questions read."""
    if next(iter(store.quads_for_pattern(None, RDF.type, None, GRAPH.ontology)), None) is None:
        store.extend(ontology_store().quads_for_pattern(None, None, None, GRAPH.ontology))


def _data_graphs(store: Store, files: Sequence[Path]) -> list[Graph]:
    """The graphs RDF files may have filled: the default graph, and the named graphs of any quad format."""
    graphs: list[Graph] = [DefaultGraph()]
    if any(fmt is not None and fmt.supports_datasets for fmt in (rdf_format(str(p)) for p in files)):
        own = (GRAPH.ontology, GRAPH.shortcuts)
        graphs += sorted((g for g in store.named_graphs() if isinstance(g, NamedNode) and g not in own), key=str)
    return graphs


def _count(store: Store, graph: Graph) -> int:
    """The statements in one graph, counted in the store."""
    if isinstance(graph, NamedNode):
        if not store.contains_named_graph(graph):
            return 0
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"
    else:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for row in store.query(query):  # type: ignore[union-attr]
        found = row["n"]
        return int(found.value) if isinstance(found, Literal) else 0
    return 0


def _counts(store: Store, graphs: Sequence[Graph] | None) -> dict[Graph, int]:
    """The statements in each graph (all the store's data graphs when None)."""
    if graphs is None:
        own = (GRAPH.ontology, GRAPH.shortcuts)
        graphs = [DefaultGraph(), *(g for g in store.named_graphs() if isinstance(g, NamedNode) and g not in own)]
    return {g: _count(store, g) for g in graphs}


class _Background(Generic[T]):
    """A call run in a thread (Oxigraph lets go of the interpreter while it reads), its result asked for later."""

    def __init__(self, call: Callable[..., T], *args: object) -> None:
        self._result: list[T] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(call, args), daemon=True)
        self._thread.start()

    def _run(self, call: Callable[..., T], args: tuple[object, ...]) -> None:
        try:
            self._result.append(call(*args))
        except BaseException as exc:  # handed to whoever asks for the result
            self._error.append(exc)

    def wait(self) -> None:
        """Wait for the call to end, whatever its outcome."""
        self._thread.join()

    def result(self) -> T:
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._result[0]


class _Pipe:
    """Pieces made by ``produce(put)`` in a thread, taken one by one; at most one waits made in advance."""

    def __init__(self, produce: Callable[[Callable[[bytes], None]], None]) -> None:
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._error: list[BaseException] = []
        self._produce = produce

    def _put(self, piece: bytes) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(piece, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stopped

    def _run(self) -> None:
        try:
            self._produce(self._put)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the reader
            self._error.append(exc)
        finally:
            while not self._stop.is_set():
                try:
                    self._queue.put(None, timeout=0.1)
                    break
                except queue.Full:
                    continue

    def __iter__(self) -> Generator[bytes]:
        thread = threading.Thread(target=self._run, daemon=True)
        thread.start()
        try:
            while (piece := self._queue.get()) is not None:
                yield piece
            if self._error:
                raise self._error[0]
        finally:
            self._stop.set()
            thread.join()


class _Stopped(Exception):
    """The reader of a pipe stopped before the producer was done."""


def _ucdp_names(opened: Store) -> dict[str, str]:
    """Names of the UCDP actors already in the store (e.g. from the actor list) -> their UCDP ids."""
    prefix = ACTOR + "ucdp-"
    names: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for quad in opened.quads_for_pattern(None, predicate, None):
            subject, label = quad.subject, quad.object
            if isinstance(subject, NamedNode) and isinstance(label, Literal) and subject.value.startswith(prefix):
                names.setdefault(label.value, subject.value.removeprefix(prefix))
    return names
