"""SPARQL as text: a query's form, whether it updates, the endpoints it names, prefixes, errors in one line."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from actorgraph.errors import QueryError

__all__ = [
    "ServiceRefused",
    "is_update",
    "prologue",
    "query_form",
    "refuse_service",
    "service_targets",
    "syntax_error_line",
]

# One token of SPARQL's lexical grammar, enough to tell a keyword from the same letters inside a
# string, an IRI, a prefixed name, a variable or a comment (Oxigraph reads no \u escapes in keywords).
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
               |"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_PREFIX_DECL = re.compile(r"PREFIX\s+([^\W\d][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


class ServiceRefused(QueryError):
    """A query with a SERVICE clause aimed at a host nobody allowed."""


def _tokens(query: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, match.group()


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form (empty if none is found).

    >>> query_form('PREFIX x: <http://e/select> # ASK\\nconstruct { ?s ?p "SELECT" } WHERE { ?s ?p ?o }')
    'CONSTRUCT'
    """
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    return next((t.upper() for k, t in _tokens(query) if k == "word" and t.upper() in forms), "")


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def is_update(query: str) -> bool:
    """Whether SPARQL text is an update (INSERT, DELETE, LOAD, ...) rather than a query.

    >>> is_update("PREFIX ex: <http://e/> # note\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update('SELECT * WHERE { ?s ?p "INSERT" }')
    False
    """
    words = (t.upper() for k, t in _tokens(query) if k == "word" and t.upper() not in ("PREFIX", "BASE"))
    return next(words, "") in _UPDATE_WORDS


def service_targets(query: str) -> list[str | None]:
    """The endpoints a query's SERVICE clauses name: an IRI, or None where a variable names it.

    >>> service_targets('SELECT * WHERE { SERVICE SILENT <http://a.example/sparql> { ?s ?p "SERVICE <x>" } }')
    ['http://a.example/sparql']
    >>> service_targets("PREFIX e: <http://b.example/> SELECT * WHERE { ?s e:service ?o . service e:q {} }")
    ['http://b.example/q']
    >>> service_targets("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }")
    [None]
    """
    prefixes = {name or "": iri for name, iri in _PREFIX_DECL.findall(query)}
    found: list[str | None] = []
    tokens = list(_tokens(query))
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "SERVICE":
            continue
        rest = tokens[i + 1 : i + 3]
        if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
            rest = rest[1:]
        if not rest:
            found.append(None)
            continue
        kind, target = rest[0]
        if kind == "iri":
            found.append(target[1:-1])
        elif kind == "pname":
            prefix, _, local = target.partition(":")
            found.append(prefixes[prefix] + local if prefix in prefixes else None)
        else:
            found.append(None)
    return found


def refuse_service(query: str, allowed: Iterable[str] = ()) -> None:
    """Raise ServiceRefused unless every SERVICE clause names an http(s) endpoint on an allowed host.

    >>> refuse_service("SELECT * WHERE { ?s ?p ?o }")
    >>> refuse_service("SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    actorgraph.model.sparql.ServiceRefused: SERVICE <http://127.0.0.1:7878/query> refused: federated queries are off
    >>> refuse_service("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> {} }", ["query.wikidata.org"])
    """
    hosts = {host.strip().lower() for host in allowed if host.strip()}
    for target in service_targets(query):
        if target is None:
            raise ServiceRefused("SERVICE with a variable endpoint refused: name the endpoint with an IRI")
        parts = urlsplit(target)
        try:
            host = (parts.hostname or "").lower()
        except ValueError:
            host = ""
        if parts.scheme not in ("http", "https") or host not in hosts:
            why = "federated queries are off" if not hosts else f"only {', '.join(sorted(hosts))} may be asked"
            raise ServiceRefused(f"SERVICE <{target}> refused: {why}")


def prologue(prefixes: dict[str, str]) -> str:
    """The prefixes as one line of PREFIX declarations, put before a query (errors then count from line 2).

    >>> prologue({"ag": "https://w3id.org/actorgraph/ns#"})
    'PREFIX ag: <https://w3id.org/actorgraph/ns#>\\n'
    """
    return " ".join(f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items()) + "\n"


_AT = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)


def syntax_error_line(message: str, query: str, shift: int = 0, most: int = 6) -> str:
    """Oxigraph's parser message as one readable line: where, what is there, and a few things expected.

    ``shift`` is the number of lines put before the user's query (its prologue).

    >>> syntax_error_line("error at 2:36: expected one of HAVING, OFFSET, OPTIONAL, VALUES, ['0'..='9']",
    ...                   "SELECT ?x WHERE { ?x ?y ?z } LIMIT x", shift=1)
    "SPARQL syntax error at line 1, column 36 (at 'x'): expected one of HAVING, OFFSET, OPTIONAL, VALUES"
    """
    first = message.strip().splitlines()[0] if message.strip() else "syntax error"
    match = _AT.match(first)
    if not match:
        return "SPARQL syntax error: " + first[:200]
    line, column = int(match.group(1)) - shift, int(match.group(2))
    expected = [e.strip() for e in re.split(r",\s*(?![^\[]*\])", match.group(3)) if e.strip()]
    # grammar character classes ("['0'..='9']", "[_]") tell a person nothing: keep the words
    words = [e for e in expected if not e.startswith("[")] or expected
    more = len(words) - most
    listed = ("one of " if len(words) > 1 else "") + ", ".join(words[:most]) + (f" or {more} more" if more > 0 else "")
    lines = query.splitlines() or [""]
    text = lines[line - 1][max(column - 1, 0) :] if 0 < line <= len(lines) else ""
    near = f" (at {text[:30]!r})" if text.strip() else " (at the end)"
    if line < 1:
        return f"SPARQL syntax error in the declared prefixes: {listed}"[:300]
    return f"SPARQL syntax error at line {line}, column {column}{near}: expected {listed}"[:300]
