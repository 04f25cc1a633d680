"""``actorgraph validate``: data checks and SHACL shapes, reported as file:line problems."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Store

from actorgraph.errors import DataError, Problem
from actorgraph.model import resources
from actorgraph.sources.claims import Claims, check, read_claims, to_quads, unchecked_texts

__all__ = ["Report", "text_folders", "validate"]


@dataclass
class Report:
    """What validation found: problems (file:line), notes on checks skipped, and what was checked."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: str = ""


def text_folders(given: Sequence[str | Path] = ()) -> list[Path]:
    """Folders to look for source texts in: those given (each must exist), then ``$ACTORGRAPH_TEXTS``.

    >>> text_folders(["/no/such/folder"])
    Traceback (most recent call last):
    ...
    actorgraph.errors.DataError: /no/such/folder: --texts: no such folder
    """
    folders = [Path(g) for g in given]
    missing = [Problem(str(f), 0, "--texts: no such folder") for f in folders if not f.is_dir()]
    if missing:
        raise DataError(missing)
    folders += [Path(p) for p in os.environ.get("ACTORGRAPH_TEXTS", "").split(os.pathsep) if p]
    return folders


def validate(paths: Sequence[Path] | None = None, texts: Sequence[Path] = (), *, bundled: bool = True) -> Report:
    """Check claims files (``.toml``) and RDF files; the bundled dataset when none are given.

    Claims files are read beside the bundled dataset (unless ``bundled=False``), so they may
    name its actors and sources; only problems in the files given are reported.

    >>> report = validate()
    >>> report.problems
    []
    """
    paths = list(paths) if paths else resources.dataset_files()
    report = Report()
    claims_files = [p for p in paths if p.suffix == ".toml"]
    rdf_files = [p for p in paths if p.suffix != ".toml"]
    if claims_files:
        given = {p.resolve() for p in claims_files}
        context = [p for p in resources.dataset_files() if p.resolve() not in given] if bundled else []
        _validate_claims(claims_files, context, texts, report)
    for path in rdf_files:
        _validate_rdf(path, report, bundled=bundled)
    report.problems.sort(key=lambda p: (p.path, p.line, p.message))
    n = len(paths)
    report.checked = f"{n} file{'s' * (n != 1)}, no problems"
    return report


def _validate_claims(files: list[Path], context: list[Path], texts: Sequence[Path], report: Report) -> None:
    claims = read_claims([*context, *files])
    reported = {str(p) for p in files}
    problems = [p for p in check(claims, texts) if p.path in reported]
    missing = unchecked_texts(Claims(sources=[s for s in claims.sources if s.path in reported]), texts)
    if missing:
        where = ", ".join(str(t) for t in texts) or "no --texts folder given"
        report.notes.append(f"quotes not checked against {', '.join(missing)} (not found in: {where})")
    report.problems += problems


def _validate_rdf(path: Path, report: Report, *, bundled: bool) -> None:
    """The shapes over an RDF file, beside the bundled dataset (which conforms) so it may name its actors."""
    from actorgraph.model.shapes import violations
    from actorgraph.model.vocab import GRAPH, ontology_store
    from actorgraph.sources.rdf import load_rdf

    store = Store()
    store.extend(ontology_store().quads_for_pattern(None, None, None, GRAPH.ontology))
    if bundled:
        store.extend(to_quads(read_claims(resources.dataset_files())))
    try:
        load_rdf(store, path)
    except DataError as exc:
        report.problems += exc.problems
        return
    for v in violations(store):
        report.problems.append(
            Problem(str(path), 0, f"{v.message} ({_short(v.focus)}{' ' + _short(v.path) if v.path else ''})")
        )


def _short(iri: str) -> str:
    from actorgraph.model.vocab import PREFIXES

    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri
