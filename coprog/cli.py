"""Command line: ``python -m coprog setup|new-process|new-session|processes|demo|import-orgs|invites|
hash-password|new-password|export|backup|purge|serve|migrate``. Commands that work on one percorso take
``--process ID`` (default: the current one, as on the organisers' pages)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from . import config, demo, firstrun, i18n, importer, invites, processes, registry
from .audit import Actor
from .db import Database
from .errors import CoprogError, NotFound

CLI_ACTOR = Actor("organizzatore", None, "riga di comando")


def _database(args) -> Database:
    return Database(args.db or config.db_path())


def _process(database, args) -> dict:
    """The percorso a command works on: ``--process ID`` or the current one."""
    chosen = getattr(args, "process", None)
    if chosen is not None:
        return processes.get(database, chosen)
    process = processes.current(database)
    if process is None:
        raise NotFound("process.none_yet")
    return process


def _print_password(password: str | None) -> None:
    if password:
        print(f"Password degli organizzatori su questa macchina (conservala, non verrà più mostrata): {password}")


def cmd_setup(args) -> int:
    database = _database(args)
    done = firstrun.setup(database, demo=args.demo)
    if done["demo"] and done["demo"].get("created"):
        print(f"Creato il percorso demo in {database.path} (eliminabile da Preparazione). "
              "Per partire senza demo su un database nuovo: make run DEMO=0.")
    elif done["initialised"]:
        print(f"Database pronto in {database.path}: nessun percorso, lo crea un organizzatore dall'app.")
    _print_password(done["password"])
    if not done["password"] and not firstrun.organiser_password_configured():
        print("Accesso organizzatori: la password stampata al primo avvio (nuova password: make password).")
    return 0


def cmd_new_password(args) -> int:
    _print_password(firstrun.new_organiser_password(_database(args)))
    return 0


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
    if not firstrun.organiser_password_configured() and registry.meta_get(database, firstrun.LOCAL_HASH) is None:
        _print_password(firstrun.new_organiser_password(database))
    return 0


def _process_fields(args) -> dict:
    return {"title": args.title, "description": args.description, "office": args.office,
            "start_date": args.start, "end_date": args.end, "avviso_protocol": args.avviso_protocol,
            "avviso_date": args.avviso_date, "application_deadline": args.deadline, "pec": args.pec,
            "contact": args.contact}


def cmd_new_process(args) -> int:
    database = _database(args)
    fields = _process_fields(args)
    same = processes.find_same(database, **fields)
    if same:
        print(f"Il percorso «{same['title']}» esiste già con questi dati (id {same['id']}): nulla da fare.")
        return 0
    process_id = processes.create(database, CLI_ACTOR, **fields)
    print(f"Creato il percorso {process_id}: «{fields['title']}» (ora è il percorso corrente).")
    return 0


def cmd_new_session(args) -> int:
    database = _database(args)
    process = _process(database, args)
    same = database.query_one("SELECT * FROM session WHERE process_id = ? AND lower(title) = lower(?)",
                              (process["id"], (args.title or "").strip()))
    if same and same["kind"] == args.kind and (args.date is None or same["date"] == args.date):
        print(f"La sessione «{same['title']}» esiste già nel percorso {process['id']} (id {same['id']}): nulla da fare.")
        return 0
    session_id = registry.create_session(database, CLI_ACTOR, process_id=process["id"], kind=args.kind,
                                         title=args.title, theme=args.theme or "", date=args.date,
                                         place=args.place or "")
    code = database.scalar("SELECT join_code FROM session WHERE id = ?", (session_id,))
    print(f"Creata la sessione {session_id} «{args.title}» nel percorso {process['id']} (codice {code}).")
    return 0


def cmd_processes(args) -> int:
    database = _database(args)
    current = processes.current(database)
    for p in processes.processes(database):
        mark = "*" if current and p["id"] == current["id"] else " "
        demo_mark = " [DEMO]" if p["is_demo"] else ""
        print(f"{mark} {p['id']:>3}  {p['status']:<10} {p['sessions']:>2} sessioni {p['organisations']:>4} ETS"
              f"  {p['title']}{demo_mark}")
    return 0


def cmd_purge(args) -> int:
    database = _database(args)
    process = processes.get(database, args.process)
    erased = processes.purge(database, CLI_ACTOR, process["id"])
    print(f"Cancellati i dati personali di {erased} delegati del percorso «{process['title']}»; "
          "contributi, voti e presenze restano agli enti.")
    return 0


def cmd_import(args) -> int:
    database = _database(args)
    process = _process(database, args)
    try:
        result = importer.import_file(database, CLI_ACTOR, args.file, process_id=process["id"])
    except importer.ImportFailed as exc:
        print(f"Importazione annullata: nessuna riga è stata importata ({len(exc.rows)} errori).",
              file=sys.stderr)
        for row, field, key, params in exc.rows:
            message = i18n.problem(field, key, params)
            column = importer.column_for(field)
            where = f"riga {row}, colonna {column}" if row and column else f"riga {row}" if row else ""
            print(f"  {where}: {message}" if where else f"  {message}", file=sys.stderr)
        return 1
    print(f"Importati {result.organisations} enti e {result.delegates} delegati nel percorso {process['id']}"
          " (domande «ricevute»: ammettile da Preparazione).")
    return 0


def cmd_invites(args) -> int:
    database = _database(args)
    try:
        count = invites.write(database, args.out, _process(database, args)["id"], base_url=args.base_url)
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
    from . import documents, opendata

    database = _database(args)
    out = Path(args.out)
    process_id = _process(database, args)["id"]
    if args.format == "json":
        out.write_text(opendata.dumps(database, process_id), encoding="utf-8")
    elif args.format == "xlsx":
        out.write_bytes(opendata.to_xlsx(database, process_id))
    elif args.format == "csv":
        out.write_bytes(opendata.to_csv_zip(database, process_id))
    elif args.format == "domande-xlsx":
        out.write_bytes(documents.applications_xlsx(database, process_id))
    elif args.format == "domande-pdf":
        out.write_bytes(documents.applications_pdf(database, process_id))
    else:
        out.write_bytes(documents.synthesis_docx(database, process_id))
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
    from .migrations import report as migration_report

    with database.read() as conn:
        print(f"Schema alla versione {current_version(conn)} in {database.path}.")
    for row in migration_report(database):
        print(f"  da rivedere (migrazione {row['version']}): {row['entity']} {row['entity_id']}: "
              f"{row['problem']} – {row['detail']}")
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
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key and Path(args.tls_cert).is_file() and Path(args.tls_key).is_file()):
            print("--tls-cert e --tls-key: servono entrambi, file esistenti (certificato e chiave).", file=sys.stderr)
            return 2
        tls = (args.tls_cert, args.tls_key)
    group = cluster.Cluster(args.processes, args.address, args.port, run_dir, args.script, args.extra, tls)
    group.start(nginx)
    scheme = "https" if tls else "http"
    print(f"coprog su {scheme}://{args.address}:{args.port} con {args.processes} processi Streamlit"
          f" (porte {', '.join(map(str, group.backends))}) dietro nginx. Ctrl+C per fermare.", flush=True)
    return group.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coprog", description="coprog: co-programmazione")
    parser.add_argument("--db", help="file SQLite (predefinito: COPROG_DB o var/coprog.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("setup", help="prepara il database (make run): schema, password organizzatori, demo al primo avvio")
    p.add_argument("--demo", action=argparse.BooleanOptionalAction, default=True,
                   help="crea il percorso demo se il database è nuovo (predefinito: sì)")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("new-password", help="nuova password degli organizzatori su questa macchina")
    p.set_defaults(func=cmd_new_password)

    p = sub.add_parser("new-process", help="crea un percorso (ripetere lo stesso comando non cambia nulla)")
    p.add_argument("--title", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--office", default="", help="ufficio responsabile")
    p.add_argument("--start", help="data di inizio (AAAA-MM-GG o GG/MM/AAAA)")
    p.add_argument("--end", help="data di fine")
    p.add_argument("--avviso-protocol", default="", help="numero di protocollo dell'avviso")
    p.add_argument("--avviso-date", help="data dell'avviso")
    p.add_argument("--deadline", help="scadenza delle domande, data e ora (AAAA-MM-GG HH:MM)")
    p.add_argument("--pec", default="", help="indirizzo PEC per le domande")
    p.add_argument("--contact", default="", help="contatto della segreteria")
    p.set_defaults(func=cmd_new_process)

    p = sub.add_parser("new-session", help="crea una sessione nel percorso (plenaria o tavolo)")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.add_argument("--title", required=True)
    p.add_argument("--kind", choices=["plenaria", "tavolo"], default="plenaria")
    p.add_argument("--date", help="data (AAAA-MM-GG)")
    p.add_argument("--place", default="")
    p.add_argument("--theme", default="")
    p.set_defaults(func=cmd_new_session)

    p = sub.add_parser("processes", help="elenca i percorsi (* = corrente)")
    p.set_defaults(func=cmd_processes)

    p = sub.add_parser("purge", help="cancella i dati personali dei delegati di un percorso chiuso, dopo la conservazione")
    p.add_argument("--process", type=int, required=True)
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("demo", help="crea il percorso demo (una volta sola)")
    p.add_argument("--reset", action="store_true", help="elimina il percorso demo e lo ricrea (gli altri percorsi restano)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import-orgs", help="importa le domande degli ETS e i delegati da CSV o XLSX (tutto o niente)")
    p.add_argument("file")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("invites", help="scrive gli inviti: .csv, .html o .pdf (cartoncini con QR)")
    p.add_argument("--out", required=True)
    p.add_argument("--base-url", help="indirizzo pubblico (predefinito: COPROG_BASE_URL)")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.set_defaults(func=cmd_invites)

    p = sub.add_parser("hash-password", help="calcola l'hash per COPROG_ADMIN_PASSWORD")
    p.set_defaults(func=cmd_hash_password)

    p = sub.add_parser("export", help="esporta i dati aperti (xlsx, csv in zip, json), il documento di sintesi (docx)"
                                      " o l'elenco delle domande con l'esito (domande-xlsx, domande-pdf)")
    p.add_argument("--format", required=True, choices=["xlsx", "csv", "json", "docx", "domande-xlsx", "domande-pdf"])
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
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
    p.add_argument("--tls-cert", help="certificato (PEM) per servire in HTTPS")
    p.add_argument("--tls-key", help="chiave privata (PEM) del certificato")
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
