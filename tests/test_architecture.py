"""The house as docs/architecture.md draws it: layers import only downward, no cycles, no borrowed private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "actorgraph"

#: each layer may import its own modules and the layers below it, never those above (docs/architecture.md)
LAYERS = {
    "actorgraph.errors": 0,
    "actorgraph.model": 0,
    "actorgraph.sources": 1,
    "actorgraph.store": 2,
    "actorgraph.ask": 3,
    "actorgraph.present": 4,
    "actorgraph.extract": 5,
    "actorgraph.cli": 6,
    "actorgraph.server": 6,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every actorgraph import in a module, at any depth: (module, names, line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("actorgraph"):
            found.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("actorgraph")]
    return found


def layer(module: str) -> int | None:
    for prefix, level in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def test_every_module_has_a_layer() -> None:
    homeless = [m for m in modules() if m not in ("actorgraph", "actorgraph.__main__") and layer(m) is None]
    assert homeless == []


def test_layers_import_only_downward() -> None:
    upward = []
    for name, path in modules().items():
        own = layer(name)
        for target, _, line in imports(path):
            level = layer(target)
            if own is not None and level is not None and level > own:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = {name: {t for t, _, _ in imports(path) if t in modules() and t != name} for name, path in modules().items()}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append(" -> ".join(trail[trail.index(nxt) :] + [nxt]))
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert cycles == []


def test_no_module_borrows_another_modules_private_names() -> None:
    borrowed = []
    for name, path in modules().items():
        for target, names, line in imports(path):
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            same_package = target.rpartition(".")[0] == package or target == package
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and not same_package:
                borrowed.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {private} from {target}")
    assert borrowed == []


@pytest.mark.parametrize("module", ["actorgraph", "actorgraph.cli"])
def test_the_package_and_the_cli_import_without_heavy_libraries(module: str) -> None:
    import subprocess
    import sys

    heavy = ("rdflib", "networkx", "pyvis", "matplotlib", "spacy", "pyshacl")
    code = f"import sys, {module}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
