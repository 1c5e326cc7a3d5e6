"""The house in figures: modules per folder, the biggest modules, functions over
60 lines, the import circles among the core's modules and the imports that run
against the packages' order (ARCHITECTURE.md, "Packages"). Prints; asserts nothing.

    python bench/house.py
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDERS = ("coprog", "ui", "pages", "testkit")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_imports(path: Path, known: set[str]) -> set[str]:
    """The core modules a file imports, at any depth (inside functions too)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != here and target.count(".") >= 1:
                found.add(target)
    return found


def main() -> None:
    core = sorted(p for p in (ROOT / "coprog").rglob("*.py"))
    known = {module_name(p) for p in core}
    print("modules per folder (without __init__/__main__):")
    folders = Counter()
    for folder in FOLDERS:
        for p in (ROOT / folder).rglob("*.py"):
            if p.name not in ("__init__.py", "__main__.py"):
                folders[str(p.parent.relative_to(ROOT))] += 1
    for folder, count in sorted(folders.items()):
        print(f"  {folder:<28} {count}")
    sizes = sorted(
        (
            (len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(ROOT)))
            for f in FOLDERS
            for p in (ROOT / f).rglob("*.py")
        ),
        reverse=True,
    )
    print("biggest modules:", ", ".join(f"{name} {lines}" for lines, name in sizes[:6]))
    long = []
    for f in FOLDERS:
        for p in (ROOT / f).rglob("*.py"):
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    length = node.end_lineno - node.lineno + 1
                    if length > 60:
                        long.append((length, f"{p.relative_to(ROOT)}:{node.name}"))
    print(f"functions over 60 lines: {len(long)}")
    for length, name in sorted(long, reverse=True):
        print(f"  {length:>4}  {name}")
    graph = nx.DiGraph()
    for p in core:
        graph.add_node(module_name(p))
        for target in core_imports(p, known):
            graph.add_edge(module_name(p), target)
    graph.remove_nodes_from([n for n in list(graph) if n == "coprog"])
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    print(f"import circles among the core's modules: {len(circles)}", *circles)
    try:
        from coprog import PACKAGES
    except ImportError:
        print("packages: none (a flat core)")
        return
    rank = {name: i for i, name in enumerate(PACKAGES)}

    def package_of(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 2 else None

    against = [
        (a, b) for a, b in graph.edges if package_of(a) and package_of(b) and rank[package_of(a)] < rank[package_of(b)]
    ]
    print(f"imports against the packages' order: {len(against)}", *against)


if __name__ == "__main__":
    main()
