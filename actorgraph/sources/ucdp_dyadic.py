"""UCDP Dyadic Dataset v24.1: who fought whom, dyad by dyad, and which states sent troops to either side."""

from __future__ import annotations

from pathlib import Path

from actorgraph.sources.tables import Imported
from actorgraph.sources.ucdp_acd import read_conflicts

__all__ = ["read"]


def read(path: Path | str, names: dict[str, str] | None = None) -> Imported:
    """Read the Dyadic dataset: one opposition per dyad and run of years (the version comes from the file).

    >>> from pathlib import Path
    >>> got = read(Path("tests/data/ucdp-dyadic-241-excerpt.csv"))
    >>> got.dataset.key, got.rows
    ('ucdp-dyadic-24.1', 29)
    """
    return read_conflicts(path, names, dyadic=True)
