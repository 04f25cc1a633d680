"""Snapshots, blocs, balance, paths, centrality and diffs, on the bundled data and on a small made-up network."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from actorgraph.ask.analysis import (
    NoPath,
    PathReport,
    balance,
    blocs,
    centrality,
    diff,
    path,
    signed_graph,
    snapshot,
)
from actorgraph.ask.questions import all_relations, supporters
from actorgraph.model.dates import Period
from actorgraph.store.graph import ActorGraph, open_graph

# A made-up network with a known answer: two camps (a, b) and (c, d) that oppose each other,
# e opposing both camps, and f related to nobody in 2020. One disputed claim (a opposes b)
# must not count unless asked for.
TOY = """
[[source]]
id = "s1"
publisher = "Test"
title = "Test source"
url = "https://example.org/s1"
date = "2021"

[[actor]]
id = "a"
label = "Alpha"
type = "state"
[[actor]]
id = "b"
label = "Beta"
type = "state"
[[actor]]
id = "c"
label = "Gamma"
type = "state"
[[actor]]
id = "d"
label = "Delta"
type = "state"
[[actor]]
id = "e"
label = "Epsilon"
type = "armed-group"
[[actor]]
id = "f"
label = "Phi"
type = "armed-group"
"""


def _relation(ident: str, kind: str, actor: str, target: str, certainty: str = "confirmed") -> str:
    mode = 'mode = "fighting"\n' if kind == "opposition" else ""
    return (
        f'\n[[relation]]\nid = "{ident}"\nkind = "{kind}"\n{mode}actor = "{actor}"\ntarget = "{target}"\n'
        f'start = "2020"\nend = "2020"\ncertainty = "{certainty}"\n'
        f'[[relation.cite]]\nsource = "s1"\nquote = "{ident}"\n'
    )


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> ActorGraph:
    text = TOY
    text += _relation("a-supports-b", "support", "a", "b")
    text += _relation("c-supports-d", "support", "c", "d")
    text += _relation("a-opposes-c", "opposition", "a", "c")
    text += _relation("b-opposes-d", "opposition", "b", "d")
    text += _relation("e-opposes-a", "opposition", "e", "a")
    text += _relation("e-opposes-c", "opposition", "e", "c")
    text += _relation("a-opposes-b-disputed", "opposition", "a", "b", "disputed")
    path = tmp_path_factory.mktemp("toy") / "toy.toml"
    path.write_text(text, encoding="utf-8")
    return open_graph([path], bundled=False)


# ---------------------------------------------------------------------------- snapshot


def test_snapshot_has_one_edge_per_relation_node(graph: ActorGraph) -> None:
    snap = snapshot(graph, 2016)
    rows = {r.relation: r for r in all_relations(graph, 2016)}
    keys = {k for _, _, k in snap.edges(keys=True)}
    assert keys | set(snap.graph["outside_lifespan"]) == set(rows)
    assert not keys & set(snap.graph["outside_lifespan"])
    for u, v, k, data in snap.edges(keys=True, data=True):
        row = rows[k]
        assert (u, v) == (row.subject.id, row.other.id)
        assert (data["kind"], data["start"], data["end"], data["certainty"]) == (
            row.kind,
            row.start,
            row.end,
            row.certainty,
        )
        assert data["sources"] == row.sources


def test_snapshot_leaves_out_actors_that_did_not_exist(graph: ActorGraph) -> None:
    assert "transitional-government" not in snapshot(graph, 2016)
    assert "assad-government" not in snapshot(graph, 2025)
    assert "assad-government" in snapshot(graph, 2024)


def test_signed_view_marks_pairs_with_both_signs_ambivalent(graph: ActorGraph) -> None:
    signed = signed_graph(snapshot(graph, 2024))
    tie = signed["hezbollah"]["israel"]["tie"]
    assert {r.kind for r in tie.relations} >= {"opposition", "agreement"}
    assert tie.sign == 0


def test_signed_view_leaves_disputed_claims_out_by_default(toy: ActorGraph) -> None:
    snap = snapshot(toy, 2020)
    assert signed_graph(snap)["a"]["b"]["sign"] == 1
    assert signed_graph(snap, include_disputed=True)["a"]["b"]["sign"] == 0


# ---------------------------------------------------------------------------- blocs


def test_blocs_2016_put_assad_allies_together_and_turkey_with_the_opposition(graph: ActorGraph) -> None:
    b = blocs(graph, 2016)
    assad = b.camp_of("assad-government")
    assert assad >= 0
    assert all(b.camp_of(a) == assad for a in ("russia", "iran", "hezbollah"))
    assert b.camp_of("turkey") == b.camp_of("syrian-opposition") != assad


def test_blocs_fit_measure_counts_the_ties_the_camps_break(graph: ActorGraph) -> None:
    b = blocs(graph, 2016)
    for tie in b.frustrated:
        same = b.camp_of(tie.a.id) == b.camp_of(tie.b.id)
        assert (tie.sign > 0 and not same) or (tie.sign < 0 and same)
    for tie in b.crossing:
        assert tie.sign < 0 and b.camp_of(tie.a.id) != b.camp_of(tie.b.id)
    assert b.satisfied == pytest.approx(1 - b.frustration / b.signed_pairs)
    assert b.exact


def test_blocs_on_a_known_network(toy: ActorGraph) -> None:
    b = blocs(toy, 2020)
    camps = sorted(sorted(a.id for a in camp) for camp in b.camps)
    assert camps == [["a", "b"], ["c", "d"], ["e"]]
    assert b.frustration == 0 and b.satisfied == 1.0


def test_two_camp_balance_has_at_most_two_camps(graph: ActorGraph) -> None:
    free, two = blocs(graph, 2016), blocs(graph, 2016, max_camps=2)
    assert len(two.camps) <= 2
    assert two.frustration >= free.frustration


# ---------------------------------------------------------------------------- balance


def test_balance_classifies_each_sourced_triad_by_its_signs(graph: ActorGraph) -> None:
    report = balance(graph, 2016)
    signed = signed_graph(snapshot(graph, 2016))
    assert report.balanced and report.unbalanced
    for triad in (*report.balanced, *report.unbalanced):
        a, b, c = (x.id for x in triad.actors)
        signs = [signed[x][y]["sign"] for x, y in ((a, b), (a, c), (b, c))]
        assert 0 not in signs
        assert triad.balanced == (signs[0] * signs[1] * signs[2] > 0)
        assert triad in report.balanced if triad.balanced else triad in report.unbalanced


def test_inferred_ties_are_labelled_and_never_sourced(graph: ActorGraph) -> None:
    report = balance(graph, 2016)
    signed = signed_graph(snapshot(graph, 2016))
    assert report.inferred
    triad_sets = {frozenset(a.id for a in t.actors) for t in (*report.balanced, *report.unbalanced)}
    for tie in report.inferred:
        assert tie.inferred
        assert not signed.has_edge(tie.a.id, tie.b.id)
        assert frozenset((tie.a.id, tie.b.id, tie.via.id)) not in triad_sets
        assert tie.sign == tie.through[0].sign * tie.through[1].sign


def test_balance_on_a_known_network(toy: ActorGraph) -> None:
    report = balance(toy, 2020)
    assert report.balanced == ()
    assert [sorted(a.id for a in t.actors) for t in report.unbalanced] == [["a", "c", "e"]]
    assert report.unbalanced[0].reading == "all three are enemies"
    predicted = {(t.a.id, t.b.id): t.sign for t in report.inferred}
    assert predicted[("a", "d")] == -1  # a's enemy c supports d
    assert predicted[("b", "c")] == -1


# ---------------------------------------------------------------------------- path


def test_path_steps_chain_from_one_actor_to_the_other(graph: ActorGraph) -> None:
    report = path(graph, "Turkey", "Hezbollah", 2016)
    for steps in (report.shortest, report.strongest):
        assert steps[0].source.id == "turkey" and steps[-1].target.id == "hezbollah"
        for first, second in itertools.pairwise(steps):
            assert first.target == second.source
        for step in steps:
            assert {step.relation.subject.id, step.relation.other.id} == {step.source.id, step.target.id}
    assert len(report.shortest) <= len(report.strongest)


def test_path_sign_is_the_product_of_the_steps(toy: ActorGraph) -> None:
    report = path(toy, "Beta", "Gamma", 2020)
    assert [s.target.id for s in report.shortest] in (["a", "c"], ["d", "c"])
    assert PathReport.sign(report.shortest) == -1


def test_no_path_is_an_error_naming_both_actors(toy: ActorGraph) -> None:
    with pytest.raises(NoPath, match="Phi"):
        path(toy, "Alpha", "Phi", 2020)


# ---------------------------------------------------------------------------- centrality


def test_centrality_in_degree_counts_distinct_supporters(graph: ActorGraph) -> None:
    rows = {r.actor.id: r for r in centrality(graph, 2016)}
    backers = {r.other.id for r in supporters(graph, "assad-government", 2016)}
    assert rows["assad-government"].in_degree == len(backers)
    assert max(rows.values(), key=lambda r: r.in_degree).actor.id == "syrian-opposition"


def test_centrality_sorts_by_the_measure_named(graph: ActorGraph) -> None:
    rows = centrality(graph, 2016, by="pagerank")
    assert [r.pagerank for r in rows] == sorted((r.pagerank for r in rows), reverse=True)


# ---------------------------------------------------------------------------- diff


def test_diff_2016_2025_lists_the_end_of_russian_and_iranian_support(graph: ActorGraph) -> None:
    result = diff(graph, 2016, 2025)
    ended = {(c.subject.id, c.other.id): c for c in result.of("ended")}
    for backer in ("russia", "iran"):
        change = ended[backer, "assad-government"]
        assert "support" in change.what
        assert change.sources, "an ended relation must come with its sources"
        assert change.when is not None and Period.parse(change.when).first > Period.parse("2016").last
        assert change.reason and "ceased to exist" in change.reason


def test_diff_lists_new_pairs_and_changed_types(graph: ActorGraph) -> None:
    result = diff(graph, 2016, 2025)
    began = {(c.subject.id, c.other.id) for c in result.of("began")}
    assert ("turkey", "transitional-government") in began
    for change in result.of("changed"):
        assert change.before and change.after
        assert change.what.split(" -> ")[0] != change.what.split(" -> ")[1]


# ---------------------------------------------------------------------------- CLI


def test_cli_snapshot(run) -> None:  # type: ignore[no-untyped-def]
    result = run("snapshot", "--year", "2016", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"russia", "assad-government"} <= {n["id"] for n in data["nodes"]}
    assert any(e["from"] == "russia" and e["to"] == "assad-government" for e in data["edges"])


def test_cli_blocs(run) -> None:  # type: ignore[no-untyped-def]
    result = run("blocs", "--in", "2016")
    assert result.exit_code == 0, result.output
    camps = re.findall(r"^  \d+\. (.*(?:\n    .*)*)", result.output, re.M)  # a camp wraps under its first line
    camp = next(" ".join(c.split()) for c in camps if "Russia" in c)
    assert "Iran," in camp and "Hezbollah" in camp and "Government of Syria (Assad)" in camp
    assert "Turkey" not in camp
    assert "frustration index" in result.output


def test_cli_balance(run) -> None:  # type: ignore[no-untyped-def]
    result = run("balance", "--year", "2016", "--format", "csv")
    assert result.exit_code == 0, result.output
    statuses = {line.split(",")[0] for line in result.output.splitlines()[1:]}
    assert statuses == {"balanced", "unbalanced", "inferred"}


def test_cli_path(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "Turkey", "Russia", "--year", "2016")
    assert result.exit_code == 0, result.output
    assert "Shortest" in result.output and "Strongest" in result.output


def test_cli_path_unknown_actor_is_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "Turkey", "Atlantis", "--year", "2016")
    assert result.exit_code == 1
    assert "unknown actor 'Atlantis'" in result.output and "Traceback" not in result.output


def test_cli_centrality(run) -> None:  # type: ignore[no-untyped-def]
    result = run("centrality", "--year", "2016", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "actor_id,actor,in_degree,out_degree,degree,pagerank,betweenness"
    assert lines[1].startswith("syrian-opposition,")


def test_cli_diff(run) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", "2016", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    russia = next(
        c for c in changes if (c["actor"], c["other"], c["change"]) == ("russia", "assad-government", "ended")
    )
    assert russia["sources"] and all(s["publisher"] for s in russia["sources"])
    table = run("diff", "2016", "2025")
    assert "ENDED" in table.output and "BEGAN" in table.output


def test_cli_blocs_with_claims_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    claims = tmp_path / "toy.toml"
    claims.write_text(TOY + _relation("a-supports-b", "support", "a", "b"), encoding="utf-8")
    result = run("blocs", "--year", "2020", "--no-bundled", "--data", str(claims), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.output.splitlines()[1:]]
    assert {r[0] for r in rows} == {"a", "b"} and len({r[2] for r in rows}) == 1


def test_diff_reads_a_lifting_as_an_end(run) -> None:  # type: ignore[no-untyped-def]
    """The EU's sanctions on the transitional government were lifted in May 2025: an end, not a beginning."""
    result = run("diff", "2023", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    eu = [
        c
        for c in json.loads(result.stdout)["changes"]
        if c["actor"] == "european-union" and c["other"] == "transitional-government"
    ]
    assert [(c["change"], c["when"]) for c in eu] == [("ended", "2025-05-28")]


def test_diff_bounds_an_undated_change_by_the_actor_whose_lifespan_ends_or_begins_it(run) -> None:  # type: ignore[no-untyped-def]
    """A relation still reported in 2017 ended by the Assad government's end; one with the transitional government
    began no earlier than its start: a reader sees that, not a bare '?'."""
    result = run("diff", "2016", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    whens = {(c["actor"], c["other"]): c["when"] for c in json.loads(result.stdout)["changes"]}
    assert whens["china", "assad-government"] == "by 2024-12-08"
    assert whens["russia", "transitional-government"] == "not before 2024-12-10"
