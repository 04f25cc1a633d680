"""An installed package (not a checkout) finds its ontology, bundled data and page files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package installed with pip into a folder of its own (once for the module)."""
    folder = tmp_path_factory.mktemp("install")
    # built from a copy: setuptools writes its build/ folder beside the sources, never into the checkout
    source = folder / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"))
    target = folder / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def actorgraph(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed package, from a folder that is not the checkout."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120, check=False
    )


def test_installed_package_answers_from_elsewhere(installed: Path, tmp_path: Path) -> None:
    assert (installed / "actorgraph" / "ontology" / "actorgraph.ttl").is_file()
    assert (installed / "actorgraph" / "data" / "syria" / "report.toml").is_file()
    args = ("-m", "actorgraph", "who-backed", "Syrian government", "--in", "2016", "--format", "json")
    proc = actorgraph(installed, tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    assert '"actor": "Russia"' in proc.stdout
    where = actorgraph(installed, tmp_path, "-c", "import actorgraph.model.resources as r; print(r.ontology_dir())")
    assert where.stdout.strip().startswith(str(installed))


def test_an_installed_package_carries_the_page_files(installed: Path, tmp_path: Path) -> None:
    """The page's HTML, CSS and JavaScript are package data, not files of a checkout."""
    for name in ("page.html", "page.css", "page.js"):
        assert (installed / "actorgraph" / "present" / name).is_file(), name
    answer = actorgraph(installed, tmp_path, "-m", "actorgraph", "who-backed", "SDF", "--in", "2017")
    assert answer.returncode == 0 and answer.stdout.startswith("Who backed Syrian Democratic Forces"), answer.stderr
    page = actorgraph(installed, tmp_path, "-m", "actorgraph", "diagram", "-o", "d.html")
    assert page.returncode == 0, page.stderr
    assert "window.actorgraph = Object.freeze" in (tmp_path / "d.html").read_text(encoding="utf-8")
