"""Every reader of data: claims files, RDF files and coded research datasets (UCDP, ATOP), behind one registry.

The registry is the one list of what ``actorgraph import`` takes: the command's choices and the
on-disk import read it, and :func:`reader` gives any caller (validation, tests) a dataset's
reader. It imports nothing heavy, so ``--help`` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from actorgraph.sources.tables import Imported

__all__ = ["KINDS", "ImportKind", "datasets", "reader"]


@dataclass(frozen=True)
class ImportKind:
    """One kind of file ``actorgraph import`` takes: what it is, and (for a coded dataset) its reader module."""

    key: str
    title: str
    module: str | None = None  # a coded dataset's reader: ``read(path, names) -> Imported``


#: every kind of file ``actorgraph import`` takes, in the order ``--help`` lists them
KINDS: dict[str, ImportKind] = {
    kind.key: kind
    for kind in (
        ImportKind("claims", "claims files (.toml), checked as validate checks them"),
        ImportKind("rdf", "RDF files (.ttl .nt .nq .trig .jsonld .rdf), loaded as they are"),
        ImportKind("ucdp-actor", "UCDP Actor list (v22.1)", "actorgraph.sources.ucdp_actor"),
        ImportKind("ucdp-esd", "UCDP External Support Dataset, actor-year (v18.1)", "actorgraph.sources.ucdp_esd"),
        ImportKind("ucdp-acd", "UCDP/PRIO Armed Conflict Dataset (v23.1, v25.1)", "actorgraph.sources.ucdp_acd"),
        ImportKind("ucdp-dyadic", "UCDP Dyadic Dataset (v24.1)", "actorgraph.sources.ucdp_dyadic"),
        ImportKind("atop", "ATOP alliance obligations, directed dyad-year (v5.1)", "actorgraph.sources.atop"),
    )
}


def datasets() -> list[str]:
    """The kinds that are coded datasets, read by an importer of this package.

    >>> datasets()
    ['ucdp-actor', 'ucdp-esd', 'ucdp-acd', 'ucdp-dyadic', 'atop']
    """
    return [key for key, kind in KINDS.items() if kind.module]


def reader(kind: str) -> Callable[[Path | str, dict[str, str] | None], Imported]:
    """The read function of a coded dataset's kind.

    >>> reader("ucdp-esd").__module__
    'actorgraph.sources.ucdp_esd'
    """
    module = KINDS[kind].module
    if module is None:
        raise KeyError(f"{kind!r} is not a coded dataset (one of: {', '.join(datasets())})")
    read: Callable[[Path | str, dict[str, str] | None], Imported] = importlib.import_module(module).read
    return read
