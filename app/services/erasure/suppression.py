"""The suppression record: salted hashes of an erased person's email and phone, so an import
leaves them out and the intake and the client dialog recognise them, with nothing readable."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import or_, select
from sqlmodel import Session

from app.domain.erasure import normalised_email, suppression_hash
from app.domain.errors import N_, Phrase, ValidationError
from app.domain.validation import parse_phone
from app.persistence.database import unit_of_work
from app.persistence.models import Practice, Suppression, SuppressionSalt
from app.persistence.store import Store

MIN_PHONE_DIGITS = 6  # fewer typed digits are part of a name search or a reference


def practice_salt(session: Session) -> str:
    """The practice's random salt, made on the first erasure."""
    row = session.get(SuppressionSalt, 1)
    if row is None:
        row = SuppressionSalt(id=1, salt=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.salt


def _hashes(session: Session, email: str, phone_e164: str) -> tuple[str, str]:
    salt = practice_salt(session)
    return (
        suppression_hash(salt, "email", normalised_email(email)),
        suppression_hash(salt, "phone", phone_e164.strip()),
    )


def record_suppression(
    session: Session, *, email: str, phone_e164: str, erased_on: date, request_id: int | None
) -> None:
    email_hash, phone_hash = _hashes(session, email, phone_e164)
    session.add(
        Suppression(
            email_hash=email_hash,
            phone_hash=phone_hash,
            erased_on=erased_on,
            request_id=request_id,
        )
    )


def _e164(phone: str, region: str) -> str:
    """The number as E.164 when it reads as one; "" otherwise (a recognition, not a check)."""
    if not phone.strip():
        return ""
    try:
        parsed = parse_phone(phone, region)
    except ValidationError:  # an unreadable number simply matches nothing
        return ""
    return parsed.e164 if parsed else ""


def erased_on(
    session: Session, *, email: str = "", phone: str = "", region: str = ""
) -> date | None:
    """The day the person with this email or phone was erased, or None.

    `phone` may be as typed (read with `region`, the practice's country by default) or E.164.
    """
    salt = session.execute(select(SuppressionSalt.salt)).scalar_one_or_none()
    if salt is None:
        return None  # nobody was ever erased
    if phone.strip().startswith("+"):
        e164 = _e164(phone, "")  # already international: no need to read the practice
    else:
        country = region or session.execute(select(Practice.country_code)).scalar_one()
        e164 = _e164(phone, country)
    email_hash = suppression_hash(salt, "email", normalised_email(email))
    phone_hash = suppression_hash(salt, "phone", e164)
    conditions = []
    if email_hash:
        conditions.append(Suppression.email_hash == email_hash)
    if phone_hash:
        conditions.append(Suppression.phone_hash == phone_hash)
    if not conditions:
        return None
    return session.execute(
        select(Suppression.erased_on).where(or_(*conditions)).order_by(Suppression.id).limit(1)
    ).scalar_one_or_none()


def erased_person_warning(
    store: Store, *, email: str = "", phone: str = "", region: str = "", typed: str = ""
) -> Phrase | None:
    """'This person asked to be erased on DATE' when the email or phone matches: asked by the
    opt-out and request intake and the client dialog.

    `typed` is what a coach typed to find a caller: read as an email when it has an "@",
    as a phone number when it has enough digits, and otherwise not at all.
    """
    typed = typed.strip()
    if "@" in typed:
        email = email or typed
    elif sum(character.isdigit() for character in typed) >= MIN_PHONE_DIGITS:
        phone = phone or typed
    with unit_of_work(store.reader) as session:
        day = erased_on(session, email=email, phone=phone, region=region)
    if day is None:
        return None
    return Phrase(N_("This person asked to be erased on {day}."), day=day.isoformat())
