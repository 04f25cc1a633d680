"""Importers of coded research datasets (UCDP ESD, ACD, Dyadic, Actor list; ATOP) into the graph's model."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from actorgraph.importers.common import Imported

__all__ = ["KINDS", "Imported", "reader"]

#: import kind -> (module, what it reads)
KINDS: dict[str, tuple[str, str]] = {
    "ucdp-actor": ("actorgraph.importers.ucdp_actor", "UCDP Actor list (v22.1)"),
    "ucdp-esd": ("actorgraph.importers.ucdp_esd", "UCDP External Support Dataset, actor-year (v18.1)"),
    "ucdp-acd": ("actorgraph.importers.ucdp_acd", "UCDP/PRIO Armed Conflict Dataset (v23.1, v25.1)"),
    "ucdp-dyadic": ("actorgraph.importers.ucdp_dyadic", "UCDP Dyadic Dataset (v24.1)"),
    "atop": ("actorgraph.importers.atop", "ATOP alliance obligations, directed dyad-year (v5.1)"),
}


def reader(kind: str) -> Callable[[Path | str, dict[str, str] | None], Imported]:
    """The read function of an import kind.

    >>> reader("ucdp-esd").__module__
    'actorgraph.importers.ucdp_esd'
    """
    module = importlib.import_module(KINDS[kind][0])
    read: Callable[[Path | str, dict[str, str] | None], Imported] = module.read
    return read
