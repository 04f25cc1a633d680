"""Where the ontology and the bundled datasets are, installed or in a checkout."""

from __future__ import annotations

import os
from pathlib import Path

try:  # the hash without hashlib's OpenSSL binding, which costs more to load than all the hashing here
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = [
    "DEFAULT_DATASET",
    "blake2b",
    "cache_dir",
    "core_actors",
    "dataset_files",
    "ontology_dir",
    "ontology_files",
    "shapes_file",
]

DEFAULT_DATASET = "syria"
_PACKAGE = Path(__file__).resolve().parent.parent  # the actorgraph package


def ontology_dir() -> Path:
    """The folder of the ontology's Turtle files.

    An installed package carries them in ``actorgraph/ontology/`` (see pyproject.toml); a
    checkout has them in ``ontology/`` beside the package.

    >>> (ontology_dir() / "actorgraph.ttl").is_file()
    True
    """
    installed = _PACKAGE / "ontology"
    if (installed / "actorgraph.ttl").is_file():
        return installed
    return _PACKAGE.parent / "ontology"


def cache_dir() -> Path:
    """The user's cache folder for actorgraph: ``$XDG_CACHE_HOME/actorgraph`` (``~/.cache`` by default).
    What is kept there (compiled graphs, the vocabulary) can always be worked out again.

    >>> cache_dir().name
    'actorgraph'
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "actorgraph"


def ontology_files() -> list[Path]:
    """The vocabulary files (every ``*.ttl`` but the SHACL shapes), sorted."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    """The SHACL shapes file."""
    return ontology_dir() / "shapes.ttl"


def dataset_files(name: str = DEFAULT_DATASET) -> list[Path]:
    """The claims files of a bundled dataset, sorted.

    >>> [p.name for p in dataset_files()][:1]
    ['actors.toml']
    """
    folder = _PACKAGE / "data" / name
    if not folder.is_dir():
        raise FileNotFoundError(f"no bundled dataset named {name!r}")
    return sorted(folder.glob("*.toml"))


def core_actors(name: str = DEFAULT_DATASET) -> list[str]:
    """The ids of a bundled dataset's core actors (``core.txt`` in its folder), in the file's order.

    >>> core_actors()[:2]
    ['assad-government', 'syrian-opposition']
    """
    path = _PACKAGE / "data" / name / "core.txt"
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]
