"""How sure a sentence is of what it says: hedges make a claim alleged; negations and modals reject it."""

from __future__ import annotations

from collections.abc import Sequence

from actorgraph.extract.lexicon import Lexicon
from actorgraph.extract.pipeline import Phrases, Token

__all__ = ["Qualifier"]


class Qualifier:
    """Reads hedges, negations and modality around a relation word.

    >>> from actorgraph.extract.lexicon import lexicon
    >>> from actorgraph.extract.pipeline import sentences
    >>> q = Qualifier(lexicon())
    >>> toks = sentences("Turkey has not backed the rebels.")[0].tokens
    >>> q.rejection(toks, 0, 3)
    "negated ('not')"
    >>> toks = sentences("Iran reportedly armed the group.")[0].tokens
    >>> q.hedge(toks)
    'reportedly'
    """

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.hedges = Phrases((w, w) for w in lex.hedges)
        self.negations = Phrases((w, w) for w in lex.negations)
        self.denials = Phrases((w, w) for w in lex.denials)
        self.modality = Phrases((w, w) for w in lex.modality)
        self.weak = set(lex.according_to)
        self.boundaries = set(lex.words["boundaries"]) | {","}

    def hedge(self, toks: Sequence[Token]) -> str | None:
        """The first hedge in a sentence, if any ("reportedly", "according to activists")."""
        for _, _, word in self.hedges.find(toks):
            return str(word)
        for n in range(len(toks) - 2):
            if toks[n].lower == "according" and toks[n + 1].lower == "to":
                following = {t.lower for t in toks[n + 2 : n + 6]}
                weak = following & self.weak
                if weak:
                    return f"according to {sorted(weak)[0]}"
        return None

    def rejection(self, toks: Sequence[Token], agent_end: int, trigger_start: int, *, noun: bool = False) -> str | None:
        """Why a relation is no claim: negated between its actor and its word, denied, or not asserted.

        For a relation noun the whole clause before it counts ("vowed to launch an offensive")."""
        lo = min(agent_end, trigger_start)
        window = toks[lo:trigger_start]
        for _, _, word in self.negations.find(window):
            return f"negated ({word!r})"
        if trigger_start > 0 and toks[trigger_start - 1].lower in ("no", "without", "non"):
            return f"negated ({toks[trigger_start - 1].lower!r})"
        clause = self._clause(toks, trigger_start)
        for _, _, word in self.denials.find(clause):
            return f"denied ({word!r})"
        for _, _, word in self.modality.find(clause if noun else window):
            return f"not stated as fact ({word!r})"
        if toks and toks[-1].text == "?":
            return "a question"
        return None

    def _clause(self, toks: Sequence[Token], i: int) -> Sequence[Token]:
        start = i
        while start > 0 and toks[start - 1].lower not in self.boundaries - {","}:
            start -= 1
        return toks[start:i]
