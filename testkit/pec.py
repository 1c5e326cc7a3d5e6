"""PEC as it arrives, made for the tests: a certification authority of the tests'
own (cryptography), a legale rappresentante's and an impostor's qualified-style
certificates (``TINIT-`` serial numbers), a PEC provider's; the modello di domanda
filled in (pikepdf), signed as PAdES or CAdES (pyHanko), a ``.p7m`` inside a
``.p7m``; and the provider's envelope around it (RFC 6109: ``daticert.xml``,
``postacert.eml``, the provider's S/MIME signature)."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP
from email.utils import format_datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from coprog.procedure import signatures

ROME = timezone(timedelta(hours=1))  # winter time, as the deadlines in the tests


def _name(common: str, serial: str | None = None, org: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if serial:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(parts)


@dataclass
class Holder:
    """A certificate and its key, and pyHanko's signer made of them."""

    name: str
    cf: str
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate]

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def signer(self) -> signers.SimpleSigner:
        key = asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in self.chain]
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.der),
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )


class Authority:
    """A certification authority of the tests' own."""

    def __init__(self, name: str = "CA di prova coprog", crl_url: str = "", ocsp_url: str = ""):
        # where its certificates say its revocation list and OCSP responder are (testkit.revocation)
        self.crl_url, self.ocsp_url = crl_url, ocsp_url
        self.issued: dict[int, x509.Certificate] = {}  # by serial number: what its responder answers for
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name, org="Autorità di prova"))
            .issuer_name(_name(name, org="Autorità di prova"))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(
        self, name: str, cf: str = "", *, valid_from: datetime | None = None, valid_to: datetime | None = None
    ) -> Holder:
        """A signing certificate: a person's (``cf`` → ``TINIT-cf`` in the subject)
        or a provider's (no cf)."""
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(name, f"TINIT-{cf}" if cf else None))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from or now - timedelta(days=365))
            .not_valid_after(valid_to or now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        )
        if self.crl_url:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(self.crl_url)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        if self.ocsp_url:
            responder = x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(self.ocsp_url)
            )
            builder = builder.add_extension(x509.AuthorityInformationAccess([responder]), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        self.issued[cert.serial_number] = cert
        return Holder(name, cf, key, cert, [self.cert])

    def crl(self, revoked: dict[int, datetime]) -> bytes:
        """Its revocation list (DER), naming ``revoked`` (serial number: when),
        issued an hour ago and good for a week."""
        now = datetime.now(UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert.subject)
            .last_update(now - timedelta(hours=1))
            .next_update(now + timedelta(days=7))
        )
        for serial, when in revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def fill(form_pdf: bytes, values: dict[str, str | bool]) -> bytes:
    """The modello di domanda with its fields filled in (a checkbox takes a bool)."""
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(io.BytesIO(form_pdf)) as pdf:
        form = Form(pdf)
        for name, value in values.items():
            if isinstance(value, bool):
                form[name].checked = value
            else:
                form[name].value = value
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def pades(pdf: bytes, holder: Holder, field: str = "FirmaLegaleRappresentante", change: dict | None = None) -> bytes:
    """``pdf`` signed by ``holder`` in a new revision (in the signature field
    ``field``); ``change``: form fields given new values in that same revision."""
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for ref in writer.root["/AcroForm"]["/Fields"] if change else []:
        entry = ref.get_object()
        if str(entry.get("/T")) in change:
            entry["/V"] = generic.TextStringObject(change[str(entry["/T"])])
            writer.update_container(entry)
    metadata = signers.PdfSignatureMetadata(field_name=field)
    out = signatures.run(signers.async_sign_pdf(writer, metadata, signer=holder.signer()))
    return out.getvalue()


def cades(data: bytes, holder: Holder, signed_at: datetime | None = None, detached: bool = False) -> bytes:
    """An enveloping CAdES (.p7m): the content inside the signature, with the
    signing time the signer's software claims (now, unless told); ``detached``:
    a .p7s, the signature without the content."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    attributes = PdfCMSSignedAttributes(signing_time=signed_at or datetime.now(UTC))
    signed = signatures.run(
        holder.signer().async_sign_general_data(data, "sha256", detached=detached, signed_attr_settings=attributes)
    )
    return signed.dump()


def cades_jointly(data: bytes, holders: list[Holder]) -> bytes:
    """One .p7m signed by several people side by side (a «firma congiunta»: one
    SignedData, a SignerInfo each, as DiKe or ArubaSign make it)."""
    from asn1crypto import cms

    signed = [cms.ContentInfo.load(cades(data, holder)) for holder in holders]
    first = signed[0]["content"]
    seen = {cert.chosen.dump() for cert in first["certificates"]}
    certificates = list(first["certificates"])
    for other in signed[1:]:
        certificates += [cert for cert in other["content"]["certificates"] if cert.chosen.dump() not in seen]
        seen |= {cert.chosen.dump() for cert in other["content"]["certificates"]}
    first["certificates"] = cms.CertificateSet(certificates)
    first["signer_infos"] = cms.SignerInfos([info for one in signed for info in one["content"]["signer_infos"]])
    return signed[0].dump(force=True)


def application(
    form_pdf: bytes, values: dict, signer: Holder, *, as_: str = "pades", tamper: bool = False, script: bool = False
) -> tuple[str, bytes]:
    """The signed form as the ETS attaches it: (file name, bytes). ``as_``:
    pades, cades, or cades2 (a .p7m inside a .p7m)."""
    filled = fill(form_pdf, values)
    if script:
        filled = _with_script(filled)
    if as_ == "pades":
        name, data = "domanda.pdf", pades(filled, signer)
    elif as_ == "cades":
        name, data = "domanda.pdf.p7m", cades(filled, signer)
    else:
        name, data = "domanda.pdf.p7m.p7m", cades(cades(filled, signer), signer)
    if tamper:
        at = data.find(b"Cooperativa") if b"Cooperativa" in data else len(data) // 2
        data = data[:at] + (b"X" if data[at : at + 1] != b"X" else b"Y") + data[at + 1 :]
    return name, data


def _with_script(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        action = doc.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        doc.Root.OpenAction = action
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def original(
    sender: str,
    recipient: str,
    subject: str,
    body: str,
    attachments: list[tuple[str, bytes]] = (),
    *,
    html: bool = False,
) -> EmailMessage:
    """The ETS's own message (what the provider puts in postacert.eml); ``html``:
    its body is HTML and nothing else, as some webmails and mobile clients send it."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, recipient, subject
    msg["Message-ID"] = f"<{abs(hash((sender, subject, body)))}@ets.example>"
    msg.set_content(body, subtype="html" if html else "plain")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


DATICERT = """<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="posta-certificata" errore="nessuno">
  <intestazione>
    <mittente>{sender}</mittente>
    <destinatari tipo="certificato">{recipient}</destinatari>
    <risposte>{sender}</risposte>
    <oggetto>{subject}</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Gestore PEC di prova</gestore-emittente>
    <data zona="{zone}">
      <giorno>{day}</giorno>
      <ora>{time}</ora>
    </data>
    <identificativo>{identifier}</identificativo>
    <msgid>&lt;{msgid}&gt;</msgid>
  </dati>
</postacert>
"""


def envelope(
    inner: EmailMessage,
    provider: Holder,
    *,
    when: datetime,
    identifier: str,
    daticert: bool = True,
    tamper: bool = False,
    line_end: bytes = b"\r\n",
) -> bytes:
    """The provider's busta di trasporto around ``inner``: multipart/signed of
    (text, daticert.xml, postacert.eml) and smime.p7s; ``when`` an aware time."""
    from xml.sax.saxutils import escape

    sender, recipient, subject = str(inner["From"]), str(inner["To"]), str(inner["Subject"])
    mixed = MIMEMultipart("mixed")
    mixed.attach(
        MIMEText(
            f"Messaggio di posta certificata\n\nIl giorno {when:%d/%m/%Y} alle ore {when:%H:%M:%S} il messaggio "
            f'"{subject}" è stato inviato da "{sender}" indirizzato a: {recipient}\n',
            "plain",
            "utf-8",
        )
    )
    if daticert:
        xml = DATICERT.format(
            sender=escape(sender),
            recipient=escape(recipient),
            subject=escape(subject),
            zone=when.strftime("%z"),
            day=when.strftime("%d/%m/%Y"),
            time=when.strftime("%H:%M:%S"),
            identifier=escape(identifier),
            msgid=escape(str(inner["Message-ID"]).strip("<>")),
        )
        part = MIMEApplication(xml.encode(), "xml", name="daticert.xml")
        part.add_header("Content-Disposition", "attachment", filename="daticert.xml")
        mixed.attach(part)
    eml = MIMEBase("message", "rfc822")
    eml.set_payload([inner])
    eml.add_header("Content-Disposition", "attachment", filename="postacert.eml")
    mixed.attach(eml)
    signed_part = mixed.as_bytes(policy=SMTP)
    signature = signatures.run(provider.signer().async_sign_general_data(signed_part, "sha256", detached=True)).dump()
    if tamper:  # one letter of the signed part changed after the provider signed it
        at = len(signed_part) // 2
        while not signed_part[at : at + 1].isalpha():
            at += 1
        signed_part = signed_part[:at] + signed_part[at : at + 1].swapcase() + signed_part[at + 1 :]
    boundary = f"pec-{abs(hash(identifier))}"
    headers = [
        f"Return-Path: <{sender}>",
        "X-Trasporto: posta-certificata",
        f"Date: {format_datetime(when)}",
        f"Subject: POSTA CERTIFICATA: {subject}",
        f'From: "Per conto di: {sender}" <posta-certificata@pec.gestore.example>',
        f"Reply-To: {sender}",
        f"To: {recipient}",
        f"Message-ID: <{identifier}>",
        f"X-Riferimento-Message-ID: {inner['Message-ID']}",
        "MIME-Version: 1.0",
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;'
        f' boundary="{boundary}"',
    ]
    sig64 = base64.encodebytes(signature).replace(b"\n", b"\r\n")
    raw = (
        "\r\n".join(headers).encode()
        + b"\r\n\r\nQuesto e' un messaggio firmato S/MIME.\r\n\r\n"
        + f"--{boundary}\r\n".encode()
        + signed_part
        + f"\r\n--{boundary}\r\n".encode()
        + b'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n'
        + b'Content-Disposition: attachment; filename="smime.p7s"\r\n\r\n'
        + sig64
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return raw if line_end == b"\r\n" else raw.replace(b"\r\n", line_end)


def zipped(messages: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in messages.items():
            archive.writestr(name, data)
    return out.getvalue()


def mbox(messages: list[bytes]) -> bytes:
    """An mbox of the messages (From_ lines, >From quoting done by the standard library)."""
    import mailbox
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "box"
        box = mailbox.mbox(str(path))
        for raw in messages:
            box.add(raw)
        box.flush()
        box.close()
        return path.read_bytes()


def ets_code(n: int) -> str:
    """A valid 11-digit codice fiscale of an ETS (partita IVA rule: Luhn check digit)."""
    from stdnum import luhn

    base = f"{8000000 + n:07d}001"
    return base + luhn.calc_check_digit(base)


def person_code(n: int) -> str:
    """A valid 16-character codice fiscale of a person (check character computed)."""
    from stdnum.it import codicefiscale

    letters = "BCDFGHLMNPRSTVZ"
    stem = f"{letters[n % 15]}{letters[(n // 15) % 15]}{letters[(n // 225) % 15]}MRA80A01F205"
    return stem + codicefiscale.calc_check_digit(stem)


def values(n: int, *, ets_cf: str | None = None, rep_cf: str | None = None) -> dict:
    """The form's fields for the n-th ETS of a batch."""
    return {
        "denominazione": f"Cooperativa Domicilio {n:02d}",
        "codice_fiscale": ets_cf or ets_code(n),
        "numero_runts": f"R{n:05d}",
        "forma_giuridica": "Cooperativa sociale",
        "sede": f"Via Prova {n}, Milano",
        "legale_rappresentante": f"Legale {n:02d}",
        "cf_legale_rappresentante": rep_cf or person_code(n),
        "email": f"ets{n:02d}@pec.example.org",
        "attivita": "a; b",
        "municipi": f"{1 + n % 9}",
        "esperienza_triennio": "Assistenza domiciliare agli anziani nel Municipio.",
        "attivita_coerenti": True,
        "delegato_1_nome": f"Delegata {n:02d}",
        "delegato_1_ruolo": "Coordinatrice",
        "delegato_1_email": f"delegata{n:02d}@ets{n:02d}.example.org",
        "informativa": True,
    }


@dataclass
class Batch:
    """A day's PEC box: the raw messages by name, and what their verdicts must be."""

    messages: dict[str, bytes]
    expected: dict[str, int]  # outcome -> count
    authority: Authority
    provider: Holder
    first_ets: str  # the name of the ETS that sends twice
    question: str  # the text of the first clarification request


def batch(
    form_pdf: bytes, deadline: datetime, recipient: str, valid: int = 31, authority: Authority | None = None
) -> Batch:
    """``valid`` + 9 messages: valid applications (PAdES, CAdES, a double .p7m; one
    at the deadline's very second), one late by one second, one tampered, one
    signed by someone else, one natural person, one second application of the
    first ETS, two clarification requests, one ordinary mail, one malformed PEC;
    every certificate issued by ``authority`` (default: a new one)."""
    authority = authority or Authority()
    provider = authority.issue("Gestore PEC di prova")
    messages: dict[str, bytes] = {}
    kinds = ("pades", "cades", "cades2")

    def send(name: str, n: int, vals: dict, signer: Holder, when: datetime, **options) -> None:
        file_name, data = application(form_pdf, vals, signer, **options)
        inner = original(
            vals["email"],
            recipient,
            f"Domanda di partecipazione - {vals['denominazione']}",
            "In allegato la domanda firmata.",
            [(file_name, data)],
        )
        messages[name] = envelope(inner, provider, when=when, identifier=f"opec{n:03d}.{name}@pec.gestore.example")

    reps = {}
    for n in range(1, valid + 1):
        vals = values(n)
        reps[n] = authority.issue(vals["legale_rappresentante"], vals["cf_legale_rappresentante"])
        when = deadline if n == valid else deadline - timedelta(hours=2, minutes=n)
        send(f"domanda-{n:02d}.eml", n, vals, reps[n], when, as_=kinds[n % 3])
    n = valid + 1
    vals = values(n)
    send(
        "tardiva.eml",
        n,
        vals,
        authority.issue("Legale", vals["cf_legale_rappresentante"]),
        deadline + timedelta(seconds=1),
    )
    n += 1
    vals = values(n)
    send(
        "alterata.eml",
        n,
        vals,
        authority.issue("Legale", vals["cf_legale_rappresentante"]),
        deadline - timedelta(hours=1),
        as_="cades",
        tamper=True,
    )
    n += 1
    vals = values(n)
    send(
        "altro-firmatario.eml",
        n,
        vals,
        authority.issue("Mario Impostore", person_code(999)),
        deadline - timedelta(hours=1),
    )
    n += 1
    vals = values(n, ets_cf=person_code(500))
    send(
        "persona-fisica.eml",
        n,
        vals,
        authority.issue("Legale", vals["cf_legale_rappresentante"]),
        deadline - timedelta(hours=1),
    )
    again = values(1)
    again["esperienza_triennio"] = "Seconda domanda, che sostituisce la prima."
    send("seconda-domanda.eml", 900, again, reps[1], deadline - timedelta(minutes=30), as_="cades")
    question = "Richiesta di chiarimenti: un consorzio può partecipare per le sue associate?"
    for k, text in enumerate((question, "Quesito: la domanda va firmata anche dai delegati?"), start=1):
        inner = original(f"ets{50 + k}@pec.example.org", recipient, f"Richiesta di chiarimenti {k}", text)
        messages[f"chiarimento-{k}.eml"] = envelope(
            inner, provider, when=deadline - timedelta(days=3, hours=k), identifier=f"opec-q{k}@pec.gestore.example"
        )
    plain = original("someone@example.org", recipient, "Newsletter", "Posta ordinaria, non certificata.")
    messages["ordinaria.eml"] = plain.as_bytes(policy=SMTP)
    broken = original("ets70@pec.example.org", recipient, "Domanda", "x")
    messages["malformata.eml"] = envelope(
        broken, provider, when=deadline, identifier="opec-broken@pec.gestore.example", daticert=False
    )
    expected = {"accettata": valid, "sostituita": 1, "respinta": 4, "chiarimento": 2, "non_pec": 1, "illeggibile": 1}
    return Batch(messages, expected, authority, provider, values(1)["denominazione"], question)


# A national trusted list (ETSI TS 119 612) as AgID publishes it, reduced to one
# qualified CA: the tests' own authority.
TSL = """<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" TSLTag="http://uri.etsi.org/19612/TSLTag" Id="TL">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>1</tsl:TSLSequenceNumber>
    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType>
    <tsl:SchemeOperatorName><tsl:Name xml:lang="it">AgID di prova</tsl:Name></tsl:SchemeOperatorName>
    <tsl:SchemeTerritory>{territory}</tsl:SchemeTerritory>
    <tsl:ListIssueDateTime>{issued}</tsl:ListIssueDateTime>
    <tsl:NextUpdate><tsl:dateTime>{due}</tsl:dateTime></tsl:NextUpdate>
  </tsl:SchemeInformation>
  <tsl:TrustServiceProviderList>
    <tsl:TrustServiceProvider>
      <tsl:TSPInformation>
        <tsl:TSPName><tsl:Name xml:lang="it">Prestatore di prova</tsl:Name></tsl:TSPName>
      </tsl:TSPInformation>
      <tsl:TSPServices>
        <tsl:TSPService>
          <tsl:ServiceInformation>
            <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
            <tsl:ServiceName><tsl:Name xml:lang="it">CA qualificata di prova</tsl:Name></tsl:ServiceName>
            <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{cert}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
            <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/{status}</tsl:ServiceStatus>
            <tsl:StatusStartingTime>{since}</tsl:StatusStartingTime>
          </tsl:ServiceInformation>{history}
        </tsl:TSPService>
      </tsl:TSPServices>
    </tsl:TrustServiceProvider>
  </tsl:TrustServiceProviderList>
</tsl:TrustServiceStatusList>
"""

# The European Commission's list of the lists, reduced to pointers to national
# lists: for each territory, where its list is and who signs it.
LOTL = """<?xml version="1.0" encoding="UTF-8"?>
<tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"
    xmlns:add="http://uri.etsi.org/02231/v2/additionaltypes#" TSLTag="http://uri.etsi.org/19612/TSLTag" Id="LOTL">
  <tsl:SchemeInformation>
    <tsl:TSLVersionIdentifier>6</tsl:TSLVersionIdentifier>
    <tsl:TSLSequenceNumber>1</tsl:TSLSequenceNumber>
    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists</tsl:TSLType>
    <tsl:SchemeOperatorName><tsl:Name xml:lang="en">European Commission (tests)</tsl:Name></tsl:SchemeOperatorName>
    <tsl:SchemeInformationURI><tsl:URI xml:lang="en">https://ec.europa.eu/tools/lotl/eu-lotl-pivot-1.xml</tsl:URI></tsl:SchemeInformationURI>
    <tsl:SchemeTerritory>EU</tsl:SchemeTerritory>
    <tsl:PointersToOtherTSL>{pointers}</tsl:PointersToOtherTSL>
    <tsl:ListIssueDateTime>{issued}</tsl:ListIssueDateTime>
    <tsl:NextUpdate><tsl:dateTime>{due}</tsl:dateTime></tsl:NextUpdate>
  </tsl:SchemeInformation>
</tsl:TrustServiceStatusList>
"""
POINTER = """
      <tsl:OtherTSLPointer>
        <tsl:ServiceDigitalIdentities><tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{cert}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity></tsl:ServiceDigitalIdentities>
        <tsl:TSLLocation>https://trust.example.org/TSL-{territory}.xml</tsl:TSLLocation>
        <tsl:AdditionalInformation>
          <tsl:OtherInformation><tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType></tsl:OtherInformation>
          <tsl:OtherInformation><tsl:SchemeTypeCommunityRules><tsl:URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUcommon</tsl:URI></tsl:SchemeTypeCommunityRules></tsl:OtherInformation>
          <tsl:OtherInformation><tsl:SchemeTerritory>{territory}</tsl:SchemeTerritory></tsl:OtherInformation>
          <tsl:OtherInformation><add:MimeType>application/vnd.etsi.tsl+xml</add:MimeType></tsl:OtherInformation>
        </tsl:AdditionalInformation>
      </tsl:OtherTSLPointer>"""


def _b64(cert: Authority) -> str:
    return base64.b64encode(cert.der).decode()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _edition(due: datetime | None) -> dict[str, str]:
    """A list's issue and next-issue dates: issued 180 days before ``due`` (by
    default 150 days from now: a list in force)."""
    due = due or datetime.now(UTC) + timedelta(days=150)
    return {"issued": _utc(due - timedelta(days=180)), "due": _utc(due)}


def signed(xml: bytes, signer: Authority, reference: str | None = None) -> bytes:
    """``xml`` with an enveloped XAdES signature by ``signer``, as the Commission
    and the national bodies sign their lists (signxml): over the whole document,
    or over the element whose Id ``reference`` names (``"#TL"``)."""
    from lxml import etree
    from signxml import SignatureConstructionMethod
    from signxml.xades import XAdESSigner

    key = signer.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    xades = XAdESSigner(method=SignatureConstructionMethod.enveloped, signature_algorithm="ecdsa-sha256")
    root = xades.sign(etree.fromstring(xml), key=key, cert=signer.pem.decode(), reference_uri=reference)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# A service's earlier status, in its history: granted since 2020 until the current status began.
GRANTED_BEFORE = """
          <tsl:ServiceHistory><tsl:ServiceHistoryInstance>
            <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
            <tsl:ServiceName><tsl:Name xml:lang="it">CA qualificata di prova</tsl:Name></tsl:ServiceName>
            <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{cert}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
            <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>
            <tsl:StatusStartingTime>2020-01-01T00:00:00Z</tsl:StatusStartingTime>
          </tsl:ServiceHistoryInstance></tsl:ServiceHistory>"""


def trusted_list(
    authority: Authority,
    signer: Authority | None = None,
    territory: str = "IT",
    withdrawn: datetime | None = None,
    due: datetime | None = None,
    reference: str | None = None,
) -> bytes:
    """The national trusted list naming ``authority`` as a qualified CA, granted
    since 2020 (or ``withdrawn`` at that moment, granted before it), its next
    issue ``due`` then (default: a list in force), signed by ``signer`` (its
    scheme operator) when given (over ``reference``, its Id ``"#TL"``, if given)."""
    cert = _b64(authority)
    if withdrawn:
        service = {"status": "withdrawn", "since": _utc(withdrawn), "history": GRANTED_BEFORE.format(cert=cert)}
    else:
        service = {"status": "granted", "since": "2020-01-01T00:00:00Z", "history": ""}
    xml = TSL.format(cert=cert, territory=territory, **service, **_edition(due)).encode()
    return signed(xml, signer, reference) if signer else xml


def list_of_lists(
    signer: Authority, national: dict[str, Authority], due: datetime | None = None, reference: str | None = None
) -> bytes:
    """The EU list of the lists, signed by ``signer`` (over ``reference``, its Id
    ``"#LOTL"``, if given): for each territory, the certificate that signs its
    national list; its next issue ``due`` then."""
    pointers = "".join(POINTER.format(cert=_b64(tlso), territory=t) for t, tlso in national.items())
    return signed(LOTL.format(pointers=pointers, **_edition(due)).encode(), signer, reference)


@dataclass
class TrustLists:
    """The Commission's signer (its certificate as ``COPROG_LOTL_SIGNERS`` reads
    it), AgID as the Italian list's signer, the signed LOTL and TSL-IT naming
    ``authority``."""

    commission: Authority
    agid: Authority
    lotl: bytes
    italian: bytes

    @classmethod
    def naming(cls, authority: Authority) -> TrustLists:
        commission, agid = Authority("Commissione europea di prova"), Authority("AgID di prova")
        return cls(commission, agid, list_of_lists(commission, {"IT": agid}), trusted_list(authority, agid))

    def env(self, folder) -> dict[str, str]:
        """The server's setting naming the Commission's signer, written in ``folder``."""
        path = folder / "lotl-signers.pem"
        path.write_bytes(self.commission.pem)
        return {"COPROG_LOTL_SIGNERS": str(path)}
