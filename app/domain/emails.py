"""Reading a request that arrived by email: a saved .eml file's bytes or a pasted text in,
the sender, the date, the reference codes and the kind asked for out. No I/O: bytes already
read are parsed here.

A forwarded email is read as the forwarded one (the client's, not the coach's forward), and a
reply as the client's own words: what it quotes (often the practice's own message, which may
name another code or offer deletion) is read only after them, for codes, and never for the kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser, Parser
from email.utils import getaddresses

from app.domain.email_text import (
    FORWARDED_SUBJECT,
    REPLY_SUBJECT,
    forwarded_part,
    header_block,
    own_words,
    parse_mail_date,
    plain,
    text_of_html,
)
from app.domain.enums import RequestKind
from app.domain.errors import N_, ValidationError
from app.domain.refcodes import find_references
from app.domain.request_words import kinds_asked

# An opt-out or a request is a few lines of words: 20 MB allows a long thread with a photo
# of a signed form attached, and refuses what is not one email (a mailbox export, a video).
MAX_EMAIL_BYTES = 20 * 1024 * 1024
_HEADER_NAMES = {"from", "sender", "date", "subject", "to", "message-id", "received", "sent"}
# Files that are surely something else, by how they start.
_OTHER_FILES = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")
_OUTLOOK_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Declared charsets that mail programs write for text their superset holds.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "ks_c_5601-1987": "cp949"}


class EmailUnreadable(ValidationError):
    """What was given is not an email that can be read; the sentence says why."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__("email", message, **params)


@dataclass(frozen=True)
class ReadEmail:
    """What an email says, as read; every field is a proposal the coach confirms."""

    sender_address: str
    sender_name: str
    sent_at: datetime | None
    subject: str
    body: str  # the sender's own words
    quoted: str  # what the reply quotes, or the forwarder's note
    references: tuple[str, ...]  # verified codes, the sender's own first
    kind: RequestKind | None
    also_asked: tuple[RequestKind, ...]
    has_headers: bool
    forwarded: bool = False

    @property
    def evidence_suffix(self) -> str:
        return ".eml" if self.has_headers else ".txt"

    @property
    def sender(self) -> str:
        """As a person would write it: "Name <address>", or whichever of the two is known."""
        if self.sender_name and self.sender_address:
            return f"{self.sender_name} <{self.sender_address}>"
        return self.sender_name or self.sender_address


def read_email(data: bytes, *, zone: tzinfo) -> ReadEmail:
    """Read a saved email (.eml); `zone` is the practice's, for a time written without one.

    Raises:
        EmailUnreadable: empty, too large, not an email (binary, no header lines).
    """
    _refuse_other_files(data)
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not _has_headers(message):
        raise EmailUnreadable(
            N_(
                "This is not an email: it has no sender, date or subject lines "
                "(save the email from the mail program as .eml, or paste its text)."
            )
        )
    return _read_message(message, zone)


def read_pasted_email(text: str, *, zone: tzinfo) -> ReadEmail:
    """Read a text pasted from a mail program: a whole message, a copy with its header lines
    (From:, Sent:, Subject:), or only the words, which is then all body."""
    if not text.strip():
        raise EmailUnreadable(N_("The email is empty."))
    if len(text.encode("utf-8", "surrogatepass")) > MAX_EMAIL_BYTES:
        raise too_large_error()
    message = Parser(policy=policy.default).parsestr(text.lstrip())
    if _has_headers(message):
        return _read_message(message, zone)
    block = header_block(plain(text))
    if block is not None:  # a copy with header names the parser does not take (发件人:)
        fields, rest = block
        return _read_text(fields, rest, zone, has_headers=True)
    return _read_text({}, plain(text), zone, has_headers=False)


def received_at_of(read: ReadEmail, now: datetime) -> datetime:
    """When the request arrived: when it was sent, or now if that is unknown or ahead of now
    (a sender's fast clock: the email is here, so it cannot arrive later than now)."""
    if read.sent_at is None:
        return now
    return min(read.sent_at, now)


def too_large_error() -> EmailUnreadable:
    return EmailUnreadable(
        N_("The email is larger than {limit} MB; save it without its attachments and try again."),
        limit=MAX_EMAIL_BYTES // (1024 * 1024),
    )


def _refuse_other_files(data: bytes) -> None:
    if not data.strip():
        raise EmailUnreadable(N_("The email is empty."))
    if len(data) > MAX_EMAIL_BYTES:
        raise too_large_error()
    if data.startswith(_OUTLOOK_MSG):
        raise EmailUnreadable(
            N_(
                "This is an Outlook message file (.msg), which is not an email in a form that "
                "can be read: open the email and paste its text instead."
            )
        )
    head = data[:65536]
    controls = sum(head.count(bytes([byte])) for byte in (*range(0, 9), 11, 14, *range(15, 27)))
    if data.startswith(_OTHER_FILES) or b"\x00" in head or controls > len(head) // 100:
        raise EmailUnreadable(N_("This file is not an email: it holds binary data."))


def _has_headers(message: EmailMessage) -> bool:
    return any(name.casefold() in _HEADER_NAMES for name in message)


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (TypeError, ValueError, IndexError):  # a header too broken to decode
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _read_message(message: EmailMessage, zone: tzinfo) -> ReadEmail:
    inner = _attached_message(message)
    if inner is not None:  # forwarded as an attachment (Outlook, Apple Mail)
        read = _read_message(inner, zone)
        return read if read.sender_address else _with_outer(read, message, zone)
    fields = {
        "from": _header(message, "from") or _header(message, "sender"),
        "date": _header(message, "date") or _header(message, "sent"),
        "subject": _header(message, "subject"),
    }
    return _read_text(fields, body_text(message), zone, has_headers=True)


def _with_outer(read: ReadEmail, message: EmailMessage, zone: tzinfo) -> ReadEmail:
    name, address = _sender(_header(message, "from"))
    return ReadEmail(
        **{
            **read.__dict__,
            "sender_name": name,
            "sender_address": address,
            "sent_at": read.sent_at or parse_mail_date(_header(message, "date"), zone),
        }
    )


def _attached_message(message: EmailMessage) -> EmailMessage | None:
    if not message.is_multipart():
        return None
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                return payload[0]
    return None


def body_text(message: EmailMessage) -> str:
    """The text a person reads: the plain part when there is one, else the HTML as text."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, TypeError, ValueError):
        part = None
    if part is None:
        if message.is_multipart() or message.get_content_maintype() != "text":
            return ""
        part = message
    text = _decoded(part)
    return text_of_html(text) if part.get_content_subtype() == "html" else plain(text)


def _decoded(part: EmailMessage) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return str(part.get_payload())
    declared = (part.get_content_charset() or "utf-8").casefold()
    for charset in (_SUPERSETS.get(declared, declared), declared, "utf-8", "gb18030"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _sender(value: str) -> tuple[str, str]:
    """(display name, address casefolded) of a From line; either may be empty."""
    if not value:
        return "", ""
    pairs = getaddresses([value])
    name, address = pairs[0] if pairs else ("", "")
    if "@" not in address:
        return " ".join(value.split()), ""
    return " ".join(name.split()).strip("\"' "), address.strip().casefold()


def _read_text(fields: dict[str, str], text: str, zone: tzinfo, *, has_headers: bool) -> ReadEmail:
    subject = fields.get("subject", "")
    forwarded = False
    forward = forwarded_part(text, subject_forwards=bool(FORWARDED_SUBJECT.match(subject)))
    forwarder_note = ""
    if forward is not None:
        inner_fields, inner_text = forward
        forwarder_note = text[: len(text) - len(inner_text)]
        if "date" not in inner_fields:  # the forward's own time is the next best
            inner_fields = {**inner_fields, "date": fields.get("date", "")}
        fields, text, forwarded = inner_fields, inner_text, True
        subject = fields.get("subject", "")
    words, quoted = own_words(text)
    if forwarder_note:
        quoted = (quoted + "\n" + forwarder_note).strip()
    subject = FORWARDED_SUBJECT.sub("", subject)
    name, address = _sender(fields.get("from", ""))
    # Codes in the sender's words first, then the subject (often the practice's, prefilled
    # with their code), then what they quote.
    references = tuple(dict.fromkeys([*find_references(words), *find_references(subject)]))
    references += tuple(code for code in find_references(quoted) if code not in references)
    # A reply's subject is the practice's own words, like the quote.
    kinds = kinds_asked(words if REPLY_SUBJECT.match(subject) else subject + "\n" + words)
    return ReadEmail(
        sender_address=address,
        sender_name=name,
        sent_at=parse_mail_date(fields.get("date", ""), zone),
        subject=subject,
        body=words,
        quoted=quoted,
        references=references,
        kind=kinds[0] if kinds else None,
        also_asked=kinds[1:],
        has_headers=has_headers,
        forwarded=forwarded,
    )
