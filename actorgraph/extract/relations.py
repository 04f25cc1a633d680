"""Relation patterns: verbs, passives, nominalisations, appositions, compounds and lists, over mentions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from actorgraph.extract.lexicon import Lexicon, Trigger
from actorgraph.extract.mentions import Mention
from actorgraph.extract.pipeline import Phrases, Sentence, Token

__all__ = ["Finder", "Proposal"]

_POSSESSIVE = ("'s", "’s", "'", "’")
_NUMBERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "several"}


@dataclass(frozen=True)
class Proposal:
    """A relation a sentence states between two mentions, before dates, hedges and names are settled."""

    agent: Mention
    patient: Mention
    trigger: Trigger
    start: int  # the relation word's tokens
    end: int
    pattern: str
    nested: bool = False  # the word stands inside another relation's words (no outside date)


class Finder:
    """Finds the relations a sentence states among its mentions.

    >>> from actorgraph.extract.graph_view import GraphView, open_graph
    >>> from actorgraph.extract.lexicon import lexicon
    >>> from actorgraph.extract.mentions import Namer
    >>> from actorgraph.extract.pipeline import sentences
    >>> view = GraphView(open_graph())
    >>> s = sentences("Syrian government forces were backed by Russia and Iran.")[0]
    >>> ms = Namer(view.names(), lexicon(), ["Syrian"]).mentions(s, lambda n: view.resolve(n, "2016"))
    >>> [(p.agent.text, p.trigger.kind, p.patient.text) for p in Finder(lexicon()).find(s, ms, view.actor_type)]
    [('Russia', 'support', 'Syrian government forces'), ('Iran', 'support', 'Syrian government forces')]
    """

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.triggers = Phrases((w, t) for t in lex.triggers for w in t.words)
        self.lists = Phrases((w, "list") for w in lex.lists["words"])
        words = lex.words
        self.skip_left = set(words["auxiliaries"]) | set(words["adverbs"]) | {"not", "n't", "never", "no", "longer"}
        self.skip_left |= {m for m in lex.modality if " " not in m}
        self.determiners = set(words["determiners"])
        self.relatives = set(words["relatives"])
        self.reporting = set(words["reporting"])
        self.boundaries = set(words["boundaries"])
        self.passive = set(words["passive"])
        self.conjunctions = Phrases((w, "and") for w in words["conjunctions"])
        self._prep_cache: dict[tuple[str, ...], Phrases] = {}

    def find(
        self, sentence: Sentence, mentions: Sequence[Mention], actor_type: Callable[[Mention], str | None]
    ) -> list[Proposal]:
        """Every proposal the sentence's words support, in order of the relation words."""
        toks = sentence.tokens
        inside = {i for m in mentions if m.kind not in ("pronoun",) for i in range(m.start, m.end)}
        found: list[Proposal] = []
        i = 0
        while i < len(toks):
            hits = [h for h in self.triggers.all_at(toks, i) if not any(k in inside for k in range(h[0], h[1]))]
            if not hits:
                i += 1
                continue
            longest = hits[0][1]
            for start, end, trigger in [h for h in hits if h[1] == longest]:
                made = self._frame(toks, mentions, trigger, start, end, found)
                if made:
                    found += made
                    break
            i = longest
        found += self._lists(toks, mentions, actor_type)
        return _dedupe(found)

    # ------------------------------------------------------------------ frames

    def _frame(
        self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int, done: list[Proposal]
    ) -> list[Proposal]:
        if t.form == "compound":
            return self._compound(toks, mentions, t, i, j)
        if i > 0 and toks[i - 1].text == "-":
            return []  # "Iran-linked", "US-backed" are compounds, no verbs
        if t.form == "verb":
            if (i > 0 and toks[i - 1].lower in self.determiners) or any(
                toks[k].lower in _NUMBERS or toks[k].text.isdigit() for k in range(max(0, i - 2), i)
            ):
                return []  # "the attack", "two car bombs": a noun, read by the noun frames
            if (
                t.adjacent
                and _ending_at(mentions, self._skip_back(toks, i - 1, self.skip_left | self.relatives) + 1) is None
            ):
                return []
            return self._verb(toks, mentions, t, i, j, done)
        if t.form == "noun":
            return self._noun(toks, mentions, t, i, j)
        return self._role(toks, mentions, t, i, j)

    def _verb(
        self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int, done: list[Proposal]
    ) -> list[Proposal]:
        after = self._skip(toks, j, self.skip_left)
        by = after < len(toks) and toks[after].lower == "by"
        before = self._skip_back(toks, i - 1, self.skip_left)
        aux = [toks[k].lower for k in range(before + 1, i)]
        passive = bool(set(aux) & self.passive) and toks[i].lower.endswith(("ed", "en", "led", "ck", "ht", "un"))
        reduced = by and not passive
        if passive or reduced:
            agents = self._list_right(toks, mentions, after + 1) if by else []
            if reduced:
                # "opposition factions, led by HTS": the name just before; "an agreement sponsored by" has none
                k = before - 1 if before >= 0 and toks[before].text == "," else before
                patient = _ending_at(mentions, k + 1)
                patients = [patient] if patient else []
            else:
                patients = self._subject(toks, mentions, i, done)
            return self._pairs(agents, patients, t, i, j, "passive")
        agents = self._subject(toks, mentions, i, done)
        if not agents and toks[i].lower.endswith("ing"):
            agents = self._after_comma(toks, mentions, j)
        if t.patient_only:
            patients = self._prep_object(toks, mentions, j, t.patient_only, holders=True)
        else:
            patients = self._object(toks, mentions, j)
        if t.kind in self.lex.symmetric and len(agents) > 1 and not patients:
            return self._all_pairs(agents, t, i, j)  # "X and Y agreed"
        return self._pairs(agents, patients, t, i, j, "verb")

    def _noun(self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int) -> list[Proposal]:
        agents = self._modifier(toks, mentions, i)
        parties = self._prep_object(toks, mentions, j, ("between",)) if t.mutual else []
        patients = [m for m in self._prep_object(toks, mentions, j, t.patient) if m not in parties]
        if not agents:
            agents = self._by(toks, mentions, j, t.agent)
        if t.kind == "agreement" and not agents and not parties:
            nested = self._nested_parties(toks, mentions, t, i, j)
            if nested or not patients:
                return nested
        if parties and not agents:
            agents, patients = parties[:1], parties[1:] + patients
        if not agents and patients:
            agents = self._subject(toks, mentions, i, [])
        if t.kind == "agreement" and len(agents) > 1 and not patients:
            return self._all_pairs(agents, t, i, j)
        return self._pairs(agents, patients, t, i, j, "noun")

    def _nested_parties(
        self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int
    ) -> list[Proposal]:
        """ "A cease-fire in Hezbollah's war with Israel": the parties of the war it ends."""
        k = j
        if k < len(toks) and toks[k].lower in ("in", "of", "ending", "to", "between"):
            inner = self._skip(toks, k + 1, self.determiners)
            owner = _starting_at(mentions, inner)
            if owner is not None:
                hit = self.triggers.at(
                    toks, owner.end + (1 if owner.end < len(toks) and toks[owner.end].text in _POSSESSIVE else 0)
                )
                if hit is not None and hit[2].mutual:
                    others = self._prep_object(toks, mentions, hit[1], hit[2].patient)
                    if others:
                        return self._pairs([owner], others[:1], t, i, j, "noun")
        return []

    def _role(self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int) -> list[Proposal]:
        """ "X, a key ally of Y", "Y's main backer X", "X is a member of Y"."""
        whose = self._possessor(toks, mentions, i)
        of = (
            self._list_right(toks, mentions, j + 1)
            if j < len(toks) and toks[j].lower in ("of", "to", "for", "in")
            else []
        )
        targets = of or ([whose] if whose else [])
        if not targets:
            return []
        holders: list[Mention] = []
        if whose and j < len(toks):
            right = _starting_at(mentions, self._skip(toks, j, {","}))
            holders = [right] if right else []
        if not holders:
            k = self._skip_back(toks, (whose.start if whose else i) - 1, self.determiners | _adjectival(toks, i))
            if k >= 0 and toks[k].text == ",":
                left = _ending_at(mentions, k)
                holders = self._list_left(toks, mentions, left) if left else []
            else:
                holders = self._subject(toks, mentions, whose.start if whose else i, [])
        pattern = "apposition"
        if t.reverse:
            return self._pairs(targets, holders, t, i, j, pattern)
        return self._pairs(holders, targets, t, i, j, pattern)

    def _compound(
        self, toks: Sequence[Token], mentions: Sequence[Mention], t: Trigger, i: int, j: int
    ) -> list[Proposal]:
        """ "Turkish-backed rebels": the one before the hyphen backs the one after."""
        if i < 2 or toks[i - 1].text != "-":
            return []
        agent = _ending_at(mentions, i - 1)
        if agent is None:
            return []
        k = j
        for _ in range(4):
            patient = _starting_at(mentions, k)
            if patient is not None:
                return self._pairs([agent], [patient], t, i, j, "compound")
            if k < len(toks) and (toks[k].text == "-" or toks[k].lower in ("and",) or toks[k].text[:1].islower()):
                k += 1
                continue
            break
        return []

    def _lists(
        self, toks: Sequence[Token], mentions: Sequence[Mention], actor_type: Callable[[Mention], str | None]
    ) -> list[Proposal]:
        """ "Iran-linked groups, primarily Lebanon's Hezbollah": a member named after its group."""
        found = []
        trigger = Trigger("list", self.lex.lists["kind"], tuple(self.lex.lists["words"]))
        for start, end, _ in self.lists.find(toks):
            k = start - 1 if start > 0 and toks[start - 1].text == "," else start
            group = _ending_at(mentions, k)
            if group is None or actor_type(group) not in self.lex.lists["group_types"]:
                continue
            members = self._list_right(toks, mentions, end)
            found += self._pairs(members, [group], trigger, start, end, "list")
        return found

    # ------------------------------------------------------------------ arguments

    def _subject(
        self, toks: Sequence[Token], mentions: Sequence[Mention], i: int, done: Sequence[Proposal]
    ) -> list[Mention]:
        """Who does what the word at ``i`` says: the nearest actor named before it in its clause."""
        k = self._skip_back(toks, i - 1, self.skip_left)
        if k >= 0 and toks[k].lower in self.relatives:
            k -= 1
            if k >= 0 and toks[k].text == ",":
                k -= 1
            head = self._nearest_left(toks, mentions, k)
            return self._list_left(toks, mentions, head) if head else []
        if k >= 0 and toks[k].text == ",":
            # "Russian jets, flying from the coast, struck": the name before the aside
            opening = next((n for n in range(k - 1, max(-1, k - 15), -1) if toks[n].text == ","), None)
            if opening is not None:
                head = _ending_at(mentions, opening)
                if head is not None:
                    return self._list_left(toks, mentions, head)
        head = self._nearest_left(toks, mentions, k)
        if head is None:
            return []
        # "X backed Y and struck Z": Y is the object of the first verb, X does both
        between = [toks[n].lower for n in range(head.end, i)]
        if between and between[0] in ("and", ",") and set(between) <= self.skip_left | {"and", ","}:
            for p in done:
                if p.patient == head and p.pattern == "verb":
                    return [p.agent]
        return self._list_left(toks, mentions, head)

    def _nearest_left(self, toks: Sequence[Token], mentions: Sequence[Mention], k: int) -> Mention | None:
        if k > 0 and toks[k].is_title and toks[k].text[:1].isalpha() and _ending_at(mentions, k + 1) is None:
            return None  # "President Erdogan vows attack": someone the graph does not know
        n = k
        while n >= 0:
            if toks[n].lower in self.boundaries:
                return None
            m = _ending_at(mentions, n + 1)
            if m is not None and not m.locative and not m.holder:
                return m
            n -= 1
        return None

    def _after_comma(self, toks: Sequence[Token], mentions: Sequence[Mention], j: int) -> list[Mention]:
        """ "As well as backing X, Turkey has ...": the subject after the opening phrase."""
        comma = next((n for n in range(j, min(len(toks), j + 12)) if toks[n].text == ","), None)
        if comma is None:
            return []
        m = _starting_at(mentions, self._skip(toks, comma + 1, self.determiners))
        return [m] if m else []

    def _object(self, toks: Sequence[Token], mentions: Sequence[Mention], j: int) -> list[Mention]:
        """The actor a verb acts on: the first named in the next few words of its clause."""
        k = j
        for _ in range(7):
            if k >= len(toks) or toks[k].lower in self.boundaries | self.relatives | self.reporting | {",", "by"}:
                return []
            m = _starting_at(mentions, k)
            if m is not None:
                if m.locative:
                    return []
                if m.end + 1 < len(toks) and toks[m.end].text == "-" and toks[m.end + 1].text.islower():
                    k = m.end + 2  # "pounded US-backed fighters": the fighters are the object
                    continue
                return self._list_right(toks, mentions, k)
            k += 1
        return []

    def _prep_object(
        self,
        toks: Sequence[Token],
        mentions: Sequence[Mention],
        j: int,
        preps: Sequence[str],
        *,
        holders: bool = False,
    ) -> list[Mention]:
        """The actors after one of ``preps`` within the next words of the phrase ("attacks against X")."""
        if not preps:
            return []
        prep_index = self._preps(tuple(preps))
        k = j
        for _ in range(11):
            if k >= len(toks) or toks[k].lower in self.boundaries | self.relatives | self.reporting:
                return []
            if holders:
                m = _starting_at(mentions, k)
                if m is not None and m.holder:
                    return [m]
            if k > j and self.triggers.at(toks, k) is not None and not holders:
                return []  # "the battle ... in the war between X and Y": the phrase is the war's
            hit = prep_index.at(toks, k)
            if hit is not None:
                found = self._list_right(toks, mentions, self._skip(toks, hit[1], self.determiners))
                if found:
                    return found
            k += 1
        return []

    def _preps(self, preps: tuple[str, ...]) -> Phrases:
        if preps not in self._prep_cache:
            self._prep_cache[preps] = Phrases((p, "prep") for p in preps)
        return self._prep_cache[preps]

    def _by(self, toks: Sequence[Token], mentions: Sequence[Mention], j: int, preps: Sequence[str]) -> list[Mention]:
        """ "offensive by X", "agreement sponsored by X, Y and Z", "support from X"."""
        k = j
        if k < len(toks) and toks[k].text == ",":
            k += 1
        if k < len(toks) and toks[k].lower.endswith("ed") and k + 1 < len(toks) and toks[k + 1].lower == "by":
            k += 1
        if k < len(toks) and toks[k].lower in preps:
            return self._list_right(toks, mentions, self._skip(toks, k + 1, self.determiners))
        return []

    def _modifier(self, toks: Sequence[Token], mentions: Sequence[Mention], i: int) -> list[Mention]:
        """The actor whose the noun is: "its attacks", "Russian airstrikes", "ISIS's largest advance"."""
        k = i - 1
        for _ in range(2):
            if k < 0:
                return []
            if toks[k].text in _POSSESSIVE:
                m = _ending_at(mentions, k)
                return self._list_left(toks, mentions, m) if m else []
            m = _ending_at(mentions, k + 1)
            if m is not None and not m.locative:
                if m.kind == "place":
                    return []  # "the Syria operation", "a Damascus offensive": where, not who
                return self._list_left(toks, mentions, m)
            word = toks[k]
            if not word.text[:1].isalpha() or word.lower in self.determiners - {"its", "their"} | self.skip_left:
                return []
            k -= 1
        return []

    def _possessor(self, toks: Sequence[Token], mentions: Sequence[Mention], i: int) -> Mention | None:
        """Y in "Y's ally" or "Y's main backer"."""
        k = i - 1
        for _ in range(3):
            if k < 0:
                return None
            if toks[k].text in _POSSESSIVE:
                return _ending_at(mentions, k)
            m = _ending_at(mentions, k + 1)
            if m is not None and m.kind == "pronoun" and toks[k].lower in ("its", "their"):
                return m
            if not toks[k].text[:1].isalpha():
                return None
            k -= 1
        return None

    def _list_right(self, toks: Sequence[Token], mentions: Sequence[Mention], k: int) -> list[Mention]:
        """The mention starting at ``k`` and those coordinated after it ("Russia, Iran and its allied groups")."""
        first = _starting_at(mentions, k) or _starting_at(mentions, self._skip(toks, k, self.determiners))
        if first is None or first.locative:
            return []
        found = [first]
        while True:
            n = found[-1].end
            hit = self.conjunctions.at(toks, n) if n < len(toks) else None
            if hit is None:
                break
            n = hit[1]
            if n < len(toks) and toks[n].lower in ("and", "or"):
                n += 1
            nxt = _starting_at(mentions, n) or _starting_at(mentions, self._skip(toks, n, self.determiners))
            if nxt is None or nxt.locative:
                break
            found.append(nxt)
        return found

    def _list_left(self, toks: Sequence[Token], mentions: Sequence[Mention], last: Mention) -> list[Mention]:
        """``last`` and the mentions coordinated before it."""
        found = [last]
        while True:
            k = found[0].start
            n = k - 1
            words = []
            while n >= 0 and toks[n].lower in (",", "and", "or", "as", "well", "along", "with"):
                words.append(toks[n].lower)
                n -= 1
            if not words or not set(words) & {",", "and", "or"}:
                break
            prev = _ending_at(mentions, n + 1)
            if prev is None or prev.locative:
                break
            found.insert(0, prev)
        return found

    def _skip(self, toks: Sequence[Token], k: int, words: set[str]) -> int:
        while k < len(toks) and (
            toks[k].lower in words or toks[k].lower.endswith("ly") and toks[k].lower in self.skip_left
        ):
            k += 1
        return k

    def _skip_back(self, toks: Sequence[Token], k: int, words: set[str]) -> int:
        while k >= 0 and (toks[k].lower in words or (toks[k].lower.endswith("ly") and len(toks[k].lower) > 4)):
            k -= 1
        return k

    def _pairs(
        self, agents: Sequence[Mention], patients: Sequence[Mention], t: Trigger, i: int, j: int, pattern: str
    ) -> list[Proposal]:
        return [Proposal(a, p, t, i, j, pattern) for a in agents for p in patients if a != p]

    def _all_pairs(self, parties: Sequence[Mention], t: Trigger, i: int, j: int) -> list[Proposal]:
        return [Proposal(a, b, t, i, j, "noun") for n, a in enumerate(parties) for b in parties[n + 1 :] if a != b]


def _adjectival(toks: Sequence[Token], i: int) -> set[str]:
    """Lowercase words just before a role noun ("a key ally"): kept out of the way of its holder."""
    return {toks[k].lower for k in range(max(0, i - 3), i) if toks[k].text.islower() and toks[k].text.isalpha()}


def _ending_at(mentions: Sequence[Mention], end: int) -> Mention | None:
    return next((m for m in mentions if m.end == end), None)


def _starting_at(mentions: Sequence[Mention], start: int) -> Mention | None:
    return next((m for m in mentions if m.start == start), None)


def _dedupe(found: list[Proposal]) -> list[Proposal]:
    seen = set()
    out = []
    for p in found:
        key = (p.agent.start, p.patient.start, p.trigger.kind, p.trigger.mode)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
