"""Small builders shared by the tests."""

from coprog import admin, registry
from coprog.audit import Actor

STAFF = Actor("organizzatore", None, "test")
VALID_CF = ["97123450153", "80012340156", "04123450159"]


def make_org(database, name="Cooperativa Sociale Alfa", cf="97123450153", delegates=("Anna Rossi",), *,
             process_id=None, admission="ammessa"):
    """An ETS of the percorso (the newest one unless named), admitted unless told otherwise."""
    process_id = process_id or database.scalar("SELECT max(id) FROM process")
    org_id = registry.add_organisation(database, STAFF, {
        "name": name, "codice_fiscale": cf, "legal_form": "coop_sociale",
        "activity_fields": ["a", "c"], "municipi": [1, 2],
    }, [{"name": n, "role": "Referente"} for n in delegates], process_id=process_id)
    if admission != "ricevuta":
        admin.set_admission(database, STAFF, org_id, admission, "motivo di prova" if admission == "non_ammessa" else "")
    return org_id


def need_fields(**overrides):
    fields = {"title": "Anziani soli d'estate", "area": "isolamento", "target_group": "anziani_soli",
              "municipi": [3], "nils": [], "citywide": False, "intensity": 4,
              "trend": "in_crescita", "evidence": "", "evidence_source": "esperienza_diretta",
              "body": ""}
    fields.update(overrides)
    return fields


def pid(database) -> int:
    """The id of the newest percorso (most test databases hold one)."""
    return database.scalar("SELECT max(id) FROM process")


def database_at(path, version: int):
    """A database file left at an older schema version (to test an upgrade on real data)."""
    from coprog import migrations
    from coprog.db import Database

    old = Database(path, migrate=False)
    migrations.migrate(old, target=version)
    return old
