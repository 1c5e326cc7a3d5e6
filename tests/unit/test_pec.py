"""PEC intake (coprog/procedure/intake.py and its parts): every verdict, the
deadline to the second, the signatures (CAdES, a .p7m in a .p7m, PAdES, the
provider's S/MIME) against a certification authority of the tests' own, the
trust list, the form's fields, bad input, the box over IMAPS (a real Dovecot),
all or nothing per message, nothing imported twice; and the chiarimenti."""

import json
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coprog.hosting import imap
from coprog.procedure import application_form, clarifications, intake, organisations, pec, processes, signatures
from coprog.texts.errors import ValidationError
from testkit import pec as tp
from testkit.builders import PEC_ADDRESS, STAFF, pec_percorso
from testkit.imap import ImapServer
from testkit.revocation import RevocationServer

ROME = ZoneInfo("Europe/Rome")
DEADLINE = datetime(2026, 12, 4, 12, 0, tzinfo=ROME)
TO = PEC_ADDRESS


@pytest.fixture(scope="module")
def authority():
    ca = tp.Authority()
    return ca, ca.issue("Gestore PEC di prova")


@pytest.fixture
def pid(database):
    return pec_percorso(database)


@pytest.fixture
def form(database, pid):
    return application_form.build(processes.get(database, pid))


def message(form, authority, n=1, *, when=DEADLINE - timedelta(hours=1), signer=None, as_="pades", **options):
    ca, provider = authority
    vals = tp.values(n, **{k: options.pop(k) for k in ("ets_cf", "rep_cf") if k in options})
    vals.update(options.pop("override", {}))
    signer = signer or ca.issue(vals["legale_rappresentante"], vals["cf_legale_rappresentante"])
    name, data = tp.application(form, vals, signer, as_=as_, **options)
    inner = tp.original(vals["email"], TO, f"Domanda {n}", "In allegato la domanda.", [(name, data)])
    return tp.envelope(inner, provider, when=when, identifier=f"opec{n}.{as_}.{when:%H%M%S}@gestore.example")


def verdict(database, pid, raw, source="m.eml"):
    [found] = intake.assess(database, pid, [pec.Incoming(source, raw)])
    return found


def test_the_form_is_fillable_and_read_back_under_the_import_names(form):
    filled = tp.fill(
        form, {"denominazione": "Cooperativa Àlfa", "attivita_coerenti": True, "delegato_2_email": "a@b.it"}
    )
    row = application_form.read(filled)
    assert set(row) == set(application_form.FIELD_NAMES)
    assert (row["denominazione"], row["attivita_coerenti"], row["delegato_2_email"], row["informativa"]) == (
        "Cooperativa Àlfa",
        "sì",
        "a@b.it",
        "no",
    )
    assert not application_form.has_active_content(form)
    assert (
        "codice_fiscale" in application_form.FIELD_NAMES and "cf_legale_rappresentante" in application_form.FIELD_NAMES
    )


@pytest.mark.parametrize("as_", ["pades", "cades", "cades2"])
def test_an_application_on_time_signed_by_its_legale_rappresentante_is_accepted(database, pid, form, authority, as_):
    found = verdict(database, pid, message(form, authority, as_=as_))
    assert (found.category, found.outcome, found.reasons) == ("domanda", "accettata", [])
    assert found.notes == []  # a .p7m signed twice by the same person names nobody else
    assert found.signature == "pec.sig_unchecked"  # no trust list: never «valid»
    assert found.signer_cf == tp.person_code(1)
    assert found.fields["denominazione"] == "Cooperativa Domicilio 01"


def test_a_busta_di_anomalia_is_not_a_pec_whatever_it_carries(database, pid, form, authority):
    """An ordinary e-mail sent to the PEC address reaches the box wrapped by the
    provider in a busta di anomalia (X-Trasporto: errore): listed, never stored,
    even with a signed form and certification data in it."""
    raw = message(form, authority, 1).replace(b"X-Trasporto: posta-certificata", b"X-Trasporto: errore")
    assert b"X-Trasporto: errore" in raw
    found = verdict(database, pid, raw)
    assert (found.category, found.outcome, found.reasons) == ("non_pec", "", [("pec.verdict_anomaly", {})])
    assert not found.storable


def test_the_deadline_to_the_second_in_europe_rome(database, pid, form, authority):
    at = verdict(database, pid, message(form, authority, 1, when=DEADLINE))
    late = verdict(database, pid, message(form, authority, 2, when=DEADLINE + timedelta(seconds=1)))
    utc_same_instant = DEADLINE.astimezone(ZoneInfo("UTC"))  # the provider may state another zone
    at_utc = verdict(database, pid, message(form, authority, 3, when=utc_same_instant))
    assert (at.on_time, at.outcome, at.official_at) == (True, "accettata", "2026-12-04T12:00:00")
    assert (late.on_time, late.outcome) == (False, "respinta")
    assert ("pec.late", {"deadline": "2026-12-04T12:00:00"}) in late.reasons
    assert (at_utc.on_time, at_utc.official_at) == (True, "2026-12-04T12:00:00")
    assert organisations.on_time("2026-12-04T12:00:59", "2026-12-04T12:00") is False


def test_broken_signatures_impostors_expired_certificates_and_natural_persons_are_refused(
    database, pid, form, authority
):
    ca, _ = authority
    tampered = verdict(database, pid, message(form, authority, 1, as_="cades", tamper=True))
    tampered_pdf = verdict(database, pid, message(form, authority, 2, as_="pades", tamper=True))
    impostor = verdict(
        database, pid, message(form, authority, 3, signer=ca.issue("Mario Impostore", tp.person_code(999)))
    )
    old = ca.issue(
        "Legale 04",
        tp.person_code(4),
        valid_from=datetime(2019, 1, 1, tzinfo=ROME),
        valid_to=datetime(2020, 1, 1, tzinfo=ROME),
    )
    expired = verdict(database, pid, message(form, authority, 4, signer=old, as_="cades"))
    person = verdict(database, pid, message(form, authority, 5, ets_cf=tp.person_code(500)))
    assert tampered.reasons == [("pec.sig_broken", {})] and tampered.outcome == "respinta"
    assert ("pec.sig_broken", {}) in tampered_pdf.reasons
    assert impostor.reasons == [("pec.not_legal_rep", {"signer": "Mario Impostore", "declared": tp.person_code(3)})]
    assert ("pec.sig_expired", {}) in expired.reasons
    assert person.reasons == [("pec.natural_person", {"value": tp.person_code(500)})]
    assert {v.outcome for v in (tampered, tampered_pdf, impostor, expired, person)} == {"respinta"}


def test_a_trust_list_makes_a_signature_valid_and_a_foreign_one_untrusted(database, pid, form, authority):
    ca, _ = authority
    assert intake.load_trust(database, STAFF, [("ca.pem", ca.pem)]) == 1
    assert intake.load_trust(database, STAFF, [("ca.pem", ca.pem)]) == 0  # loaded once
    trusted = verdict(database, pid, message(form, authority, 1))
    assert (trusted.signature, trusted.outcome) == ("pec.sig_trusted", "accettata")
    stranger = tp.Authority("Un'altra autorità")
    foreign = stranger.issue("Legale 02", tp.person_code(2))
    untrusted = verdict(database, pid, message(form, authority, 2, signer=foreign))
    assert ("pec.sig_untrusted", {}) in untrusted.reasons
    # a PEC provider outside the loaded list: said, not a refusal (AgID lists providers apart)
    other_provider = stranger.issue("Altro gestore PEC")
    noted = verdict(database, pid, message(form, (ca, other_provider), 3))
    assert (noted.outcome, noted.reasons, noted.notes) == ("accettata", [], [("pec.provider_untrusted", {})])
    with pytest.raises(ValidationError) as refused:
        intake.load_trust(database, STAFF, [("notes.txt", b"not a certificate")])
    assert refused.value.problems[0][1] == "pec.trust_malformed"


def test_the_national_trusted_list_is_read_for_its_qualified_authorities(
    database, pid, form, authority, monkeypatch, tmp_path
):
    ca, _ = authority
    lists = tp.TrustLists.naming(ca)
    for name, value in lists.env(tmp_path).items():  # the tests' Commission signs the list of the lists
        monkeypatch.setenv(name, value)
    files = [("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian)]
    assert intake.load_trust(database, STAFF, files) == 1
    [anchor] = intake.trust_list(database)
    assert "CA di prova coprog" in anchor["subject"] and anchor["source"] == "TSL-IT.xml"
    assert verdict(database, pid, message(form, authority, 1)).signature == "pec.sig_trusted"


def test_a_pdf_with_scripts_and_an_unsigned_form_are_refused_with_their_reason(database, pid, form, authority):
    ca, provider = authority
    scripted = verdict(database, pid, message(form, authority, 1, script=True))
    assert ("pec.form_scripts", {"name": "domanda.pdf"}) in scripted.reasons
    unsigned = tp.fill(form, tp.values(2))
    inner = tp.original("x@pec.it", TO, "Domanda", "Allego.", [("domanda.pdf", unsigned)])
    found = verdict(database, pid, tp.envelope(inner, provider, when=DEADLINE, identifier="opec-unsigned@g"))
    assert ("pec.form_unsigned", {"name": "domanda.pdf"}) in found.reasons


def test_envelopes_not_pec_unreadable_altered_and_with_lf_line_ends(database, pid, form, authority):
    _, provider = authority
    raw = message(form, authority, 1)
    assert verdict(database, pid, raw.replace(b"\r\n", b"\n")).outcome == "accettata"  # saved with bare LF
    ordinary = tp.original("a@example.org", TO, "Ciao", "Non certificata.").as_bytes()
    assert verdict(database, pid, ordinary).category == "non_pec"
    broken = tp.envelope(tp.original("a@b.it", TO, "x", "y"), provider, when=DEADLINE, identifier="i@g", daticert=False)
    assert verdict(database, pid, broken).reasons == [("pec.no_daticert", {})]
    assert verdict(database, pid, b"X-Trasporto: posta-certificata\r\nSubject: rotto\r\n\r\nniente").reasons == [
        ("pec.not_signed_envelope", {})
    ]
    altered = message(form, authority, 2, tamper=False)
    cut = altered.find(b'Content-Disposition: attachment; filename="postacert.eml"')
    at = cut + 200
    while not altered[at : at + 1].isalpha():  # a letter: changing its case changes the bytes
        at += 1
    altered = altered[:at] + altered[at : at + 1].swapcase() + altered[at + 1 :]
    assert ("pec.provider_broken", {}) in verdict(database, pid, altered).reasons


def test_bad_files_get_a_reason_and_never_expand_without_bound():
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("grande.eml", b"0" * 50_000_000)
    with pytest.raises(pec.Unreadable) as too_much:
        pec.from_upload("bomba.zip", bomb.getvalue())
    assert too_much.value.key in ("pec.zip_bomb", "pec.too_big")
    with pytest.raises(pec.Unreadable) as path:
        pec.from_upload("x.zip", tp.zipped({"../../etc/passwd.eml": b"Subject: x\r\n\r\n"}))
    assert path.value.key == "pec.path_in_name"
    with pytest.raises(pec.Unreadable) as not_zip:
        pec.from_upload("rotto.zip", b"PK\x03\x04 not really")
    assert not_zip.value.key == "pec.bad_zip"
    with pytest.raises(pec.Unreadable) as unknown:
        pec.from_upload("foto.jpg", b"\xff\xd8\xff")
    assert unknown.value.key == "pec.unknown_file"
    with pytest.raises(pec.Unreadable) as huge:
        pec.from_upload("enorme.eml", b"Subject: x\r\n\r\n" + b"A" * (30 * 1024 * 1024))
    assert huge.value.key == "pec.too_big" and huge.value.params["mb"] == 30
    assert pec.safe_name("..\\..\\windows\\evil.pdf") == "evil.pdf" and pec.safe_name("../x/../y.p7m") == "y.p7m"


def test_an_outlook_msg_is_named_and_an_archivers_litter_skipped(database, pid, form, authority):
    """Outlook's .msg (a compound file, not the message as it arrived): said
    what to do, alone or in a zip. A zip made on a Mac or in Windows' Explorer
    carries __MACOSX/._*, .DS_Store, Thumbs.db beside the messages: skipped."""
    outlook = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    for name, data in (("domanda.msg", outlook), ("box.zip", tp.zipped({"a.msg": outlook}))):
        with pytest.raises(pec.Unreadable) as refused:
            pec.from_upload(name, data)
        assert refused.value.key == "pec.outlook_msg", name
    raw = message(form, authority, 1)
    litter = {"__MACOSX/PEC/._a.eml": b"\x00\x05\x16\x07", "PEC/.DS_Store": b"\x00\x00\x00\x01Bud1", "Thumbs.db": b"x"}
    found = pec.from_upload("pec.zip", tp.zipped({"PEC/a.eml": raw, **litter}))
    assert [i.source for i in found] == ["pec.zip/a.eml"]
    assert [v.outcome for v in intake.assess(database, pid, found)] == ["accettata"]


def test_zip_and_mbox_hold_the_same_messages(database, pid, form, authority):
    raws = [message(form, authority, n) for n in (1, 2)]
    from_zip = pec.from_upload("pec.zip", tp.zipped({"a.eml": raws[0], "b.eml": raws[1]}))
    from_mbox = pec.from_upload("box.mbox", tp.mbox(raws))
    for incoming in (from_zip, from_mbox):
        assert [v.outcome for v in intake.assess(database, pid, incoming)] == ["accettata", "accettata"]


def test_the_later_application_supersedes_and_both_are_kept(database, pid, form, authority):
    first = message(form, authority, 1, when=DEADLINE - timedelta(hours=3))
    intake.record(database, STAFF, pid, intake.assess(database, pid, [pec.Incoming("a", first)]))
    second = message(
        form, authority, 1, when=DEADLINE - timedelta(hours=1), as_="cades", override={"sede": "Via Nuova 2, Milano"}
    )
    [later] = intake.assess(database, pid, [pec.Incoming("b", second)])
    assert later.outcome == "accettata"
    intake.record(database, STAFF, pid, [later])
    stored = {m["source"]: m for m in intake.messages(database, pid)}
    assert (stored["a"]["verdict"], stored["b"]["verdict"]) == ("sostituita", "accettata")
    assert stored["a"]["superseded_by"] == later.identifier
    [org] = organisations.organisations(database, pid)
    assert (org["seat"], org["received_at"]) == ("Via Nuova 2, Milano", later.official_at)


def test_the_batch_of_forty(database, pid, form):
    batch = tp.batch(form, DEADLINE, TO)
    incoming = [pec.Incoming(name, raw) for name, raw in batch.messages.items()]
    verdicts = intake.assess(database, pid, incoming)
    assert intake.counts(verdicts) == batch.expected
    assert organisations.organisations(database, pid) == []  # nothing stored before the organiser says so
    done = intake.record(database, STAFF, pid, verdicts)
    assert done == {"accettata": 31, "respinta": 4, "sostituita": 1, "chiarimento": 2, "already": 0}
    applications = organisations.applications(database, pid)
    assert len(applications) == 31 and {a["admission"] for a in applications} == {"ricevuta"}
    assert all(a["on_time"] for a in applications)
    assert database.scalar("SELECT count(*) FROM delegate") == 31
    # read again (the box keeps its messages): nothing twice
    again = intake.assess(database, pid, incoming)
    assert intake.counts(again) == {"already": 38, "non_pec": 1, "illeggibile": 1}
    assert intake.record(database, STAFF, pid, again)["accettata"] == 0
    assert database.scalar("SELECT count(*) FROM pec_message") == 38


def test_originals_are_kept_with_their_hash_and_served_back(database, pid, form, authority):
    raw = message(form, authority, 1, as_="cades2")
    intake.record(database, STAFF, pid, intake.assess(database, pid, [pec.Incoming("a.eml", raw)]))
    [stored] = intake.messages(database, pid)
    files = {f["role"]: f for f in intake.files(database, pid, stored["id"])}
    assert set(files) == {"busta", "originale", "modulo"}
    name, content = intake.original(database, pid, files["busta"]["id"])
    assert content == raw and files["busta"]["sha256"] == signatures.sha256(raw)
    assert intake.original(database, pid, files["modulo"]["id"])[0] == "domanda.pdf.p7m.p7m"
    with database.write() as db, pytest.raises(Exception, match="originale_immutabile"):
        db.execute("UPDATE pec_file SET content = x'00' WHERE id = ?", [files["busta"]["id"]])


def test_a_message_is_stored_whole_or_not_at_all(database, pid, form, authority):
    raw = message(form, authority, 1)
    [found] = intake.assess(database, pid, [pec.Incoming("a", raw)])
    found.fields["cf_legale_rappresentante"] = "NOT-A-CF"  # the organisation's rules refuse it at storing
    with pytest.raises(ValidationError):
        intake.record(database, STAFF, pid, [found])
    assert database.scalar("SELECT count(*) FROM pec_message") == 0
    assert database.scalar("SELECT count(*) FROM pec_file") == 0
    assert database.scalar("SELECT count(*) FROM organisation") == 0


def test_two_organisers_storing_the_same_box_at_once_store_each_message_once(database, pid, form, authority):
    raws = [message(form, authority, n) for n in range(1, 6)]
    verdicts = [intake.assess(database, pid, [pec.Incoming(f"m{i}", r) for i, r in enumerate(raws)]) for _ in range(4)]
    results, errors = [], []

    def store(found):
        try:
            results.append(intake.record(database, STAFF, pid, found))
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=store, args=(v,)) for v in verdicts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r["accettata"] for r in results) == 5 and sum(r["already"] for r in results) == 15
    assert database.scalar("SELECT count(*) FROM organisation") == 5


def test_clarifications_by_pec_and_typed_answered_and_published_without_names(database, pid, authority):
    _, provider = authority
    inner = tp.original("ets9@pec.example.org", TO, "Richiesta di chiarimenti", "Un consorzio può partecipare?")
    on_time = tp.envelope(inner, provider, when=datetime(2026, 11, 30, 9, 0, tzinfo=ROME), identifier="q1@g")
    inner = tp.original("ets8@pec.example.org", TO, "Quesito", "Si può inviare due volte?")
    late = tp.envelope(inner, provider, when=datetime(2026, 12, 1, 12, 0, 1, tzinfo=ROME), identifier="q2@g")
    verdicts = intake.assess(database, pid, [pec.Incoming("q1", on_time), pec.Incoming("q2", late)])
    assert [(v.category, v.on_time) for v in verdicts] == [("chiarimento", True), ("chiarimento", False)]
    intake.record(database, STAFF, pid, verdicts)
    typed = clarifications.ask(database, STAFF, pid, "Serve la firma digitale?", "2026-11-29 10:00")
    items = {c["question"]: c for c in clarifications.listing(database, pid)}
    assert items["Un consorzio può partecipare?"]["sender"] == "ets9@pec.example.org"
    assert items["Si può inviare due volte?"]["on_time"] == 0
    clarifications.answer(
        database, STAFF, pid, items["Un consorzio può partecipare?"]["id"], "Sì, per sé.", publish=True
    )
    clarifications.answer(database, STAFF, pid, typed, "Sì, del legale rappresentante.", publish=False)
    faq = clarifications.faq(database, pid)
    assert [(f["question"], f["answer"]) for f in faq] == [("Un consorzio può partecipare?", "Sì, per sé.")]
    assert "ets9" not in json.dumps(faq) and "sender" not in faq[0]
    with pytest.raises(ValidationError):
        clarifications.answer(database, STAFF, pid, typed, "  ", publish=True)


OUTLOOK_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">'
    "<style><!-- p.MsoNormal {margin:0cm;} --></style>"
    '<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit"/></xml><![endif]--></head>'
    '<body lang="IT"><div class="WordSection1"><p class="MsoNormal">Buongiorno,<o:p></o:p></p>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
    '<p class="MsoNormal">un <b>consorzio</b> di cooperative pu&ograve; partecipare<br>come un solo ente?</p>'
    '<p class="MsoNormal">Cordiali saluti<br>Anna Rossi &ndash; Cooperativa Alfa</p></div></body></html>'
)


def test_a_clarification_written_in_html_only_is_read_as_text(database, pid, authority):
    """A request for clarification sent with no text part (Outlook's HTML: styles, a
    conditional comment, <o:p>, &nbsp;): it is a clarification, and its question is the
    text the person wrote, not the markup."""
    _, provider = authority
    inner = tp.original("ets7@pec.example.org", TO, "Richiesta di chiarimenti", OUTLOOK_HTML, html=True)
    raw = tp.envelope(inner, provider, when=datetime(2026, 11, 30, 9, 0, tzinfo=ROME), identifier="h1@g")
    (verdict,) = intake.assess(database, pid, [pec.Incoming("h1", raw)])
    assert verdict.category == "chiarimento"
    intake.record(database, STAFF, pid, [verdict])
    (item,) = clarifications.listing(database, pid)
    assert item["question"] == (
        "Buongiorno,\n\nun consorzio di cooperative può partecipare\ncome un solo ente?\n\n"
        "Cordiali saluti\nAnna Rossi – Cooperativa Alfa"
    )


def test_the_box_over_imaps_is_read_without_changing_it(database, pid, form, authority, monkeypatch):
    server = ImapServer().start()
    try:
        raws = [message(form, authority, n) for n in (1, 2, 3)]
        server.load(raws)
        before = server.state()
        for name, value in server.settings().items():
            monkeypatch.setenv(name, value)
        box = imap.mailbox()
        assert box is not None
        fetched = imap.fetch(box)
        assert [raw.replace(b"\r\n", b"\n") for _, raw in fetched] == [r.replace(b"\r\n", b"\n") for r in raws]
        assert server.state() == before  # nothing marked seen, moved or deleted
        incoming = [pec.Incoming(f"IMAP {uid}", raw) for uid, raw in fetched]
        assert intake.record(database, STAFF, pid, intake.assess(database, pid, incoming))["accettata"] == 3
        again = [pec.Incoming(f"IMAP {uid}", raw) for uid, raw in imap.fetch(box)]
        assert intake.counts(intake.assess(database, pid, again)) == {"already": 3}
        monkeypatch.setenv("COPROG_IMAP_PASSWORD", "sbagliata")
        with pytest.raises(imap.MailboxUnreachable):
            imap.fetch(imap.mailbox())
    finally:
        server.stop()


def test_a_signature_whose_signer_certificate_is_not_in_it_is_broken(authority):
    """A damaged .p7m whose signer's certificate can no longer be found in it
    (found by the fuzz test of tests/security): pyHanko refuses to check it, and
    the check says broken, not an error out of the intake."""
    from asn1crypto import cms

    ca, _ = authority
    signed = cms.ContentInfo.load(tp.cades(b"domanda", ca.issue("Legale 01", tp.person_code(1))))
    sid = signed["content"]["signer_infos"][0]["sid"].chosen
    sid["serial_number"] = sid["serial_number"].native + 1  # names a certificate the signature does not carry
    content, check = signatures.cades(signed.dump(force=True), [])
    assert content == b"domanda" and check.integrity == signatures.BROKEN and not check.intact


@pytest.fixture
def revocable(database):
    """An authority whose certificates name its CRL on a real HTTP server, in the
    loaded trust list; its PEC provider."""
    with RevocationServer() as server:
        ca = tp.Authority("CA con revoca", crl_url=server.crl_url)
        intake.load_trust(database, STAFF, [("ca.pem", ca.pem)])
        yield server, ca, ca.issue("Gestore PEC di prova")


def test_the_signers_revocation_is_looked_up_when_asked(database, pid, form, revocable):
    """Asked, each CA's CRL is read once for the batch: a certificate revoked
    before the PEC was sent refuses the application; one revoked after it, or
    not revoked, makes a valid signature that says so."""
    server, ca, provider = revocable
    signers = {n: ca.issue(f"Legale {n:02d}", tp.values(n)["cf_legale_rappresentante"]) for n in (1, 2, 3)}
    sent = DEADLINE - timedelta(hours=1)
    server.publish(
        ca,
        {
            signers[2].cert.serial_number: sent - timedelta(days=1),
            signers[3].cert.serial_number: datetime.now(UTC) - timedelta(minutes=1),
        },
    )
    raws = [
        message(form, (ca, provider), n, signer=signers[n], as_=("pades", "cades", "pades")[n - 1]) for n in (1, 2, 3)
    ]
    found = intake.assess(
        database, pid, [pec.Incoming(f"{n}.eml", raw) for n, raw in enumerate(raws, 1)], revocation=True
    )
    by_name = {v.signer_name: v for v in found}
    assert (by_name["Legale 01"].signature, by_name["Legale 01"].outcome) == ("pec.sig_not_revoked", "accettata")
    assert by_name["Legale 02"].outcome == "respinta" and ("pec.sig_revoked", {}) in by_name["Legale 02"].reasons
    assert (by_name["Legale 03"].signature, by_name["Legale 03"].outcome) == ("pec.sig_revoked_later", "accettata")
    assert server.served == ["GET /ca.crl"]  # the CA asked once for the three

    not_asked = verdict(database, pid, raws[1])
    assert (not_asked.signature, not_asked.outcome) == ("pec.sig_trusted", "accettata")  # as before: nothing looked up


def test_a_ca_that_does_not_answer_leaves_the_revocation_unchecked(database, pid, form, revocable):
    server, ca, provider = revocable
    raw = message(form, (ca, provider), 1)
    server.stop()  # the CA's address now refuses connections
    [found] = intake.assess(database, pid, [pec.Incoming("m.eml", raw)], revocation=True)
    assert (found.signature, found.outcome) == ("pec.sig_revocation_unreachable", "accettata")
    assert found.notes == [("pec.provider_revocation_unreachable", {})]  # the provider's CA too


def test_the_providers_revocation_is_looked_up_with_the_signers(database, pid, form, revocable):
    """The provider's certificate certifies the envelope (the official time the
    deadline is read against): revoked before the PEC was sent, the application is
    refused though its form's signature is good; revoked after it, accepted and
    said; not looked up unless asked."""
    server, ca, provider = revocable
    sent = DEADLINE - timedelta(hours=1)
    raws = [message(form, (ca, provider), n, when=sent - timedelta(minutes=n)) for n in (1, 2)]
    incoming = [pec.Incoming(f"{n}.eml", raw) for n, raw in enumerate(raws, 1)]

    server.publish(ca, {provider.cert.serial_number: sent - timedelta(days=1)})
    refused = intake.assess(database, pid, incoming, revocation=True)
    assert [(v.outcome, v.signature) for v in refused] == [("respinta", "pec.sig_not_revoked")] * 2
    assert all(v.reasons == [("pec.provider_revoked", {})] for v in refused)
    assert server.served == ["GET /ca.crl"]  # the provider's CA and the signers' is one: asked once

    server.publish(ca, {provider.cert.serial_number: datetime.now(UTC) - timedelta(minutes=1)})
    later = intake.assess(database, pid, incoming, revocation=True)
    assert [(v.outcome, v.reasons, v.notes) for v in later] == [
        ("accettata", [], [("pec.provider_revoked_later", {})])
    ] * 2

    not_asked = intake.assess(database, pid, incoming)
    assert [(v.outcome, v.reasons, v.notes) for v in not_asked] == [("accettata", [], [])] * 2


def signed_form_message(
    provider, files: list[tuple[str, bytes]], identifier: str, when: datetime = DEADLINE - timedelta(hours=1)
) -> bytes:
    """The first ETS's PEC carrying ``files`` (name, bytes), certified by ``provider`` at ``when``."""
    inner = tp.original(tp.values(1)["email"], TO, "Domanda 1", "In allegato la domanda.", files)
    return tp.envelope(inner, provider, when=when, identifier=identifier)


def expired_since(form, ca, provider, sent):
    """A PEC sent at ``sent`` whose form was signed (CAdES) ten minutes before
    by a certificate valid then and expired since, as the organisers read it."""
    vals = tp.values(1)
    signer = ca.issue(
        vals["legale_rappresentante"],
        vals["cf_legale_rappresentante"],
        valid_from=sent - timedelta(days=30),
        valid_to=datetime.now(UTC) - timedelta(minutes=5),
    )
    data = tp.cades(tp.fill(form, vals), signer, signed_at=sent - timedelta(minutes=10))
    return signed_form_message(provider, [("domanda.pdf.p7m", data)], "opec-scaduto@gestore.example", sent), signer


def test_a_certificate_valid_when_the_pec_was_sent_and_expired_since_still_signed_it(database, pid, form, revocable):
    """The box is read after the deadline: a signer's (or the provider's)
    certificate that was valid at the PEC's official time and has expired
    since is checked as of that time, not refused as untrusted; the verdict says
    it expired since. Revocation is read as of then too: revoked before the
    sending, refused."""
    server, ca, _ = revocable
    sent = DEADLINE - timedelta(hours=1)
    provider = ca.issue("Gestore PEC di prova", valid_to=datetime.now(UTC) - timedelta(minutes=5))
    raw, signer = expired_since(form, ca, provider, sent)
    expiry = signer.cert.not_valid_after_utc.date().isoformat()

    found = verdict(database, pid, raw)
    assert (found.outcome, found.signature, found.reasons) == ("accettata", "pec.sig_trusted", [])
    assert found.notes == [("pec.sig_expired_since", {"date": expiry})]  # the provider's: trusted then, nothing said

    server.publish(ca)  # nobody revoked
    [looked_up] = intake.assess(database, pid, [pec.Incoming("m.eml", raw)], revocation=True)
    assert (looked_up.outcome, looked_up.signature) == ("accettata", "pec.sig_not_revoked")

    server.publish(ca, {signer.cert.serial_number: sent - timedelta(days=1)})
    [revoked] = intake.assess(database, pid, [pec.Incoming("m.eml", raw)], revocation=True)
    assert revoked.outcome == "respinta" and ("pec.sig_revoked", {}) in revoked.reasons


@pytest.fixture
def two_signers(database, form, authority):
    """The authority in the trust list, its provider, the first ETS's values and
    its filled form, its legale rappresentante and someone else."""
    ca, provider = authority
    intake.load_trust(database, STAFF, [("ca.pem", ca.pem)])
    vals = tp.values(1)
    rep = ca.issue(vals["legale_rappresentante"], vals["cf_legale_rappresentante"])
    return ca, provider, vals, tp.fill(form, vals), rep, ca.issue("Altra Persona", tp.person_code(77))


def test_the_legal_representatives_signature_is_found_beside_or_inside_another(database, pid, form, two_signers):
    """A form signed jointly (one .p7m, two signers side by side, in either
    order) or countersigned (the legale rappresentante's .p7m signed again by
    someone else): each signature checked, the legale rappresentante's is the
    one the verdict reads, the other signer named beside it. One of them
    broken: the file was changed, refused. Nobody the declared one: refused."""
    ca, provider, vals, filled, rep, other = two_signers
    files = {
        "side by side": ("domanda.pdf.p7m", tp.cades_jointly(filled, [rep, other])),
        "the other first": ("domanda.pdf.p7m", tp.cades_jointly(filled, [other, rep])),
        "countersigned": ("domanda.pdf.p7m.p7m", tp.cades(tp.cades(filled, rep), other)),
        "signed twice, then countersigned": (
            "d.pdf.p7m.p7m.p7m",
            tp.cades(tp.cades(tp.cades(filled, rep), rep), other),
        ),
    }
    for n, (case, (name, data)) in enumerate(files.items()):
        found = verdict(database, pid, signed_form_message(provider, [(name, data)], f"opec-c{n}@gestore.example"))
        assert (found.outcome, found.signature, found.signer_name) == ("accettata", "pec.sig_trusted", rep.name), case
        assert found.notes == [("pec.cosigned", {"names": "Altra Persona"})], case
        assert found.fields["denominazione"] == vals["denominazione"], case

    joint = tp.cades_jointly(filled, [rep, other])
    at = len(joint) - 5  # in the last SignerInfo's signature value, at the end of the file
    broken = joint[:at] + bytes([joint[at] ^ 1]) + joint[at + 1 :]
    refused = verdict(database, pid, signed_form_message(provider, [("domanda.pdf.p7m", broken)], "opec-b@x.example"))
    assert refused.outcome == "respinta" and ("pec.sig_broken", {}) in refused.reasons

    third = ca.issue("Terza Persona", tp.person_code(78))
    nobody = verdict(
        database,
        pid,
        signed_form_message(provider, [("d.pdf.p7m", tp.cades_jointly(filled, [other, third]))], "opec-n@x.example"),
    )
    # the first in the file named (DER keeps a SET's members sorted, not in the order they signed)
    named, *_ = [n for n in ("Altra Persona", "Terza Persona") if n == nobody.signer_name]
    assert nobody.outcome == "respinta"
    assert ("pec.not_legal_rep", {"signer": named, "declared": vals["cf_legale_rappresentante"]}) in nobody.reasons
    assert nobody.notes == [("pec.cosigned", {"names": ({"Altra Persona", "Terza Persona"} - {named}).pop()})]


def test_a_pdf_signed_by_the_legal_representative_and_by_someone_else(database, pid, form, two_signers):
    """PAdES, two signatures in two revisions (either order): the legale
    rappresentante's is read, the other named beside it. Someone who changes
    a field while signing after them: refused, what they signed is not what
    the file now says."""
    ca, provider, vals, filled, rep, other = two_signers
    files = {
        "the other after": tp.pades(tp.pades(filled, rep), other, field="AltraFirma"),
        "the other before": tp.pades(tp.pades(filled, other, field="AltraFirma"), rep),
    }
    for n, (case, data) in enumerate(files.items()):
        found = verdict(database, pid, signed_form_message(provider, [("domanda.pdf", data)], f"opec-p{n}@x.example"))
        assert (found.outcome, found.signature, found.signer_name) == ("accettata", "pec.sig_trusted", rep.name), case
        assert found.notes == [("pec.cosigned", {"names": "Altra Persona"})], case

    changed = tp.pades(tp.pades(filled, rep), other, field="AltraFirma", change={"denominazione": "Altro Ente"})
    refused = verdict(database, pid, signed_form_message(provider, [("domanda.pdf", changed)], "opec-pc@x.example"))
    assert refused.outcome == "respinta"
    assert ("pec.form_changed_after_signature", {"name": "domanda.pdf"}) in refused.reasons


def test_a_pdf_with_its_detached_signature_beside_it(database, pid, form, two_signers):
    """The form as a PDF with its CAdES signature in a .p7s beside it: read as
    signed by whoever the .p7s says. Another .p7s (a statute's) is not taken
    for it; the PDF changed after its .p7s: broken; no .p7s at all: unsigned."""
    ca, provider, vals, filled, rep, other = two_signers
    p7s = tp.cades(filled, rep, detached=True)
    statute = b"%PDF-1.4 statuto"

    def sent(files: list[tuple[str, bytes]], n: int):
        return verdict(database, pid, signed_form_message(provider, files, f"opec-s{n}@x.example"))

    signed = sent(
        [
            ("statuto.pdf", statute),
            ("statuto.pdf.p7s", tp.cades(statute, other, detached=True)),
            ("domanda.pdf", filled),
            ("firma.p7s", p7s),
        ],
        1,
    )
    assert (signed.outcome, signed.signature, signed.signer_name, signed.reasons) == (
        "accettata",
        "pec.sig_trusted",
        rep.name,
        [],
    )
    assert signed.form_name == "domanda.pdf" and signed.fields["denominazione"] == vals["denominazione"]

    changed = tp.fill(form, {**vals, "denominazione": "Altro Ente"})
    broken = sent([("domanda.pdf", changed), ("domanda.pdf.p7s", p7s)], 2)
    assert broken.outcome == "respinta" and ("pec.sig_broken", {}) in broken.reasons

    alone = sent([("domanda.pdf", filled), ("statuto.pdf.p7s", tp.cades(statute, other, detached=True))], 3)
    assert alone.outcome == "respinta" and ("pec.form_unsigned", {"name": "domanda.pdf"}) in alone.reasons


def test_a_long_batch_shares_its_lookups_in_sets_each_within_pyhankos_bound(
    database, pid, form, revocable, monkeypatch
):
    """pyHanko refuses more than 1,000 requests from one set of fetchers (a
    bound against a hostile chain): a box of thousands would end in «revoca non
    verificabile». A fresh set every PEC_REVOCATION_SHARED messages (here 2):
    the CA asked once per set, every verdict the same."""
    server, ca, provider = revocable
    monkeypatch.setattr(intake, "PEC_REVOCATION_SHARED", 2)
    signers = {n: ca.issue(f"Legale {n:02d}", tp.values(n)["cf_legale_rappresentante"]) for n in (1, 2, 3)}
    server.publish(ca, {signers[2].cert.serial_number: DEADLINE - timedelta(days=2)})
    raws = [message(form, (ca, provider), n, signer=signers[n]) for n in (1, 2, 3)]
    found = intake.assess(
        database, pid, [pec.Incoming(f"{n}.eml", raw) for n, raw in enumerate(raws, 1)], revocation=True
    )
    assert {v.signer_name: v.outcome for v in found} == {
        "Legale 01": "accettata",
        "Legale 02": "respinta",
        "Legale 03": "accettata",
    }
    assert all(v.signature == "pec.sig_not_revoked" for v in found if v.outcome == "accettata")
    assert server.served == ["GET /ca.crl", "GET /ca.crl"]  # messages 1-2, then 3


def test_a_certificate_that_names_no_revocation_service_is_not_said_not_revoked(database, pid, form, authority):
    ca, _ = authority  # its certificates name no CRL and no OCSP responder
    intake.load_trust(database, STAFF, [("ca.pem", ca.pem)])
    [found] = intake.assess(database, pid, [pec.Incoming("m.eml", message(form, authority, 1))], revocation=True)
    assert (found.signature, found.outcome) == ("pec.sig_trusted", "accettata")  # «revoca non verificata»


def test_the_revocation_is_asked_of_the_cas_ocsp_responder(database, pid, form):
    """A CA whose certificates name only an OCSP responder (as most qualified CAs
    answer): the responder says revoked before the PEC (refused) or good."""
    with RevocationServer() as server:
        ca = tp.Authority("CA con OCSP", ocsp_url=server.ocsp_url)
        provider = ca.issue("Gestore PEC di prova")
        intake.load_trust(database, STAFF, [("ca.pem", ca.pem)])
        good, bad = (ca.issue(f"Legale {n:02d}", tp.values(n)["cf_legale_rappresentante"]) for n in (1, 2))
        server.publish(ca, {bad.cert.serial_number: DEADLINE - timedelta(days=2)})
        batch = [pec.Incoming(f"{n}.eml", message(form, (ca, provider), n, signer=s)) for n, s in ((1, good), (2, bad))]
        first, second = sorted(intake.assess(database, pid, batch, revocation=True), key=lambda v: v.signer_name)
    assert (first.signature, first.outcome) == ("pec.sig_not_revoked", "accettata")
    assert second.outcome == "respinta" and ("pec.sig_revoked", {}) in second.reasons
    assert server.served == ["POST /ocsp"] * 3  # one question per certificate: the two signers', the provider's
