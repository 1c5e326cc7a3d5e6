"""Command line: ``python -m coprog setup|new-process|new-session|processes|demo|import-orgs|import-services|invites|
hash-password|new-password|export|verifica|backup|purge|serve|migrate``. Commands that work on one percorso take
``--process ID`` (default: the current one, as on the organisers' pages)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from coprog import config, demo, firstrun
from coprog.hosting import cluster
from coprog.procedure import access, importer, invites, permissions, processes, sessions
from coprog.procedure.access import hash_password
from coprog.reading import offer
from coprog.records import documents, opendata, sintesi, verifica
from coprog.storage import schema
from coprog.storage.audit import Actor
from coprog.storage.backup import backup, integrity
from coprog.storage.db import Database, meta_get
from coprog.storage.migrations import current_version
from coprog.storage.migrations import report as migration_report
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import CoprogError, NotFound

CLI_ACTOR = Actor(vocabulary.ORGANISER, None, "riga di comando")
LANG = os.environ.get("COPROG_LANG", i18n.DEFAULT_LANG)  # the command line's language (it, en)


def say(key: str, file=None, flush: bool = False, **params) -> None:
    """Print a catalogue text in the command line's language."""
    print(i18n.t(key, LANG, **params), file=file, flush=flush)


def _database(args) -> Database:
    return Database(args.db or config.db_path())


def _process(database: Database, args) -> dict:
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
        say("cli.password", password=password)


def cmd_setup(args) -> int:
    database = _database(args)
    done = firstrun.setup(database, demo=args.demo)
    if done["demo"] and done["demo"].get("created"):
        say("cli.demo_created_setup", path=database.path)
    elif done["initialised"]:
        say("cli.ready_empty", path=database.path)
    _print_password(done["password"])
    if not done["password"] and not firstrun.organiser_password_configured():
        say("cli.password_hint")
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
        say(
            "cli.demo_created",
            path=database.path,
            organisations=summary["organisations"],
            delegates=summary["delegates"],
            sessions=summary["sessions"],
        )
    else:
        say("cli.demo_exists", path=database.path)
    if not firstrun.organiser_password_configured() and meta_get(database, firstrun.LOCAL_HASH) is None:
        _print_password(firstrun.new_organiser_password(database))
    return 0


def _process_fields(args) -> dict:
    return {
        "title": args.title,
        "description": args.description,
        "office": args.office,
        "start_date": args.start,
        "end_date": args.end,
        "avviso_protocol": args.avviso_protocol,
        "avviso_date": args.avviso_date,
        "application_deadline": args.deadline,
        "pec": args.pec,
        "contact": args.contact,
    }


def cmd_new_process(args) -> int:
    database = _database(args)
    fields = _process_fields(args)
    same = processes.find_same(database, **fields)
    if same:
        say("cli.process_exists", title=same["title"], id=same["id"])
        return 0
    process_id = processes.create(database, CLI_ACTOR, **fields)
    say("cli.process_created", id=process_id, title=fields["title"])
    return 0


def cmd_new_session(args) -> int:
    database = _database(args)
    process = _process(database, args)
    same = database.query_one(
        "SELECT * FROM session WHERE process_id = ? AND lower(title) = lower(?)",
        (process["id"], (args.title or "").strip()),
    )
    if same and same["kind"] == args.kind and (args.date is None or same["date"] == args.date):
        say("cli.session_exists", title=same["title"], process=process["id"], id=same["id"])
        return 0
    session_id = sessions.create_session(
        database,
        CLI_ACTOR,
        process_id=process["id"],
        kind=args.kind,
        title=args.title,
        theme=args.theme or "",
        date=args.date,
        place=args.place or "",
    )
    code = database.scalar("SELECT join_code FROM session WHERE id = ?", (session_id,))
    say("cli.session_created", id=session_id, title=args.title, process=process["id"], code=code)
    return 0


def cmd_processes(args) -> int:
    database = _database(args)
    current = processes.current(database)
    for p in processes.processes(database):
        mark = "*" if current and p["id"] == current["id"] else " "
        demo_mark = " [DEMO]" if p["is_demo"] else ""
        print(
            f"{mark} {p['id']:>3}  {p['status']:<10} "
            + i18n.t("cli.process_line", LANG, sessions=f"{p['sessions']:>2}", organisations=f"{p['organisations']:>4}")
            + f"  {p['title']}{demo_mark}"
        )
    return 0


def cmd_purge(args) -> int:
    database = _database(args)
    process = processes.get(database, args.process)
    erased = processes.purge(database, CLI_ACTOR, process["id"])
    say("cli.purged", count=erased, title=process["title"])
    return 0


def cmd_import(args) -> int:
    """The ETS' applications and their delegates (import-orgs)."""
    return _import(args, importer, "cli.imported")


def cmd_import_services(args) -> int:
    """The ETS' services (import-services): they enter as checked."""
    return _import(args, offer, "cli.imported_services")


def _import(args, module, done: str) -> int:
    """An all-or-nothing import (``module``: importer or offer); on refusal every
    problem by row and column."""
    database = _database(args)
    process = _process(database, args)
    try:
        result = module.import_file(database, CLI_ACTOR, args.file, process_id=process["id"])
    except importer.ImportFailed as exc:
        say("cli.import_failed", count=len(exc.rows), file=sys.stderr)
        for row, field, key, params in exc.rows:
            message = i18n.problem(field, key, params)
            column = module.column_for(field)
            where = (
                i18n.t("cli.row_column", LANG, row=row, column=column)
                if row and column
                else i18n.t("cli.row", LANG, row=row)
                if row
                else ""
            )
            print(f"  {where}: {message}" if where else f"  {message}", file=sys.stderr)
        return 1
    say(done, **vars(result), process=process["id"])
    if result.ignored:
        say("prep.import_ignored", columns=", ".join(result.ignored))
    if result.hidden:
        print(i18n.tn("prep.import_hidden", len(result.hidden), LANG, rows=", ".join(map(str, result.hidden))))
    return 0


def cmd_invites(args) -> int:
    database = _database(args)
    try:
        count = invites.write(database, args.out, _process(database, args)["id"], base_url=args.base_url)
    except CoprogError as exc:
        for message in i18n.error_messages(exc, LANG):
            print(message, file=sys.stderr)
        return 2
    say("cli.invites_written", count=count, path=args.out)
    return 0


def cmd_hash_password(args) -> int:
    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        say("cli.password_short", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


def cmd_export(args) -> int:
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
    elif args.format == "pdf":
        out.write_bytes(sintesi.render(sintesi.model(database, process_id), "pdf"))
    else:
        out.write_bytes(documents.synthesis_docx(database, process_id))
    say("cli.exported", format=args.format, path=out)
    return 0


def cmd_verifica(args) -> int:
    """The pre-publication check of the sintesi: the findings, and (``--out``) the files checked."""

    database = _database(args)
    report = verifica.check(database, _process(database, args)["id"])
    for finding in report.findings:
        print(finding.line())
    if args.out:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for (edition, fmt), content in report.files.items():
            (folder / f"documento_di_sintesi_{edition}.{fmt}").write_bytes(content)
    say("cli.check_ok" if report.ok else "cli.check_failed", facts=report.facts, n=len(report.findings))
    return 0 if report.ok else 1


def cmd_backup(args) -> int:
    database = _database(args)
    path = backup(database, args.out)
    check = integrity(path)
    say("cli.backup", path=path, check=check)
    return 0 if check == "ok" else 1


def cmd_migrate(args) -> int:
    database = _database(args)

    with database.read() as conn:
        say("cli.schema", version=current_version(conn), path=database.path)
    for row in migration_report(database):
        say(
            "cli.to_review",
            version=row["version"],
            entity=row["entity"],
            id=row["entity_id"],
            problem=row["problem"],
            detail=row["detail"],
        )
    return 0


def cmd_schema(args) -> int:
    sql, architecture = schema.write()
    architecture.write_text(permissions.replace_table(architecture.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (sql, architecture):
        say("cli.written", path=path)
    return 0


def cmd_serve(args) -> int:
    if not 1 <= args.processes <= 32:
        say("cli.processes_range", file=sys.stderr)
        return 2
    nginx = cluster.find_nginx()
    if nginx is None:
        say("cli.no_nginx", file=sys.stderr)
        return 2
    database = _database(args)  # migrations and the signing key exist before the processes start
    access.cookie_secret(database, config.secret("COPROG_SECRET_KEY"))
    database.close()
    run_dir = Path(args.run_dir or Path(database.path).resolve().parent / "cluster")
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key and Path(args.tls_cert).is_file() and Path(args.tls_key).is_file()):
            say("cli.tls_pair", file=sys.stderr)
            return 2
        tls = (args.tls_cert, args.tls_key)
    group = cluster.Cluster(args.processes, args.address, args.port, run_dir, args.script, args.extra, tls)
    group.start(nginx)
    scheme = "https" if tls else "http"
    say(
        "cli.serving",
        url=f"{scheme}://{args.address}:{args.port}",
        processes=args.processes,
        ports=", ".join(map(str, group.backends)),
        flush=True,
    )
    return group.run()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CoprogError as exc:
        for message in i18n.error_messages(exc):
            print(message, file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    """Every command and its options (the README's "Command line" lists them all: a test checks)."""
    parser = argparse.ArgumentParser(prog="python -m coprog", description="coprog: co-programmazione")
    parser.add_argument("--db", help="file SQLite (predefinito: COPROG_DB o var/coprog.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "setup", help="prepara il database (make run): schema, password organizzatori, demo al primo avvio"
    )
    p.add_argument(
        "--demo",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="crea il percorso demo se il database è nuovo (predefinito: sì)",
    )
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

    p = sub.add_parser(
        "purge", help="cancella i dati personali dei delegati di un percorso chiuso, dopo la conservazione"
    )
    p.add_argument("--process", type=int, required=True)
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("demo", help="crea il percorso demo (una volta sola)")
    p.add_argument(
        "--reset", action="store_true", help="elimina il percorso demo e lo ricrea (gli altri percorsi restano)"
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import-orgs", help="importa le domande degli ETS e i delegati da CSV o XLSX (tutto o niente)")
    p.add_argument("file")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "import-services", help="importa i servizi degli ETS ammessi da CSV o XLSX (tutto o niente; entrano verificati)"
    )
    p.add_argument("file")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.set_defaults(func=cmd_import_services)

    p = sub.add_parser("invites", help="scrive gli inviti: .csv, .html o .pdf (cartoncini con QR)")
    p.add_argument("--out", required=True)
    p.add_argument("--base-url", help="indirizzo pubblico (predefinito: COPROG_BASE_URL)")
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.set_defaults(func=cmd_invites)

    p = sub.add_parser("hash-password", help="calcola l'hash per COPROG_ADMIN_PASSWORD")
    p.set_defaults(func=cmd_hash_password)

    p = sub.add_parser(
        "export",
        help="esporta i dati aperti (xlsx, csv in zip, json), il documento di sintesi (docx, pdf: edizione pubblica)"
        " o l'elenco delle domande con l'esito (domande-xlsx, domande-pdf)",
    )
    p.add_argument(
        "--format", required=True, choices=["xlsx", "csv", "json", "docx", "pdf", "domande-xlsx", "domande-pdf"]
    )
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "verifica",
        help="verifica prima della pubblicazione del documento di sintesi: ogni cifra ricontata, nessun dato"
        " personale né testo nascosto (esce con 1 se trova problemi)",
    )
    p.add_argument("--process", type=int, help="id del percorso (predefinito: quello corrente)")
    p.add_argument("--out", help="cartella in cui scrivere le edizioni verificate")
    p.set_defaults(func=cmd_verifica)

    p = sub.add_parser(
        "schema", help="scrive schema.sql (lo schema attuale) e i fatti di ARCHITECTURE.md da un database nuovo"
    )
    p.set_defaults(func=cmd_schema)

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
    return parser
