"""Plain words for the values documents print: legal bases, forms, consent states, reasons."""

from __future__ import annotations

from app.documents.data import SharingInfo
from app.i18n import N_, Translate

LEGAL_BASIS = {
    "consent": N_("your consent"),
    "contract": N_("needed to provide the service you booked with us"),
    "legal_obligation": N_("required by law"),
    "legitimate_interests": N_(
        "our legitimate interest in running the practice safely, weighed against your rights"
    ),
}

SHARING_FORM = {
    "identified": N_("with your name"),
    "pseudonymised": N_("under a client number instead of your name"),
    "anonymised": N_("anonymised: nobody can tell it is about you"),
}


def legal_basis(value: str, _: Translate) -> str:
    return _(LEGAL_BASIS.get(value, value))


def sharing_form(value: str, _: Translate) -> str:
    return _(SHARING_FORM.get(value, value))


def consent_reasons(sharing: SharingInfo, jurisdictions: tuple[str, ...], _: Translate) -> str:
    """Why a sharing needs consent, in a short phrase (DESIGN.md section 3)."""
    reasons = []
    if sharing.legal_basis == "consent":
        reasons.append(_("we rely on your consent for it"))
    if any(category.sensitive for category in sharing.categories):
        reasons.append(_("it includes sensitive personal information"))
    if sharing.abroad and "pipl" in jurisdictions:
        reasons.append(_("the information is sent abroad (cross-border transfer)"))
    return _("; ").join(reasons)


def can_be_stopped(sharing: SharingInfo) -> bool:
    """Whether an opt-out stops this sharing: contract and legal duties go on (DESIGN.md 3)."""
    return sharing.consent_required or sharing.legal_basis in ("consent", "legitimate_interests")


def join_list(items: list[str] | tuple[str, ...], _: Translate) -> str:
    return _(", ").join(items)
