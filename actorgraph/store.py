"""The on-disk store: imports that are all-or-nothing and idempotent."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from actorgraph.graph import ActorGraph, open_store

__all__ = ["import_files"]


def import_files(kind: str, files: Sequence[Path], store: Path) -> str:
    """Import claims or RDF files into an on-disk store; importing the same file twice adds nothing.

    >>> import tempfile, pathlib
    >>> from actorgraph.resources import dataset_files
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "g"
    >>> import_files("claims", dataset_files(), folder).split(":")[0]
    'imported 4 files into ...'
    """
    graph = ActorGraph(open_store(store))
    before = len(graph.store)
    if kind == "claims":
        graph.add_claims(files)
    else:
        for path in files:
            graph.add_rdf(path)
    graph.derive()
    graph.store.flush()
    added = len(graph.store) - before
    files_text = f"{len(files)} file{'s' * (len(files) != 1)}"
    return f"imported {files_text} into {store}: {added} new statements, {len(graph.store)} in all"
