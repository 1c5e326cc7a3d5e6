"""The catalogue and the reference data in Italian and English; numbers, dates and plurals by language."""

import io
import re
from pathlib import Path

import pytest

from coprog.texts import i18n, taxonomy, vocabulary

ROOT = Path(__file__).resolve().parents[2]


CODE = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py", ROOT / "serve.py"]
CODE += [*ROOT.glob("coprog/**/*.py")]
KEYS = i18n.keys()


def forms(text) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def test_every_text_has_italian_and_english():
    """Both catalogues hold the same keys; every text is there in both, with the same
    placeholders, and a count has its plural forms in both."""
    italian, english = i18n.catalogue("it").texts, i18n.catalogue("en").texts
    assert set(italian) == set(english)
    for key, it in italian.items():
        en = english[key]
        assert isinstance(it, tuple) == isinstance(en, tuple), key
        for one, other in zip(forms(it), forms(en), strict=True):  # each form against its translation
            assert one.strip() and other.strip(), key
            assert set(re.findall(r"{(\w+)}", one)) == set(re.findall(r"{(\w+)}", other)), key


def test_the_catalogues_are_gettext_catalogues_babel_compiles():
    """What a translator's tools open: one .po per language, read by Babel, with its
    plural rule, no entry left fuzzy, no check failing; compiled by Babel (.mo), it
    says exactly what the .po says."""
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import read_po

    for lang in i18n.LANGUAGES:
        with open(i18n.po_file(lang), "rb") as f:
            catalog = read_po(f, locale=lang, domain=i18n.DOMAIN)
        assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)"
        assert [m.context for m in catalog if m.id and m.fuzzy] == []
        assert [(m.context, errors) for m, errors in catalog.check()] == []
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        back = {m.context: tuple(m.string) if m.pluralizable else m.string for m in read_mo(compiled) if m.id}
        assert back == {m.context: tuple(m.string) if m.pluralizable else m.string for m in catalog if m.id}
        assert len(back) == len(i18n.catalogue(lang).texts) > 1000


def used_keys() -> tuple[set[str], set[str]]:
    """The keys the code names (literally, anywhere in it) and the prefixes of the keys it
    builds at run time (``t(f"offer.flags.{f}")``, ``t("modaction." + action)``)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    literal = set(re.findall(r"""["']([a-z_0-9]+(?:\.[a-z_0-9]+)+)["']""", source))
    prefixes = set(re.findall(r"""f["']([a-z_0-9]+\.[a-z_0-9.]*)\{""", source))
    prefixes |= set(re.findall(r"""["']([a-z_0-9]+\.[a-z_0-9.]*)["']\s*\+""", source))
    return literal, prefixes - {"done."}


def test_no_text_is_unused():
    """Every key of the catalogues is asked for by the code: named, built from a prefix
    the code uses, or the confirmation of a core function a page acts with."""
    from coprog import PACKAGES

    literal, prefixes = used_keys()
    functions = set()
    for package in PACKAGES:
        for path in (ROOT / "coprog" / package).glob("*.py"):
            functions |= {f"done.{path.stem}.{name}" for name in re.findall(r"^def (\w+)", path.read_text(), re.M)}
    unused = [
        key
        for key in sorted(KEYS)
        if key not in literal and key not in functions and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_every_key_used_by_the_interface_exists():
    used = set()
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))
        used |= set(re.findall(r"""(?:NotAllowed|NotFound|Busy|CoprogError)\(\s*["']([a-z_]+\.[a-z_]+)["']""", source))
        used |= set(re.findall(r"""problems\.add\([^,]+,\s*["']([a-z_]+\.[a-z_]+)["']""", source))
        used |= set(re.findall(r"""\btn\(\s*["']([a-z_]+\.[a-z_.]+)["']""", source))  # counts: plural entries
        used |= set(re.findall(r"""Problems\(\[\(["'][a-z_]+["'],\s*["']([a-z_]+\.[a-z_]+)["']""", source))
    missing = sorted(k for k in used if k not in i18n.keys("it") or k not in i18n.keys("en"))
    assert not missing
    assert len(used) > 80


def test_every_key_prefix_used_by_the_interface_exists():
    """Keys built at run time (``t(f"offer.flags.{f}")``): each prefix names real keys,
    and where the parts are listed on the same line, each full key exists."""
    missing = []
    for path in CODE:
        for line in path.read_text(encoding="utf-8").splitlines():
            for prefix in re.findall(r"""\btn?\(\s*f["']([a-z_]+\.[a-z_.]*)\{""", line):
                if not any(k.startswith(prefix) for k in KEYS):
                    missing.append(f"{path.name}: {prefix}…")
                listed = re.search(r"for \w+ in \(([^)]*)\)", line)
                if listed:
                    for part in re.findall(r"""["']([a-z_]+)["']""", listed.group(1)):
                        if f"{prefix}{part}" not in KEYS:
                            missing.append(f"{path.name}: {prefix}{part}")
    assert missing == []


def test_every_staff_action_says_what_it_did():
    """Each ``act(module.function, …)`` of the pages (and ``act_once(press,
    module.function, …)``) has its confirmation in the catalogue:
    ``done.<module>.<function>``, or the ``done=`` key it names (an f-string's
    keys by their prefix). ``act_once`` hands its function on to ``act``: its
    callers are the ones checked."""
    import ast

    missing = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", None) if isinstance(node, ast.Call) else None
            at = {"act": 0, "act_once": 1}.get(name or "")
            if at is None or len(node.args) <= at:
                continue
            target = node.args[at]
            if name == "act" and path.name == "console.py" and getattr(target, "id", None) == "fn":
                continue  # act_once's own call
            done = next((k.value for k in node.keywords if k.arg == "done"), None)
            if done is None and isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                keys = [f"done.{target.value.id}.{target.attr}"]
            elif isinstance(done, ast.Constant):
                keys = [done.value]
            elif isinstance(done, ast.JoinedStr | ast.BinOp):
                prefix = ast.unparse(done).strip("f'\"").split("{")[0].split("'")[0].split('"')[0]
                keys = [k for k in KEYS if k.startswith(prefix)] or [prefix + "…"]
            else:
                keys = [f"{path.name}:{node.lineno}"]
            missing += [f"{path.name}:{node.lineno} {k}" for k in keys if k not in KEYS]
    assert missing == []


def test_every_taxonomy_term_has_both_languages():
    for kind in taxonomy.TAXONOMY_FILES:
        for term in taxonomy.terms(kind):
            assert term.code and term.it and term.en, (kind, term)
    assert len(taxonomy.codes("area")) == 13 and len(taxonomy.codes("activity_field")) == 26


def test_territory_reference_data():
    nils = taxonomy.nils()
    assert len(nils) == 88
    # The shared README says 16; the shipped file lists 17 (NIL 56 has a 1.7% share in a second Municipio).
    assert sum(1 for n in nils.values() if len(n.municipi) > 1) == 17
    assert len(taxonomy.municipi_geojson()["features"]) == 9


def test_nil_names_are_the_comunes_own():
    """The names the documents print are the Comune's spelling, not the shares file's
    capitals title-cased («Xxii Marzo», «Q.Re Feltre», «Conca Del Naviglio»)."""
    nils = taxonomy.nils()
    assert nils[26].name == "XXII Marzo" and nils[66].name == "QT 8"
    assert nils[18].name == "Cimiano - Rottole - Q.re Feltre"
    assert nils[6].name == "Porta Ticinese - Conca del Naviglio"
    assert nils[20].name == "Loreto - Casoretto - NoLo"
    assert not [n.name for n in nils.values() if "Q.Re" in n.name or " Del " in n.name or "Xx" in n.name]


@pytest.mark.parametrize(
    "typed, nil",
    [
        ("21", 21),
        ("NIL 21", 21),
        ("CITTA' STUDI", 22),  # capitals with an apostrophe for the accent, as registries write it
        ("città studi", 22),
        ("Giardini Porta Venezia", 3),  # «P.ta» spelt out
        ("Q.RE FELTRE", 18),  # one part of a long name
        ("quartiere Feltre", 18),
        ("Nolo", 20),
        ("niguarda", 14),
        ("Magenta San Vittore", 7),
        ("QT8", 66),
        ("xxii marzo", 26),
    ],
)
def test_a_nil_as_people_write_it(typed, nil):
    assert taxonomy.match_nil(typed).nil == taxonomy.nils()[nil]


def test_a_nil_shared_or_mistyped_is_not_guessed():
    shared = taxonomy.match_nil("Porta Ticinese")  # NIL 6 and 44
    assert shared.nil is None and [n.id for n in shared.among] == [6, 44]
    typo = taxonomy.match_nil("Lorento")
    assert typo.nil is None and typo.guess == taxonomy.nils()[20]
    assert taxonomy.match_nil("Parigi") == taxonomy.NilMatch() and taxonomy.match_nil("99").nil is None


def test_missing_key_and_fallbacks(monkeypatch):
    with pytest.raises(KeyError, match="non.esiste"):  # the tests: a raw key on a page fails them
        i18n.t("non.esiste")
    monkeypatch.setenv("COPROG_STRICT_TEXTS", "0")
    assert i18n.t("non.esiste") == "non.esiste"  # in the app: the key, rather than a crash
    assert i18n.t("cli.process_created", "en", id=3, title="T") == "Created process 3: «T» (now the current process)."
    unfilled = "Creato il percorso {id}: «{title}» (ora è il percorso corrente)."
    assert i18n.t("cli.process_created", "it", id=3) == unfilled  # a parameter missing: the text as is


@pytest.mark.parametrize("lang, number, text", [("it", 1234567.5, "1.234.567,5"), ("en", 1234567.5, "1,234,567.5")])
def test_numbers(lang, number, text):
    assert i18n.number(number, lang, 1) == text


def test_dates_in_milan_time():
    assert i18n.when("2026-07-01T10:00:00.000Z", "it") == "01/07/2026 12:00"  # CEST
    assert i18n.when("2026-12-01T10:00:00.000Z", "it") == "01/12/2026 11:00"  # CET
    assert i18n.when("2026-11-26", "it", with_time=False) == "26/11/2026"


def test_keys_built_at_run_time_exist():
    from coprog.contributions import moderation
    from coprog.live import attendance, facilitation

    keys = [f"view.{v}" for v in facilitation.BOARD_VIEWS]
    keys += [f"mode.{m}" for m in attendance.MODES] + ["entered.link", "entered.facilitatore"]
    keys += [f"source.{s}" for s in vocabulary.CONTRIBUTION_SOURCES + vocabulary.COUNT_SOURCES]
    keys += [f"modaction.{a}" for a in moderation.ACTIONS]
    keys += [f"status.{s}" for s in ("nuovo", "approvato", "nascosto", "ritirato")]
    keys += ["hyb.target.area", "hyb.target.contribution", "kind.plenaria", "kind.tavolo"]
    keys += ["role.facilitatore", "role.organizzatore"]
    views = ("mappa", "aree", "municipi", "matrice", "albero", "intensita", "tempo", "parole", "contesto", "confronto")
    metrics = ("needs", "mean_intensity", "per_10k_over65", "over65", "over80_alone")
    keys += [f"reading.view.{v}" for v in views] + [f"reading.level.{x}" for x in ("municipi", "nil")]
    keys += [f"reading.{kind}.{m}" for kind in ("map", "map_nil", "metric") for m in metrics]
    keys += [f"reading.{k}" for k in ("share_needs", "share_over65", "share_over80_alone")]
    assert [k for k in keys if k not in KEYS] == []


@pytest.mark.parametrize(
    "lang, n, text",
    [
        ("it", 1, "1 errore: nessuna riga verrà importata finché non è corretto."),
        ("it", 0, "0 errori: nessuna riga verrà importata finché non sono corretti."),
        ("it", 4, "4 errori: nessuna riga verrà importata finché non sono corretti."),
        ("en", 1, "1 error: no row will be imported until it is fixed."),
        ("en", 2, "2 errors: no row will be imported until they are fixed."),
    ],
)
def test_counts_follow_the_language_plural_rules(lang, n, text):
    assert i18n.tn("prep.import_errors", n, lang) == text


def test_downloaded_tables_have_italian_headers():
    import pandas as pd

    frame = pd.DataFrame({"municipio": [1], "needs": [3], "per_10k_over65": [1.5], "Tavolo 1": [2]})
    assert list(i18n.columns(frame)) == ["municipio", "bisogni", "bisogni_per_10000_over65", "Tavolo 1"]
    assert list(i18n.columns(frame, "en"))[1] == "needs"
