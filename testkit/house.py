"""The core's import graph, read from the source (ast): which core module each file
imports, and whether inside a function. Shared by tests/unit/test_architecture.py
(the package rules) and bench/house.py (the house's figures)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import coprog

from .server import ROOT

CORE = ROOT / "coprog"


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def module_of(path: Path) -> str:
    """coprog/ballots/ballots.py -> coprog.ballots.ballots (a package's __init__: the package)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str | None:
    """The package of coprog.PACKAGES a module belongs to (None at the root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in coprog.PACKAGES) else None


def core_imports(path: Path) -> list[tuple[str, bool]]:
    """(core module imported, inside a function?) for every import of a core file;
    a relative import shows as ``relative:<module>``."""
    known = {module_of(p) for p in core_files()}
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and (child.module or "").startswith("coprog"):
                targets = [f"{child.module}.{alias.name}" for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level:
                targets = [f"relative:{child.module}"]
            for target in targets:
                while target and target not in known and not target.startswith("relative:"):
                    target = target.rpartition(".")[0]
                if target and target != "coprog":
                    found.append((target, inner))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def import_graph() -> nx.DiGraph:
    """Module -> module it imports, over the core's modules (packages' __init__ left out)."""
    graph = nx.DiGraph()
    for path in core_files():
        graph.add_node(module_of(path))
        graph.add_edges_from((module_of(path), t) for t, _ in core_imports(path) if not t.startswith("relative:"))
    graph.remove_nodes_from([n for n in list(graph) if n == "coprog" or n.count(".") == 1 and n[7:] in coprog.PACKAGES])
    return graph


def circles() -> list[list[str]]:
    return [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
