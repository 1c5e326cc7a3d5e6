"""The house rules that code review forgets: ARCHITECTURE.md lists every module,
each layer imports only what it may, the core's packages import only the packages
below them (no circle, no import hidden in a function), pages hold no SQL, the
README lists every command, and the one private Streamlit detail the server relies
on still exists."""

import argparse
import ast
import re
from pathlib import Path

import pytest

import coprog
from coprog import cli
from testkit.house import circles, core_imports, module_of, package_of

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
    return sorted((ROOT / layer).rglob("*.py"))


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


def pages_and_ui_lines(pattern: str) -> list[str]:
    """Where (``folder/file:line``) a line of pages/ or ui/ matches ``pattern``."""
    found = re.compile(pattern)
    return [
        f"{p.parent.name}/{p.name}:{n}"
        for p in files("pages") + files("ui")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if found.search(line)
    ]


def test_pages_and_ui_hold_no_sql():
    sql = r"\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\.query(_one)?\(|\.execute\(|\.scalar\("
    assert pages_and_ui_lines(sql) == []


def test_no_file_is_built_at_the_click():
    """A download button is handed its file, never a function that builds it at the
    click: a run near the click lost such a file (ui/downloads.py)."""
    deferred = [
        f"{p.parent.name}/{p.name}:{node.lineno}"
        for p in files("pages") + files("ui")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "download_button"
        and any(
            isinstance(a, ast.Lambda) for a in [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "data")]
        )
    ]
    assert deferred == []


def test_the_records_writers_run_no_query():
    """Records are read, then rendered: what a record says is assembled as plain data in
    coprog/records (records.py, sintesi.py, decisions.py, opendata.tables); the writers and
    the files they make only render it."""
    sql = re.compile(r"\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\.query(_one)?\(|\.execute\(|\.scalar\(|\.one\(")
    writers = ["rendering.py", "documents.py", "doc_charts.py"]
    found = [
        f"{name}:{n}"
        for name in writers
        for n, line in enumerate((ROOT / "coprog" / "records" / name).read_text().splitlines(), 1)
        if sql.search(line)
    ]
    assert found == []
    assert "coprog.storage" not in (ROOT / "coprog" / "records" / "rendering.py").read_text()


def test_architecture_lists_every_module():
    """Each module by its path inside its layer (``ballots/ballots.py`` in the core)."""
    missing = [
        f"{layer}/{p.relative_to(ROOT / layer)}"
        for layer in ("coprog", "ui", "pages", "testkit")
        for p in files(layer)
        if p.name not in ("__init__.py", "__main__.py") and f"`{p.relative_to(ROOT / layer)}`" not in ARCHITECTURE
    ]
    assert missing == []


# -- the core's packages (coprog.PACKAGES, from the bottom up) ---------------------------

BASE = {"coprog.config"}  # the settings every package reads
ENTRY = {"coprog.cli", "coprog.demo", "coprog.firstrun", "coprog.__main__"}  # they use every package
ASSETS = "assets"  # the pages' browser scripts (pyproject.toml declares them to Streamlit)


def test_the_core_is_cut_into_the_packages_it_declares():
    """Every module of the core is in one of coprog.PACKAGES, or is the settings or an
    entry point at the root; each package says in its docstring what it holds and may use."""
    folders = {p.name for p in (ROOT / "coprog").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(coprog.PACKAGES) | {ASSETS}
    assert not list((ROOT / "coprog" / ASSETS).glob("*.py"))  # files the browser loads, no Python
    root = {module_of(p) for p in (ROOT / "coprog").glob("*.py")} - {"coprog"}
    assert root == BASE | ENTRY
    for package in coprog.PACKAGES:
        doc = ast.get_docstring(ast.parse((ROOT / "coprog" / package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May use" in doc, package


def test_each_package_imports_only_the_packages_below_it():
    rank = {name: n for n, name in enumerate(coprog.PACKAGES)}

    def wrong(here: str, target: str) -> bool:
        if here in BASE:  # the settings import no other module of the core
            return target not in BASE
        if target in ENTRY:  # nothing but an entry point imports an entry point
            return here not in ENTRY
        low, high = package_of(target), package_of(here)
        return bool(low and high and rank[low] > rank[high])

    against = []
    for path in files("coprog"):
        here = module_of(path)
        for target, _ in core_imports(path):
            if target.startswith("relative:"):
                against.append(f"{here} -> a relative import (write coprog.<package>.<module>)")
            elif wrong(here, target):
                against.append(f"{here} -> {target}")
    assert against == []


def test_no_import_of_the_core_hides_in_a_function():
    """A circle dodged by importing inside a function is still a circle."""
    hidden = [f"{module_of(p)} -> {t}" for p in files("coprog") for t, inner in core_imports(p) if inner]
    assert hidden == []


def test_no_circle_among_the_core_modules():
    assert circles() == []


def test_no_role_check_outside_the_permissions_table():
    """Who may do what is decided in coprog/procedure/permissions.py only: the core
    calls ``permissions.require``, the pages ``permissions.may``. Where an identity
    is established (the Actor; who this browser tab is) roles are read, not judged."""
    check = re.compile(
        r"\.kind (==|!=|in|not in) |staff_role\(\) (==|!=)"
        r"|\"(organizzatore|facilitatore)\" (==|!=|in)|== \"(organizzatore|facilitatore|delegato)\""
    )
    identity = {"coprog/procedure/permissions.py", "coprog/storage/audit.py", "ui/state.py"}
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files("coprog") + files("ui") + files("pages") + [ROOT / "serve.py", ROOT / "app.py"]
        if str(p.relative_to(ROOT)) not in identity
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if check.search(line)
    ]
    assert found == []


def test_statuses_come_from_the_vocabulary():
    """The codes the database stores (statuses, admission, where an entry came
    from, a ballot's dimensions) are named once, in coprog/texts/vocabulary.py:
    no SQL of the core and no comparison in the core,
    the pages or the glue spells one out (released migrations keep their literals)."""
    from coprog.texts import vocabulary

    codes = sorted(
        {
            *vocabulary.CONTRIBUTION_STATUSES,
            *vocabulary.ADMISSION,
            *vocabulary.PROCESS_STATUSES,
            vocabulary.BALLOT_OPEN,
            vocabulary.BALLOT_CLOSED,
            *vocabulary.FLOOR_STATUSES,
            vocabulary.PENDING,
            *vocabulary.MAIL_STATUSES,
            *vocabulary.CONTRIBUTION_SOURCES,
            *vocabulary.COUNT_SOURCES,
            *vocabulary.BALLOT_DIMENSIONS,
        }
    )
    spelled = re.compile(r"'(" + "|".join(codes) + r")'|(==|!=) \"(" + "|".join(codes) + r")\"")
    exempt = {"vocabulary.py", "migrations.py", "i18n.py"}
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in files("coprog") + files("ui") + files("pages")
        if p.name not in exempt
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []


def test_apptests_build_pages_one_way():
    """AppTests get their tabs from testkit.apptest (as_delegate, as_staff, new_app)
    and find buttons with its helpers: none redefines them."""
    twins = re.compile(r"AppTest\.from_file|^def (?!test_)(\w+_page|page|button|click|new_app|as_delegate|as_staff)\(")
    found = [
        f"{p.name}:{n}"
        for p in sorted((ROOT / "tests" / "apptest").glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if twins.search(line)
    ]
    assert found == []


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


def test_one_timed_part_per_page():
    """Only the asking watch (ui/live.py) reruns by a timer: a ``run_every`` fragment
    that reruns the page while another one ticks made Streamlit's browser code
    throw and leave the projector white; the clocks are drawn by the browser."""
    timed = pages_and_ui_lines(r"run_every\s*=")
    assert [where.split(":")[0] for where in timed] == ["ui/live.py"], timed
