"""Mermaid flowcharts of the relations in force, for Markdown pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from actorgraph.ask.questions import RelationRow
from actorgraph.model.dates import Period
from actorgraph.model.vocab import vocabulary
from actorgraph.present.drawing import actors_of, edges, type_styles

__all__ = ["mermaid"]


def _mermaid_text(text: str) -> str:
    # Mermaid entity codes: nothing from the data can close a label, a quoted YAML title or become markup.
    return "".join(ch if ch.isalnum() or ch in " .,:;()/'-_" else f"#{ord(ch)};" for ch in text)


def mermaid(rows: Sequence[RelationRow], period: Period, *, source: str = "", chosen: Iterable[str] = ()) -> str:
    """A Mermaid flowchart of the relations in force; its front matter is valid YAML.

    >>> from actorgraph.ask.questions import all_relations
    >>> g = open_graph()
    >>> rows = [r for r in all_relations(g, 2016, kind="support") if r.subject.id == "russia"]
    >>> print(mermaid(rows, Period.parse(2016)))  # doctest: +ELLIPSIS
    ---
    title: "Alliances and oppositions in force, 2016 (source: claims files)"
    ---
    flowchart LR
      a0["Government of Syria (Assad)"]
      a1["Russia"]
      a1 -->|"support: diplomatic, materiel, weapons, intelligence, training, troops-secondary"| a0
    ...
    """
    actors = actors_of(rows)
    ids = {a.id: f"a{i}" for i, a in enumerate(actors)}
    title = f"Alliances and oppositions in force, {period.label} (source: {source or 'claims files'})"
    lines = ["---", f'title: "{_mermaid_text(title)}"', "---", "flowchart LR"]
    for a in actors:
        lines.append(f'  {ids[a.id]}["{_mermaid_text(a.label)}"]')
    styles = []
    for n, e in enumerate(edges(rows)):
        kind = vocabulary().kind(e.kind)
        directed = not kind.symmetric
        arrow = ("-.->" if directed else "-.-") if e.alleged else ("-->" if directed else "---")
        text = e.kind + (f": {e.label}" if e.label else "") + (" (alleged)" if e.alleged else "")
        lines.append(f'  {ids[e.source.id]} {arrow}|"{_mermaid_text(text)}"| {ids[e.target.id]}')
        styles.append(f"  linkStyle {n} stroke:{kind.colour},stroke-width:2px")
    types = type_styles()
    for key, style in types.items():
        members = [ids[a.id] for a in actors if a.type == key]
        if members:
            name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in key)
            lines.append(f"  classDef {name} fill:{style['colour']},stroke:#333")
            lines.append(f"  class {','.join(members)} {name}")
    for cid in sorted(ids[c] for c in chosen if c in ids):
        lines.append(f"  style {cid} stroke-width:3px")
    return "\n".join(lines + styles) + "\n"
