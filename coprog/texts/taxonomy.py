"""Reference data shipped in ``data/``: taxonomies (Italian with English
labels, editable CSV files) and Milan's territory (Municipi and NIL)."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from coprog.config import DATA_DIR

TAXONOMY_FILES = {
    "area": "aree.csv",
    "target_group": "destinatari.csv",
    "trend": "tendenze.csv",
    "evidence_source": "fonti_evidenza.csv",
    "contribution_type": "tipi_contributo.csv",
    "legal_form": "forme_giuridiche.csv",
    "activity_field": "attivita_cts.csv",
    "service_type": "servizi.csv",
}

MUNICIPI = tuple(range(1, 10))


@dataclass(frozen=True)
class Term:
    code: str
    it: str
    en: str

    def label(self, lang: str = "it") -> str:
        return self.en if lang == "en" else self.it


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def terms(kind: str) -> tuple[Term, ...]:
    """The ordered terms of one taxonomy (``area``, ``target_group``, ...)."""
    rows = _read_csv("taxonomies/" + TAXONOMY_FILES[kind])
    return tuple(Term(r["code"].strip(), r["it"].strip(), r["en"].strip()) for r in rows)


def codes(kind: str) -> tuple[str, ...]:
    return tuple(t.code for t in terms(kind))


def label(kind: str, code: str | None, lang: str = "it") -> str:
    for term in terms(kind):
        if term.code == code:
            return term.label(lang)
    return code or ""


@cache
def service_areas() -> dict[str, tuple[str, ...]]:
    """Each service type -> the areas of need it answers (the ``aree`` column of
    servizi.csv, editable: "altro" answers none)."""
    return {
        r["code"].strip(): tuple(a.strip() for a in (r.get("aree") or "").split(";") if a.strip())
        for r in _read_csv("taxonomies/" + TAXONOMY_FILES["service_type"])
    }


@cache
def service_words() -> dict[str, tuple[str, ...]]:
    """Each service type -> words that name it in a proposal's text (the ``parole``
    column of servizi.csv, editable), lower case."""
    return {
        r["code"].strip(): tuple(w.strip().casefold() for w in (r.get("parole") or "").split(";") if w.strip())
        for r in _read_csv("taxonomies/" + TAXONOMY_FILES["service_type"])
    }


def labels(kind: str, lang: str = "it") -> dict[str, str]:
    return {t.code: t.label(lang) for t in terms(kind)}


@dataclass(frozen=True)
class PhaseTemplate:
    position: int
    it: str
    en: str
    contribution_types: str


@cache
def default_phases() -> tuple[PhaseTemplate, ...]:
    return tuple(
        PhaseTemplate(int(r["position"]), r["it"], r["en"], r["contribution_types"].strip())
        for r in _read_csv("taxonomies/fasi.csv")
    )


def phase_label(name: str, lang: str = "it") -> str:
    """A phase's name in ``lang``: default phases are translated, renamed ones shown as typed."""
    if lang == "en":
        for template in default_phases():
            if template.it == name:
                return template.en
    return name


# -- territory -----------------------------------------------------------------


@dataclass(frozen=True)
class Nil:
    id: int
    name: str
    municipi: tuple[int, ...]  # every Municipio it lies in, largest share first


@cache
def nils() -> dict[int, Nil]:
    """The 88 NIL, each named as the Comune writes it in its population data
    («XXII Marzo», «Q.re Feltre», «NoLo»), not the shares file's capitals."""
    shares: dict[int, list[tuple[float, int]]] = {}
    names = {int(r["id_nil"]): r["quartiere"].strip() for r in _read_csv("milano/popolazione_nil_2024.csv")}
    for row in _read_csv("milano/nil_municipi.csv"):
        nil_id = int(row["id_nil"])
        names.setdefault(nil_id, row["nil"].title())
        shares.setdefault(nil_id, []).append((float(row["quota_area"]), int(row["municipio"])))
    return {
        nil_id: Nil(nil_id, names[nil_id], tuple(m for _, m in sorted(s, reverse=True)))
        for nil_id, s in sorted(shares.items())
    }


@dataclass(frozen=True)
class NilMatch:
    """What a typed NIL names: one NIL, or several it could be, or a likely one."""

    nil: Nil | None = None
    among: tuple[Nil, ...] = ()  # the NIL it could be (a part several names share: «Porta Ticinese»)
    guess: Nil | None = None  # the NIL it most resembles, when it names none (a typo)


def comparable(text) -> str:
    """A name as typed names are compared: no accents (nor the apostrophe capitals put
    for them), no case, punctuation and underscores as spaces, spaces collapsed:
    «SOCIETA' L’Arcobaleno» and «Società l'arcobaleno» -> 'societa l arcobaleno'. The one
    rule for a file's headers, an ETS's name against the registered one, a NIL's name."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _nil_key(text: str) -> str:
    """A NIL's name as compared, the Comune's abbreviations spelt out («P.ta» porta,
    «Q.re» quartiere, «S.» san)."""
    plain = text.casefold()
    plain = re.sub(r"\bp\.?\s?ta\b", "porta", plain)
    plain = re.sub(r"\bq\.?\s?re\b", "quartiere", plain)
    plain = re.sub(r"\bs\.\s*", "san ", plain)
    return comparable(plain)


@cache
def _nil_keys() -> tuple[dict[str, int], dict[str, int], dict[str, tuple[int, ...]]]:
    """Whole names, the same without spaces («QT8» for «QT 8»), and the parts of the
    names (split at « - »), to the NIL that bear them: built once."""
    whole = {_nil_key(nil.name): nil.id for nil in nils().values()}
    squashed = {key.replace(" ", ""): nil_id for key, nil_id in whole.items()}
    parts: dict[str, list[int]] = {}
    for nil in nils().values():
        for part in nil.name.split(" - "):
            parts.setdefault(_nil_key(part), []).append(nil.id)
    return whole, squashed, {key: tuple(ids) for key, ids in parts.items()}


def match_nil(value) -> NilMatch:
    """A NIL as people write it: its number («21», «NIL 21»), its name in any case,
    with or without accents and abbreviations («CITTA' STUDI», «Giardini Porta
    Venezia»), or one part of a long name («NoLo», «Niguarda»). A part several
    NIL share is ambiguous; a name that matches none gets the closest as a guess,
    never taken for it."""
    from rapidfuzz import fuzz, process

    known = nils()
    key = _nil_key(str(value or ""))
    number = key.removeprefix("nil ").strip()
    if number.isdigit():
        return NilMatch(known.get(int(number)))
    whole, squashed, parts = _nil_keys()
    if key in whole or key.replace(" ", "") in squashed:
        return NilMatch(known[whole.get(key) or squashed[key.replace(" ", "")]])
    ids = parts.get(key, ())
    if len(ids) == 1:
        return NilMatch(known[ids[0]])
    if ids:
        return NilMatch(among=tuple(known[i] for i in ids))
    names = {**{k: (v,) for k, v in whole.items()}, **parts}
    best = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=75) if key else None
    if best and len(names[best[0]]) == 1:
        return NilMatch(guess=known[names[best[0]][0]])
    return NilMatch()


@cache
def municipi_geojson() -> dict:
    with open(DATA_DIR / "milano" / "municipi.geojson", encoding="utf-8") as fh:
        return json.load(fh)
