"""The informativa (art. 13 GDPR) shown to delegates: the organisers' own text
when they wrote one, otherwise one composed from the percorso's data, so a
delegate always reads who the controller is, why their data are processed,
which data, for how long, and whom to ask."""

from __future__ import annotations

from coprog.texts import i18n


def notice(process: dict, lang: str = "it") -> dict:
    """``{"controller": ..., "sections": [(heading, text), ...], "custom": bool}``."""
    office = process.get("office")
    controller = process.get("privacy_controller") or (
        f"{i18n.t('privacy.controller_missing', lang)} – {office}"
        if office
        else i18n.t("privacy.controller_missing", lang)
    )
    contact = process.get("contact") or process.get("pec") or i18n.t("privacy.contact_missing", lang)
    if process.get("privacy_text"):
        return {
            "controller": controller,
            "custom": True,
            "sections": [
                (i18n.t("privacy.h.text", lang), process["privacy_text"]),
                (i18n.t("privacy.h.contact", lang), contact),
            ],
        }
    sections = [
        (i18n.t("privacy.h.controller", lang), controller),
        (i18n.t("privacy.h.purpose", lang), i18n.t("privacy.purpose", lang, title=process.get("title", ""))),
        (i18n.t("privacy.h.data", lang), i18n.t("privacy.data", lang)),
        (
            i18n.t("privacy.h.retention", lang),
            i18n.t("privacy.retention", lang, months=process.get("retention_months") or 24),
        ),
        (i18n.t("privacy.h.rights", lang), i18n.t("privacy.rights", lang)),
        (i18n.t("privacy.h.contact", lang), contact),
    ]
    return {"controller": controller, "custom": False, "sections": sections}
