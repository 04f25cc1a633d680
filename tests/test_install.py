"""An installed package (not a checkout) finds its ontology and bundled data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_installed_package_answers_from_elsewhere(tmp_path: Path) -> None:
    target = tmp_path / "site"
    # built from a copy: setuptools writes its build/ folder beside the sources, never into the checkout
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "actorgraph" / "ontology" / "actorgraph.ttl").is_file()
    assert (target / "actorgraph" / "data" / "syria" / "report.toml").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run(
        [sys.executable, "-m", "actorgraph", "who-backed", "Syrian government", "--in", "2016", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"actor": "Russia"' in proc.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import actorgraph.model.resources as r; print(r.ontology_dir())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert where.stdout.strip().startswith(str(target))
