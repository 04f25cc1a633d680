"""The bundled Syria dataset: every claim sourced, seed quotes verbatim, the report's relations present."""

from __future__ import annotations

from pathlib import Path

import pytest

from actorgraph.ask.questions import RelationRow, all_relations
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


# ------------------------------------------------------------------ sources an editor trusts (issue 13)


def _weak_only_query() -> str:
    """The query docs/data-format.md gives for claims resting only on mirrors, blogs or encyclopedias."""
    import re

    page = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    found = re.search(r"```sparql\n(SELECT \?rel WHERE.*?)```", page, re.S)
    assert found, "docs/data-format.md gives no query for claims on weak sources only"
    return found.group(1)


def test_every_bundled_source_has_a_kind(graph: ActorGraph) -> None:
    rows = graph.select("SELECT ?src WHERE { ?src a ag:Source . FILTER NOT EXISTS { ?src ag:sourceKind ?kind } }")
    assert [row["src"].value for row in rows] == []


def test_nine_in_ten_bundled_sources_are_dated(graph: ActorGraph) -> None:
    every = {row["src"].value for row in graph.select("SELECT ?src WHERE { ?src a ag:Source }")}
    dated = {row["src"].value for row in graph.select("SELECT ?src WHERE { ?src a ag:Source ; dct:date ?date }")}
    assert len(every) > 100
    assert len(dated) / len(every) >= 0.9, sorted(every - dated)


def test_no_relation_rests_only_on_mirrors_blogs_or_encyclopedias_without_a_note(graph: ActorGraph) -> None:
    assert [row["rel"].value for row in graph.select(_weak_only_query())] == []


def test_actors_and_changes_on_weak_sources_only_say_what_was_searched() -> None:
    claims = read_claims(dataset_files())
    kinds = {s.id: s.data.get("kind") for s in claims.sources}
    weak = {"mirror", "blog", "encyclopedia"}
    bare = [
        e.data["id"]
        for e in [*claims.actors, *claims.changes]
        if e.data.get("cite")
        and all(kinds[c["source"]] in weak for c in e.data["cite"])
        and "no original found" not in e.data.get("note", "")
    ]
    assert bare == []


def test_every_mirror_says_what_it_copies() -> None:
    claims = read_claims(dataset_files())
    assert [s.id for s in claims.sources if s.data.get("kind") == "mirror" and not s.data.get("copy_of")] == []


def test_no_relation_starts_before_its_parties_exist() -> None:
    claims = read_claims(dataset_files())
    starts = {a.data["id"]: a.data.get("start") for a in claims.actors}

    def before(x: str, y: str) -> bool:
        n = min(len(x), len(y))
        return x[:n] < y[:n]

    early = [
        (r.data["id"], side)
        for r in claims.relations
        for side in ("actor", "target")
        if r.data.get("start") and starts.get(r.data[side]) and before(r.data["start"], starts[r.data[side]])
    ]
    assert early == []


def _coded(graph: ActorGraph, actor: str, kind: str, target: str) -> list[RelationRow]:
    return [r for r in all_relations(graph, kind=kind) if r.subject.id == actor and r.other.id == target]


def test_nusra_was_designated_once_on_11_december_2012(graph: ActorGraph) -> None:
    designations = [
        r for r in _coded(graph, "united-states", "opposition", "jabhat-al-nusra") if r.mode == "designation"
    ]
    assert [r.start for r in designations] == ["2012-12-11"]


def test_turkey_fights_islamic_state_from_its_first_strikes_of_july_2015(graph: ActorGraph) -> None:
    assert [r.start for r in _coded(graph, "turkey", "opposition", "islamic-state")] == ["2015-07-24"]


def test_russia_fights_islamic_state_from_its_first_confirmed_strike_on_is_held_ground(graph: ActorGraph) -> None:
    assert [r.start for r in _coded(graph, "russia", "opposition", "islamic-state")] == ["2015-10-01"]


@pytest.mark.parametrize("target", ["assad-government", "hezbollah", "iran-linked-groups"])
def test_israels_strikes_in_syria_start_with_the_first_dated_strike_of_2013(graph: ActorGraph, target: str) -> None:
    starts = [r.start for r in _coded(graph, "israel", "opposition", target) if r.start]
    assert starts and min(starts) >= "2013" and "2013-01-30" in starts


def test_israel_fights_iran_from_february_2018(graph: ActorGraph) -> None:
    assert [r.start for r in _coded(graph, "israel", "opposition", "iran")] == ["2018-02"]


def test_nusras_nominal_split_does_not_end_its_al_qaeda_membership(graph: ActorGraph) -> None:
    assert [r.end for r in _coded(graph, "jabhat-al-nusra", "membership", "al-qaeda")] == ["2017-01-28"]


def test_turkey_government_fighting_ends_with_the_moscow_ceasefire(graph: ActorGraph) -> None:
    rows = [
        r for r in _coded(graph, "turkey", "opposition", "assad-government") if r.start and r.start.startswith("2020")
    ]
    assert [r.end for r in rows] == ["2020-03-05"]


def test_irans_2011_support_is_alleged_everywhere(graph: ActorGraph) -> None:
    rows = [r for r in _coded(graph, "iran", "support", "assad-government") if r.start and r.start.startswith("2011")]
    assert rows and {r.certainty for r in rows} == {"alleged"}


def test_troops_are_coded_only_where_a_source_carries_them(graph: ActorGraph) -> None:
    iran = [r for r in _coded(graph, "iran", "support", "assad-government") if "troops-secondary" in r.types]
    assert iran == []
    turkey_sna = {r.start: r.types for r in _coded(graph, "turkey", "support", "sna")}
    assert "troops-secondary" not in turkey_sna["2017"] and turkey_sna["2018-01-20"] == ("troops-secondary",)
    hezbollah = {t for r in _coded(graph, "hezbollah", "support", "assad-government") for t in r.types}
    assert hezbollah == {"troops-secondary"}


def test_caesar_act_sanctions_end_with_the_repeal_not_the_executive_order(graph: ActorGraph) -> None:
    assert [r.end for r in _coded(graph, "united-states", "opposition", "transitional-government")] == ["2025-12"]
