"""Hostile and careless input, files side (docs/security.md): each case ends in a one-line error or a correct answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from actorgraph.errors import DataError
from actorgraph.model.resources import dataset_files
from actorgraph.store import imports
from actorgraph.store.disk import StoreFolder
from actorgraph.store.imports import import_files

REPO = Path(__file__).resolve().parent.parent

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>
"""

SOURCE = '[[source]]\nid = "{id}"\npublisher = "P"\ntitle = "T"\nurl = "{url}"\n'


def one_line_error(result: Any, fragment: str) -> None:
    assert result.exit_code == 1, result.output
    assert fragment in result.stderr
    assert result.stderr.strip().count("\n") == 0 or "problems found" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["actors", "--data"], ["validate"], ["import", "rdf", "--store", "STORE"]])
def test_billion_laughs_is_refused_before_parsing(command: list[str], tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """1.3 KB of RDF/XML that expands to gigabytes: refused at the declaration, nothing parsed or stored."""
    lol = tmp_path / "lol.rdf"
    lol.write_text(LAUGHS, encoding="utf-8")
    args = [a if a != "STORE" else str(tmp_path / "s") for a in command]
    result = run(*args, str(lol)) if command[0] != "import" else run(*args[:2], str(lol), *args[2:])
    assert result.exit_code == 1, result.output
    assert f"{lol}:3: RDF/XML that declares XML entities (<!ENTITY) is refused" in result.output
    assert not (tmp_path / "s").exists()


def test_validate_never_parses_with_rdflib_so_a_huge_quote_costs_its_size(tmp_path: Path) -> None:
    """rdflib's N-Triples parser was quadratic in a literal's length (a 3.2 MB quote took 81 s): validation
    now runs natively in the store, and does not load rdflib at all."""
    quote = "Alpha backed Beta. " * 170_000  # 3.2 MB
    claims = tmp_path / "huge.toml"
    claims.write_text(
        SOURCE.format(id="s", url="https://example.org/")
        + '[[relation]]\nid = "r"\nkind = "support"\nactor = "russia"\ntarget = "iran"\ncertainty = "alleged"\n'
        + f'[[relation.cite]]\nsource = "s"\nquote = "{quote}"\n',
        encoding="utf-8",
    )
    code = (
        "import sys; from pathlib import Path; from actorgraph.sources.validate import validate; "
        f"r = validate([Path({str(claims)!r})]); print(len(r.problems), 'rdflib' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.stdout.split() == ["0", "False"], proc.stderr


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/report", True),
        ("archive box 12, folder 3", True),
        ("javascript:alert(document.cookie)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
    ],
)
def test_source_addresses_are_web_addresses(url: str, ok: bool, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    claims = tmp_path / "urls.toml"
    claims.write_text(SOURCE.format(id="s", url=url), encoding="utf-8")
    result = run("validate", str(claims), "--no-bundled")
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert f"{claims}:5: source 's': a source's URL is a web address" in result.stdout


def test_a_merger_cannot_keep_its_actor(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    claims = tmp_path / "merger.toml"
    claims.write_text(
        SOURCE.format(id="s", url="https://example.org/")
        + '[[actor]]\nid = "a1"\nlabel = "A1"\ntype = "armed-group"\n'
        + '[[change]]\nid = "c"\nkind = "merger"\ndate = "2017"\nfrom = ["a1"]\nto = ["a1"]\n'
        + '[[change.cite]]\nsource = "s"\nquote = "A1 merged into itself."\n',
        encoding="utf-8",
    )
    result = run("validate", str(claims), "--no-bundled")
    assert result.exit_code == 1
    assert f"{claims}:14: change 'c': a merger, splinter or succession makes a new actor" in result.stdout


@pytest.mark.parametrize("text", ["../../../../etc/passwd", "/etc/passwd", "~/secrets.txt"])
def test_a_text_path_stays_inside_the_texts_folder(text: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """Otherwise validate would tell whether a string occurs in any file on the machine."""
    claims = tmp_path / "escape.toml"
    claims.write_text(SOURCE.format(id="s", url="https://example.org/") + f'text = "{text}"\n', encoding="utf-8")
    result = run("validate", str(claims), "--no-bundled", "--texts", str(tmp_path))
    assert result.exit_code == 1
    assert f"{claims}:6: source 's': text {text!r} must be a path inside a texts folder" in result.stdout


def test_a_text_reached_through_the_users_own_link_is_read(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A link the user made inside the texts folder (``../shared`` -> elsewhere) is the user's choice, not an
    escape: the claims file names a plain path under the folder, and the quote is checked against the text."""
    elsewhere = tmp_path / "elsewhere" / "seed"
    elsewhere.mkdir(parents=True)
    (elsewhere / "report.txt").write_text("Russia backed the government.\n", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "shared").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    claims = tmp_path / "linked.toml"
    claims.write_text(
        SOURCE.format(id="s", url="https://example.org/")
        + 'text = "shared/seed/report.txt"\n'
        + '[[actor]]\nid = "a1"\nlabel = "A1"\ntype = "armed-group"\n'
        + '[[actor]]\nid = "a2"\nlabel = "A2"\ntype = "armed-group"\n'
        + '[[relation]]\nid = "r"\nkind = "support"\nactor = "a1"\ntarget = "a2"\nstart = "2016"\n'
        + 'certainty = "confirmed"\n'
        + '[[relation.cite]]\nsource = "s"\nquote = "Russia backed the army."\n',
        encoding="utf-8",
    )
    result = run("validate", str(claims), "--no-bundled", "--texts", str(root))
    assert "not checked" not in result.output
    assert "quote not found verbatim in the text of source 's': 'Russia backed the army.'" in result.output
    assert result.exit_code == 1


def test_a_texts_folder_that_is_not_there_is_an_error(run) -> None:  # type: ignore[no-untyped-def]
    one_line_error(run("validate", "--texts", "/no/such/folder"), "/no/such/folder: --texts: no such folder")


@pytest.mark.parametrize("character", ["\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\x9b31m"])
def test_control_characters_are_refused_in_claims(character: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A label that would retitle or clear the terminal of whoever prints it."""
    claims = tmp_path / "control.toml"
    label = json.dumps("Alpha" + character)  # TOML basic strings take JSON's escapes
    claims.write_text(f'[[actor]]\nid = "alpha"\nlabel = {label}\ntype = "state"\n', encoding="utf-8")
    result = run("validate", str(claims), "--no-bundled")
    assert result.exit_code == 1
    assert f"{claims}:3: actor 'alpha': label holds a control character (U+00" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sparql", "/bin/ls"], "/bin/ls: not a text file"),
        (["path", "Russia", "Russia", "--year", "2016"], "'Russia' and 'Russia' are the same actor"),
        (["diff", "2025", "2016"], "compare an earlier date with a later one: 2025 is after 2016"),
        (["sparql", "SELECT ?x WHERE { ?x ?p ?o FILTER("], "SPARQL syntax error at line 1, column 35"),
    ],
)
def test_careless_commands_get_one_line(args: list[str], message: str, run) -> None:  # type: ignore[no-untyped-def]
    result = run(*args)
    one_line_error(result, message)
    assert len(result.stderr) < 300


def test_imports_into_two_stores_in_one_folder_do_not_wait_for_each_other(tmp_path: Path) -> None:
    """The lock sits in the store, not in the folder that holds it."""
    first = StoreFolder(tmp_path / "k1")
    first.prepare()
    with first.locked():
        report = import_files("claims", dataset_files(), tmp_path / "k2")
        assert report.added > 0
        with pytest.raises(Exception, match="another import into"):
            import_files("claims", dataset_files(), tmp_path / "k1")


def test_a_store_that_cannot_be_written_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only store (or disk) is named for what it is, not as a store another command is using."""
    folder = StoreFolder(tmp_path / "s")
    folder.prepare()
    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".lock"):
            raise OSError(30, "Read-only file system")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(DataError, match=r"s: cannot write to the store: Read-only file system"):
        import_files("claims", dataset_files(), folder.path)


class _FullDisk:
    """pyoxigraph's Store on a disk that fills up: writing statements fails as Oxigraph reports it."""

    def __init__(self, path: str | None = None) -> None:
        self._store = pyoxigraph.Store(path)

    read_only = staticmethod(pyoxigraph.Store.read_only)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _full(self, *args: Any, **kwargs: Any) -> None:
        raise OSError(
            "IO error: No space left on device: While appending to file: .importing-1/000008.log: "
            "No space left on device"
        )

    extend = bulk_load = _full


@pytest.mark.parametrize("kind", ["claims", "rdf"])
def test_a_full_disk_during_an_import_is_one_line_and_leaves_the_store_as_it_was(  # type: ignore[no-untyped-def]
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    store = tmp_path / "s"
    import_files("claims", dataset_files()[:1], store)
    before = sorted(str(q) for q in pyoxigraph.Store.read_only(str(store / "db")))
    more = tmp_path / "more.nt"
    more.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")
    files = [str(f) for f in dataset_files()] if kind == "claims" else [str(more)]
    monkeypatch.setattr(imports, "Store", _FullDisk)
    result = run("import", kind, *files, "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {store}: no space left on device while importing (the store is as it was)"
    ]
    assert sorted(p.name for p in store.iterdir()) == [".lock", "actorgraph-store.json", "db"]  # the copy is gone
    assert sorted(str(q) for q in pyoxigraph.Store.read_only(str(store / "db"))) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs, where mounting one is allowed (as root, outside most containers)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_first_import_onto_a_full_disk_is_one_line_and_leaves_no_store(small_disk: Path, run) -> None:  # type: ignore[no-untyped-def]
    store = small_disk / "s"
    result = run("import", "claims", *[str(f) for f in dataset_files()], "--store", str(store))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {store}: no space left on device while importing (no store was made)"
    ]
    assert list(small_disk.iterdir()) == []


ESCAPED = {
    ".ttl": '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://example.org/a> skos:prefLabel "A" .\n'
    '<http://example.org/b> skos:prefLabel "\\u001B]0;pwned\\u0007\\u001B[2J" .\n',
    ".nt": '<http://example.org/a> <http://example.org/p> "A" .\n'
    '<http://example.org/b> <http://example.org/p> "\\U0000009B31m" .\n',
    ".nq": '<http://example.org/a> <http://example.org/p> "A" <http://example.org/g> .\n'
    '<http://example.org/b> <http://example.org/p> "bell\x07" <http://example.org/g> .\n',
    ".jsonld": '{"@id": "http://example.org/a",\n "http://example.org/p": "A\\u001b[2J"}\n',
    ".rdf": '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '  <rdf:Description rdf:about="http://example.org/a"><rdf:value>&#x9b;31m</rdf:value></rdf:Description>\n'
    "</rdf:RDF>\n",
    ".trig": '<http://example.org/g> {\n<http://example.org/a> <http://example.org/p> "\u0085NEL" .\n}\n',
}


@pytest.mark.parametrize("suffix", sorted(ESCAPED))
@pytest.mark.parametrize("command", [["validate"], ["actors", "--data"], ["import", "rdf"]])
def test_control_characters_are_refused_in_rdf_files(  # type: ignore[no-untyped-def]
    suffix: str, command: list[str], tmp_path: Path, run
) -> None:
    """A label that would retitle or clear the terminal of whoever prints it, raw or escaped, in any RDF syntax."""
    hostile = tmp_path / f"esc{suffix}"
    hostile.write_text(ESCAPED[suffix], encoding="utf-8")
    store = tmp_path / "s"
    result = run(*command, str(hostile), *(["--store", str(store)] if command[0] == "import" else []))
    assert result.exit_code == 1
    code = {".ttl": "001B", ".nt": "009B", ".nq": "0007", ".jsonld": "001B", ".rdf": "009B", ".trig": "0085"}[suffix]
    line = {".jsonld": 2}.get(suffix, 3 if suffix in (".ttl", ".rdf") else 2)
    problem = f"{hostile}:{line}: holds a control character (U+{code}): text a terminal would act on is refused"
    assert problem in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert not store.exists()


def test_a_control_character_deep_in_a_large_n_quads_file_is_found_at_its_line(tmp_path: Path) -> None:
    """The file is scanned in chunks: the line named is the file's, and an escape cut by a chunk's end is seen."""
    from actorgraph.sources.rdf import _CHUNK

    good = b'<http://example.org/a> <http://example.org/p> "A" <http://example.org/g> .\n'
    bad = b'<http://example.org/b> <http://example.org/p> "\\u001B" <http://example.org/g> .\n'
    before = _CHUNK - bad.index(b"\\") - 3  # the first chunk ends inside the escape, after "\u0"
    lines = before // len(good) - 1
    filler = good * lines + b"#" * (before - lines * len(good) - 1) + b"\n"
    hostile = tmp_path / "big.nq"
    hostile.write_bytes(filler + bad + good)
    with pytest.raises(DataError) as refused:
        import_files("rdf", [hostile], tmp_path / "s")
    line = lines + 2
    assert (
        str(refused.value)
        == f"{hostile}:{line}: holds a control character (U+001B): text a terminal would act on is refused"
    )
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("blank_node_first", [False, True], ids=["slices", "blank-node-then-the-rest"])
def test_a_control_character_in_a_later_slice_stops_the_import_and_leaves_the_store_as_it_was(
    blank_node_first: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file loaded in many slices (and, from a blank node on, the rest in one call) into a store that
    has data: the line named is the file's, and the store keeps what it had, nothing of the file."""
    monkeypatch.setattr(imports, "_FIRST_SLICE", 4096)
    monkeypatch.setattr(imports, "_SLICE", 8192)
    store = tmp_path / "s"
    import_files("claims", dataset_files(), store)
    before = sorted(str(q) for q in pyoxigraph.Store.read_only(str(store / "db")))
    good = [f'<http://example.org/a{n}> <http://example.org/p> "A" <http://example.org/g> .\n' for n in range(2000)]
    if blank_node_first:  # from the first slice with a blank node on, the rest is checked and loaded in one call
        good[100] = '_:b <http://example.org/p> "B" <http://example.org/g> .\n'
    bad = '<http://example.org/b> <http://example.org/p> "\\u001B" <http://example.org/g> .\n'
    hostile = tmp_path / "late.nq"
    hostile.write_text("".join(good[:1500]) + bad + "".join(good[1500:]), encoding="utf-8")
    assert hostile.stat().st_size > 8 * 8192  # many slices before the bad line
    with pytest.raises(DataError) as refused:
        import_files("rdf", [hostile], store)
    assert str(refused.value) == (
        f"{hostile}:1501: holds a control character (U+001B): text a terminal would act on is refused"
    )
    assert sorted(str(q) for q in pyoxigraph.Store.read_only(str(store / "db"))) == before


@pytest.mark.parametrize("text", ['"a backslash, then u001B: \\\\u001B"', '"caf\\u00e9 \\u00A0 tab\\t"', '"ok\tß"'])
def test_text_that_only_looks_like_a_control_character_is_read(text: str, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    fine = tmp_path / "fine.nt"
    fine.write_text(f"<http://example.org/a> <http://example.org/p> {text} .\n", encoding="utf-8")
    result = run("validate", str(fine))
    assert result.exit_code == 0, result.output
