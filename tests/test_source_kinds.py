"""Choosing claims by the kind of their sources: --sources KIND,... and --reliable on questions, views and exports."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actorgraph.ask.questions import supporters
from actorgraph.ask.sourcing import SourceFilter, SourceView
from actorgraph.model.resources import dataset_files
from actorgraph.model.vocab import vocabulary
from actorgraph.server.serve import Server, free_port, start
from actorgraph.store.graph import open_graph
from actorgraph.store.remote import RemoteGraph

DATA = Path(__file__).parent / "data"
ESD = DATA / "ucdp-esd-ay-181-excerpt.csv"

#: a made-up claim for the tests, resting on one made-up blog post only
BLOG_CLAIM = "test-blog-bahrain-troops-assad-government-2016"
BLOG_CLAIMS = f"""
[[source]]
id = "test-blog-post"
publisher = "Example Blog (a test fixture)"
title = "A claim no reliable source makes"
date = "2016-05-01"
url = "https://blog.example/post"
kind = "blog"

[[relation]]
id = "{BLOG_CLAIM}"
kind = "support"
types = ["troops-secondary"]
actor = "bahrain"
target = "assad-government"
start = "2016"
end = "2016"
certainty = "alleged"

[[relation.cite]]
source = "test-blog-post"
quote = "Bahrain sent troops."
"""


def reliable_label() -> str:
    """The reliable kinds as the notes name them: read from the ontology, like the code does."""
    return ", ".join(k for k in vocabulary().source_kinds if k in vocabulary().reliable_source_kinds)


@pytest.fixture
def blog_claims(tmp_path: Path) -> Path:
    path = tmp_path / "blog.toml"
    path.write_text(BLOG_CLAIMS, encoding="utf-8")
    return path


def backers(run: Any, *args: str) -> list[dict[str, Any]]:
    result = run("who-backed", "Syrian government", "--in", "2016", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_reliable_keeps_wire_and_news_backers_and_leaves_out_a_blog_only_claim(run: Any, blog_claims: Path) -> None:
    everything = backers(run, "--data", str(blog_claims))
    assert BLOG_CLAIM in {r["relation_id"] for r in everything}
    kept = backers(run, "--data", str(blog_claims), "--reliable")
    assert {"Russia", "Iran"} <= {r["actor"] for r in kept}
    assert BLOG_CLAIM not in {r["relation_id"] for r in kept}
    assert {s["kind"] for r in kept for s in r["sources"]} <= vocabulary().reliable_source_kinds
    table = run("who-backed", "Syrian government", "--in", "2016", "--data", str(blog_claims), "--reliable")
    assert f"(1 claim left out: no source of the kinds {reliable_label()})" in " ".join(table.stdout.split())


def test_a_kept_claim_shows_only_its_sources_of_the_chosen_kinds(run: Any) -> None:
    everything = {r["relation_id"]: r for r in backers(run)}
    russia = everything["post-russia-supports-assad-government"]
    assert {s["kind"] for s in russia["sources"]} > {"blog"}  # wire, news and research too
    kept = {r["relation_id"]: r for r in backers(run, "--sources", "blog")}
    assert [s["kind"] for s in kept["post-russia-supports-assad-government"]["sources"]] == ["blog"]
    assert len(kept) < len(everything)


def test_relations_with_another_actor_count_only_the_pairs_claims(run: Any, blog_claims: Path) -> None:
    ask = ("relations", "Bahrain", "--with", "Syrian government", "--in", "2016", "--data", str(blog_claims))
    assert "Example Blog" in run(*ask).stdout
    result = run(*ask, "--reliable")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert f"(1 claim left out: no source of the kinds {reliable_label()})" in text
    assert "Example Blog" not in text


def test_sources_dataset_keeps_only_the_claims_coded_from_a_dataset(run: Any, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert run("import", "ucdp-esd", str(ESD), "--store", store).exit_code == 0
    assert run("import", "claims", *map(str, dataset_files()), "--store", store).exit_code == 0
    ask = ("who-backed", "Government of Syria", "--in", "2016", "--store", store, "--format", "json")
    everything = json.loads(run(*ask).stdout)
    assert {s["kind"] for r in everything for s in r["sources"]} > {"dataset"}
    result = run(*ask, "--sources", "dataset")
    assert result.exit_code == 0, result.stderr
    coded = json.loads(result.stdout)
    assert coded and {s["kind"] for r in coded for s in r["sources"]} == {"dataset"}
    assert {"Iran", "Russia"} <= {r["actor"] for r in coded}
    assert len(coded) < len(everything)


def test_an_unknown_kind_is_a_usage_error_naming_the_kinds(run: Any) -> None:
    result = run("who-backed", "Syrian government", "--sources", "wire,blogs")
    assert result.exit_code == 2
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error == [f"Error: Invalid value for '--sources': unknown source kind 'blogs' (the kinds: "
                     f"{', '.join(vocabulary().source_kinds)})"]  # fmt: skip
    both = run("snapshot", "--sources", "wire", "--reliable")
    assert both.exit_code == 2 and "give --sources or --reliable, not both" in both.stderr


def test_export_reliable_writes_a_graph_that_validates(run: Any, blog_claims: Path, tmp_path: Path) -> None:
    whole, kept = tmp_path / "whole.ttl", tmp_path / "kept.ttl"
    assert run("export", "--data", str(blog_claims), "-o", str(whole)).exit_code == 0
    result = run("export", "--data", str(blog_claims), "--reliable", "-o", str(kept))
    assert result.exit_code == 0, result.stderr
    assert f"note: 1 claim left out: no source of the kinds {reliable_label()}" in result.stderr
    assert BLOG_CLAIM in whole.read_text() and "test-blog-post" in whole.read_text()
    assert BLOG_CLAIM not in kept.read_text() and "test-blog-post" not in kept.read_text()
    checked = run("validate", "--no-bundled", str(kept))
    assert checked.exit_code == 0, checked.stdout
    # the shortcut edges are derived from the kept claims only: China's alleged backing is gone with it
    assert "actor:china ag:supports actor:assad-government" not in kept.read_text()


def test_export_of_blog_sources_only_validates_too(run: Any, tmp_path: Path) -> None:
    kept = tmp_path / "blog.nt"
    assert run("export", "--sources", "blog", "-o", str(kept)).exit_code == 0
    assert run("validate", "--no-bundled", str(kept)).exit_code == 0
    assert 0 < kept.read_text().count("#actor>") < open_graph().export("nt").decode().count("#actor>")  # type: ignore[union-attr]


def edges(run: Any, *args: str) -> list[str]:
    result = run("diagram", "--in", "2016", "--format", "mermaid", *args)
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if re.match(r"\s+a\d+ (-->|---|-\.->|-\.-)", line)]


def test_diagram_reliable_draws_fewer_edges(run: Any, blog_claims: Path, tmp_path: Path) -> None:
    assert len(edges(run, "--data", str(blog_claims), "--reliable")) < len(edges(run, "--data", str(blog_claims)))
    assert len(edges(run, "--sources", "blog")) < len(edges(run))
    figure = tmp_path / "blog.svg"
    result = run("diagram", "--in", "2016", "--sources", "blog", "-o", str(figure))
    assert result.exit_code == 0, result.stderr
    assert "only claims with a source of the kinds blog" in figure.read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["snapshot", "--in", "2016"],
        ["centrality", "--in", "2016"],
        ["blocs", "--in", "2016"],
        ["network-export", "--in", "2016", "--format", "csv"],
    ],
)
def test_views_of_the_whole_graph_say_on_stderr_what_they_left_out(run: Any, args: list[str]) -> None:
    whole, kept = run(*args), run(*args, "--sources", "blog")
    assert kept.exit_code == 0, kept.stderr
    assert kept.stdout != whole.stdout
    assert kept.stderr.startswith("note: ") and "claims left out: no source of the kinds blog" in kept.stderr
    assert "note:" not in whole.stderr


def test_actor_counts_only_the_kept_claims(run: Any) -> None:
    def count(*args: str) -> int:
        result = run("actor", "Russia", "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return int(json.loads(result.stdout)["relations"])

    assert 0 < count("--sources", "blog") < count()


# ---------------------------------------------------------------------------- over an endpoint


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    claims = tmp_path_factory.mktemp("claims") / "blog.toml"
    claims.write_text(BLOG_CLAIMS, encoding="utf-8")
    running = start(data=[str(claims)], port=free_port())
    yield running
    running.stop()


def test_over_an_endpoint_the_filter_asks_nothing_more(served: Server, requests: list[bytes | None]) -> None:
    sent = requests
    whole = supporters(RemoteGraph(served.url), "Syrian government", 2016)
    asked = len(sent)
    kept = supporters(SourceView(RemoteGraph(served.url), SourceFilter.reliable()), "Syrian government", 2016)
    assert len(sent) - asked == asked
    assert BLOG_CLAIM in {r.relation for r in whole} - {r.relation for r in kept}
    assert {"Russia", "Iran"} <= {r.other.label for r in kept}


def test_the_readme_example_is_what_the_command_prints(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    command = '$ actorgraph who-backed "Syrian government" --in 2016 --sources wire\n'
    shown = readme.split(command, 1)[1].split("...\n", 1)[0]
    monkeypatch.setenv("COLUMNS", "80")
    result = run("who-backed", "Syrian government", "--in", "2016", "--sources", "wire")
    assert result.stdout.startswith(shown)


#: a made-up open claim: a wire report of 2016 and a blog post of 2020 (test fixtures)
LATE_BLOG_CLAIM = "test-bahrain-funds-assad-government-open"
LATE_BLOG_CLAIMS = f"""
[[source]]
id = "test-wire-2016"
publisher = "Example Wire (a test fixture)"
title = "An early report"
date = "2016-01-10"
url = "https://wire.example/2016"
kind = "wire"

[[source]]
id = "test-blog-2020"
publisher = "Example Blog (a test fixture)"
title = "A late post"
date = "2020-03-01"
url = "https://blog.example/2020"
kind = "blog"

[[relation]]
id = "{LATE_BLOG_CLAIM}"
kind = "support"
types = ["funding"]
actor = "bahrain"
target = "assad-government"
start = "2015-06"
certainty = "alleged"

[[relation.cite]]
source = "test-wire-2016"
quote = "Bahrain funds the government."

[[relation.cite]]
source = "test-blog-2020"
quote = "Bahrain still funds the government."
"""


def test_throughout_counts_only_the_kept_sources_dates(run: Any, tmp_path: Path) -> None:
    """An open claim is "known to cover" 2016-2019 only through a source that still reports it in 2019: kept to
    wire reports, the 2020 blog post no longer vouches for it, so it is left out, not shown as covering."""
    path = tmp_path / "late.toml"
    path.write_text(LATE_BLOG_CLAIMS, encoding="utf-8")
    period = ("--from", "2016", "--to", "2019", "--throughout")
    every = run("who-backed", "Syrian government", *period, "--data", str(path), "--format", "json")
    assert LATE_BLOG_CLAIM in {r["relation_id"] for r in json.loads(every.stdout)}
    wire = run("who-backed", "Syrian government", *period, "--data", str(path), "--sources", "wire", "--format", "json")
    assert wire.exit_code == 0, wire.stderr
    assert LATE_BLOG_CLAIM not in {r["relation_id"] for r in json.loads(wire.stdout)}
    possibly = run("who-backed", "Syrian government", "--in", "2016", "--data", str(path), "--sources", "wire")
    assert "Bahrain" in possibly.stdout  # possibly during 2016 it still holds, on the wire report alone
