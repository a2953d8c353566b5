"""Opt-outs that arrive by email: the email read, its sender matched to a client, and what to
keep as the request's evidence. Nothing is logged here: the coach confirms first (the window),
or the command logs what was read and says how it matched."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain.emails import (
    MAX_EMAIL_BYTES,
    EmailUnreadable,
    ReadEmail,
    read_email,
    read_pasted_email,
    received_at_of,
    too_large_error,
)
from app.domain.errors import Phrase
from app.domain.refcodes import format_reference
from app.i18n import N_
from app.persistence.store import Store
from app.services.optouts.context import practice_zone
from app.services.optouts.intake import find_callers
from app.services.rows import ClientRow, EmailedRequest


def load_email(path: Path) -> bytes:
    """The bytes of a saved email, refused in words before a large file is read whole."""
    try:
        size = path.stat().st_size
        if size > MAX_EMAIL_BYTES:
            raise too_large_error()
        if size == 0:
            raise EmailUnreadable(N_("The email is empty."))
        return path.read_bytes()
    except IsADirectoryError:
        raise EmailUnreadable(N_("{file} is a folder, not an email."), file=path.name) from None
    except FileNotFoundError:
        raise EmailUnreadable(N_("The file {file} does not exist."), file=path.name) from None
    except OSError as error:
        raise EmailUnreadable(
            N_("The email {file} cannot be read: {reason}."), file=path.name, reason=error.strerror
        ) from None


def read_emailed_optout(
    store: Store, *, data: bytes | None = None, text: str | None = None, now: datetime
) -> EmailedRequest:
    """Read a saved email (`data`) or a pasted one (`text`) and find whose it is.

    Raises:
        EmailUnreadable: not an email that can be read; the sentence says why.
    """
    zone = practice_zone(store)
    if data is not None:
        read, evidence = read_email(data, zone=zone), data
    else:
        read = read_pasted_email(text or "", zone=zone)
        evidence = (text or "").encode("utf-8", "surrogatepass")
    client, matched_by, candidates, why = match_email(store, read)
    return EmailedRequest(
        email=read,
        client=client,
        matched_by=matched_by,
        candidates=candidates,
        why=why,
        received_at=received_at_of(read, now),
        evidence=(evidence, read.evidence_suffix),
    )


def match_email(
    store: Store, read: ReadEmail
) -> tuple[ClientRow | None, str, tuple[ClientRow, ...], Phrase]:
    """The client by a verified reference code first, then by the sender's address.

    Returns (client or None, "reference" | "address" | "", clients to choose from, why).
    The client search does the finding (find_callers), so former clients are found too.
    """
    for code in read.references:
        found = [row for row in find_callers(store, code) if row.ref == code]
        if found:
            why = Phrase(
                N_("Matched by the reference code {code} in the email."),
                code=format_reference(code),
            )
            return found[0], "reference", (), why
    address = read.sender_address
    sharing = (
        [row for row in find_callers(store, address) if row.email.casefold() == address]
        if address
        else []
    )
    if len(sharing) == 1:
        why = Phrase(N_("Matched by the sender's address {address}."), address=address)
        return sharing[0], "address", (), why
    if sharing:
        why = Phrase(
            N_("{count} clients have the address {address}: choose one."),
            count=len(sharing),
            address=address,
        )
        return None, "", tuple(sharing), why
    if read.references:
        why = Phrase(
            N_("No client has the reference code {code} or the sender's address."),
            code=format_reference(read.references[0]),
        )
    elif address:
        why = Phrase(N_("No client has the sender's address, and the email names no reference."))
    else:
        why = Phrase(N_("The email names no sender and no reference: find the client."))
    return None, "", (), why
