"""The README is a tested contract: its commands and its SPARQL query do what it says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_quickstart_is_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1]
    commands = [line for line in blocks("sh")[0].splitlines() if line.strip()]
    assert quickstart.index("```sh") < quickstart.index("##") if "##" in quickstart else True
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && actorgraph ")
    assert commands[1] == "pip install -e '.[test]' && pytest"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = [line for line in blocks("sh")[0].splitlines() if line.strip()][1]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_readme_sparql_finds_the_2016_backers_with_certainty_and_sources(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    query = next(q for q in blocks("sparql") if "2016" in q)
    path = tmp_path / "backers-2016.rq"
    path.write_text(query, encoding="utf-8")
    result = run("sparql", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    supporters = {b["supporter"]["value"] for b in bindings}
    assert {"Russia", "Iran", "Hezbollah"} <= supporters
    assert not {"Turkey", "United States"} & supporters
    assert all(b["certainty"]["value"] in ("confirmed", "alleged", "disputed") for b in bindings)
    assert all(b["publisher"]["value"] and b["quote"]["value"] for b in bindings)


def test_python_example_runs() -> None:
    code = next(b for b in blocks("python") if "supporters(" in b)
    namespace: dict[str, object] = {}
    exec(compile(code.replace("print(", "(lambda *a: a)("), "README", "exec"), namespace)
    assert namespace["answer"].subject.id == "assad-government"  # type: ignore[attr-defined]


def fenced(page: str) -> list[tuple[str, str]]:
    """The fenced blocks of a Markdown page, each with its language ("" when none is named)."""
    found, language, lines = [], None, []
    for line in page.splitlines():
        if line.startswith("```"):
            if language is None:
                language, lines = line[3:].strip(), []
            else:
                found.append((language, "\n".join(lines) + "\n"))
                language = None
        elif language is not None:
            lines.append(line)
    return found


DOCS = sorted((Path(__file__).resolve().parent.parent / "docs").glob("*.md"))


def transcripts() -> list[tuple[str, list[str]]]:
    """Each ``$ actorgraph …`` in the README's and the docs' text blocks that runs on the bundled data alone
    (no ``--store``, piped only to ``head``), with the lines printed after it ("..." stands for any lines the
    page leaves out)."""
    found = []
    pages = [README, *(page.read_text(encoding="utf-8") for page in DOCS)]
    for block in [b for page in pages for language, b in fenced(page) if language in ("", "text")]:
        for part in re.split(r"\n(?=\$ )", block.rstrip("\n")):
            command, _, shown = part.partition("\n")
            line = command[2:].split("  #")[0].strip()
            pipe = line.partition(" | ")[2]
            if (
                command.startswith("$ actorgraph ")
                and (not pipe or pipe.startswith("head -"))
                and "--store" not in line
            ):
                found.append((line, shown.splitlines()))
    return found


def _matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, a "..." line standing for any run of lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        return any(_matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and printed[0].rstrip() == shown[0].rstrip() and _matches(shown[1:], printed[1:])


@pytest.mark.parametrize(("command", "shown"), transcripts(), ids=lambda x: x if isinstance(x, str) else "")
def test_readme_transcripts_are_what_the_command_prints(
    command: str, shown: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The README shows real output: each transcript is rerun (in a terminal of 80 columns, or of 100 where
    a line shown is wider) and must print the lines shown."""
    import shlex

    from click.testing import CliRunner

    from actorgraph.cli import cli

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    args, _, pipe = command.partition(" | ")
    width = 100 if any(len(line) > 80 for line in shown) else 80
    argv = shlex.split(args)[1:]
    if "-o" in argv:  # what the page writes goes to a folder of the test's own, never into the repository
        at = argv.index("-o") + 1
        argv[at] = str(tmp_path / argv[at])
    result = CliRunner().invoke(cli, argv, env={"COLUMNS": str(width)}, prog_name="actorgraph")
    printed = result.output.splitlines()
    if pipe.startswith("head -"):
        printed = printed[: int(pipe.removeprefix("head -"))]
    assert result.exit_code == 0, result.output
    assert _matches(shown, printed), "\n".join(printed)
