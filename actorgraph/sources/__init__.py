"""Every reader of data: claims files, RDF files and coded research datasets (UCDP, ATOP), behind one registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from actorgraph.sources.tables import Imported

__all__ = ["KINDS", "Imported", "reader"]

#: import kind -> (module, what it reads)
KINDS: dict[str, tuple[str, str]] = {
    "ucdp-actor": ("actorgraph.sources.ucdp_actor", "UCDP Actor list (v22.1)"),
    "ucdp-esd": ("actorgraph.sources.ucdp_esd", "UCDP External Support Dataset, actor-year (v18.1)"),
    "ucdp-acd": ("actorgraph.sources.ucdp_acd", "UCDP/PRIO Armed Conflict Dataset (v23.1, v25.1)"),
    "ucdp-dyadic": ("actorgraph.sources.ucdp_dyadic", "UCDP Dyadic Dataset (v24.1)"),
    "atop": ("actorgraph.sources.atop", "ATOP alliance obligations, directed dyad-year (v5.1)"),
}


def reader(kind: str) -> Callable[[Path | str, dict[str, str] | None], Imported]:
    """The read function of an import kind.

    >>> reader("ucdp-esd").__module__
    'actorgraph.sources.ucdp_esd'
    """
    module = importlib.import_module(KINDS[kind][0])
    read: Callable[[Path | str, dict[str, str] | None], Imported] = module.read
    return read
