"""Command line: ``python -m coprog demo|import-orgs|invites|hash-password|export|backup|serve|migrate``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from . import config, demo, i18n, importer, invites
from .audit import Actor
from .db import Database
from .errors import CoprogError

CLI_ACTOR = Actor("organizzatore", None, "riga di comando")


def _database(args) -> Database:
    return Database(args.db or config.db_path())


def cmd_demo(args) -> int:
    database = _database(args)
    if args.reset:
        demo.reset(database)
    summary = demo.create(database)
    if summary["created"]:
        print(f"Creato il percorso demo in {database.path}: {summary['organisations']} ETS, "
              f"{summary['delegates']} delegati, {summary['sessions']} sessioni.")
    else:
        print(f"Il percorso demo esiste già in {database.path}: nulla da fare (usa --reset per ricrearlo).")
    if summary.get("password"):
        print(f"Password staff della demo: {summary['password']}")
    return 0


def cmd_import(args) -> int:
    database = _database(args)
    try:
        result = importer.import_file(database, CLI_ACTOR, args.file)
    except importer.ImportFailed as exc:
        print(f"Importazione annullata: nessuna riga è stata importata ({len(exc.rows)} errori).",
              file=sys.stderr)
        for row, field, key, params in exc.rows:
            message = i18n.problem(field, key, params)
            print(f"  riga {row}: {message}" if row else f"  {message}", file=sys.stderr)
        return 1
    print(f"Importati {result.organisations} enti e {result.delegates} delegati.")
    return 0


def cmd_invites(args) -> int:
    database = _database(args)
    try:
        count = invites.write(database, args.out, base_url=args.base_url)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Scritti {count} inviti in {args.out}.")
    return 0


def cmd_hash_password(args) -> int:
    from .access import hash_password

    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        print("La password deve avere almeno 10 caratteri.", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


def cmd_export(args) -> int:
    from . import documents, opendata, registry

    database = _database(args)
    out = Path(args.out)
    if args.format == "json":
        out.write_text(opendata.dumps(database), encoding="utf-8")
    elif args.format == "xlsx":
        out.write_bytes(opendata.to_xlsx(database))
    elif args.format == "csv":
        out.write_bytes(opendata.to_csv_zip(database))
    else:
        process = registry.current_process(database)
        if process is None:
            print("Nessun percorso nel database.", file=sys.stderr)
            return 1
        out.write_bytes(documents.synthesis_docx(database, process["id"]))
    print(f"Esportato ({args.format}) in {out}.")
    return 0


def cmd_backup(args) -> int:
    from .backup import backup, integrity

    database = _database(args)
    path = backup(database, args.out)
    check = integrity(path)
    print(f"Copia di sicurezza in {path} (controllo di integrità: {check}).")
    return 0 if check == "ok" else 1


def cmd_migrate(args) -> int:
    database = _database(args)
    from .migrations import current_version

    with database.read() as conn:
        print(f"Schema alla versione {current_version(conn)} in {database.path}.")
    return 0


def cmd_serve(args) -> int:
    from . import cluster, registry

    if not 1 <= args.processes <= 32:
        print("--processes: da 1 a 32 (di solito uno per core).", file=sys.stderr)
        return 2
    nginx = cluster.find_nginx()
    if nginx is None:
        print("nginx non trovato: installalo dai pacchetti Debian (sudo apt-get install nginx-light)"
              " oppure usa «make run-cluster», che lo installa.", file=sys.stderr)
        return 2
    database = _database(args)  # migrations and the signing key exist before the processes start
    registry.cookie_secret(database, config.secret("COPROG_SECRET_KEY"))
    database.close()
    run_dir = Path(args.run_dir or Path(database.path).resolve().parent / "cluster")
    group = cluster.Cluster(args.processes, args.address, args.port, run_dir, args.script, args.extra)
    group.start(nginx)
    print(f"coprog su http://{args.address}:{args.port} con {args.processes} processi Streamlit"
          f" (porte {', '.join(map(str, group.backends))}) dietro nginx. Ctrl+C per fermare.", flush=True)
    return group.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprog", description="coprog: co-programmazione")
    parser.add_argument("--db", help="file SQLite (predefinito: COPROG_DB o var/coprog.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="crea il percorso demo (una volta sola)")
    p.add_argument("--reset", action="store_true", help="svuota il database e ricrea la demo")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import-orgs", help="importa ETS e delegati da CSV o XLSX (tutto o niente)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("invites", help="scrive gli inviti: .csv, .html o .pdf (cartoncini con QR)")
    p.add_argument("--out", required=True)
    p.add_argument("--base-url", help="indirizzo pubblico (predefinito: COPROG_BASE_URL)")
    p.set_defaults(func=cmd_invites)

    p = sub.add_parser("hash-password", help="calcola l'hash per COPROG_ADMIN_PASSWORD")
    p.set_defaults(func=cmd_hash_password)

    p = sub.add_parser("export", help="esporta i dati aperti (xlsx, csv in zip, json) o il documento di sintesi (docx)")
    p.add_argument("--format", required=True, choices=["xlsx", "csv", "json", "docx"])
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("backup", help="copia coerente del database, anche con l'app in funzione")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("serve", help="più processi Streamlit dietro nginx (sessioni appiccicose), un comando")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="0.0.0.0")
    p.add_argument("--script", default="serve.py")
    p.add_argument("--run-dir", help="dove scrivere la configurazione di nginx (predefinito: accanto al database)")
    p.add_argument("extra", nargs="*", help="opzioni per streamlit run, dopo --")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="applica le migrazioni dello schema")
    p.set_defaults(func=cmd_migrate)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CoprogError as exc:
        for message in i18n.error_messages(exc):
            print(message, file=sys.stderr)
        return 1
