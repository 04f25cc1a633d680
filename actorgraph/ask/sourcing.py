"""What the graph's sources are: how many of each kind (strongest first), and how many carry a date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actorgraph.model.vocab import vocabulary
from actorgraph.store.protocol import Graph

__all__ = ["KindCount", "SourceSummary", "source_summary"]

#: the kind of a source that names none (the shapes reject it; an RDF file may still hold one)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class KindCount:
    """How many sources are of one kind, and how many of them are dated."""

    kind: str
    label: str
    sources: int
    dated: int
    reliable: bool


@dataclass(frozen=True)
class SourceSummary:
    """Source counts per kind, in the ontology's order (strongest first)."""

    kinds: tuple[KindCount, ...]

    @property
    def total(self) -> int:
        return sum(k.sources for k in self.kinds)

    @property
    def dated(self) -> int:
        return sum(k.dated for k in self.kinds)

    @property
    def reliable(self) -> int:
        """Sources of a kind in the default ``--reliable`` set."""
        return sum(k.sources for k in self.kinds if k.reliable)

    @property
    def share_dated(self) -> float:
        return self.dated / self.total if self.total else 0.0

    @property
    def sentence(self) -> str:
        """The counts in one sentence, as the README quotes them.

        >>> source_summary(open_graph()).sentence.split(":")[0]
        'Of ... sources, ... (...%) are of the reliable kinds and ... (...%) carry a publication date'
        """
        parts = ", ".join(f"{k.sources} {k.label}" for k in self.kinds if k.sources)
        return (
            f"Of {self.total} sources, {self.reliable} ({_pct(self.reliable, self.total)}) are of the reliable "
            f"kinds and {self.dated} ({_pct(self.dated, self.total)}) carry a publication date: {parts}."
        )

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON."""
        return {
            "sources": self.total,
            "dated": self.dated,
            "share_dated": round(self.share_dated, 4),
            "reliable": self.reliable,
            "kinds": [
                {"kind": k.kind, "label": k.label, "sources": k.sources, "dated": k.dated, "reliable": k.reliable}
                for k in self.kinds
            ],
        }


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole) if whole else 0}%"


def source_summary(graph: Graph) -> SourceSummary:
    """Count the graph's sources by kind (``ag:sourceKind``) and those with a date (``dct:date``).

    >>> summary = source_summary(open_graph())
    >>> [k.kind for k in summary.kinds][:3]
    ['wire', 'news', 'research']
    >>> summary.total == sum(k.sources for k in summary.kinds) > 100
    True
    """
    vocab = vocabulary()
    rows = graph.select(
        "SELECT ?s (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?date) WHERE "
        "{ ?s a ag:Source . OPTIONAL { ?s ag:sourceKind ?k } OPTIONAL { ?s dct:date ?d } } GROUP BY ?s"
    )
    counts: dict[str, list[int]] = {k: [0, 0] for k in vocab.source_kinds}
    for row in rows:
        kind = vocab.keys.get(row["kind"].value, UNKNOWN) if "kind" in row else UNKNOWN
        entry = counts.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += "date" in row
    return SourceSummary(
        tuple(
            KindCount(
                kind,
                vocab.label(vocab.source_kinds[kind]) if kind in vocab.source_kinds else kind,
                n,
                dated,
                kind in vocab.reliable_source_kinds,
            )
            for kind, (n, dated) in counts.items()
        )
    )
