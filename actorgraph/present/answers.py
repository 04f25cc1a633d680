"""Text views of answers: the actors at a glance first, every claim with its quotes on request."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from actorgraph.ask.questions import ActorInfo, Answer, Citation, Profile, RelationRow
from actorgraph.model.dates import PartialDate
from actorgraph.model.vocab import AG, vocabulary
from actorgraph.present.rows import Column, Line, Table, View

__all__ = [
    "CLAIM_FIELDS",
    "VIEWS",
    "Summary",
    "actors_view",
    "answer_view",
    "best_sources",
    "claim_record",
    "end_words",
    "how_words",
    "profile_view",
    "span_words",
    "summarise",
    "timeline_view",
    "verb",
]

#: How an answer can be shown: one line per actor, one line per claim, or every claim with its quotes.
VIEWS = ("summary", "brief", "claims")


def verb(kind: str, mode: str | None = None, *, active: bool = True) -> str:
    """How a relation reads with the listed actor first: active when that actor did it.

    >>> verb("support"), verb("support", active=False), verb("opposition", "fighting", active=False)
    ('backed', 'was backed by', 'was fought by')
    >>> verb("rivalry"), verb("rivalry", active=False)  # a kind the words do not know reads as itself
    ('rivalry', 'rivalry')
    """
    vocab = vocabulary()
    found = vocab.kind(kind)
    entry = vocab.verbs.get(mode or "") or vocab.verbs.get(kind)
    if entry is None:  # a kind the ontology gives no verb reads as its labels
        return found.label if active or found.symmetric else found.inverse_label
    return entry[0 if active or found.symmetric else 1]


def _date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def end_words(row: RelationRow) -> str:
    """A claim's end as a newsroom writes it: the end, or how late a source still reports it.

    >>> from actorgraph.ask.questions import all_relations
    >>> rows = {r.relation: r for r in all_relations(open_graph())}
    >>> end_words(rows["post-russia-supports-assad-government"])
    '2024-12-08'
    >>> end_words(rows["report-hezbollah-supports-assad-government-since-2015"])
    'still reported 2024-11-29'
    """
    if row.end:
        return row.end
    if row.as_of is None:
        return "open (source undated)"
    if any(c.coverage_end == row.as_of for c in row.sources):
        return f"coded to {row.as_of} (dataset ends)"
    return f"still reported {row.as_of}"


def _actor_end(*actors: ActorInfo) -> PartialDate | None:
    ends = [_date(a.end) for a in actors if a.end]
    return min(ends, key=lambda d: d.last_day) if ends else None


def span_words(rows: Sequence[RelationRow], *, years: bool = False) -> str:
    """The span that claims about one relation give together, in plain words.

    "2015-09-30 – 2024-12-08" (ended), "since 2013, still reported 2024-11-29" (open at the latest
    source), "2016 only" (one period), "by 2016, …" when the earliest date is a claim that it held
    then rather than when it began; an open relation stops at its actors' end. ``years`` gives the
    same with years only, for narrow tables.

    >>> from actorgraph.ask.questions import supporters
    >>> rows = [r for r in supporters(open_graph(), "Syrian government", 2016) if r.other.id == "russia"]
    >>> span_words(rows), span_words(rows, years=True)
    ('2011-10-04 – 2024-12-08', '2011 – 2024')
    """

    def show(d: PartialDate | str | None) -> str:
        if d is None:
            return "?"
        d = _date(d) if isinstance(d, str) else d
        return str(d.year) if years else str(d)

    starts = [(_date(r.start), r.end == r.start) for r in rows if r.start]
    start, seen = min(starts, key=lambda s: (s[0].first_day, s[1])) if starts else (None, False)
    since = "by" if seen and len(rows) > 1 else "since"  # "in 2016" says it held then, not that it began
    closed = [_date(r.end) for r in rows if r.end]
    end = max(closed, key=lambda d: d.last_day) if closed else None
    opened = [r for r in rows if not r.end]
    dated = [r for r in opened if r.as_of]
    latest = max(dated, key=lambda r: _date(r.as_of or "").last_day) if dated else None
    later = bool(opened) and (end is None or (latest is not None and _date(latest.as_of or "").last_day > end.last_day))
    if later:
        gone = _actor_end(rows[0].subject, rows[0].other)
        if gone is not None and latest is not None and _date(latest.as_of or "").last_day >= gone.first_day:
            end, later = gone, False  # a relation cannot outlive its actors, whatever its open end says
    if later:
        lead = f"{since} {show(start)}, " if start else ""
        if latest is None:
            return f"{since} {show(start)} (source undated)" if start else "undated"
        as_of = latest.as_of or ""
        if any(c.coverage_end == as_of for c in latest.sources):
            return f"{lead}coded to {show(as_of)} (dataset ends)"
        return f"{lead}still reported {show(as_of)}"
    if start is None:
        return f"until {show(end)}"
    if show(start) == show(end):
        return f"{show(start)}" + ("" if years else " only")
    if since == "by":
        return f"by {show(start)}, until {show(end)}"
    return f"{show(start)} – {show(end)}"


def _overlap(a: PartialDate, b: PartialDate) -> bool:
    return a.first_day <= b.last_day and b.first_day <= a.last_day


def _compatible(a: RelationRow, b: RelationRow) -> bool:
    """Whether two claims speak of the same thing: the same agreement, and for support a type in
    common or one of them untyped."""
    if a.agreement and b.agreement and a.agreement != b.agreement:
        return False
    unknown = vocabulary().key(AG.UnknownSupport)  # "support of unknown type" says no more than no type
    ta, tb = set(a.types) - {unknown}, set(b.types) - {unknown}
    return not ta or not tb or bool(ta & tb)


def _distinct(dates: Iterable[PartialDate]) -> list[str]:
    """Dates that name different times, in order: of dates that overlap (2015 and 2015-09-30),
    the most precise stands for them all."""
    order = {"day": 0, "month": 1, "year": 2}
    groups: list[list[PartialDate]] = []
    for d in sorted(set(dates), key=lambda d: (d.first_day, order[d.precision])):
        if groups and any(_overlap(d, x) for x in groups[-1]):
            groups[-1].append(d)
        else:
            groups.append([d])
    return [str(min(g, key=lambda d: order[d.precision])) for g in groups]


def disagreements(rows: Sequence[RelationRow]) -> list[str]:
    """Where the claims about one relation disagree: its start, its end, or whether it held at all.

    A claim dated to one period only ("in 2016") says nothing of when a relation began, and
    claims of different support types do not contradict each other.

    >>> from actorgraph.ask.questions import supporters
    >>> rows = [r for r in supporters(open_graph(), "Syrian government", 2016) if r.other.id == "hezbollah"]
    >>> disagreements(rows)
    ['start disputed: 2012 / 2013 / 2015']
    """
    marks = []
    starters = [r for r in rows if r.start and r.end != r.start]
    disputed: dict[str, PartialDate] = {}
    for n, a in enumerate(starters):
        for b in starters[n + 1 :]:
            da, db = _date(a.start or ""), _date(b.start or "")
            if _compatible(a, b) and not _overlap(da, db):
                disputed[str(da)], disputed[str(db)] = da, db
    if len(_distinct(disputed.values())) > 1:
        marks.append("start disputed: " + " / ".join(_distinct(disputed.values())))
    enders = [r for r in rows if r.end and r.end != r.start]
    ends: dict[str, PartialDate] = {}
    for n, a in enumerate(enders):
        for b in enders[n + 1 :]:
            da, db = _date(a.end or ""), _date(b.end or "")
            if _compatible(a, b) and not _overlap(da, db):
                ends[str(da)], ends[str(db)] = da, db
    for a in enders:
        end = _date(a.end or "")
        for b in rows:
            if b.end or not b.as_of or not _compatible(a, b) or any(c.coverage_end == b.as_of for c in b.sources):
                continue
            if _date(b.as_of).first_day > end.last_day and (not b.start or _date(b.start).first_day <= end.last_day):
                ends[str(end)] = end
                ends[f"still reported {b.as_of}"] = _date(b.as_of)
    if len(_distinct(ends.values())) > 1:
        said = {str(d): text for text, d in ends.items()}
        marks.append("end disputed: " + " / ".join(said.get(d, d) for d in _distinct(ends.values())))
    denied = sum(1 for r in rows if r.disputed)
    if denied:
        marks.append(f"{denied} of {len(rows)} claims disputed")
    return marks


def _weight(row: RelationRow) -> float:
    return vocabulary().certainty_weights.get(row.certainty, 0.0)


def _kind_rank(citation: Citation) -> int:
    ranks = list(vocabulary().source_kinds)
    return ranks.index(citation.kind) if citation.kind in ranks else len(ranks)


def best_sources(rows: Iterable[RelationRow], limit: int = 3) -> list[Citation]:
    """The sources that state the rows best: strongest kind first (wire agencies, official
    bodies, research...), then those behind more of the claims, then the latest.

    >>> from actorgraph.ask.questions import supporters
    >>> [(c.publisher, c.kind) for c in best_sources(supporters(open_graph(), "SDF", 2017))]
    [('Associated Press', 'wire'), ('AFP (via RFI)', 'wire'), ('AFP (via Ankawa.com)', 'wire')]
    """
    cited: dict[str, list[Citation]] = {}
    for r in rows:
        for c in {c.source: c for c in r.sources}.values():
            cited.setdefault(c.source, []).append(c)
    ranked = sorted(
        cited.values(),
        key=lambda cs: (_kind_rank(cs[0]), -len(cs), -_date(cs[0].date).first_day.toordinal() if cs[0].date else 0),
    )
    return [cs[0] for cs in ranked[:limit]]


def _credit(c: Citation) -> str:
    return f"{c.publisher} {c.date}" if c.date else c.publisher


# ---------------------------------------------------------------------------- one line per actor


@dataclass(frozen=True)
class Summary:
    """What the claims about one relation between two actors say together."""

    actor: ActorInfo  # the actor the line is about (the far end of the rows)
    verb: str  # read with ``actor`` first
    who: ActorInfo  # who did it
    whom: ActorInfo  # to whom
    kind: str
    how: str
    span: str
    span_years: str
    sure: str
    claims: int
    sources: int
    marks: tuple[str, ...]
    rows: tuple[RelationRow, ...]

    @property
    def first_day(self) -> str:
        """The earliest date any of its claims gives (start, end or latest source), for time order."""
        days = [_date(d).first_day.isoformat() for r in self.rows for d in (r.start, r.end, r.as_of) if d]
        return min(days, default="9999")


def how_words(rows: Sequence[RelationRow], *, labels: bool = False) -> str:
    """How the rows hold, together: support types (their keys, or with ``labels`` the ontology's
    words), agreement names; with ``labels``, an opposition's mode too (a summary says it in its verb).

    >>> from actorgraph.ask.questions import supporters
    >>> rows = [r for r in supporters(open_graph(), "Syrian government", 2016) if r.other.id == "russia"]
    >>> how_words(rows)
    'diplomatic, intelligence, training, materiel, weapons, troops-secondary'
    >>> how_words(rows[:1], labels=True)
    'diplomatic support, materiel and logistics, weapons'
    """
    vocab = vocabulary()
    order = list(vocab.support_types)
    types = sorted({t for r in rows for t in r.types}, key=lambda t: order.index(t) if t in order else len(order))
    if labels:
        types = [vocab.label(vocab.support_types[t]) if t in vocab.support_types else t for t in types]
    modes = sorted({r.mode for r in rows if r.mode}) if labels else []
    modes = [vocab.label(vocab.modes[m]) if m in vocab.modes else m for m in modes]
    names = sorted({r.agreement for r in rows if r.agreement})
    if types or modes or names:
        return ", ".join([*types, *modes, *names])
    return "" if labels or rows[0].kind != vocab.key(AG.Support) else "type not stated"


def summarise(rows: Iterable[RelationRow]) -> list[Summary]:
    """Claims grouped into one summary per actor and relation (kind, opposition mode and direction),
    strongest first: best certainty, then most sources.

    >>> from actorgraph.ask.questions import supporters
    >>> lines = summarise(supporters(open_graph(), "Syrian government", 2016))
    >>> [(s.actor.label, s.verb) for s in lines][:3]
    [('Russia', 'backed'), ('Iran', 'backed'), ('Hezbollah', 'backed')]
    >>> russia = lines[0]
    >>> russia.span, russia.sure, russia.claims
    ('2011-10-04 – 2024-12-08', 'confirmed', 6)
    """
    groups: dict[tuple[str, str, str, bool], list[RelationRow]] = {}
    for r in rows:
        symmetric = vocabulary().kind(r.kind).symmetric
        groups.setdefault((r.other.id, r.kind, r.mode or "", r.outgoing and not symmetric), []).append(r)
    order = list(vocabulary().kinds)
    out = []
    for (_, kind, mode, outgoing), members in groups.items():
        first = members[0]
        who, whom = _doer(first)
        out.append(
            Summary(
                actor=first.other,
                verb=verb(kind, mode or None, active=not outgoing),
                who=who,
                whom=whom,
                kind=kind,
                how=how_words(members),
                span=span_words(members),
                span_years=span_words(members, years=True),
                sure=max(members, key=_weight).certainty,
                claims=len(members),
                sources=len({c.source for r in members for c in r.sources}),
                marks=tuple(disagreements(members)),
                rows=tuple(members),
            )
        )
    out.sort(
        key=lambda s: (
            order.index(s.kind) if s.kind in order else len(order),
            s.who.id != s.actor.id,
            -max(_weight(r) for r in s.rows),
            -s.sources,
            s.actor.label.casefold(),
        )
    )
    return out


# ---------------------------------------------------------------------------- records for programs

#: The columns of an answer's CSV, one row per claim.
CLAIM_FIELDS = [
    "actor",
    "actor_id",
    "relation",
    "relation_id",
    "direction",
    "mode",
    "types",
    "start",
    "end",
    "certainty",
    "as_of",
    "sources",
    "quotes",
]


def claim_record(row: RelationRow) -> dict[str, Any]:
    """One claim as a flat CSV row (see :data:`CLAIM_FIELDS`)."""
    return {
        "actor": row.other.label,
        "actor_id": row.other.id,
        "relation": row.kind,
        "relation_id": row.relation,
        "direction": "outgoing" if row.outgoing else "incoming",
        "mode": row.mode or "",
        "types": " ".join(row.types),
        "start": row.start or "",
        "end": row.end or "",
        "certainty": row.certainty,
        "as_of": row.as_of or "",
        "sources": " | ".join(c.reference for c in row.sources),
        "quotes": " | ".join(c.quote or "" for c in row.sources),
    }


def _when_text(rows: Sequence[RelationRow], years: bool) -> str:
    return "" if not rows else span_words(rows, years=years)


def _doer(row: RelationRow) -> tuple[ActorInfo, ActorInfo]:
    """Who did it and to whom, whichever side the row is seen from."""
    symmetric = vocabulary().kind(row.kind).symmetric
    return (row.subject, row.other) if row.outgoing or symmetric else (row.other, row.subject)


def _claims_table(rows: Sequence[RelationRow], *, quotes: bool, pair: bool) -> Table:
    """One line per claim, with (``quotes``) each source's words beneath it, shown whole."""
    verbs = {verb(r.kind, r.mode, active=not r.outgoing) for r in rows}
    if pair:
        columns = [Column("who", "WHO", 2, 14), Column("verb", "RELATION"), Column("whom", "WHOM", 2, 14)]
    else:
        columns = [Column("actor", "ACTOR", 2, 16)] + ([Column("verb", "RELATION")] if len(verbs) > 1 else [])
    columns += [
        Column("how", "HOW", 1, 12),
        Column("from", "FROM", 4, 4, compact="from_year"),
        Column("to", "TO", 3, 14, compact="to_year"),
        Column("sure", "SURE"),
    ]
    if not quotes:
        columns.append(Column("sources", "SOURCES", 1, 12))
    records = []
    after = []
    for r in rows:
        who, whom = _doer(r)
        more = len({c.source for c in r.sources}) - 2
        records.append(
            {
                "actor": r.other.label,
                "who": who.label,
                "whom": whom.label,
                "verb": verb(r.kind, r.mode, active=pair or not r.outgoing),
                "how": r.how,
                "from": r.start or "?",
                "from_year": r.start[:4] if r.start else "?",
                "to": end_words(r),
                "to_year": end_words(r).replace(r.end or r.as_of or "-", (r.end or r.as_of or "-")[:4]),
                "sure": r.certainty,
                "sources": "; ".join(_credit(c) for c in best_sources([r], 2)) + (f"; +{more}" if more > 0 else ""),
            }
        )
        extra = []
        for c in r.sources if quotes else ():
            body = f"“{c.quote}”" if c.quote else f"{c.title} ({c.url})" if c.url else c.title
            extra.append(f"    {c.credit}: {body}")
        if quotes and r.note:
            extra.append(f"    note: {r.note}")
        after.append(extra)
    return Table(columns, records, after if quotes else None)


def _summary_table(lines: Sequence[Summary], *, pair: bool) -> Table:
    if pair:
        columns = [Column("who", "WHO", 2, 14), Column("verb", "RELATION"), Column("whom", "WHOM", 2, 14)]
    else:
        columns = [Column("actor", "ACTOR", 2, 16)]
        if len({s.verb for s in lines}) > 1:
            columns.append(Column("verb", "RELATION"))
    columns += [
        Column("how", "HOW", 1, 10),
        Column("when", "WHEN", 3, 16, compact="when_years"),
        Column("sure", "SURE"),
        Column("claims", "CLAIMS", right=True),
    ]
    records = []
    for s in lines:
        mark = " *" if s.marks else ""
        records.append(
            {
                "actor": s.actor.label,
                "who": s.who.label,
                "whom": s.whom.label,
                "verb": verb(s.kind, s.rows[0].mode, active=True) if pair else s.verb,
                "how": s.how,
                "when": s.span + mark,
                "when_years": s.span_years + mark,
                "sure": s.sure,
                "claims": f"{s.claims}/{s.sources}",
            }
        )
    return Table(columns, records)


def _heading(answer: Answer, lines: Sequence[Summary], pair: bool) -> str:
    """What the summary answers, said so that each line reads aloud after it."""
    when = "" if answer.period.is_always else f", {'throughout' if answer.throughout else 'possibly during'} "
    when += "" if answer.period.is_always else answer.period.label
    verbs = {s.verb for s in lines}
    kinds = {s.kind for s in lines}
    s = lines[0]
    both = {s.who.id == s.actor.id for s in lines} == {True, False}
    if not pair and len(kinds) == 1 and both:
        done = verb(s.kind)
        return f"Who {done} {answer.subject.label}, and whom it {done}{when}:"
    if pair or len(kinds) != 1:
        return answer.question[0].upper() + answer.question[1:] + ":"
    if len(verbs) != 1:  # one kind in several ways (fought, designated): name the kind's own verb
        subject_acts = all(line.who.id == answer.subject.id for line in lines)
        done = verb(s.kind)
        return (
            f"Whom {answer.subject.label} {done}{when}:"
            if subject_acts
            else f"Who {done} {answer.subject.label}{when}:"
        )
    if s.who.id == s.actor.id or vocabulary().kind(s.kind).symmetric:
        return f"Who {s.verb} {answer.subject.label}{when}:"
    return f"Whom {answer.subject.label} {verb(s.kind, s.rows[0].mode)}{when}:"


def answer_view(answer: Answer, view: str = "summary", *, pair: bool = False) -> View:
    """An answer for people and programs.

    People get, by default, one line per actor and relation ("summary": what the claims say
    together, in plain words, with disagreements marked), then the sources that state it best;
    "brief" gives one line per claim, "claims" every claim with its sources' quotes. Programs
    (JSON, NDJSON, CSV) always get one record per claim. ``pair`` names both actors on each line.

    >>> from actorgraph.ask.questions import supporters
    >>> from actorgraph.present.rows import render
    >>> print(render(answer_view(supporters(open_graph(), "SDF", 2017)), "table", width=100))
    Who backed Syrian Democratic Forces, possibly during 2017:
    <BLANKLINE>
    ACTOR          HOW                        WHEN                                   SURE       CLAIMS
    United States  weapons, troops-secondary  since 2015, still reported 2024-11-29  confirmed     2/5
    <BLANKLINE>
    Best sources: Associated Press 2024-11-29; AFP (via RFI) 2016-11-06; AFP (via Ankawa.com).
    2 claims from 5 sources (CLAIMS: claims/sources). --claims: every claim with its quotes; --brief:
    one line per claim.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    rows = list(answer.rows)
    lines = summarise(rows)
    if pair:
        lines.sort(key=lambda s: (s.first_day, s.who.label.casefold(), s.verb))
    heading = _heading(answer, lines, pair) if lines else answer.question[0].upper() + answer.question[1:] + ":"
    blocks: list[Any] = [heading, *(f"({n})" for n in answer.notes)]
    base = View(blocks, [r.to_json() for r in rows], CLAIM_FIELDS, [claim_record(r) for r in rows])
    if not rows:
        # the graph holds claims, only none that answers: say so, not that the graph is empty
        when = "" if answer.period.is_always else f" for {answer.period.label}"
        blocks.append(f"No claim in the graph answers this question{when}.")
        return base
    claims = len(rows)
    sources = len({c.source for r in rows for c in r.sources})
    total = f"{claims} claim{'s' * (claims != 1)} from {sources} source{'s' * (sources != 1)}"
    if lines and len({s.verb for s in lines}) > 1 and not pair:
        blocks.append(f"Read each line as: ACTOR, RELATION, {answer.subject.label}.")
    blocks.append("")
    if view == "summary":
        blocks += [_summary_table(lines, pair=pair), ""]
        blocks += [Line(f"* {(s.who if pair else s.actor).label}: {'; '.join(s.marks)}") for s in lines if s.marks]
        blocks.append(Line("Best sources: " + "; ".join(_credit(c) for c in best_sources(rows)) + "."))
        blocks.append(
            f"{total} (CLAIMS: claims/sources). --claims: every claim with its quotes; --brief: one line per claim."
        )
        return base
    blocks += [_claims_table(rows, quotes=view == "claims", pair=pair), ""]
    foot = total
    if answer.as_of:
        foot += f"; “still reported” = not known to have ended as of the latest source (latest: {answer.as_of})"
    if not answer.period.is_always and not answer.throughout:
        foot += "; dates overlap the period (--throughout: known to cover it all)"
    blocks.append(foot + ".")
    return base


# ---------------------------------------------------------------------------- actors, profiles, timelines


def actors_view(actors: Sequence[ActorInfo]) -> View:
    """The actor list: id, label, type and lifespan.

    >>> from actorgraph.ask.questions import actors
    >>> from actorgraph.present.rows import render
    >>> print(render(actors_view([a for a in actors(open_graph()) if a.id in ("hts", "russia")]), "table"))
    ID      LABEL                 TYPE         LIFESPAN
    hts     Hayat Tahrir al-Sham  armed-group  2017-01-28 to 2025-01-29
    russia  Russia                state
    """
    records = [
        {"id": a.id, "label": a.label, "type": a.type, "start": a.start, "end": a.end, "aliases": list(a.aliases)}
        for a in actors
    ]
    flat = [{**r, "aliases": "; ".join(a.aliases)} for r, a in zip(records, actors, strict=True)]
    rows = [{"id": a.id, "label": a.label, "type": a.type, "lifespan": a.lifespan} for a in actors]
    columns = [
        Column("id", "ID", 2, 12),
        Column("label", "LABEL", 1, 16),
        Column("type", "TYPE"),
        Column("lifespan", "LIFESPAN"),
    ]
    return View([Table(columns, rows)], records, ["id", "label", "type", "start", "end", "aliases"], flat)


def _change_text(c: Any) -> str:
    frm = ", ".join(x.label for x in c.original)
    to = ", ".join(x.label for x in c.resulting)
    return f"renamed {c.new_name}" if c.kind == "rename" else f"{c.kind}: {frm} -> {to}"


def profile_view(prof: Profile) -> View:
    """One actor's profile: type, aliases, lifespan, lineage and the sources of each."""
    import json

    a = prof.actor
    record = {
        "id": a.id,
        "label": a.label,
        "type": a.type,
        "aliases": list(a.aliases),
        "start": a.start,
        "end": a.end,
        "predecessors": [p.id for p in prof.predecessors],
        "successors": [s.id for s in prof.successors],
        "changes": [
            {
                "id": c.id,
                "kind": c.kind,
                "date": c.date,
                "from": [x.id for x in c.original],
                "to": [x.id for x in c.resulting],
                "new_name": c.new_name,
                "sources": [s.to_json() for s in c.sources],
            }
            for c in prof.changes
        ],
        "relations": prof.relation_count,
        "sources": [s.to_json() for s in prof.sources],
    }
    lines = [
        f"{a.label} [{a.id}]",
        f"  type:      {prof.type_label}",
        f"  aliases:   {', '.join(a.aliases) or '-'}",
        f"  lifespan:  {a.lifespan or 'not known'}",
        f"  relations: {prof.relation_count} claims (actorgraph relations {a.id!r})",
    ]
    for c in prof.changes:
        lines.append(f"  {c.date or '?':<10} {_change_text(c)}")
        lines += [f"      {s.credit}: “{s.quote}”" for s in c.sources]
    lines += [f"  lifespan: {s.credit}: “{s.quote}”" for s in prof.sources]
    flat = [
        {"field": k, "value": json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v}
        for k, v in record.items()
    ]
    return View(lines, [record], ["field", "value"], flat, document=record)


def timeline_view(prof: Profile, rows: Sequence[RelationRow]) -> View:
    """An actor's relations and identity changes in order of time."""
    events: list[tuple[str, dict[str, Any]]] = []
    for c in prof.changes:
        events.append((c.date or "", {"from": c.date or "?", "to": "", "verb": "identity", "with": _change_text(c)}))
    for r in rows:
        record = {
            "from": r.start or "?",
            "to": end_words(r),
            "verb": verb(r.kind, r.mode, active=r.outgoing),
            "with": r.other.label,
            "how": how_words([r]) if r.types or r.agreement else "",
            "sure": r.certainty,
        }
        events.append((r.start or "", record))
    events.sort(key=lambda e: e[0])
    a = prof.actor
    head = f"Timeline of {a.label} [{a.id}]" + (f", {a.lifespan}" if a.lifespan else "") + ":"
    columns = [
        Column("from", "FROM"),
        Column("to", "TO", 3, 12),
        Column("verb", "RELATION"),
        Column("with", "WITH", 2, 16),
        Column("how", "HOW", 1, 10),
        Column("sure", "SURE"),
    ]
    note = f"Read each line as: {a.label}, relation, WITH."
    return View(
        [head, "", Table(columns, [e[1] for e in events]), "", note],
        [r.to_json() for r in rows],
        CLAIM_FIELDS,
        [claim_record(r) for r in rows],
    )
