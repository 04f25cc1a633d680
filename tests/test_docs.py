"""Docs that cannot rot: docs/cli.md is the --help of every command, regenerated and compared.

Regenerate with: UPDATE_DOCS=1 pytest tests/test_docs.py
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from actorgraph.cli import COMMANDS, cli

CLI_DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def cli_reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command reference",
        "",
        "Generated from `actorgraph COMMAND --help` by tests/test_docs.py; do not edit by hand.",
        "",
        "```text",
        runner.invoke(cli, ["--help"], prog_name="actorgraph", terminal_width=100).stdout.rstrip(),
        "```",
    ]
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"], prog_name="actorgraph", terminal_width=100)
        parts += ["", f"## actorgraph {name}", "", "```text", result.stdout.rstrip(), "```"]
    return "\n".join(parts) + "\n"


def test_cli_reference_is_current() -> None:
    expected = cli_reference()
    if os.environ.get("UPDATE_DOCS"):
        CLI_DOC.write_text(expected, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == expected, "run: UPDATE_DOCS=1 pytest tests/test_docs.py"


def test_every_command_is_in_the_readme_or_its_docs() -> None:
    readme = (CLI_DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    docs = readme + "".join(p.read_text(encoding="utf-8") for p in CLI_DOC.parent.glob("*.md") if p != CLI_DOC)
    missing = [name for name in COMMANDS if f"actorgraph {name}" not in docs]
    assert missing == []


def test_every_link_between_the_docs_resolves() -> None:
    """A relative link or image in the README or docs/ names a file that is there, from the page's own folder."""
    import re

    repo = CLI_DOC.parent.parent
    broken = []
    for page in [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)  # not in code blocks
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (page.parent / target.split("#")[0]).exists():
                broken.append(f"{page.relative_to(repo)}: {target}")
    assert broken == []
