"""Compact JSON-LD: Oxigraph's expanded output rewritten with an ``@context`` of the ontology's prefixes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["compact"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def compact(expanded: bytes, prefixes: Mapping[str, str]) -> bytes:
    """Expanded JSON-LD as a compact document: ``@context`` of prefixes, IRIs as CURIEs, ``@type`` for rdf:type.

    Only IRIs are shortened (keys, ``@id``, ``@type``), so the document stands for the same
    statements; its nodes are sorted by ``@id`` so that output is stable.

    >>> doc = (b'[{"@id":"https://w3id.org/actorgraph/actor/hts",'
    ...     b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#type":[{"@id":"https://w3id.org/actorgraph/ns#ArmedGroup"}]}]')
    >>> spaces = {"ag": "https://w3id.org/actorgraph/ns#", "actor": "https://w3id.org/actorgraph/actor/"}
    >>> print(compact(doc, spaces).decode())
    {"@context": {"actor": "https://w3id.org/actorgraph/actor/", "ag": "https://w3id.org/actorgraph/ns#"},
     "@graph": [{"@id": "actor:hts", "@type": ["ag:ArmedGroup"]}]}
    """
    # longest namespace first, so that a namespace inside another one wins
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def iri(value: str) -> str:
        for prefix, namespace in spaces:
            rest = value[len(namespace) :]
            if value.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return value

    def node(item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in item.items():
            if key == "@id":
                out[key] = iri(value)
            elif key == "@graph":
                out[key] = sorted((node(n) for n in value), key=_order)
            elif key == _RDF_TYPE and all(set(v) == {"@id"} for v in value):
                out["@type"] = [iri(v["@id"]) for v in value]
            elif key.startswith("@"):
                out[key] = value
            else:
                out[iri(key)] = [_value(v, iri) for v in value]
        return out

    nodes = sorted((node(n) for n in json.loads(expanded)), key=_order)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, sort_keys=False).encode("utf-8")


def _value(value: dict[str, Any], iri: Any) -> dict[str, Any]:
    if "@id" in value:
        return {**value, "@id": iri(value["@id"])}
    if "@type" in value:
        return {**value, "@type": iri(value["@type"])}
    return value


def _order(item: dict[str, Any]) -> str:
    return str(item.get("@id", ""))
