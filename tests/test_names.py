"""The names people use: a leader's name while they led, a loose name that lists its actors, an empty answer."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from actorgraph.ask.questions import resolve, supporters, tenures
from actorgraph.cli import cli
from actorgraph.errors import ActorNotInPeriod
from actorgraph.model.dates import Period
from actorgraph.store.graph import open_graph

SOURCE = '[[source]]\nid = "notes"\npublisher = "Me"\ntitle = "Notes"\nurl = "https://example.org/notes"\n\n'
ALPHA = '[[actor]]\nid = "alpha"\nlabel = "Alpha Front"\ntype = "armed-group"\nstart = "2010"\n\n'


def ask(*args: str) -> Result:
    """Run the real command, wide enough that no note is wrapped."""
    return CliRunner().invoke(cli, list(args), prog_name="actorgraph", env={"COLUMNS": "300"})


def one_line_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {message}\n"
    assert "Traceback" not in result.output


def backers(out: str) -> set[str]:
    """The ACTOR column of an answer's table."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("ACTOR "))
    return {re.split(r"\s{2,}", line.strip())[0] for line in lines[start + 1 : lines.index("", start)]}


def test_a_leaders_name_asks_about_what_they_led_then() -> None:
    result = ask("who-backed", "Bashar al-Assad", "--in", "2016")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Who backed Government of Syria (Assad), possibly during 2016:"
    assert lines[1] == (
        "('Bashar al-Assad' read as Government of Syria (Assad) [assad-government] for 2016, "
        "which Bashar al-Assad led from 2000 to 2024-12-08)"
    )
    assert {"Russia", "Iran", "Hezbollah"} <= backers(result.stdout)
    assert backers(result.stdout) == backers(ask("who-backed", "Assad", "--in", "2016").stdout)


def test_a_leaders_name_at_a_time_they_led_nothing_is_a_one_line_error() -> None:
    one_line_error(
        ask("who-backed", "Bashar al-Assad", "--in", "2025"),
        "'Bashar al-Assad' led Government of Syria (Assad) [assad-government] from 2000 to 2024-12-08, not during 2025",
    )


def test_a_leaders_name_over_all_time_asks_about_their_tenure() -> None:
    result = ask("who-backed", "bashar al-assad")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Who backed Government of Syria (Assad), possibly during 2000 to 2024-12-08:"
    assert lines[1] == (
        "('bashar al-assad' read as Government of Syria (Assad) [assad-government] "
        "while Bashar al-Assad led it, from 2000 to 2024-12-08)"
    )


def test_the_father_led_the_same_government_before() -> None:
    result = ask("who-backed", "Hafez al-Assad", "--in", "1990")
    assert result.exit_code == 0, result.output
    assert "which Hafez al-Assad led from 1971 to 2000" in result.stdout
    one_line_error(
        ask("who-backed", "Hafez al-Assad", "--in", "2016"),
        "'Hafez al-Assad' led Government of Syria (Assad) [assad-government] from 1971 to 2000, not during 2016",
    )


def test_between_two_actors_reads_a_leaders_name_too() -> None:
    result = ask("relations", "Russia", "--with", "Bashar al-Assad", "--in", "2016")
    assert result.exit_code == 0, result.output
    assert "which Bashar al-Assad led from 2000 to 2024-12-08" in result.stdout
    assert "Russia" in result.stdout.split("\n\n", 1)[1]


def test_a_misspelt_leaders_name_is_suggested() -> None:
    one_line_error(
        ask("who-backed", "Bashar Assad", "--in", "2016"),
        "unknown actor 'Bashar Assad'; did you mean 'Bashar al-Assad'?",
    )


def test_a_leaders_name_stands_for_no_actor_of_its_own(graph: Any) -> None:
    """The tenures are data: read from the graph, each with its citations' dates, not written in code."""
    assert [(t.name, t.start, t.end) for t in tenures(graph, "Hafez al-Assad")] == [("Hafez al-Assad", "1971", "2000")]
    assert tenures(graph, "Assad") == []  # an alias of the government: read as the actor, whatever the year
    with pytest.raises(ActorNotInPeriod) as caught:
        resolve(graph, "Bashar al-Assad", Period.parse("2025"))
    assert caught.value.related == ["assad-government"]


def test_a_leader_from_a_claims_file_of_ones_own(tmp_path: Path) -> None:
    claims = tmp_path / "mine.toml"
    claims.write_text(
        SOURCE
        + ALPHA
        + '[[actor.leader]]\nname = "A. Commander"\nstart = "2012-03"\nend = "2014"\n'
        + '[[actor.leader.cite]]\nsource = "notes"\nquote = "A. Commander led Alpha Front from March 2012 to 2014."\n\n'
        + '[[relation]]\nid = "my-iran-backs-alpha"\nkind = "support"\nactor = "iran"\ntarget = "alpha"\n'
        + 'certainty = "alleged"\nstart = "2013"\n[[relation.cite]]\nsource = "notes"\nquote = "Iran backs Alpha."\n',
        encoding="utf-8",
    )
    result = ask("who-backed", "A. Commander", "--in", "2013", "--data", str(claims))
    assert result.exit_code == 0, result.output
    assert "which A. Commander led from 2012-03 to 2014" in result.stdout
    assert backers(result.stdout) == {"Iran"}
    one_line_error(
        ask("who-backed", "A. Commander", "--in", "2012-02", "--data", str(claims)),
        "'A. Commander' led Alpha Front [alpha] from 2012-03 to 2014, not during 2012-02",
    )


@pytest.mark.parametrize("name", ["Kurds", "kurdish forces", "The Kurds"])
def test_a_loose_name_lists_the_actors_that_carry_it(name: str) -> None:
    one_line_error(
        ask("who-backed", name, "--in", "2016"),
        f'unknown actor {name!r}; did you mean one of: "Kurdistan Workers\' Party", '
        "\"People's Protection Units\", 'Syrian Democratic Forces'?",
    )


def test_each_actor_a_loose_name_lists_answers() -> None:
    for actor in ("Kurdistan Workers' Party", "People's Protection Units", "Syrian Democratic Forces"):
        assert ask("who-backed", actor, "--in", "2017").exit_code == 0


def test_syrian_kurds_leaves_out_the_pkk() -> None:
    result = ask("who-backed", "Syrian Kurds")
    assert "People's Protection Units" in result.stderr and "Kurdistan Workers' Party" not in result.stderr


def test_an_empty_answer_says_no_claim_answers_it_not_that_the_graph_is_empty() -> None:
    result = ask("who-backed", "Russia", "--in", "2016")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "No claim in the graph answers this question for 2016."
    assert "No claims in the graph" not in result.stdout
    assert ask("who-backed", "Russia").stdout.splitlines()[-1] == "No claim in the graph answers this question."


def test_the_api_answers_a_leaders_name_as_the_actor(graph: Any) -> None:
    by_name, by_alias = supporters(graph, "Bashar al-Assad", 2016), supporters(graph, "Assad", 2016)
    assert by_name.rows == by_alias.rows
    assert by_name.notes[0].endswith("which Bashar al-Assad led from 2000 to 2024-12-08")


def test_an_actors_id_reads_that_actor_not_every_actors_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking by an actor's id costs the same in a graph of many actors as in a small one: the
    names of every actor (and their leaders) are read only to resolve a name that is no id."""
    claims = tmp_path / "many.toml"
    claims.write_text(
        SOURCE
        + "".join(f'[[actor]]\nid = "backer-{n}"\nlabel = "Backer {n}"\ntype = "armed-group"\n\n' for n in range(300)),
        encoding="utf-8",
    )
    graph = open_graph([claims], bundled=False)
    read: list[int] = []  # the number of rows of each query

    def counted(real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            found = real(*args, **kwargs)
            read.append(len(found))
            return found

        return run

    for method in ("rows", "select"):
        monkeypatch.setattr(graph, method, counted(getattr(graph, method)))
    answer = supporters(graph, "backer-7", 2016)
    assert (answer.subject.label, answer.rows) == ("Backer 7", ())
    assert sum(read) < 30
    supporters(graph, "Backer 8", 2016)  # a label: every actor's names, once
    assert sum(read) > 300


# ---------------------------------------------------------------------------- the claims checks


def validate(tmp_path: Path, leader: str) -> Result:
    claims = tmp_path / "leader.toml"
    claims.write_text(SOURCE + ALPHA + leader, encoding="utf-8")
    return ask("validate", str(claims), "--no-bundled")


@pytest.mark.parametrize("character", ["\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\x9b31m"])
def test_a_leaders_name_with_control_characters_is_refused(character: str, tmp_path: Path) -> None:
    name = json.dumps("A. Commander" + character)  # TOML basic strings take JSON's escapes
    leader = f'[[actor.leader]]\nname = {name}\nstart = "2012"\n[[actor.leader.cite]]\nsource = "notes"\nquote = "q"\n'
    result = validate(tmp_path, leader)
    assert result.exit_code == 1
    assert re.search(
        r"leader\.toml:14: actor 'alpha' leader '.*': name holds a control character \(U\+00", result.stdout
    )
    assert character not in result.output


@pytest.mark.parametrize(
    ("leader", "message"),
    [
        (
            '[[actor.leader]]\nname = "A. Commander"\nstart = "2012"\n',
            "leader.toml:13: actor 'alpha' leader 'A. Commander': missing field 'cite'",
        ),
        (
            '[[actor.leader]]\nname = "A. Commander"\n[[actor.leader.cite]]\nsource = "notes"\nquote = "q"\n',
            "leader.toml:13: actor 'alpha' leader 'A. Commander': missing field 'start'",
        ),
        (
            '[[actor.leader]]\nname = "A. Commander"\nstart = "2005"\n'
            '[[actor.leader.cite]]\nsource = "notes"\nquote = "q"\n',
            "leader.toml:15: actor 'alpha' leader 'A. Commander': starts 2005, before 'alpha' existed (2010)",
        ),
        (
            '[[actor.leader]]\nname = "A. Commander"\nstart = "2012"\ntitle = "General"\n'
            '[[actor.leader.cite]]\nsource = "notes"\nquote = "q"\n',
            "leader.toml:16: actor 'alpha' leader 'A. Commander': unknown field 'title' "
            "(allowed: name, start, end, cite)",
        ),
        (
            '[[actor.leader]]\nname = "A. Commander"\nstart = "2012"\n'
            '[[actor.leader.cite]]\nsource = "nobody"\nquote = "q"\n',
            "leader.toml:17: actor 'alpha' leader 'A. Commander': unknown source 'nobody'",
        ),
        (
            '[[actor.leader]]\nname = "A. Commander"\nstart = "2014"\nend = "2012"\n'
            '[[actor.leader.cite]]\nsource = "notes"\nquote = "q"\n',
            "leader.toml:15: actor 'alpha' leader 'A. Commander': the start (ag:start) must not be after the end",
        ),
        ('leader = ["A. Commander"]\n', "leader.toml:12: actor 'alpha': leader must be written [[actor.leader]]"),
    ],
)
def test_a_bad_leader_is_refused_at_its_line(leader: str, message: str, tmp_path: Path) -> None:
    if leader.startswith("leader ="):  # a key of the actor itself, above its tables
        claims = tmp_path / "leader.toml"
        claims.write_text(SOURCE + ALPHA.rstrip("\n") + "\n" + leader, encoding="utf-8")
        result = ask("validate", str(claims), "--no-bundled")
    else:
        result = validate(tmp_path, leader)
    assert result.exit_code == 1
    assert message in result.stdout, result.stdout
