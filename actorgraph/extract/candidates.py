"""What the extractor proposes: candidate claims, rejected statements, unknown names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Candidate", "Extraction", "Rejected", "Report", "Status", "UnknownName"]


@dataclass(frozen=True)
class Status:
    """How a candidate stands against the graph: new, corroborates a relation, or contradicts one."""

    kind: str  # new | corroborates | contradicts
    relation: str | None = None
    how: str | None = None

    def __str__(self) -> str:
        if self.kind == "new":
            return "new"
        return f"{self.kind} {self.relation}" + (f" ({self.how})" if self.how else "")


@dataclass(frozen=True)
class Candidate:
    """One proposed claim: who, what, whom, when, how sure, and the sentence that states it, verbatim."""

    id: str
    actor: str
    actor_id: str
    relation: str
    target: str
    target_id: str
    mode: str | None
    types: tuple[str, ...]
    start: str | None
    end: str | None
    certainty: str
    status: Status
    quote: str
    actor_text: str
    target_text: str
    trigger: str
    pattern: str
    hedge: str | None = None
    offset: int = 0

    def to_json(self) -> dict[str, Any]:
        """The candidate as JSON: the keys of the issue and a few more for review."""
        return {
            "id": self.id,
            "actor": self.actor,
            "actor_id": self.actor_id,
            "relation": self.relation,
            "mode": self.mode,
            "target": self.target,
            "target_id": self.target_id,
            "types": list(self.types),
            "start": self.start,
            "end": self.end,
            "certainty": self.certainty,
            "status": str(self.status),
            "status_kind": self.status.kind,
            "status_relation": self.status.relation,
            "quote": self.quote,
            "actor_text": self.actor_text,
            "target_text": self.target_text,
            "trigger": self.trigger,
            "hedge": self.hedge,
        }


@dataclass(frozen=True)
class Rejected:
    """A statement of a relation that is not proposed, and why (negated, denied, not asserted)."""

    actor: str
    relation: str
    target: str
    reason: str
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "relation": self.relation,
            "target": self.target,
            "reason": self.reason,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class UnknownName:
    """A name that looks like an actor's but that the graph does not know, and where it stands."""

    name: str
    role: str
    quote: str


@dataclass(frozen=True)
class Report:
    """Where the text came from: the source entry a claims file gets."""

    date: str
    publisher: str = "Unknown publisher"
    title: str = "Untitled report"
    url: str = "no address given"
    text_path: str | None = None
    id: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything read from one report."""

    report: Report
    candidates: tuple[Candidate, ...]
    rejected: tuple[Rejected, ...] = ()
    unknown: tuple[UnknownName, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def __iter__(self) -> Any:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)
