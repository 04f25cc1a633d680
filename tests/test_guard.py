"""The run's guard (conftest.py): a test that leaves an orphaned process or a temporary file fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

LEAKY = """
import subprocess, tempfile

def test_leaves_a_file():
    tempfile.mkstemp()

def test_leaves_an_orphan():
    subprocess.run(["sh", "-c", "sleep 60 &"], check=True)

def test_is_clean(tmp_path):
    (tmp_path / "kept-by-pytest").write_text("fine")
"""


def test_a_leak_fails_the_test_that_made_it(tmp_path: Path) -> None:
    leaky = tmp_path / "test_leaky.py"
    leaky.write_text(LEAKY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "conftest", "-p", "no:cacheprovider", str(leaky)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "test_leaves_a_file left behind: temporary file tmp" in out
    assert "test_leaves_an_orphan left behind: process" in out and "sleep 60" in out
    assert "2 errors" in out or "2 failed" in out, out
    assert "test_is_clean" not in out.split("short test summary")[-1]
