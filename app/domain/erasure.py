"""Erasure's rules (GDPR Art. 17, CCPA delete): what is scrubbed, what a refusal says, how an
erased person is recognised again without keeping anything readable, and what stays and why.
Pure: no I/O."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import N_, Phrase

# The client's personal fields and what each becomes. The reference code, language, country
# and status stay: the records it links (consent ledger, requests, letters) hold together.
ERASED_NAME = "—"  # a neutral placeholder, the same in every language
SCRUBBED_FIELDS: dict[str, str] = {
    "given_name": ERASED_NAME,
    "family_name": "",
    "email": "",
    "phone_entered": "",
    "phone_e164": "",
    "street": "",
    "city": "",
    "postal_code": "",
    "region": "",
    "notes": "",
    "sort_key": "",
}


class ErasureReason(StrEnum):
    REQUEST = "request"  # the person asked (a deletion request)
    RETENTION = "retention"  # the retention promised ran out


@dataclass(frozen=True)
class ErasureFacts:
    """What an erasure is judged on, read by the service."""

    request_kind: str
    request_client_id: int | None
    client_id: int
    identity_checked: bool
    request_completed: bool
    already_erased: bool
    open_optouts: int
    other_open_requests: int


def erasure_refusal(facts: ErasureFacts) -> Phrase | None:
    """The one sentence an erasure is refused with, or None when it may go ahead."""
    if facts.already_erased:
        return Phrase(N_("This client was already erased."))
    if facts.request_kind != "deletion" or facts.request_client_id != facts.client_id:
        return Phrase(N_("An erasure needs a deletion request of this same client."))
    if facts.request_completed:
        return Phrase(N_("This deletion request is completed; log a new one to erase."))
    if not facts.identity_checked:
        return Phrase(N_("Check the person's identity on the deletion request before erasing."))
    if facts.open_optouts:
        return Phrase(N_("Finish this client's open opt-out first, then erase."))
    if facts.other_open_requests:
        return Phrase(N_("Finish this client's other open requests first, then erase."))
    return None


def retention_erasure_refusal(
    *, already_erased: bool, former: bool, past: bool, open_optouts: int, open_requests: int
) -> Phrase | None:
    """The one sentence an erasure without a request (the retention ran out) is refused with,
    or None. An open opt-out or request is answered first, as for an erasure on request: its
    answer may need the data, and its records stay anyway."""
    if already_erased:
        return Phrase(N_("This client was already erased."))
    if not former or not past:
        return Phrase(
            N_(
                "This client's retention period has not ended; erase them on a deletion "
                "request instead."
            )
        )
    if open_optouts:
        return Phrase(N_("Finish this client's open opt-out first, then erase."))
    if open_requests:
        return Phrase(N_("Finish this client's open requests first, then erase."))
    return None


def normalised_email(email: str) -> str:
    return email.strip().casefold()


def suppression_hash(salt: str, kind: str, value: str) -> str:
    """HMAC-SHA256 under the practice's salt: equal inputs match, nothing can be read back.

    `kind` ("email" or "phone") keeps an email from ever matching a phone; "" gives "".
    """
    if not value:
        return ""
    message = f"{kind}:{value}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class KeptRecord:
    """A record the law makes the practice keep after an erasure, and why (for the letter)."""

    key: str
    what: str  # marked with N_, translated where shown
    why: str
    count: int


KEPT_REASONS: dict[str, tuple[str, str]] = {
    "request": (
        N_("The deletion request and its answer"),
        N_("Kept to show the request was answered in time (GDPR Art. 5(2), accountability)."),
    ),
    "other_requests": (
        N_("Earlier requests and opt-outs, with their dates"),
        N_("Kept to show each request was answered in time (GDPR Art. 5(2), accountability)."),
    ),
    "consent_ledger": (
        N_("The consent history (what was agreed or withdrawn, and when)"),
        N_(
            "Kept to prove consent was given before data was shared (GDPR Art. 7(1)); it "
            "holds the reference code, not the name."
        ),
    ),
    "documents": (
        N_("The list of letters and documents issued (dates and fingerprints)"),
        N_("Kept to show what was sent and when; the files themselves hold no copy here."),
    ),
    "suppression": (
        N_("A one-way fingerprint of the email address and phone number"),
        N_(
            "Kept so the person is not added again by an import and is recognised if they "
            "contact the practice again (GDPR Art. 17(1) and 21(3)); it cannot be read back."
        ),
    ),
}


def kept_records(counts: dict[str, int]) -> tuple[KeptRecord, ...]:
    """The kept records that exist (count > 0), in KEPT_REASONS' order."""
    return tuple(
        KeptRecord(key=key, what=what, why=why, count=counts[key])
        for key, (what, why) in KEPT_REASONS.items()
        if counts.get(key, 0) > 0
    )


def reached_client(
    *,
    consent_required: bool,
    form: str,
    ever_given: bool,
    starts_on,
    ends_on,
    client_since,
    until,
) -> bool:
    """Whether a vendor received this client's data through one sharing: a sharing that needs
    consent only once the client gave it; one that needs none while it ran during the
    client's time; an anonymised one never (nothing about the person left the practice)."""
    if form == "anonymised":
        return False
    if consent_required:
        return ever_given
    return starts_on <= until and (ends_on is None or ends_on >= client_since)
