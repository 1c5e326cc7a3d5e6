"""Day zero on a machine: the schema, an organisers' password when none is
configured, and the demo percorso only where it was asked for.

``make run`` calls :func:`setup`. On a database that was never set up it
creates the demo percorso unless told not to (``make run DEMO=0``); after that
it never creates it again, so a demo an organiser deleted stays deleted.
"""

from __future__ import annotations

import os

from coprog import demo as demo_module
from coprog.procedure import access
from coprog.storage.db import Database, meta_get, meta_set

LOCAL_HASH = "local_admin_hash"


def organiser_password_configured() -> bool:
    return bool(os.environ.get("COPROG_ADMIN_PASSWORD"))


def new_organiser_password(database: Database) -> str:
    """A fresh password for organisers on this machine (only its hash is kept)."""
    password = "-".join(access.format_code(access.new_access_code()).split("-")).lower()
    with database.write() as db:
        meta_set(db, LOCAL_HASH, access.hash_password(password))
    return password


def setup(database: Database, *, demo: bool = True) -> dict:
    """Returns what it did: ``password`` (only when it made one), ``demo``
    (the summary when it created the demo), ``initialised`` (first time)."""

    done: dict = {"password": None, "demo": None, "initialised": False}
    if meta_get(database, "initialised") is None:
        done["initialised"] = True
        has_process = bool(database.scalar("SELECT 1 FROM process LIMIT 1"))
        if demo and not has_process:
            done["demo"] = demo_module.create(database)
        with database.write() as db:
            meta_set(db, "initialised", "1")
    if not organiser_password_configured() and meta_get(database, LOCAL_HASH) is None:
        done["password"] = new_organiser_password(database)
    return done
