"""The time-aware questions: who backed or opposed whom, read in time, with sources."""

from __future__ import annotations

from datetime import date

import pytest

from actorgraph.ask.questions import all_relations, opponents, profile, relations, resolve, supporters, timeline
from actorgraph.errors import ActorNotInPeriod, AmbiguousActor, UnknownActor
from actorgraph.model.dates import PartialDate, Period
from actorgraph.store.graph import ActorGraph


def labels(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.other.label for row in answer}


def test_who_backed_the_syrian_government_in_2016(graph: ActorGraph) -> None:
    answer = supporters(graph, "Syrian government", 2016)
    assert answer.subject.id == "assad-government"
    assert {"Russia", "Iran", "Hezbollah"} <= labels(answer)
    assert not {"Turkey", "United States"} & labels(answer)
    for row in answer:
        assert row.kind == "support" and not row.outgoing
        assert row.certainty in ("confirmed", "alleged", "disputed")
        assert row.sources and all(c.publisher for c in row.sources)
        assert row.end is not None or row.as_of is not None or not any(c.date for c in row.sources)


def test_in_2025_the_name_means_the_transitional_government_and_iran_is_gone(graph: ActorGraph) -> None:
    answer = supporters(graph, "Syrian government", 2025)
    assert answer.subject.id == "transitional-government"
    assert "Iran" not in labels(answer)


def test_hezbollah_row_shows_both_start_claims(graph: ActorGraph) -> None:
    rows = [r for r in supporters(graph, "Syrian government", 2016) if r.other.id == "hezbollah"]
    starts = {r.start[:4] for r in rows if r.start}
    assert "2015" in starts and starts & {"2012", "2013"}
    by_start = {r.start[:4]: {c.publisher for c in r.sources} for r in rows if r.start}
    assert "Associated Press" in by_start["2015"]
    assert "Associated Press" not in by_start.get("2012", set()) | by_start.get("2013", set())


def test_possibly_during_versus_throughout(graph: ActorGraph) -> None:
    possibly = {r.relation for r in supporters(graph, "assad-government", 2016)}
    throughout = {r.relation for r in supporters(graph, "assad-government", 2016, throughout=True)}
    assert throughout < possibly
    for row in supporters(graph, "assad-government", 2016, throughout=True):
        assert row.start is not None and PartialDate.parse(row.start).last_day <= date(2016, 1, 1)
        if row.end:
            assert PartialDate.parse(row.end).first_day >= date(2016, 12, 31)
        else:
            assert row.as_of is not None and PartialDate.parse(row.as_of).first_day >= date(2016, 12, 31)


def test_a_day_and_a_span(graph: ActorGraph) -> None:
    day = supporters(graph, "assad-government", "2024-11-29")
    assert "Russia" in labels(day)
    kremlin = [r for r in day if r.other.id == "russia" and "diplomatic" in r.types]
    assert any(r.start == r.end == "2024-11-29" for r in kremlin)
    span = supporters(graph, "sdf", Period.between("2015", "2019"))
    assert "United States" in labels(span)


def test_name_resolution_is_case_accent_and_alias_insensitive(graph: ActorGraph) -> None:
    assert resolve(graph, "türkiye").id == "turkey"
    assert resolve(graph, "  HEZBOLLAH ").id == "hezbollah"
    assert resolve(graph, "Jabhat Fateh al-Sham").id == "jabhat-al-nusra"
    assert resolve(graph, "hts").label == "Hayat Tahrir al-Sham"


def test_unknown_names_get_suggestions_and_are_never_pasted_into_sparql(graph: ActorGraph) -> None:
    with pytest.raises(UnknownActor, match="did you mean 'Hezbollah'"):
        resolve(graph, "Hizbolah")
    for hostile in ['x" } ; DROP ALL ; #', "} UNION { ?s ?p ?o }", "#", 'Russia"@en']:
        with pytest.raises(UnknownActor):
            supporters(graph, hostile, 2016)


def test_a_name_two_actors_had_needs_a_date(graph: ActorGraph) -> None:
    with pytest.raises(AmbiguousActor, match="assad-government.*transitional-government"):
        resolve(graph, "Syrian government")


def test_lineage_aware_answer_before_an_actor_existed(graph: ActorGraph) -> None:
    with pytest.raises(ActorNotInPeriod) as err:
        supporters(graph, "HTS", 2015)
    assert "did not exist in 2015" in str(err.value)
    assert err.value.related == ["jabhat-al-nusra"]


def test_opponents_in_both_directions(graph: ActorGraph) -> None:
    answer = opponents(graph, "HTS", 2024)
    assert "Government of Syria (Assad)" in labels(answer)
    assert {r.outgoing for r in answer} == {True, False}
    assert all(r.kind == "opposition" and r.mode for r in answer)


def test_relations_of_every_kind(graph: ActorGraph) -> None:
    kinds = {r.kind for r in relations(graph, "Turkey")}
    assert {"support", "opposition", "agreement"} <= kinds


def test_profile_and_timeline(graph: ActorGraph) -> None:
    prof = profile(graph, "HTS")
    assert prof.actor.start == "2017-01-28"
    assert [a.id for a in prof.predecessors] == ["jabhat-al-nusra"]
    prof, rows = timeline(graph, "Hezbollah")
    starts = [r.start for r in rows if r.start]
    assert starts == sorted(starts)


def test_all_relations_is_the_union_of_every_actors_relations(graph: ActorGraph) -> None:
    every = {r.relation for r in all_relations(graph)}
    per_actor = {r.relation for a in ("assad-government", "hezbollah") for r in relations(graph, a)}
    assert per_actor <= every
    in_2016 = {r.relation for r in all_relations(graph, 2016)}
    assert in_2016 < every
