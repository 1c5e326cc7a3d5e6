"""The house rules that code review forgets: ARCHITECTURE.md lists every module,
each layer imports only what it may, pages hold no SQL, the README lists every
command, and the one private Streamlit detail the server relies on still exists."""

import argparse
import ast
import re
from pathlib import Path

import pytest

from coprog import cli

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")

# layer -> top-level packages its files may never import (ARCHITECTURE.md, "Layers")
FORBIDDEN = {
    "coprog": {"streamlit", "ui", "pages", "testkit", "tests", "bench"},
    "ui": {"pages", "testkit", "tests", "bench"},
    "pages": {"testkit", "tests", "bench"},
    "testkit": {"ui", "pages", "tests", "bench"},  # streamlit: its protocol buffers (stclient.py)
}
ENTRY_POINTS = ["app.py", "serve.py"]


def files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).glob("*.py"))


def imported(path: Path) -> set[str]:
    """The top-level names of everything a file imports (relative imports stay in the package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer):
    broken = {p.name: sorted(imported(p) & FORBIDDEN[layer]) for p in files(layer)}
    assert {name: bad for name, bad in broken.items() if bad} == {}


def test_entry_points_do_not_import_test_support():
    for name in ENTRY_POINTS:
        assert not imported(ROOT / name) & {"testkit", "tests", "bench"}, name


def test_pages_and_ui_hold_no_sql():
    sql = re.compile(r"\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\.query(_one)?\(|\.execute\(|\.scalar\(")
    found = [
        f"{p.parent.name}/{p.name}:{n}"
        for p in files("pages") + files("ui")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if sql.search(line)
    ]
    assert found == []


def test_architecture_lists_every_module():
    missing = [
        f"{layer}/{p.name}"
        for layer in ("coprog", "ui", "pages", "testkit")
        for p in files(layer)
        if p.name not in ("__init__.py", "__main__.py") and f"`{p.name}`" not in ARCHITECTURE
    ]
    assert missing == []


def test_readme_lists_every_command():
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Command line") :]
    section = section[: section.index("\n## ", 4)]
    assert [c for c in commands if f"python -m coprog {c}" not in section] == []


def test_the_streamlit_detail_serve_py_patches_still_exists():
    """serve.py declares, before app.py first runs, that pages come from
    st.navigation (``PagesManager.uses_pages_directory = False``): a private
    attribute. If Streamlit renames it, the patch would silently do nothing and a
    deep link on a fresh server could run a page outside the role's navigation."""
    from streamlit.runtime.pages_manager import PagesManager

    assert "uses_pages_directory" in vars(PagesManager) or hasattr(PagesManager, "uses_pages_directory")
    assert "PagesManager.uses_pages_directory = False" in (ROOT / "serve.py").read_text()
