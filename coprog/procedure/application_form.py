"""The modello di domanda: the avviso's application form as a fillable PDF
(AcroForm, drawn by ReportLab), and the reading of its fields back (pikepdf),
under the same names the spreadsheet import reads (``importer``), so that a
form and a row of the import are one thing to validate.

The ETS fills it, its legale rappresentante signs it (PAdES, or CAdES as a
``.p7m``), and sends it by PEC; ``intake`` reads it from the envelope."""

from __future__ import annotations

import io

from coprog.texts import i18n, taxonomy
from coprog.texts.vocabulary import DELEGATES_ON_FORM

# (field name, the catalogue key of its label, kind, maximum characters)
ETS_FIELDS = (
    ("denominazione", "appform.name", "text", 200),
    ("codice_fiscale", "appform.codice_fiscale", "text", 16),
    ("numero_runts", "appform.runts_number", "text", 30),
    ("forma_giuridica", "appform.legal_form", "text", 80),
    ("sede", "appform.seat", "text", 300),
    ("legale_rappresentante", "appform.legal_rep_name", "text", 200),
    ("cf_legale_rappresentante", "appform.legal_rep_cf", "text", 16),
    ("email", "appform.email", "text", 200),
    ("telefono", "appform.phone", "text", 40),
    ("attivita", "appform.activity_fields", "text", 80),
    ("municipi", "appform.municipi", "text", 40),
    ("esperienza_triennio", "appform.experience", "multiline", 3000),
    ("attivita_coerenti", "appform.coherent", "check", 0),
)
DELEGATE_FIELDS = (
    ("nome", "appform.delegate_name", 120),
    ("ruolo", "appform.delegate_role", 120),
    ("email", "appform.delegate_email", 200),
)
PRIVACY_FIELD = "informativa"
FIELD_NAMES = (
    *(name for name, *_ in ETS_FIELDS),
    *(f"delegato_{i}_{name}" for i in range(1, DELEGATES_ON_FORM + 1) for name, *_ in DELEGATE_FIELDS),
    PRIVACY_FIELD,
)
YES = "Yes"  # a checkbox's on state in the form this module draws


def build(process: dict) -> bytes:
    """The percorso's modello di domanda, fillable, in Italian (the avviso's language)."""
    from reportlab.lib.colors import black, white
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lang = "it"
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(i18n.t("appform.title", lang, title=process["title"]))
    pdf.setAuthor(process.get("office") or "Comune di Milano")
    pdf.setSubject(i18n.t("appform.subject", lang))
    width, height = A4
    left, right = 50, width - 50
    y = height - 60

    def heading(text: str, size: int = 13) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold", size)
        pdf.drawString(left, y, text)
        y -= size + 8

    def lines(text: str, size: int = 9) -> None:
        nonlocal y
        pdf.setFont("Helvetica", size)
        for line in _wrap(text, 105):
            pdf.drawString(left, y, line)
            y -= size + 3

    def new_page() -> None:
        nonlocal y
        pdf.showPage()
        y = height - 60

    def field(name: str, label: str, kind: str, max_len: int, *, x: float = left, w: float | None = None) -> None:
        nonlocal y
        if y < 110:
            new_page()
        pdf.setFont("Helvetica", 9)
        pdf.drawString(x, y, label)
        box = 60 if kind == "multiline" else 18
        if kind == "check":
            pdf.acroForm.checkbox(
                name=name, tooltip=label, x=x, y=y - 22, size=14, buttonStyle="check",
                borderColor=black, fillColor=white, textColor=black, forceBorder=True, checked=False,
            )  # fmt: skip
            y -= 30
            return
        pdf.acroForm.textfield(
            name=name, tooltip=label, x=x, y=y - box - 4, width=w or (right - x), height=box,
            maxlen=max_len, fontName="Helvetica", fontSize=10, borderColor=black, fillColor=white,
            textColor=black, forceBorder=True, fieldFlags="multiline" if kind == "multiline" else "",
        )  # fmt: skip
        y -= box + 18

    heading(i18n.t("appform.heading", lang), 15)
    lines(process["title"], 11)
    details = [
        i18n.t("appform.avviso", lang, protocol=process.get("avviso_protocol") or "—"),
        i18n.t("appform.send_to", lang, pec=process.get("pec") or "—"),
        i18n.t("appform.deadline", lang, when=i18n.local_when(process.get("application_deadline"), lang) or "—"),
    ]
    for text in details:
        lines(text)
    y -= 6
    lines(i18n.t("appform.instructions", lang))
    y -= 6
    heading(i18n.t("appform.section_ets", lang))
    for name, key, kind, max_len in ETS_FIELDS:
        if name == "attivita":
            lines(i18n.t("appform.activity_help", lang))
            lines("; ".join(f"{term.code}) {term.it}" for term in taxonomy.terms("activity_field")), 7)
        if name == "municipi":
            lines(i18n.t("appform.municipi_help", lang))
        if name == "forma_giuridica":
            lines(
                i18n.t("appform.legal_form_help", lang) + " " + ", ".join(t.it for t in taxonomy.terms("legal_form")), 7
            )
        field(name, i18n.t(key, lang), kind, max_len)
    new_page()
    heading(i18n.t("appform.section_delegates", lang))
    lines(i18n.t("appform.delegates_help", lang))
    y -= 4
    third = (right - left - 20) / 3
    for i in range(1, DELEGATES_ON_FORM + 1):
        top = y
        for column, (name, key, max_len) in enumerate(DELEGATE_FIELDS):
            y = top
            x = left + column * (third + 10)
            field(f"delegato_{i}_{name}", i18n.t(key, lang, n=i), "text", max_len, x=x, w=third)
    y -= 6
    heading(i18n.t("appform.section_privacy", lang))
    lines(i18n.t("appform.privacy", lang))
    field(PRIVACY_FIELD, i18n.t("appform.privacy_ack", lang), "check", 0)
    lines(i18n.t("appform.signature", lang))
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def read(pdf_bytes: bytes) -> dict[str, str] | None:
    """The form's fields as the import's row (None when the PDF is not this form:
    no field of it is there). A checkbox reads «sì» or «no». Raises ValueError
    when the PDF cannot be read."""
    import pikepdf
    from pikepdf.form import Form

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/AcroForm" not in pdf.Root:
            return None
        form = Form(pdf)
        values: dict[str, str] = {}
        for name, wrapper in form.items():
            if name not in FIELD_NAMES:
                continue
            if hasattr(wrapper, "checked"):
                values[name] = "sì" if wrapper.checked else "no"
            else:
                values[name] = str(wrapper.value or "").strip()
    if not values:
        return None
    return {name: values.get(name, "") for name in FIELD_NAMES}


def delegates(row: dict[str, str]) -> list[dict]:
    """The delegates the form names (name, role, email), blank lines left out."""
    found = []
    for i in range(1, DELEGATES_ON_FORM + 1):
        entry = {name: row.get(f"delegato_{i}_{name}", "").strip() for name, *_ in DELEGATE_FIELDS}
        if any(entry.values()):
            found.append({"name": entry["nome"], "role": entry["ruolo"], "email": entry["email"]})
    return found


SCRIPT_KEYS = ("/JavaScript", "/JS", "/Launch", "/OpenAction", "/AA", "/RichMedia", "/EmbeddedFile")


def has_active_content(pdf_bytes: bytes) -> bool:
    """Whether the PDF carries scripts, actions that run on opening, launches or
    embedded files (never run here: such a form is refused)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                keys = set(obj.keys())
                if keys & set(SCRIPT_KEYS):
                    return True
                if obj.get("/S") in (pikepdf.Name.JavaScript, pikepdf.Name.Launch):
                    return True
    return False
