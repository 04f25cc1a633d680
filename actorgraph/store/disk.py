"""The on-disk store's folder: recognised by its marker, read without writing, locked and swapped from inside."""

# What only imports and overlays need (shutil, tempfile, ctypes: 10 ms) is imported where it is
# used, so a question that opens the store loads nothing else.

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pyoxigraph import Store

from actorgraph.errors import ActorgraphError, DataError, Problem

__all__ = ["MARKER", "StoreFolder", "sweep_orphans"]

#: the file that makes a folder an actorgraph store; what is in it says which layout
MARKER = "actorgraph-store.json"
_LAYOUT = {"format": "actorgraph-store", "version": 1}
_DB = "db"
_LOCK = ".lock"
_STAGING = ".importing-"
_OLD = ".old-"
_OVERLAY = "actorgraph-overlay-"


class StoreFolder:
    """A folder holding one store: ``actorgraph-store.json``, the database in ``db/``, and the import lock.

    Everything an import writes stays inside the folder, so an import never moves or deletes what
    it did not make, and imports into two stores never wait for each other.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = StoreFolder(pathlib.Path(tmp) / "graph.db")
    ...     folder.state()
    'missing'
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @property
    def db(self) -> Path:
        return self.path / _DB

    def state(self) -> str:
        """``missing``, ``empty`` (a folder with nothing in it), ``store``, or ``foreign`` (anything else)."""
        if not self.path.exists():
            return "missing"
        if not self.path.is_dir():
            return "foreign"
        if (self.path / MARKER).is_file():
            return "store"
        return "empty" if not any(self.path.iterdir()) else "foreign"

    def check(self) -> None:
        """Raise a one-line error unless the folder is a store."""
        state = self.state()
        if state == "store":
            layout = self._layout()
            if layout.get("format") != _LAYOUT["format"] or layout.get("version") != _LAYOUT["version"]:
                raise DataError([Problem(str(self.path), 0, f"unknown store layout in {MARKER}: {layout}")])
            return
        if state == "missing":
            message = "no store here (make one with: actorgraph import claims|rdf|ucdp-… FILE --store DIR)"
        else:
            message = f"not an actorgraph store (no {MARKER}); give the folder an import made"
        raise DataError([Problem(str(self.path), 0, message)])

    def _layout(self) -> dict[str, object]:
        try:
            found = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError([Problem(str(self.path / MARKER), 0, f"unreadable store marker: {exc}")]) from None
        return found if isinstance(found, dict) else {}

    def open_read_only(self) -> Store:
        """The store for reading: never written, never compacted (an empty store if nothing was imported yet)."""
        self.check()
        if not self.db.is_dir():
            return Store()
        try:
            return Store.read_only(str(self.db))
        except OSError as exc:
            raise DataError([Problem(str(self.path), 0, f"cannot open store: {_reason(exc)}")]) from None

    def open_overlay(self) -> tuple[Store, Callable[[], None]]:
        """A private, writable copy of the store (hard links, so cheap), and how to remove it.

        Reads that add files (``--data`` beside ``--store``) write here, never into the store. The
        copy is removed when the returned function is called, or at the latest when the process ends.
        """
        import atexit
        import shutil
        import tempfile

        self.check()
        _sweep_overlays()
        folder = Path(tempfile.mkdtemp(prefix=f"{_OVERLAY}{os.getpid()}-"))
        atexit.register(shutil.rmtree, folder, True)

        def remove() -> None:
            import gc

            gc.collect()  # the store's last reference goes first, so the database is closed
            shutil.rmtree(folder, ignore_errors=True)

        try:
            if self.db.is_dir():
                Store.read_only(str(self.db)).backup(str(folder / _DB))
            return Store(str(folder / _DB)), remove
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise DataError([Problem(str(self.path), 0, f"cannot open store: {_reason(exc)}")]) from None

    # ------------------------------------------------------------------ imports

    def prepare(self) -> None:
        """Make the folder a store if it is missing or empty; refuse any other folder."""
        state = self.state()
        if state == "store":
            self.check()
            return
        self.refuse_foreign()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            marker = self.path / MARKER
            marker.write_text(json.dumps(_LAYOUT) + "\n", encoding="utf-8")
        except OSError as exc:
            raise DataError([Problem(str(self.path), 0, f"cannot make a store here: {_reason(exc)}")]) from None

    def unmake(self, was: str) -> None:
        """Undo :meth:`prepare` after a first import failed: the folder is again as it ``was``."""
        import shutil

        if was == "missing":
            shutil.rmtree(self.path, ignore_errors=True)
        elif was == "empty":
            for name in (MARKER, _LOCK, _DB):
                shutil.rmtree(self.path / name, ignore_errors=True)
                (self.path / name).unlink(missing_ok=True)

    def refuse_foreign(self) -> None:
        """Raise a one-line error if the path holds something that is not a store: it is never written."""
        if self.state() == "foreign":
            what = "a file" if not self.path.is_dir() else "a folder that is not empty"
            raise DataError(
                [Problem(str(self.path), 0, f"is {what} and not an actorgraph store: give a new or empty folder")]
            )

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One import at a time into this store (a lock file inside it)."""
        try:
            fd = os.open(self.path / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DataError([Problem(str(self.path), 0, f"cannot write to the store: {_reason(exc)}")]) from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ActorgraphError(f"another import into {self.path} is running; try again when it ends") from None
            self._clean_leftovers()
            yield
        finally:
            os.close(fd)

    def staging(self) -> Path:
        """Where an import writes its copy, inside the store."""
        return self.path / f"{_STAGING}{os.getpid()}"

    def _clean_leftovers(self) -> None:
        """Remove what a killed import left inside the store (never the database itself)."""
        import shutil

        for pattern in (f"{_STAGING}*", f"{_OLD}*"):
            for leftover in self.path.glob(pattern):
                shutil.rmtree(leftover, ignore_errors=True)

    def swap_in(self, staging: Path) -> None:
        """Put a written copy in the database's place in one atomic step; the old one is removed."""
        import ctypes
        import ctypes.util
        import shutil

        if not self.db.exists():
            os.rename(staging, self.db)
            return
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        at_fdcwd = -100
        exchange = 2  # RENAME_EXCHANGE
        if libc.renameat2(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(self.db), exchange) != 0:
            errno = ctypes.get_errno()
            raise ActorgraphError(f"cannot replace {self.db} with the imported copy: {os.strerror(errno)}")
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old database


def _reason(exc: OSError) -> str:
    text = exc.strerror or str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _sweep_overlays() -> None:
    """Remove overlays whose process has died (killed before it could clean up)."""
    sweep_orphans(_OVERLAY)


def sweep_orphans(prefix: str) -> None:
    """Remove the temporary folders named ``PREFIX<pid>-…`` whose process is gone (killed before it could
    remove its own).

    >>> import tempfile
    >>> left = Path(tempfile.mkdtemp(prefix="actorgraph-doctest-999999999-"))
    >>> sweep_orphans("actorgraph-doctest-")
    >>> left.exists()
    False
    """
    import shutil
    import tempfile

    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
    return True
