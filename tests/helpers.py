"""Small builders shared by the tests."""

from coprog import registry
from coprog.audit import Actor

STAFF = Actor("organizzatore", None, "test")
VALID_CF = ["97123450153", "80012340156", "04123450159"]


def make_org(database, name="Cooperativa Sociale Alfa", cf="97123450153", delegates=("Anna Rossi",)):
    return registry.add_organisation(database, STAFF, {
        "name": name, "codice_fiscale": cf, "legal_form": "coop_sociale",
        "activity_fields": ["a", "c"], "municipi": [1, 2],
    }, [{"name": n, "role": "Referente"} for n in delegates])


def need_fields(**overrides):
    fields = {"title": "Anziani soli d'estate", "area": "isolamento", "target_group": "anziani_soli",
              "municipi": [3], "nils": [], "citywide": False, "intensity": 4,
              "trend": "in_crescita", "evidence": "", "evidence_source": "esperienza_diretta",
              "body": ""}
    fields.update(overrides)
    return fields
