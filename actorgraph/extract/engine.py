"""From a report's text to candidate claims: sentences, mentions, relations, dates, certainty, status."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from actorgraph.extract.candidates import Candidate, Extraction, Rejected, Report, UnknownName
from actorgraph.extract.dates import DateExpr, find_dates
from actorgraph.extract.graph_view import Actor, BadDate, Graph, GraphView
from actorgraph.extract.lexicon import Lexicon, lexicon
from actorgraph.extract.mentions import Mention, Namer, countries, unknown_spans
from actorgraph.extract.pipeline import Phrases, Sentence, Token, sentences
from actorgraph.extract.qualify import Qualifier
from actorgraph.extract.relations import Finder, Proposal
from actorgraph.extract.status import status

__all__ = ["run"]

_ORG_WORDS = {
    "army",
    "forces",
    "front",
    "brigade",
    "brigades",
    "movement",
    "party",
    "council",
    "government",
    "militia",
    "units",
    "group",
    "committee",
    "coalition",
    "alliance",
    "division",
    "corps",
    "guard",
    "guards",
    "legion",
    "battalion",
    "regiment",
    "organisation",
    "organization",
    "administration",
    "jaysh",
    "liwa",
    "harakat",
    "ahrar",
    "jabhat",
    "kataib",
    "hezb",
    "hizb",
    "militias",
    "battalions",
    "command",
    "authority",
    "state",
}
_NOT_NAMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "president",
    "prime",
    "minister",
    "general",
    "secretary",
    "spokesperson",
    "spokesman",
}


def run(text: str, date: str | dt.date, graph: Graph, report: Report | None = None) -> Extraction:
    """Read a report's text and propose candidate claims (see :func:`actorgraph.extract.extract`)."""
    try:
        today = date if isinstance(date, dt.date) else dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        raise BadDate(f"bad report date {date!r}: write YYYY-MM-DD") from None
    date = today.isoformat()
    view = GraphView(graph)
    report = report or Report(date)
    lex = lexicon()
    found = sentences(text)
    namer = Namer(view.names(), lex, countries(found, lex))
    finder = Finder(lex)
    qualifier = Qualifier(lex)
    reader = _Reader(view, lex, qualifier, today, report)
    previous: list[Mention] = []
    years: list[str] = []
    for sentence in found:
        mentions = namer.mentions(sentence, lambda names: view.resolve(names, date), previous)
        dates = find_dates(sentence, today, years)
        proposals = _nest(finder.find(sentence, mentions, lambda m: reader.type_of(m)))
        for proposal in proposals:
            reader.read(sentence, proposal, dates, proposals)
        reader.unknown_names(sentence, mentions, finder)
        previous = mentions or previous
        years = [d.first[:4] for d in dates if d.role != "range"][:1] + years if dates else years
    return Extraction(report, tuple(reader.candidates), tuple(reader.rejected), tuple(reader.unknown))


def _nest(proposals: list[Proposal]) -> list[Proposal]:
    """Mark the relation words that stand inside another's phrase ("a cease-fire in X's war with Y")."""
    out = []
    for p in proposals:
        inside = any(q is not p and q.start < p.start and p.end <= q.patient.end for q in proposals)
        out.append(Proposal(p.agent, p.patient, p.trigger, p.start, p.end, p.pattern, inside))
    return out


class _Reader:
    """Turns proposals into candidates, rejections and unknown names, keeping ids unique."""

    def __init__(self, view: GraphView, lex: Lexicon, qualifier: Qualifier, today: dt.date, report: Report) -> None:
        self.view = view
        self.lex = lex
        self.qualifier = qualifier
        self.today = today
        self.report = report
        self.candidates: list[Candidate] = []
        self.rejected: list[Rejected] = []
        self.unknown: list[UnknownName] = []
        self.ids = view.relation_ids()
        self.types = Phrases((w, key) for key, words in lex.types.items() for w in words)
        self.inception = Phrases((w, w) for w in lex.words["inception"])
        self.superlatives = set(lex.words["superlatives"])
        self.trigger_nouns = Phrases((w, t) for t in lex.triggers if t.form == "noun" for w in t.words)

    def type_of(self, mention: Mention) -> str | None:
        actor = self.view.resolve(mention.names, self.today.isoformat())
        return actor.type if actor else None

    def read(self, sentence: Sentence, p: Proposal, dates: Sequence[DateExpr], all_: Sequence[Proposal]) -> None:
        toks = sentence.tokens
        kind = p.trigger.kind
        start, end = self._when(sentence, p, dates, all_)
        day = start or end or self.today.isoformat()
        actor = self.view.resolve(p.agent.names, day)
        target = self.view.resolve(p.patient.names, day)
        trigger = sentence.text[toks[p.start].start - sentence.start : toks[p.end - 1].end - sentence.start]
        for mention, found, role in ((p.agent, actor, "actor"), (p.patient, target, "target")):
            if found is None:
                self._unknown(mention.text, f"{role} of {trigger!r}", sentence.text)
        if actor is None or target is None:
            return
        if actor.id == target.id or any(
            (c.actor_id, c.relation, c.target_id, c.offset) == (actor.id, kind, target.id, sentence.start)
            for c in self.candidates
        ):
            return
        reason = self.qualifier.rejection(
            toks, p.agent.end if p.agent.start < p.start else p.start, p.start, noun=p.pattern == "noun"
        )
        if reason:
            self.rejected.append(Rejected(actor.label, kind, target.label, reason, sentence.text))
            return
        hedge = self.qualifier.hedge(toks)
        mode = p.trigger.mode if kind == "opposition" else None
        types = self._types(toks, p) if kind == "support" else ()
        state = status(self.view, actor.id, kind, target.id, mode, start, end, self.lex.symmetric, self.lex.opposite)
        self.candidates.append(
            Candidate(
                id=self._id(actor, kind, target),
                actor=actor.label,
                actor_id=actor.id,
                relation=kind,
                target=target.label,
                target_id=target.id,
                mode=mode,
                types=types,
                start=start,
                end=end,
                certainty="alleged" if hedge else "confirmed",
                status=state,
                quote=sentence.text,
                actor_text=p.agent.text,
                target_text=p.patient.text,
                trigger=trigger,
                pattern=p.pattern,
                hedge=hedge,
                offset=sentence.start,
            )
        )

    def _when(
        self, sentence: Sentence, p: Proposal, dates: Sequence[DateExpr], all_: Sequence[Proposal]
    ) -> tuple[str | None, str | None]:
        """The start and end a sentence gives the relation: the nearest date that is its own."""
        toks = sentence.tokens
        lo = toks[min(p.agent.start, p.patient.start, p.start)].start
        hi = toks[max(p.agent.end, p.patient.end, p.end) - 1].end
        here = toks[p.start].start
        usable = []
        for d in dates:
            if p.nested and not lo <= d.start < hi:
                continue
            if not lo <= d.start < hi and any(
                self._span(sentence, q)[0] <= d.start < self._span(sentence, q)[1]
                for q in all_
                if q.start != p.start and not q.nested
            ):
                continue  # "which had backed X since 2015": the date is the other relation's
            if self._owned_elsewhere(sentence, d, p, all_) or self._superlative(sentence, d):
                continue
            if d.start >= hi and self._crosses(sentence, hi, d.start):
                continue  # "arm X, despite ... a meeting last May": the date is the meeting's
            usable.append(d)
        if not usable:
            return None, None
        inside = [d for d in usable if lo <= d.start < hi]
        d = min(inside or usable, key=lambda d: abs(d.start - here))
        if d.role == "range":
            return d.first, d.last
        if d.role == "since":
            return d.first, None
        if d.role == "until":
            return None, d.first
        if p.trigger.kind in self.lex.symmetric or self._began(toks, p):
            return d.first, None
        return d.first, d.last or d.first

    def _crosses(self, sentence: Sentence, lo: int, hi: int) -> bool:
        """Whether a clause boundary or a relative pronoun stands between two character offsets."""
        words = {w.lower for w in sentence.tokens if lo <= w.start < hi}
        return bool(words & (set(self.lex.words["boundaries"]) | set(self.lex.words["relatives"])))

    def _span(self, sentence: Sentence, p: Proposal) -> tuple[int, int]:
        """The characters a proposal's words cover, and the few words after them."""
        toks = sentence.tokens
        last = min(len(toks), max(p.agent.end, p.patient.end, p.end) + 4) - 1
        return toks[min(p.agent.start, p.patient.start, p.start)].start, toks[last].end

    def _owned_elsewhere(self, sentence: Sentence, d: DateExpr, p: Proposal, all_: Sequence[Proposal]) -> bool:
        """ "The 2016 battle": a date that modifies another relation word is that word's."""
        toks = sentence.tokens
        after = next((n for n, t in enumerate(toks) if t.start >= d.end), None)
        if after is None:
            return False
        hit = self.trigger_nouns.at(toks, after)
        return hit is not None and hit[0] != p.start and not any(q.start == hit[0] for q in all_ if q is p)

    def _superlative(self, sentence: Sentence, d: DateExpr) -> bool:
        """ "The most intense fighting since 2020": no start of anything."""
        if d.role != "since":
            return False
        before = sentence.text[: d.start - sentence.start].split()[-10:]
        return any(w.strip("“”\"',").lower() in self.superlatives for w in before)

    def _began(self, toks: Sequence[Token], p: Proposal) -> bool:
        window = list(toks)[max(0, p.start - 6) : p.end + 8]
        return any(True for _ in self.inception.find(window))

    def _types(self, toks: Sequence[Token], p: Proposal) -> tuple[str, ...]:
        lo = min(p.agent.start, p.patient.start, p.start)
        hi = max(p.agent.end, p.patient.end, p.end) + 3
        found = list(p.trigger.types)
        for _, _, key in self.types.find(list(toks)[lo:hi]):
            if key not in found:
                found.append(key)
        order = list(self.lex.types)
        return tuple(sorted(found, key=order.index))

    def _id(self, actor: Actor, kind: str, target: Actor) -> str:
        base = f"{self.report.id}-{actor.id}-{kind}-{target.id}"
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        return ident

    def _unknown(self, name: str, role: str, quote: str) -> None:
        if not any(u.name == name and u.quote == quote for u in self.unknown):
            self.unknown.append(UnknownName(name, role, quote))

    def unknown_names(self, sentence: Sentence, mentions: Sequence[Mention], finder: Finder) -> None:
        """Capitalised names the graph does not know, where they look like actors: an organisation's
        word in them ("Wagner Group"), or standing just before or after a relation word."""
        toks = sentence.tokens
        words = {w for w in (*self.lex.adjectives, *self.lex.places, *self.lex.generic)}
        triggers = [(s, e) for s, e, _ in finder.triggers.find(toks)]
        for i, j in unknown_spans(sentence, mentions):
            name = sentence.text[toks[i].start - sentence.start : toks[j - 1].end - sentence.start]
            lowered = [t.lower for t in toks[i:j]]
            if name in words or set(lowered) & _NOT_NAMES or (i == 0 and j == 1) or _is_date(name):
                continue
            org = bool(set(lowered[1:]) & _ORG_WORDS) and j - i > 1
            near = next(
                (
                    (s, e)
                    for s, e in triggers
                    if 0 <= s - j <= 2
                    or 0 <= i - e <= 2
                    and all(t.lower in ("the", "a", "an", "with", "against", "by") for t in toks[e:i])
                ),
                None,
            )
            if org or near:
                role = (
                    "named near "
                    + repr(sentence.text[toks[near[0]].start - sentence.start : toks[near[1] - 1].end - sentence.start])
                    if near
                    else "an organisation's name"
                )
                self._unknown(name, role, sentence.text)


def _is_date(name: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][a-z]+\.?\s*)?\d.*", name))
