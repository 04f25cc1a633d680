"""Names every doctest may use, and a guard: no test leaves a process or a temporary file behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

# Everything the run makes in the temporary folder goes in one folder of its own, and every process
# it starts carries a token in its environment: what is left after a test is then found for sure.
_TOKEN = uuid.uuid4().hex
# Graphs compiled during the run go to a cache folder of its own, never the user's (removed at the end).
_CACHE = Path(tempfile.mkdtemp(prefix="actorgraph-tests-cache-"))
os.environ["XDG_CACHE_HOME"] = str(_CACHE)
_TMP = Path(tempfile.mkdtemp(prefix="actorgraph-tests-"))
os.environ["TMPDIR"] = str(_TMP)
os.environ["ACTORGRAPH_TEST_RUN"] = _TOKEN
tempfile.tempdir = str(_TMP)
_PYTEST_TMP = "pytest-of-"


def _ours(orphans_only: bool = False) -> dict[int, str]:
    """Processes started by this run (pid -> command line), this process and its parents left out.

    With ``orphans_only``, only those no longer below this process: a child that outlived the
    process that started it (a server's engine after the server was killed).
    """
    found: dict[int, str] = {}
    parents: dict[int, int] = {}
    mine = {os.getpid(), os.getppid()}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            if f"ACTORGRAPH_TEST_RUN={_TOKEN}".encode() not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(") ", 1)[-1].split()
            if state[0] == "Z":
                continue  # exited, waiting to be reaped by its parent
            parents[int(entry.name)] = int(state[1])
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    if orphans_only:

        def below_me(pid: int) -> bool:
            while pid in parents:
                pid = parents[pid]
            return pid == os.getpid()

        found = {pid: cmd for pid, cmd in found.items() if not below_me(pid)}
    return found


def _temp_entries() -> set[str]:
    return {p.name for p in _TMP.iterdir() if not p.name.startswith(_PYTEST_TMP)}


def _left_behind(before_pids: set[int], before_files: set[str], orphans_only: bool = False) -> list[str]:
    """What appeared since the snapshot and is still there after a grace period; it is removed."""
    deadline = time.monotonic() + 5
    while True:
        pids = {p: c for p, c in _ours(orphans_only).items() if p not in before_pids}
        files = _temp_entries() - before_files
        if not pids and not files or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for name in files:
        shutil.rmtree(_TMP / name, ignore_errors=True)
        (_TMP / name).unlink(missing_ok=True)
    return [f"process {pid}: {cmd}" for pid, cmd in pids.items()] + [f"temporary file {name}" for name in files]


@pytest.fixture(autouse=True)
def _nothing_left_behind(request: pytest.FixtureRequest) -> Any:
    """Fail a test that leaves an orphaned process or a temporary file behind (and clean up after it).

    A server that a fixture keeps for a whole module is its child, not an orphan; whatever runs
    when the session ends fails the run.
    """
    before_pids, before_files, before_here = set(_ours()), _temp_entries(), _working_folder()
    yield
    left = _left_behind(before_pids, before_files, orphans_only=True)
    left += [f"{name} in the working folder" for name in sorted(_working_folder() - before_here)]
    if left:
        pytest.fail(f"{request.node.nodeid} left behind: " + "; ".join(left), pytrace=False)


def _working_folder() -> set[str]:
    """What the folder the tests run from holds (a test writes its files elsewhere: never into the checkout)."""
    return {name for name in os.listdir() if name not in ("__pycache__", ".pytest_cache") and not name.startswith(".")}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fixtures wider than one test (servers for a module) must be gone too when the run ends."""
    left = _left_behind(set(), set())
    shutil.rmtree(_TMP, ignore_errors=True)
    shutil.rmtree(_CACHE, ignore_errors=True)
    if left:
        print("\nleft behind by the test run: " + "; ".join(left))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any], tmp_path: Path) -> None:
    from actorgraph.model.dates import Period
    from actorgraph.store.graph import open_graph

    doctest_namespace["open_graph"] = open_graph
    doctest_namespace["Period"] = Period
    doctest_namespace["tmp"] = tmp_path  # a fresh folder for each doctest, removed with the run
