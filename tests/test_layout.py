"""The layout keeps its promises: the library never imports the CLI, click or rich, and no
module of graph/ or viz/ imports another that (directly or not) imports it back.

Imports are read from the source (every ``import`` anywhere in a module, in functions too),
not by importing: a deferred import hides a cycle from Python, not from this test.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pytest

from tools.seedfiles import REPO

PACKAGES = ("graph", "viz")
CLI = "graph.cli"
UI = ("click", "rich")


def _modules() -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in sorted((REPO / top).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _statements(body: list[ast.stmt]):
    """Every statement, in functions, classes, branches and handlers too; imports are statements,
    so expressions need no walk. ``if TYPE_CHECKING:`` bodies never run and are left out."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _statements(node.orelse)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                yield from _statements([n for n in inner if isinstance(n, ast.AST)])


@lru_cache(maxsize=None)
def imports(module: str) -> frozenset[str]:
    """Every module name ``module`` imports, anywhere in its source, as written (absolute)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names.add(base)
            # `from graph.queries import lookup` imports the module graph.queries.lookup
            names.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return frozenset(names)


def _ours(name: str) -> str | None:
    """The module of graph/ or viz/ that importing ``name`` runs, or None for outside ones."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(MODULES)
    for module in MODULES:
        for name in imports(module):
            target = _ours(name)
            if target and target != module:
                g.add_edge(module, target)
    return g


def test_the_walk_sees_the_imports():
    # The walk must find deferred imports too, or the tests below could not fail.
    assert "graph.queries.refs" in imports("viz.select")
    assert "graph.store.connection" in imports("graph.cli.queries")  # imported inside a function
    assert "click" in imports("graph.cli.common") and len(MODULES) > 50


LIBRARY = [m for m in sorted(MODULES) if m != CLI and not m.startswith(CLI + ".")]


@pytest.mark.parametrize("module", LIBRARY)
def test_the_library_does_not_import_the_cli_click_or_rich(module):
    bad = sorted(n for n in imports(module)
                 if n == CLI or n.startswith(CLI + ".") or n.split(".")[0] in UI)
    assert not bad, f"{MODULES[module].relative_to(REPO)} imports {', '.join(bad)}"


def _cycles() -> list[list[str]]:
    g = import_graph()
    return [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]


def test_no_import_cycle_at_all():
    g = import_graph()
    assert nx.is_directed_acyclic_graph(g), "import cycles: " + "; ".join(" <-> ".join(c) for c in _cycles())


# The benchmark's step runner is a process of its own that answers its parent on stdout.
MAY_PRINT = {"graph.bench.run"}


@pytest.mark.parametrize("module", [m for m in LIBRARY if m not in MAY_PRINT])
def test_the_library_never_prints(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    printing = [n.lineno for n in ast.walk(tree)
                if (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print")
                or (isinstance(n, ast.Attribute) and n.attr in ("stdout", "stderr")
                    and isinstance(n.value, ast.Name) and n.value.id == "sys")]
    assert not printing, f"{MODULES[module].relative_to(REPO)} prints (lines {printing}); report through a callback"
