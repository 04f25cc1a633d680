"""The Oxigraph process behind ``actorgraph serve``: spawned to die with us, pooled, watched, replaced."""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from actorgraph.errors import EndpointError
from actorgraph.store.disk import sweep_orphans

__all__ = [
    "TEMP_PREFIX",
    "Janitor",
    "Lease",
    "Process",
    "Upstream",
    "free_port",
    "oxigraph_binary",
    "spawn",
    "sweep_temporary_stores",
]

#: temporary stores are named after the process that serves them, so a later start can sweep a dead one's
TEMP_PREFIX = "actorgraph-serve-"

# The child asks the kernel to kill it when the thread that started it ends (PR_SET_PDEATHSIG), checks that
# its parent did not die before that, and becomes Oxigraph: a SIGKILLed serve leaves no Oxigraph behind.
_TRAMPOLINE = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)\n"
    "if os.getppid() != int(sys.argv[1]):\n    os._exit(1)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)
# The janitor waits for its parent to die (SIGTERM through PR_SET_PDEATHSIG) and removes the temporary store.
_JANITOR = (
    "import ctypes, os, shutil, signal, sys, time\n"
    "def clean(*_):\n    time.sleep(0.2)\n    shutil.rmtree(sys.argv[2], ignore_errors=True)\n    os._exit(0)\n"
    "signal.signal(signal.SIGTERM, clean)\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)\n"
    "if os.getppid() != int(sys.argv[1]):\n    clean()\n"
    "sys.stdout.write('ready\\n'); sys.stdout.flush()\n"
    "while True:\n    signal.pause()\n"
)


_spawn_lock = threading.Lock()
_spawn_queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
_spawner: threading.Thread | None = None


def _spawn_forever() -> None:
    while True:
        make, result = _spawn_queue.get()
        try:
            result.set_result(make())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            result.set_exception(exc)


def spawn(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` from one thread that lives as long as the process: a child's death signal
    (PR_SET_PDEATHSIG) fires when the *thread* that started it ends, not only when the process does."""
    global _spawner
    with _spawn_lock:
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_spawn_forever, name="actorgraph-spawner", daemon=True)
            _spawner.start()
    result: Future[subprocess.Popen[bytes]] = Future()
    _spawn_queue.put((lambda: subprocess.Popen(*args, **kwargs), result))
    return result.result()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now.

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` server program that the PyPI package ``oxigraph`` installs.

    >>> Path(oxigraph_binary()).name
    'oxigraph'
    """
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if not found:
        raise EndpointError("the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6'")
    return found


def sweep_temporary_stores() -> None:
    """Remove temporary stores whose serve process is gone (one killed before its janitor could run)."""
    sweep_orphans(TEMP_PREFIX)


class Janitor:
    """A small process that removes a temporary store when this process dies, however it dies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process = spawn(
            [sys.executable, "-I", "-S", "-c", _JANITOR, str(os.getpid()), str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C in a terminal reaches serve, which stops it in order
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()  # its death signal is set from here on

    def stop(self) -> None:
        """Remove the folder now and end the janitor."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.process.kill()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


@dataclass(eq=False)
class Process:
    """One Oxigraph process, its port, and the connections to it that wait for a query."""

    popen: subprocess.Popen[bytes]
    port: int
    location: Path
    log: IO[bytes]
    started: float = field(default_factory=time.monotonic)
    idle: list[http.client.HTTPConnection] = field(default_factory=list)
    busy: int = 0
    retired_at: float | None = None

    def kill(self) -> None:
        for conn in self.idle:
            conn.close()
        self.idle.clear()
        self.popen.kill()
        self.popen.wait()
        self.log.close()

    def thread_ids(self) -> dict[str, int]:
        """Oxigraph's threads by name: it names each connection's thread after the peer (``127.0.0.1:PORT``)."""
        found: dict[str, int] = {}
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{self.popen.pid}/task"):
                with contextlib.suppress(OSError):
                    found[Path(f"/proc/{self.popen.pid}/task/{task}/comm").read_text().strip()] = int(task)
        return found


@dataclass(eq=False)
class Lease:
    """A connection lent to one query; ``started`` tells the watcher how long the query has run."""

    process: Process
    conn: http.client.HTTPConnection
    started: float = field(default_factory=time.monotonic)
    demoted: bool = False

    @property
    def thread_name(self) -> str:
        sock = self.conn.sock
        try:
            host, port = sock.getsockname()[:2] if sock is not None else ("", 0)
        except OSError:  # closed meanwhile
            return ""
        return f"{host}:{port}" if port else ""


class Upstream:
    """Oxigraph's read-only server on a loopback port, with pooled keep-alive connections.

    A watcher thread restarts a
    process that died or stopped answering, swaps in a new process when the store was re-imported,
    gives a query that runs past ``heavy_after`` seconds the idle scheduling class (it then only gets
    CPU nobody else wants), and replaces a process that keeps computing a query nobody waits for.
    """

    def __init__(
        self,
        location: Path,
        *,
        time_limit: float = 30.0,
        pool: int = 16,
        heavy_after: float = 1.0,
        probe_every: float = 5.0,
        identity: Callable[[], object] | None = None,
    ) -> None:
        self.location = location
        self.time_limit = time_limit
        self.pool = pool
        self.heavy_after = heavy_after
        self.probe_every = probe_every
        self.identity = identity or (lambda: None)
        self.lock = threading.Lock()
        self.leases: set[Lease] = set()
        self.abandoned: list[tuple[Process, str, float]] = []
        self.retired: list[Process] = []
        self.restarts = 0
        self.wanted = threading.Event()  # a replacement was asked for
        self.stopping = threading.Event()
        self.failures = 0
        self._seen = self.identity()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.current: Process | None = None
        self.thread = threading.Thread(target=self._watch, name="actorgraph-upstream", daemon=True)
        self.thread.start()
        self._ready.wait()
        if self._error is not None:
            self.thread.join()
            raise self._error

    # ------------------------------------------------------------------ starting and watching

    def _spawn(self) -> Process:
        last: EndpointError | None = None
        for _ in range(3):
            try:
                return self._try_spawn()
            except EndpointError as exc:
                last = exc
        assert last is not None
        raise last

    def _try_spawn(self) -> Process:
        port = free_port()  # another program may take it before Oxigraph binds it: then try again
        command = [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(self.location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            # no --timeout-s: Oxigraph then starts a timer thread per query that lives as long as the
            # limit (2,000 threads at 500 queries/s and 5 s), and an aggregate runs past it anyway;
            # the application enforces the limit and replaces a process that computes for nobody
        ]
        # its messages go to an unlinked file: a pipe nobody reads would stall it once full
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the process, in Process.kill
        popen = spawn(
            [sys.executable, "-I", "-S", "-c", _TRAMPOLINE, str(os.getpid()), *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # a Ctrl-C meant for serve does not kill it before serve stops in order
        )
        process = Process(popen, port, self.location, log)
        try:
            _wait_ready(process)
        except BaseException:
            process.kill()
            raise
        return process

    def _watch(self) -> None:
        try:
            self.current = self._spawn()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        last_probe = time.monotonic()
        while not self.stopping.wait(0.25):
            try:
                now = time.monotonic()
                reason = self._why_replace(now, last_probe)
                if now - last_probe >= self.probe_every:
                    last_probe = now
                if reason:
                    self._replace()
                self._demote_heavy(now)
                self._reap_retired(now)
            except Exception:  # noqa: BLE001 - the watcher must outlive any one failure, or Oxigraph dies with it
                time.sleep(0.5)
        self._stop_all()

    def _why_replace(self, now: float, last_probe: float) -> str:
        current = self.current
        assert current is not None
        if current.popen.poll() is not None:
            return "died"
        if self.wanted.is_set():
            self.wanted.clear()
            return "asked"
        seen = self.identity()
        if seen != self._seen:
            self._seen = seen
            return "store changed"
        with self.lock:
            still = [(p, name, at) for p, name, at in self.abandoned if p is current and p.popen.poll() is None]
            self.abandoned = [(p, n, at) for p, n, at in still if now - at < 1.0]
            running = current.thread_ids()
            # a thread still there a while after its query was abandoned is computing for nobody
            stuck = any(now - at >= 0.5 and name in running for _, name, at in still)
        if stuck:
            return "abandoned work"
        if now - last_probe >= self.probe_every:
            self.failures = 0 if _probe(current.port) else self.failures + 1
            if self.failures >= 2:
                self.failures = 0
                return "no answer"
        return ""

    def _replace(self) -> None:
        fresh = self._spawn()
        with self.lock:
            old, self.current = self.current, fresh
            self.restarts += 1
            assert old is not None
            old.retired_at = time.monotonic()
            for conn in old.idle:
                conn.close()
            old.idle.clear()
            self.retired.append(old)

    def _reap_retired(self, now: float) -> None:
        with self.lock:
            # queries in flight on a replaced process may finish there (up to the time limit), then it goes
            done = [p for p in self.retired if p.busy == 0 or now - (p.retired_at or now) > self.time_limit + 1]
            self.retired = [p for p in self.retired if p not in done]
        for process in done:
            process.kill()

    def _demote_heavy(self, now: float) -> None:
        with self.lock:
            heavy = [lease for lease in self.leases if not lease.demoted and now - lease.started >= self.heavy_after]
        for lease in heavy:
            lease.demoted = True
            tid = lease.process.thread_ids().get(lease.thread_name)
            if tid is not None:
                with contextlib.suppress(OSError):
                    os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))

    def _stop_all(self) -> None:
        with self.lock:
            everything = [*self.retired, *([self.current] if self.current else [])]
            self.retired = []
        for process in everything:
            process.kill()

    # ------------------------------------------------------------------ lending connections (any thread)

    def lease(self, fresh: bool = False) -> Lease:
        """A connection to the current process for one query (a new one if ``fresh``); give it back with
        :meth:`give_back`."""
        with self.lock:
            process = self.current
            if process is None or self.stopping.is_set():
                raise EndpointError("the endpoint is stopping")
            conn = None
            while process.idle and not fresh and conn is None:
                conn = process.idle.pop()
                if _closed_by_peer(conn):  # Oxigraph closes a connection idle for a while
                    conn.close()
                    conn = None
            process.busy += 1
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", process.port, timeout=self.time_limit + 5)
        lease = Lease(process, conn)
        with self.lock:
            self.leases.add(lease)
        return lease

    def give_back(self, lease: Lease, reusable: bool) -> None:
        """Return a connection: kept for the next query if it is clean, closed otherwise.

        A connection whose query was demoted is closed, so Oxigraph's idle-class thread for it ends.
        """
        process = lease.process
        with self.lock:
            self.leases.discard(lease)
            process.busy -= 1
            keep = (
                reusable
                and not lease.demoted
                and process is self.current
                and len(process.idle) < self.pool
                and lease.conn.sock is not None
            )
            if keep:
                process.idle.append(lease.conn)
        if not keep:
            lease.conn.close()

    def abandon(self, lease: Lease) -> None:
        """The query's client left or its time ran out: cut the connection; the watcher checks whether
        Oxigraph stops computing (a streamed answer stops when it cannot write; an aggregate runs on)."""
        name = lease.thread_name
        with contextlib.suppress(OSError, AttributeError):
            lease.conn.sock.shutdown(socket.SHUT_RDWR)
        with self.lock:
            self.abandoned.append((lease.process, name, time.monotonic()))

    def threads(self) -> int:
        """How many threads the current Oxigraph process runs (for the load figures)."""
        current = self.current
        return len(current.thread_ids()) if current else 0

    def stop(self) -> None:
        """Stop every Oxigraph process."""
        self.stopping.set()
        self.thread.join(timeout=10)


def _closed_by_peer(conn: http.client.HTTPConnection) -> bool:
    """Whether a kept connection is no longer usable: an idle one that reads anything (end of stream
    when the other end closed it) is not."""
    sock = conn.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _probe(port: int, timeout: float = 5.0) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/query?query=ASK%7B%7D")
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _wait_ready(process: Process, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            process.log.seek(0)
            error = process.log.read(20000).decode(errors="replace").strip()
            lines = [line.strip() for line in error.splitlines() if "rror" in line or "panicked" in line]
            reason = (lines or error.splitlines() or [f"exit status {process.popen.returncode}"])[0]
            raise EndpointError(f"the Oxigraph server stopped at start: {reason}")
        if _probe(process.port, timeout=2):
            return
        time.sleep(0.05)
    raise EndpointError(f"the Oxigraph server did not answer on 127.0.0.1:{process.port} within {seconds:g} s")
