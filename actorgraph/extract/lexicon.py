"""The extractor's word lists, read from lexicon.toml and names.toml and checked against the ontology."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actorgraph.extract.graph_view import ActorgraphError, vocab_keys

__all__ = ["Lexicon", "Trigger", "inflect", "lexicon"]

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Trigger:
    """One way of stating a relation: its words (every form), kind, and how its actors attach."""

    form: str  # verb | noun | role | compound
    kind: str
    words: tuple[str, ...]
    mode: str | None = None
    types: tuple[str, ...] = ()
    agent: tuple[str, ...] = ()
    patient: tuple[str, ...] = ()
    patient_only: tuple[str, ...] = ()
    mutual: bool = False
    reverse: bool = False
    adjacent: bool = False  # the actor stands right before the word ("X joined Y", "X, which belongs to Y")


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor knows of words, as data."""

    triggers: tuple[Trigger, ...]
    lists: dict[str, Any]
    types: dict[str, tuple[str, ...]]
    hedges: tuple[str, ...]
    according_to: tuple[str, ...]
    negations: tuple[str, ...]
    denials: tuple[str, ...]
    modality: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    adjectives: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, ...]]
    generic: dict[str, tuple[str, ...]]
    need_determiner: frozenset[str]
    heads: dict[str, tuple[str, ...]]
    proxies: dict[str, tuple[str, ...]]
    symmetric: frozenset[str] = field(default_factory=frozenset)
    opposite: dict[str, str] = field(default_factory=dict)


def inflect(base: str, irregular: dict[str, list[str]] | None = None) -> list[str]:
    """Every form of a verb (or of the first word of a phrasal verb).

    >>> inflect("back")
    ['back', 'backs', 'backed', 'backing']
    >>> inflect("strike", {"strike": ["struck"]})
    ['strike', 'strikes', 'struck', 'striking']
    >>> inflect("wage war on")[:2]
    ['wage war on', 'wages war on']
    """
    word, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if word.endswith("ee"):
        forms = [word, word + "s", word + "d", word + "ing"]
    elif word.endswith("e"):
        forms = [word, word + "s", word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        forms = [word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("sh", "ch", "ss", "x")):
        forms = [word, word + "es", word + "ed", word + "ing"]
    elif _doubles(word):
        forms = [word, word + "s", word + word[-1] + "ed", word + word[-1] + "ing"]
    else:
        forms = [word, word + "s", word + "ed", word + "ing"]
    if irregular and word in irregular:
        forms = [forms[0], forms[1], *irregular[word], forms[3]]
    return list(dict.fromkeys(f + tail for f in forms))


def _doubles(word: str) -> bool:
    """Short verbs that double their last consonant: hit -> hitting, ban -> banned."""
    vowels = "aeiou"
    return (
        len(word) <= 4
        and len(word) >= 3
        and word[-1] not in vowels + "wxy"
        and word[-2] in vowels
        and word[-3] not in vowels
    )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ActorgraphError(f"extract lexicon: {where} must be a list of strings")
    return tuple(value)


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon, read once; an unknown relation kind, mode or support type is an error.

    >>> lex = lexicon()
    >>> sorted({t.kind for t in lex.triggers})
    ['agreement', 'leadership', 'membership', 'opposition', 'support']
    >>> "struck" in next(t for t in lex.triggers if "strike" in t.words).words
    True
    """
    data = tomllib.loads((_HERE / "lexicon.toml").read_text(encoding="utf-8"))
    names = tomllib.loads((_HERE / "names.toml").read_text(encoding="utf-8"))
    vocab = vocab_keys()
    irregular = {k: list(v) for k, v in data.get("irregular", {}).items()}
    triggers = []
    for form in ("verb", "noun", "role", "compound"):
        for n, entry in enumerate(data.get(form, []), 1):
            where = f"[[{form}]] #{n}"
            kind, mode = entry["kind"], entry.get("mode")
            types = _strings(entry.get("types", []), where + " types")
            if kind not in vocab.relation_kinds:
                raise ActorgraphError(f"extract lexicon: {where}: unknown relation kind {kind!r}")
            if mode is not None and mode not in vocab.modes:
                raise ActorgraphError(f"extract lexicon: {where}: unknown mode {mode!r}")
            for key in types:
                if key not in vocab.support_types:
                    raise ActorgraphError(f"extract lexicon: {where}: unknown support type {key!r}")
            words = _strings(entry["words"], where + " words")
            if form == "verb":
                words = tuple(f for w in words for f in inflect(w, irregular))
            triggers.append(
                Trigger(
                    form,
                    kind,
                    words,
                    mode,
                    types,
                    _strings(entry.get("agent", []), where),
                    _strings(entry.get("patient", []), where),
                    _strings(entry.get("patient_only", []), where),
                    bool(entry.get("mutual", False)),
                    bool(entry.get("reverse", False)),
                    bool(entry.get("adjacent", False)),
                )
            )
    support_types: dict[str, tuple[str, ...]] = {}
    for key, words in data["types"].items():
        if key not in vocab.support_types:
            raise ActorgraphError(f"extract lexicon: [types]: unknown support type {key!r}")
        support_types[key] = _strings(words, f"[types] {key}")
    lists = dict(data["lists"])
    if lists["kind"] not in vocab.relation_kinds or not set(lists["group_types"]) <= set(vocab.actor_types):
        raise ActorgraphError("extract lexicon: [lists]: unknown relation kind or actor type")
    kinds = data["kinds"]
    symmetric = frozenset(_strings(kinds["symmetric"], "[kinds] symmetric"))
    opposite = dict(kinds["opposite"])
    if not symmetric | set(opposite) | set(opposite.values()) <= set(vocab.relation_kinds):
        raise ActorgraphError("extract lexicon: [kinds]: unknown relation kind")
    return Lexicon(
        triggers=tuple(triggers),
        lists=lists,
        types=support_types,
        hedges=_strings(data["hedges"]["words"], "[hedges]"),
        according_to=_strings(data["hedges"]["according_to"], "[hedges]"),
        negations=_strings(data["negations"]["words"], "[negations]"),
        denials=_strings(data["negations"]["denials"], "[negations]"),
        modality=_strings(data["modality"]["words"], "[modality]"),
        words={k: _strings(v, f"[words] {k}") for k, v in data["words"].items()},
        adjectives={k: _strings(v, f"[adjectives] {k}") for k, v in names["adjectives"].items()},
        places={k: _strings(v, f"[places] {k}") for k, v in names["places"].items()},
        generic={k: _strings(v, f"[generic] {k}") for k, v in names["generic"].items()},
        need_determiner=frozenset(names["generic_rules"]["need_determiner"]),
        heads={k: _strings(v, f"[heads] {k}") for k, v in names["heads"].items()},
        proxies={k: _strings(v, f"[proxies] {k}") for k, v in names["proxies"].items()},
        symmetric=symmetric,
        opposite=opposite,
    )
