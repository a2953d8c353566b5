"""Plain words for the values documents print: legal bases, forms, consent states, reasons."""

from __future__ import annotations

from app.documents.data import SharingInfo
from app.domain.consent import ConsentReason
from app.domain.consent import consent_reasons as domain_consent_reasons
from app.domain.enums import LegalBasis
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


CONSENT_REASON = {
    ConsentReason.CONSENT_BASIS: N_("we rely on your consent for it"),
    ConsentReason.SENSITIVE: N_("it includes sensitive personal information"),
    ConsentReason.TRANSFER_ABROAD: N_("the information is sent abroad (cross-border transfer)"),
}


def consent_reasons(sharing: SharingInfo, jurisdictions: tuple[str, ...], _: Translate) -> str:
    """Why a sharing needs consent, in a short phrase; the domain decides (consent_reasons)."""
    reasons = domain_consent_reasons(
        legal_basis=LegalBasis(sharing.legal_basis),
        has_sensitive_category=any(category.sensitive for category in sharing.categories),
        sends_abroad=sharing.abroad,
        jurisdictions=jurisdictions,
    )
    return _("; ").join(_(CONSENT_REASON[reason]) for reason in reasons)


def join_list(items: list[str] | tuple[str, ...], _: Translate) -> str:
    return _(", ").join(items)
