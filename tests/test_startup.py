"""Start-up stays light: --help and lookups load no heavy library they do not need."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("rdflib", "networkx", "pyvis", "matplotlib", "pyshacl", "playwright", "SPARQLWrapper", "spacy", "thinc")


def loaded_modules(*args: str) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['actorgraph', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('actorgraph', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return set(proc.stderr.split())


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["who-backed", "Syrian government", "--in", "2016"],
        ["actor", "HTS"],
        ["sparql", "ASK { ?s ?p ?o }"],
        ["extract", "--help"],
        ["coverage", "--help"],
        ["coverage", "Russia", "Iran", "--in", "2016"],
    ],
)
def test_no_heavy_imports(args: list[str]) -> None:
    modules = loaded_modules(*args)
    # --help needs no graph at all; a lookup needs the SPARQL engine and nothing heavier
    assert ("pyoxigraph" in modules) == (args[-1] != "--help")
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == []


#: what a question answers without: the import registry and the commands over RDF (actorgraph.cli.rdf),
#: the SPARQL text helpers (compiled only for a query's error), the CSV writer (only --format csv) and
#: the text wrapper (only tables wrap)
NOT_FOR_A_QUESTION = ("actorgraph.sources", "actorgraph.cli.rdf", "actorgraph.model.sparql", "csv", "textwrap")


@pytest.mark.parametrize("args", [["who-backed", "Syrian government", "--in", "2016"], ["actor", "HTS"]])
def test_a_question_loads_only_what_it_answers_with(args: list[str]) -> None:
    loaded_modules(*args)  # the first question compiles the bundled claims (and loads their reader); not the next
    modules = loaded_modules(*args, "--format", "json")
    assert "actorgraph.ask.questions" in modules  # it did answer
    assert sorted(modules & set(NOT_FOR_A_QUESTION)) == []


def test_importing_the_package_is_light() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, actorgraph; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = set(proc.stdout.split())
    assert not {m for m in loaded if m.split(".")[0] in (*HEAVY, "pyoxigraph", "click")}
