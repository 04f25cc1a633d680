"""Shared fixtures: the bundled graph, the shared folder, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from actorgraph.cli import cli
from actorgraph.store.graph import ActorGraph, open_graph

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def graph() -> ActorGraph:
    """The bundled dataset, opened once."""
    return open_graph()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The workplace's shared folder beside the repo (the seed report and real datasets)."""
    if not (SHARED / "seed").is_dir():
        pytest.skip(f"the shared folder is not beside the repo ({SHARED})")
    return SHARED


@pytest.fixture
def run():  # type: ignore[no-untyped-def]
    """Run ``actorgraph ARGS...`` in-process with click's runner; stdout and stderr kept apart."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, prog_name="actorgraph")

    return invoke


@pytest.fixture
def run_process():  # type: ignore[no-untyped-def]
    """Run the real ``actorgraph`` command in a new process."""

    def invoke(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        return subprocess.run(
            [sys.executable, "-m", "actorgraph", *args],
            capture_output=True,
            text=True,
            cwd=cwd or REPO,
            env=env,
            timeout=120,
        )

    return invoke


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list[bytes | None]:
    """Every request a RemoteGraph sends, as it sends it."""
    sent: list[bytes | None] = []
    import actorgraph.store.remote as remote_module

    real = remote_module.open_url

    def counting(url: str, data: bytes | None, headers: dict[str, str], timeout: float) -> Any:
        sent.append(data)
        return real(url, data, headers, timeout)

    monkeypatch.setattr(remote_module, "open_url", counting)
    return sent
