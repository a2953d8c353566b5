"""The suppression record: salted hashes of an erased person's email and phone, so an import
leaves them out and the intake and the client dialog recognise them, with nothing readable."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from app.domain.erasure import normalised_email, suppression_hash
from app.domain.errors import N_, Phrase, ValidationError
from app.domain.validation import parse_phone
from app.persistence.database import unit_of_work
from app.persistence.models import Practice, Suppression, SuppressionSalt
from app.persistence.store import Store

_KNOWN_KEY = "privacy_desk.suppressions"
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
    session.info.pop(_KNOWN_KEY, None)  # read again when next asked


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
    session: Session | Connection,
    *,
    email: str = "",
    phone: str = "",
    region: str = "",
    phone_e164: str = "",
) -> date | None:
    """The day the person with this email or phone was erased, or None.

    `phone` may be as typed (read with `region`, the practice's country by default);
    `phone_e164` is a number already checked, used as it is.
    """
    known = _known(session)
    if known is None:
        return None  # nobody was ever erased
    salt, by_email, by_phone = known
    if phone_e164 or not phone.strip():
        e164 = phone_e164.strip()  # already checked (an import's row): no parsing
    elif phone.strip().startswith("+"):
        e164 = _e164(phone, "")  # already international: no need to read the practice
    else:
        country = region or session.execute(select(Practice.country_code)).scalar_one()
        e164 = _e164(phone, country)
    found = [
        day
        for day in (
            by_email.get(suppression_hash(salt, "email", normalised_email(email))),
            by_phone.get(suppression_hash(salt, "phone", e164)),
        )
        if day is not None
    ]
    return min(found) if found else None


Known = tuple[str, dict[str, date], dict[str, date]]


def _known(session: Session | Connection) -> Known | None:
    """The salt and every suppression hash with its day; None when nobody was erased.

    Read once per Session (an import asks for every row; the erased are few); never kept on
    a Connection, whose `info` outlives it in the pool.
    """
    cache = session.info if isinstance(session, Session) else {}
    if _KNOWN_KEY not in cache:
        salt = session.execute(select(SuppressionSalt.salt)).scalar_one_or_none()
        known = None
        if salt is not None:
            by_email: dict[str, date] = {}
            by_phone: dict[str, date] = {}
            for email_hash, phone_hash, day in session.execute(
                select(Suppression.email_hash, Suppression.phone_hash, Suppression.erased_on)
            ):
                for table, digest in ((by_email, email_hash), (by_phone, phone_hash)):
                    if digest:
                        table[digest] = min(day, table.get(digest, day))
            known = (salt, by_email, by_phone)
        cache[_KNOWN_KEY] = known
    return cache[_KNOWN_KEY]


def erased_person_warning(
    store: Store, *, email: str = "", phone: str = "", region: str = "", typed: str = ""
) -> Phrase | None:
    """'This person's records were erased on DATE' (on their request, or when the period
    the notice promised ended) when the email or phone matches: asked by the
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
    return Phrase(N_("This person's records were erased on {day}."), day=day.isoformat())
