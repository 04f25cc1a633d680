"""The bundled Syria dataset: every claim sourced, seed quotes verbatim, the report's relations present."""

from __future__ import annotations

from pathlib import Path

import pytest

from actorgraph.ask.questions import all_relations
from actorgraph.model.resources import dataset_files
from actorgraph.sources.claims import check, read_claims
from actorgraph.store.graph import ActorGraph

SEED_SOURCE = "ap-2024-11-29-aleppo"


@pytest.fixture(scope="module")
def seed_text(shared: Path) -> str:
    return (shared / "seed" / "000_f723742bf43aabc7.txt").read_text(encoding="utf-8")


def test_bundled_claims_pass_every_check(shared: Path) -> None:
    assert check(read_claims(dataset_files()), [shared]) == []


def test_every_seed_quote_is_verbatim(graph: ActorGraph, seed_text: str) -> None:
    quotes = [
        row["quote"].value
        for row in graph.select(
            "SELECT ?quote ?src WHERE { ?c ag:quote ?quote ; prov:entity ?src }",
        )
        if row["src"].value.endswith("/" + SEED_SOURCE)
    ]
    assert len(quotes) >= 20
    missing = [q for q in quotes if q not in seed_text]
    assert missing == []


def test_every_relation_has_a_dated_quoted_source(graph: ActorGraph) -> None:
    rows = all_relations(graph)
    assert len(rows) > 80
    for row in rows:
        assert row.sources, f"{row.relation} has no source"
        for cite in row.sources:
            assert cite.quote, f"{row.relation}: citation of {cite.source} has no quote"
            assert cite.publisher and cite.title and cite.url, f"{row.relation}: source {cite.source} lacks a field"


def _claims(graph: ActorGraph, actor: str, kind: str, target: str) -> list[tuple[str | None, str | None, str]]:
    return [
        (r.start, r.end, " ".join(c.quote or "" for c in r.sources))
        for r in all_relations(graph, kind=kind)
        if r.subject.id == actor and r.other.id == target and any(c.source == SEED_SOURCE for c in r.sources)
    ]


@pytest.mark.parametrize(
    ("actor", "kind", "target", "start", "end", "words"),
    [
        ("russia", "support", "assad-government", "2016", "2016", "backed by Russia, Iran and its allied groups"),
        ("iran", "support", "assad-government", "2016", "2016", "backed by Russia, Iran and its allied groups"),
        ("iran-linked-groups", "support", "assad-government", "2016", "2016", "Iran and its allied groups"),
        ("hezbollah", "support", "assad-government", "2015", None, "since 2015"),
        ("turkey", "support", "syrian-opposition", None, None, "Turkey, which has backed Syrian opposition groups"),
        ("turkey", "support", "syrian-opposition", None, None, "sending troops into parts of the northwest"),
        ("united-states", "support", "sdf", None, None, "supported Syrian Kurdish forces fighting Islamic State"),
        ("sdf", "opposition", "islamic-state", None, None, "fighting Islamic State militants"),
        ("hts", "opposition", "assad-government", "2024-11-27", None, "led by Hayat Tahrir al-Sham"),
        ("syrian-opposition", "opposition", "assad-government", "2024-11-27", None, "Insurgents breached"),
        ("israel", "opposition", "hezbollah", None, None, "Hezbollah’s war with Israel"),
        ("israel", "agreement", "hezbollah", "2024-11-27", None, "A cease-fire in Hezbollah’s war with Israel"),
        ("israel", "opposition", "iran-linked-groups", None, None, "during the last 70 days"),
        ("russia", "agreement", "turkey", "2019", None, "2019 agreement sponsored by Russia, Turkey and Iran"),
        ("russia", "agreement", "iran", "2019", None, "2019 agreement sponsored by Russia, Turkey and Iran"),
        ("turkey", "agreement", "iran", "2019", None, "2019 agreement sponsored by Russia, Turkey and Iran"),
        ("russia", "support", "assad-government", "2024-11-29", "2024-11-29", "the Kremlin said"),
    ],
)
def test_report_relation_is_in_the_data(
    graph: ActorGraph, actor: str, kind: str, target: str, start: str | None, end: str | None, words: str
) -> None:
    claims = _claims(graph, actor, kind, target)
    assert any(s == start and e == end and words in q for s, e, q in claims), claims


def test_hezbollah_disagreement_keeps_both_claims(graph: ActorGraph) -> None:
    starts = {
        (r.start, c.source)
        for r in all_relations(graph, kind="support")
        if r.subject.id == "hezbollah" and r.other.id == "assad-government"
        for c in r.sources
    }
    assert ("2015", SEED_SOURCE) in starts
    earlier = {source for start, source in starts if start and start[:4] in ("2012", "2013")}
    assert earlier and SEED_SOURCE not in earlier


def test_the_fall_of_the_government_ends_its_backers_support(graph: ActorGraph) -> None:
    ends = {
        r.subject.id: r.end
        for r in all_relations(graph, kind="support")
        if r.other.id == "assad-government" and r.end and r.end.startswith("2024-12")
    }
    assert {"russia", "iran"} <= set(ends)


def test_identity_over_time(graph: ActorGraph) -> None:
    from actorgraph.ask.questions import profile

    nusra = profile(graph, "Jabhat al-Nusra")
    assert "Jabhat Fateh al-Sham" in nusra.actor.aliases
    renames = [c for c in nusra.changes if c.kind == "rename"]
    assert renames and renames[0].date == "2016-07-28" and renames[0].new_name == "Jabhat Fateh al-Sham"
    mergers = [c for c in nusra.changes if c.kind == "merger"]
    assert mergers and mergers[0].date == "2017-01-28" and [a.id for a in mergers[0].resulting] == ["hts"]
    assad = profile(graph, "assad-government")
    assert assad.actor.end == "2024-12-08"
    assert [a.id for a in assad.successors] == ["transitional-government"]
