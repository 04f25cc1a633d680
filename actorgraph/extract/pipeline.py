"""spaCy's blank English pipeline: tokens, rule-based sentences and phrase matching, no trained model."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from actorgraph.extract.graph_view import ActorgraphError

__all__ = ["MissingExtra", "Phrases", "Sentence", "Token", "nlp", "sentences"]


class MissingExtra(ActorgraphError):
    """The optional libraries the extractor needs are not installed."""


@dataclass(frozen=True)
class Token:
    """One token of a sentence, with where it stands in the whole text."""

    text: str
    start: int
    end: int
    space: bool

    @property
    def lower(self) -> str:
        return _fold(self.text)

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    """A sentence: its verbatim text, where it stands, its paragraph, and its tokens."""

    text: str
    start: int
    end: int
    paragraph: int
    tokens: tuple[Token, ...]


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").casefold()


@functools.cache
def nlp() -> Any:
    """The blank English pipeline with a rule-based sentencizer (built once).

    >>> [t.text for t in nlp()("U.S.-backed forces")]
    ['U.S.', '-', 'backed', 'forces']
    """
    try:
        import spacy
        from spacy.util import compile_infix_regex
    except ImportError:
        raise MissingExtra("actorgraph extract needs spaCy: pip install 'actorgraph[extract]'") from None
    pipeline: Any = spacy.blank("en")
    # "U.S.-backed" is one token to spaCy's English rules; split its hyphen like "Iran-linked"
    infixes = [*list(pipeline.Defaults.infixes or []), r"(?<=[A-Za-z]\.)-(?=[A-Za-z])"]
    pipeline.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    pipeline.add_pipe("sentencizer")
    return pipeline


_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\S)")


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text; a line break always ends one, so headlines and captions stand alone.

    >>> [s.text for s in sentences("Russia backed Syria. Iran did too.\\n\\nA headline")]
    ['Russia backed Syria.', 'Iran did too.', 'A headline']
    """
    found: list[Sentence] = []
    offset = 0
    blocks = []
    for paragraph, match in enumerate(_split(text)):
        blocks.append((paragraph, match))
    pipeline = nlp()
    docs = pipeline.pipe(text[s:e] for _, (s, e) in blocks)
    for (paragraph, (s, e)), doc in zip(blocks, docs, strict=True):
        for sent in doc.sents:
            tokens = tuple(Token(t.text, s + t.idx, s + t.idx + len(t.text), bool(t.whitespace_)) for t in sent)
            tokens = tuple(t for t in tokens if t.text.strip())
            if not tokens:
                continue
            start, end = tokens[0].start, tokens[-1].end
            found.append(Sentence(text[start:end], start, end, paragraph, tokens))
        offset = e
    del offset
    return found


def _split(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each line that holds text."""
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield position + lead, position + lead + len(stripped)
        position += len(line)


class Phrases:
    """Phrases to find in token sequences, each with a payload; the longest match at a place wins.

    Matching folds case and curly apostrophes, except for words written all in capitals
    ("US", "IS"), which match only as written.

    >>> p = Phrases([("Islamic State", 1), ("IS", 2), ("State", 3)])
    >>> toks = [Token(w, 0, 0, True) for w in "the Islamic State and IS is".split()]
    >>> [(i, j, payload) for i, j, payload in p.find(toks)]
    [(1, 3, 1), (4, 5, 2)]
    """

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], bool, Any]]] = {}
        tokenizer = nlp().tokenizer
        for phrase, payload in phrases:
            words = tuple(t.text for t in tokenizer(phrase))
            if not words:
                continue
            exact = all(w.isupper() for w in words if w.isalpha()) and len(phrase) <= 5
            key = words if exact else tuple(_fold(w) for w in words)
            self._index.setdefault(key[0], []).append((key, exact, payload))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, tokens: Sequence[Token]) -> Iterator[tuple[int, int, Any]]:
        """Longest matches from left to right, none overlapping: (start, end, payload)."""
        i = 0
        while i < len(tokens):
            match = self.at(tokens, i)
            if match is None:
                i += 1
                continue
            yield match
            i = match[1]

    def at(self, tokens: Sequence[Token], i: int) -> tuple[int, int, Any] | None:
        """The longest match starting at token ``i``, or None."""
        for first in {tokens[i].text, tokens[i].lower}:
            for key, exact, payload in self._index.get(first, []):
                n = len(key)
                words = tokens[i : i + n]
                if len(words) < n:
                    continue
                if all((w.text if exact else w.lower) == k for w, k in zip(words, key, strict=True)):
                    return i, i + n, payload
        return None

    def all_at(self, tokens: Sequence[Token], i: int) -> list[tuple[int, int, Any]]:
        """Every match starting at token ``i``, longest first."""
        found = []
        for first in {tokens[i].text, tokens[i].lower}:
            for key, exact, payload in self._index.get(first, []):
                n = len(key)
                words = tokens[i : i + n]
                if len(words) == n and all(
                    (w.text if exact else w.lower) == k for w, k in zip(words, key, strict=True)
                ):
                    found.append((i, i + n, payload))
        return sorted(found, key=lambda m: -(m[1] - m[0]))
