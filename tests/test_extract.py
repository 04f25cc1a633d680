"""actorgraph extract on made-up sentences: each pattern, hedge, negation and date form."""

from __future__ import annotations

import pytest

from actorgraph.ask.questions import all_relations
from actorgraph.extract import extract
from actorgraph.store.graph import ActorGraph

pytest.importorskip("spacy")

DATE = "2024-11-29"  # a Friday


def triples(graph: ActorGraph, text: str, date: str = DATE) -> set[tuple[str, str, str]]:
    return {(c.actor_id, c.relation, c.target_id) for c in extract(text, date, graph)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia backed Hezbollah.", ("russia", "support", "hezbollah")),
        ("Hezbollah, backed by Iran, sent fighters.", ("iran", "support", "hezbollah")),
        ("Hezbollah was backed by Iran.", ("iran", "support", "hezbollah")),
        ("Turkish-backed rebels advanced.", ("turkey", "support", "syrian-opposition")),
        ("Turkey's support for the rebels grew.", ("turkey", "support", "syrian-opposition")),
        ("Russia, a key ally of Iran, said nothing.", ("russia", "support", "iran")),
        ("Iran, Hezbollah's main backer, said nothing.", ("iran", "support", "hezbollah")),
        ("Israel struck Hezbollah.", ("israel", "opposition", "hezbollah")),
        ("Israeli airstrikes on Hezbollah continued.", ("israel", "opposition", "hezbollah")),
        ("Hezbollah was attacked by Israel.", ("israel", "opposition", "hezbollah")),
        ("The United States sanctioned Hezbollah.", ("united-states", "opposition", "hezbollah")),
        ("Israel and Hezbollah agreed a ceasefire.", ("israel", "agreement", "hezbollah")),
        ("The truce between Israel and Hezbollah held.", ("israel", "agreement", "hezbollah")),
        ("Iran-linked groups, including Hezbollah, mobilised.", ("hezbollah", "membership", "iran-linked-groups")),
        ("Opposition factions, led by HTS, advanced.", ("hts", "leadership", "syrian-opposition")),
        ("The United States armed the SDF.", ("united-states", "support", "sdf")),
        ("Russia and Iran helped the Syrian government.", ("iran", "support", "assad-government")),
    ],
)
def test_each_pattern_proposes_its_claim(graph: ActorGraph, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(graph, text)


def test_the_word_for_the_pattern_gives_mode_and_types(graph: ActorGraph) -> None:
    found = extract("The United States armed the SDF. The EU sanctioned Hezbollah.", DATE, graph)
    by_target = {c.target_id: c for c in found}
    assert by_target["sdf"].types == ("weapons",)
    assert by_target["hezbollah"].mode == "sanctions"


@pytest.mark.parametrize(
    "hedge",
    [
        "Iran reportedly armed Hezbollah.",
        "Iran allegedly armed Hezbollah.",
        "Israel accused Iran of arming Hezbollah.",
        "Iran armed Hezbollah, according to activists.",
    ],
)
def test_hedges_make_a_claim_alleged(graph: ActorGraph, hedge: str) -> None:
    found = [c for c in extract(hedge, DATE, graph) if (c.actor_id, c.target_id) == ("iran", "hezbollah")]
    assert [c.certainty for c in found] == ["alleged"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Turkey has not backed the YPG.", "negated"),
        ("Turkey never backed the YPG.", "negated"),
        ("Turkey denied supporting the YPG.", "denied"),
        ("No one believes that Turkey backed the YPG.", "denied"),
        ("There is no evidence that Turkey armed the YPG.", "denied"),
        ("It is not true that Turkey supported the YPG.", "denied"),
        ("Turkey threatened to attack the YPG.", "not stated as fact"),
    ],
)
def test_negations_are_never_proposed(graph: ActorGraph, text: str, reason: str) -> None:
    found = extract(text, DATE, graph)
    assert list(found) == []
    assert [r.reason.split(" (")[0] for r in found.rejected] == [reason]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Russia backed the Syrian government in 2016.", "2016", "2016"),
        ("Hezbollah has backed the Syrian government since 2015.", "2015", None),
        ("Israel struck Hezbollah on Wednesday.", "2024-11-27", "2024-11-27"),
        ("Israel struck Hezbollah in March.", "2024-03", "2024-03"),
        ("Israel struck Hezbollah last year.", "2023", "2023"),
        ("Israel struck Hezbollah on 3 October 2023.", "2023-10-03", "2023-10-03"),
        ("Israel launched an offensive against Hezbollah on Monday.", "2024-11-25", None),
        ("Israel struck Hezbollah.", None, None),
    ],
)
def test_dates_resolve_against_the_report_date(
    graph: ActorGraph, text: str, start: str | None, end: str | None
) -> None:
    (found,) = extract(text, DATE, graph)
    assert (found.start, found.end) == (start, end)


def test_names_are_read_as_of_the_date(graph: ActorGraph) -> None:
    assert ("russia", "support", "assad-government") in triples(
        graph, "Russia backed the Syrian government.", "2016-05-01"
    )
    text = "Turkey backed the Syrian government."
    assert ("turkey", "support", "transitional-government") in triples(graph, text, "2025-03-01")
    # a date in the sentence decides, not the report's: the 2016 government of a 2025 report
    assert ("russia", "support", "assad-government") in triples(
        graph, "Russia backed the Syrian government in 2016.", "2025-03-01"
    )


def test_adjectives_and_possessives_name_actors(graph: ActorGraph) -> None:
    text = "Russian jets struck Syrian Kurdish forces. Syria's armed forces attacked the rebels."
    assert triples(graph, text, "2017-06-01") == {
        ("russia", "opposition", "sdf"),
        ("assad-government", "opposition", "syrian-opposition"),
    }


def test_unknown_names_are_listed_not_invented(graph: ActorGraph) -> None:
    found = extract("The Wagner Group fought Syrian rebels.", DATE, graph)
    assert list(found) == []
    assert [u.name for u in found.unknown] == ["The Wagner Group"]


def test_quotes_are_sentences_of_the_input_verbatim(graph: ActorGraph) -> None:
    text = "Headline without a stop\n\nRussia backed Hezbollah in 2016.  Israel’s jets struck Hezbollah on Friday."
    found = extract(text, DATE, graph)
    assert len(found) == 2
    for c in found:
        assert c.quote in text
        assert text[c.offset : c.offset + len(c.quote)] == c.quote
    assert [c.quote for c in found] == ["Russia backed Hezbollah in 2016.", "Israel’s jets struck Hezbollah on Friday."]


def test_status_against_the_graph(graph: ActorGraph) -> None:
    found = {
        c.target_id: c
        for c in extract("Hezbollah has backed the Syrian government since 2015. Israel backed Hezbollah.", DATE, graph)
    }
    assert found["assad-government"].status.kind == "corroborates"
    assert found["assad-government"].status.relation == "report-hezbollah-supports-assad-government-since-2015"
    assert str(found["hezbollah"].status).startswith("contradicts ")


def test_candidate_ids_are_unique_and_new(graph: ActorGraph) -> None:
    found = extract("Russia backed Iran. Russia backed Iran in 2016.", DATE, graph)
    ids = [c.id for c in found]
    assert len(set(ids)) == 2
    assert not set(ids) & {r.relation for r in all_relations(graph)}
