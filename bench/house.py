"""The house in figures: modules per folder, the biggest modules, functions over
60 lines, the import circles among the core's modules and the imports that run
against the packages' order (ARCHITECTURE.md, "Packages"). Prints; asserts nothing.

    python bench/house.py
"""

from __future__ import annotations

import ast
from collections import Counter

import coprog
from testkit.house import circles, import_graph, package_of
from testkit.server import ROOT

FOLDERS = ("coprog", "ui", "pages", "testkit")


def main() -> None:
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
    print(f"import circles among the core's modules: {len(circles())}", *circles())
    rank = {name: i for i, name in enumerate(coprog.PACKAGES)}
    against = [
        (a, b)
        for a, b in import_graph().edges
        if package_of(a) and package_of(b) and rank[package_of(a)] < rank[package_of(b)]
    ]
    print(f"imports against the packages' order: {len(against)}", *against)


if __name__ == "__main__":
    main()
