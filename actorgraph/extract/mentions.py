"""Where a sentence names actors: graph names, adjectives, places, generic words, pronouns, proxies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from actorgraph.extract.graph_view import Actor
from actorgraph.extract.lexicon import Lexicon
from actorgraph.extract.pipeline import Phrases, Sentence, Token

__all__ = ["Mention", "Namer", "countries", "unknown_spans"]

Resolver = Callable[[Sequence[str]], Actor | None]


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names an actor, and the names to look it up by, in order."""

    start: int
    end: int
    text: str
    names: tuple[str, ...]
    kind: str  # name | adjective | place | generic | pronoun | proxy
    locative: bool = False
    holder: bool = False  # "opposition-held areas": the holder of a place
    extra: tuple[str, ...] = field(default=(), compare=False)


_POSSESSIVE = ("'s", "’s", "'", "’")
_TITLE_JOINERS = {"al", "-", "of", "for", "the", "ash", "ad", "as", "el", "ar", "an", "bin", "ibn", "de", "and"}


class Namer:
    """Finds actor mentions in sentences, given the graph's names and the lexicon.

    >>> from actorgraph.extract.graph_view import GraphView, open_graph
    >>> from actorgraph.extract.lexicon import lexicon
    >>> from actorgraph.extract.pipeline import sentences
    >>> view = GraphView(open_graph())
    >>> s = sentences("Russian jets and Iran-linked groups struck rebel positions in Syria.")[0]
    >>> namer = Namer(view.names(), lexicon(), ["Syrian"])
    >>> [(m.text, m.locative) for m in namer.mentions(s, lambda names: view.resolve(names, "2016"))]
    [('Russian jets', False), ('Iran-linked groups', False), ('rebel positions', False), ('Syria', True)]
    """

    def __init__(self, names: Sequence[str], lex: Lexicon, home: Sequence[str]) -> None:
        self.lex = lex
        self.home = list(home)
        entries: list[tuple[str, tuple[str, str]]] = []
        for name in names:
            entries.append((name, ("name", name)))
            entries.append((name.replace("'", "’"), ("name", name)))
        for key in lex.adjectives:
            entries.append((key, ("adjective", key)))
        for key in lex.places:
            entries.append((key, ("place", key)))
        for key in lex.generic:
            entries.append((key, ("generic", key)))
        for word in lex.words["pronouns"]:
            entries.append((word, ("pronoun", word)))
        self.phrases = Phrases(entries)
        self.actor_heads = Phrases((h, "actor") for h in lex.heads["actor"])
        self.target_heads = Phrases((h, "target") for h in lex.heads["target"])
        nouns = [w for t in lex.triggers if t.form in ("noun", "role") for w in t.words]
        self.trigger_nouns = Phrases((w, "noun") for w in nouns)
        self.proxy_nouns = Phrases((w, "proxy") for w in lex.proxies["nouns"])
        self.locatives = set(lex.words["locatives"])
        self.determiners = set(lex.words["determiners"])

    # ------------------------------------------------------------------ finding

    def mentions(self, sentence: Sentence, resolve: Resolver, before: Sequence[Mention] = ()) -> list[Mention]:
        """The mentions of a sentence, left to right; ``before`` are the previous sentence's (for "they")."""
        toks = sentence.tokens
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            match = self.phrases.at(toks, i)
            mention = self._mention(sentence, match, found, before, resolve) if match else None
            if mention is None:
                i += 1
                continue
            mention = self._apposed(toks, mention, sentence)
            found.append(mention)
            i = mention.end
        return [self._locate(toks, m, found) for m in found]

    def _mention(
        self,
        sentence: Sentence,
        match: tuple[int, int, tuple[str, str]],
        found: list[Mention],
        before: Sequence[Mention],
        resolve: Resolver,
    ) -> Mention | None:
        toks = sentence.tokens
        start, end, (kind, key) = match
        if self._after_pro_or_anti(toks, start):
            return None
        if kind == "name":
            names: tuple[str, ...] = (key,)
            proxy = self._proxy(sentence, start, end, names, resolve)
            if proxy is not None:
                return proxy
            held = self._holder_end(toks, end)
            if held:
                return self._span(sentence, start, held, names, "name", holder=True)
            if end + 1 < len(toks) and toks[end].text in _POSSESSIVE and self._head_end(toks, end + 1) > end + 1:
                return self._span(sentence, start, self._head_end(toks, end + 1), names, "name")
            return self._span(sentence, start, self._head_end(toks, end), names, "name")
        if kind == "pronoun":
            antecedent = self._antecedent(found, before, key)
            if antecedent is None:
                return None
            proxy = self._proxy_after(sentence, start, end, antecedent.names, resolve, possessive=True)
            if proxy is not None:
                return proxy
            if key in ("its", "their"):
                return self._span(sentence, start, end, antecedent.names, "pronoun")
            return self._span(sentence, start, end, antecedent.names, "pronoun")
        if kind == "adjective":
            last, stop = key, end
            # a run of adjectives names the last one's actor: "Syrian Kurdish forces" are Kurdish
            while stop < len(toks):
                more = self.phrases.at(toks, stop)
                if more and more[2][0] == "adjective":
                    last, stop = more[2][1], more[1]
                    continue
                if (
                    stop + 1 < len(toks)
                    and toks[stop].text == "-"
                    and toks[stop + 1].lower in self.lex.heads["descriptors"]
                ):
                    stop += 2
                    continue
                break
            names = self.lex.adjectives[last]
            head = self._head_end(toks, stop)
            if (
                head > stop or self._is_compound(toks, stop) or self.trigger_nouns.at(toks, stop)
                if stop < len(toks)
                else False
            ):
                proxy = self._proxy_after(sentence, start, stop, names, resolve, possessive=False)
                return proxy or self._span(sentence, start, head, names, "adjective")
            return None
        if kind == "place":
            names = self.lex.places[key]
            if end < len(toks) and toks[end].text in _POSSESSIVE:
                after = end + 1
                if after < len(toks) and (self._head_end(toks, after) > after or self.trigger_nouns.at(toks, after)):
                    return self._span(sentence, start, self._head_end(toks, after), names, "place")
                proxy = self._proxy_after(sentence, start, end, names, resolve, possessive=True)
                return proxy
            if end < len(toks) and (toks[end].text[:1].isalpha() and toks[end].is_title):
                return None  # part of a longer name: "Damascus Countryside", "Washington Post"
            if (
                end < len(toks)
                and toks[end].text[:1].isalpha()
                and not (
                    self._head_end(toks, end) > end
                    or self.trigger_nouns.at(toks, end)
                    or toks[end].lower in ("and", "or", "said", "says", "has", "have", "had", "was", "is", "were")
                    or self._is_compound(toks, end)
                    or toks[end].lower in self._verbish(toks, end)
                )
            ):
                return None  # "Syria war monitor" and "Damascus countryside" are no actors; a verb after it may be
            return self._span(sentence, start, self._head_end(toks, end), names, "place")
        if kind == "generic":
            head = self._head_end(toks, end)
            determined = start > 0 and (
                toks[start - 1].lower in ("the", "its", "their") or toks[start - 1].text in _POSSESSIVE
            )
            held = self._holder_end(toks, end)
            if key in self.lex.need_determiner and not determined:
                return None
            if not (
                determined
                or head > end
                or held
                or (end < len(toks) and self.trigger_nouns.at(toks, end))
                or key in ("rebels", "insurgents")
                or (end < len(toks) and toks[end].lower in ("and", "or") and not toks[start].is_title)
            ):
                return None
            names = self._generic_names(key)
            if held:
                return self._span(sentence, start, held, names, "generic", holder=True)
            return self._span(sentence, start, head, names, "generic")
        return None

    def _verbish(self, toks: Sequence[Token], i: int) -> set[str]:
        """Words after a place name that make it the subject of a verb: ends in -ed or -s."""
        word = toks[i].lower
        return {word} if word.endswith(("ed", "es")) else set()

    def _after_pro_or_anti(self, toks: Sequence[Token], i: int) -> bool:
        return i >= 2 and toks[i - 1].text == "-" and toks[i - 2].lower in ("pro", "anti", "non", "ex")

    def _span(
        self, sentence: Sentence, start: int, end: int, names: Sequence[str], kind: str, *, holder: bool = False
    ) -> Mention:
        toks = sentence.tokens
        text = sentence.text[toks[start].start - sentence.start : toks[end - 1].end - sentence.start]
        return Mention(start, end, text, tuple(names), kind, holder=holder)

    def _head_end(self, toks: Sequence[Token], i: int) -> int:
        """Past the actor or target head nouns that follow token ``i`` (``i`` itself when none)."""
        end = i
        while end < len(toks):
            if end + 1 < len(toks) and toks[end].text == "-" and toks[end + 1].lower in self.lex.heads["descriptors"]:
                end += 2
                continue
            match = self.actor_heads.at(toks, end) or self.target_heads.at(toks, end)
            if match is None:
                break
            end = match[1]
        return end

    def _holder_end(self, toks: Sequence[Token], i: int) -> int:
        """After "opposition-held areas": past the place noun; 0 when no such compound follows."""
        if i + 1 < len(toks) and toks[i].text == "-" and toks[i + 1].lower in self.lex.heads["holders"]:
            return self._head_end(toks, i + 2) if self._head_end(toks, i + 2) > i + 2 else i + 3
        return 0

    def _is_compound(self, toks: Sequence[Token], i: int) -> bool:
        compounds = {w for t in self.lex.triggers if t.form == "compound" for w in t.words}
        return i + 1 < len(toks) and toks[i].text == "-" and toks[i + 1].lower in compounds | {"linked", "allied"}

    def _generic_names(self, key: str) -> tuple[str, ...]:
        names = []
        for template in self.lex.generic[key]:
            if "{adjective}" in template:
                names += [template.replace("{adjective}", adjective) for adjective in self.home]
            else:
                names.append(template)
        return tuple(names)

    def _antecedent(self, found: list[Mention], before: Sequence[Mention], pronoun: str) -> Mention | None:
        candidates = [m for m in found if not m.locative and m.kind != "pronoun"]
        if candidates:
            return candidates[-1]
        # "It" opening a sentence is mostly "it was", never an actor; "They" goes back one sentence
        previous = [m for m in before if not m.locative]
        return previous[0] if previous and pronoun in ("they", "their") else None

    def _proxy(
        self, sentence: Sentence, start: int, end: int, names: Sequence[str], resolve: Resolver
    ) -> Mention | None:
        """ "Iran-linked targets": a name, a tie word and a group noun, read as the group tied to it."""
        toks = sentence.tokens
        if (
            end + 2 < len(toks)
            and toks[end].text == "-"
            and toks[end + 1].lower in ("linked", "backed", "aligned", "allied")
        ):
            return self._proxy_after(sentence, start, end + 2, names, resolve, possessive=False)
        if end < len(toks) and toks[end].text in _POSSESSIVE:
            return self._proxy_after(sentence, start, end + 1, names, resolve, possessive=True)
        return None

    def _proxy_after(
        self, sentence: Sentence, start: int, i: int, names: Sequence[str], resolve: Resolver, *, possessive: bool
    ) -> Mention | None:
        toks = sentence.tokens
        j = i + 1 if possessive and i < len(toks) and toks[i].text in _POSSESSIVE else i
        if (
            j < len(toks)
            and toks[j].text == "-"
            and j + 1 < len(toks)
            and toks[j + 1].lower in ("linked", "backed", "aligned", "allied")
        ):
            j += 2
        noun = self.proxy_nouns.at(toks, j) if j < len(toks) else None
        if noun is None:
            return None
        forms = tuple(f.replace("{name}", n) for n in names for f in self.lex.proxies["forms"])
        if resolve(forms) is None:
            return None
        return self._span(sentence, start, noun[1], forms, "proxy")

    def _apposed(self, toks: Sequence[Token], mention: Mention, sentence: Sentence) -> Mention:
        """ "Syrian Democratic Forces (SDF)": the bracketed short name is part of the mention."""
        end = mention.end
        if end + 2 < len(toks) and toks[end].text == "(":
            close = next((k for k in range(end + 1, min(len(toks), end + 12)) if toks[k].text == ")"), None)
            inner = self.phrases.at(toks, end + 1)
            if close is not None and inner is not None and inner[2][0] == "name":
                return replace(mention, end=close + 1, extra=(inner[2][1],))
        return mention

    def _locate(self, toks: Sequence[Token], mention: Mention, found: list[Mention]) -> Mention:
        """Mark a mention that names a place ("in Syria", "in ar-Raqqah, Homs, and Damascus")."""
        if mention.kind not in ("place", "name"):
            return mention
        if mention.end < len(toks) and toks[mention.end].text in _POSSESSIVE:
            return mention
        i = mention.start - 1
        while i >= 0:
            word = toks[i].lower
            if word in self.locatives:
                return replace(mention, locative=mention.kind == "place" or _is_state_like(mention))
            if word in (",", "and", "or", "the") or (toks[i].is_title and word not in self.determiners):
                i -= 1
                continue
            break
        return mention


def _is_state_like(mention: Mention) -> bool:
    """A bare name after "in" is a place only if it is one word or a country-like name."""
    return mention.end - mention.start <= 2


def countries(sentences: Sequence[Sentence], lex: Lexicon) -> list[str]:
    """The adjectives of the countries a text names, most named first ("Syrian" for a Syria report).

    >>> from actorgraph.extract.lexicon import lexicon
    >>> from actorgraph.extract.pipeline import sentences
    >>> countries(sentences("Syria's army and Syrian rebels; Russian jets."), lexicon())
    ['Syrian', 'Russian']
    """
    # an adjective's country is the first name it stands for; a place names the same country
    country_of = {adjective: names[0] for adjective, names in lex.adjectives.items()}
    adjective_of: dict[str, str] = {}
    for adjective, country in country_of.items():
        adjective_of.setdefault(country, adjective)
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for token in sentence.tokens:
            if token.text in country_of:
                counts[token.text] += 1
            elif token.text in adjective_of:
                counts[adjective_of[token.text]] += 1
    return [adjective for adjective, _ in counts.most_common()]


def unknown_spans(sentence: Sentence, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Runs of capitalised words that no mention covers (not counting the sentence's first word alone)."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    toks = sentence.tokens
    spans = []
    i = 0
    while i < len(toks):
        if i in covered or not (toks[i].is_title and toks[i].text[:1].isalpha()):
            i += 1
            continue
        j = i + 1
        while (
            j < len(toks)
            and j not in covered
            and (
                (toks[j].is_title and toks[j].text[:1].isalpha())
                or (toks[j].lower in _TITLE_JOINERS and j + 1 < len(toks) and toks[j + 1].is_title)
            )
        ):
            j += 1
        spans.append((i, j))
        i = j
    return spans
