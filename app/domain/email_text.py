"""The text of an email as a person reads it: HTML reduced to lines, the writer's own words
apart from what they quote, the header block a forward or a copied email starts with, and the
dates mail programs write. Pure functions of text."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
_HIDDEN = {"script", "style", "head", "title"}


class _TextOfHtml(HTMLParser):
    """Text with a line break per block; what a <blockquote> holds is marked as quoted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.quoting = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "blockquote":
            self.quoting += 1
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "blockquote":
            self.quoting = max(0, self.quoting - 1)
            self.parts.append("\n")
        elif tag in _BLOCKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.quoting:
            data = "\n".join("> " + line for line in data.split("\n"))
        self.parts.append(data)


def text_of_html(html: str) -> str:
    reader = _TextOfHtml()
    reader.feed(html)
    reader.close()
    lines = [" ".join(line.split()) for line in "".join(reader.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain(text: str) -> str:
    """Line ends as "\\n", no-break spaces as spaces (QQ Mail writes "&nbsp;" in plain text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("&nbsp;", " ").replace("\xa0", " ")


# Where a reply's quotation starts, as Outlook, Gmail, Apple Mail, QQ and Foxmail write it.
_QUOTE_START = re.compile(
    r"""^[ \t]*(?:
        -{2,}\s*(?:original\s+message|原始邮件|原始郵件)\s*-{2,}
      | _{10,}[ \t]*$
      | on\s[^\n]{0,200}(?:\n[^\n]{0,200})?\swrote:[ \t]*$
      | [^\n]{0,200}(?:写道|寫道)[:：][ \t]*$
      | (?:from|发件人|發件人|寄件者)[ \t]*[:：][^\n]*\n(?:[^\n]*\n){0,3}?[ \t]*
        (?:sent|date|发送时间|發送時間|日期|寄件日期)[ \t]*[:：]
    )""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
_FORWARD_MARKER = re.compile(
    r"^[ \t]*(?:-{2,}\s*(?:forwarded\s+message|转发的邮件|轉寄的郵件)\s*-{2,}"
    r"|begin\s+forwarded\s+message:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Marks that start a quote in a reply and the forwarded email in a forward ("Fw: ..."): Outlook's
# line of underscores, "Original Message", QQ Mail's 原始邮件.
_QUOTE_OR_FORWARD = re.compile(
    r"^[ \t]*(?:_{10,}|-{2,}\s*(?:original\s+message|原始邮件|原始郵件)\s*-{2,})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
FORWARDED_SUBJECT = re.compile(r"^\s*(?:fwd?|fw|转发|轉寄|轉發)\s*[:：]\s*", re.IGNORECASE)
REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|回复|回覆)\s*[:：]\s*", re.IGNORECASE)


def own_words(text: str) -> tuple[str, str]:
    """(the writer's own words, the quoted rest): a reply's quote never speaks for the client."""
    match = _QUOTE_START.search(text)
    head, quoted = (text[: match.start()], text[match.start() :]) if match else (text, "")
    lines = head.split("\n")
    mine = [line for line in lines if not line.lstrip().startswith(">")]
    theirs = [line for line in lines if line.lstrip().startswith(">")]
    if theirs:
        quoted = "\n".join(theirs) + "\n" + quoted
    return "\n".join(mine).strip(), quoted.strip()


# The header lines a forward, or a copy from a mail program's reading pane, begins with.
_BLOCK_NAMES = {
    "from": "from", "发件人": "from", "發件人": "from", "寄件者": "from",
    "date": "date", "sent": "date", "发送时间": "date", "發送時間": "date", "日期": "date",
    "寄件日期": "date", "时间": "date",
    "subject": "subject", "主题": "subject", "主旨": "subject", "主題": "subject",
    "to": "to", "cc": "cc", "收件人": "to", "抄送": "cc",
}  # fmt: skip
_BLOCK_LINE = re.compile(r"^[ \t]*\**([^\s:：*]{1,12})\**[ \t]*[:：][ \t]*(.*)$")


def header_block(text: str) -> tuple[dict[str, str], str] | None:
    """The header lines at the start of `text` (From:, Sent:, 发件人: ...) and the text after.

    None when the text does not start with one that names its sender.
    """
    lines = text.lstrip("\n").split("\n")
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if "from" in found:
                return found, "\n".join(lines[number + 1 :])
            continue
        match = _BLOCK_LINE.match(line)
        name = _BLOCK_NAMES.get(match.group(1).casefold()) if match else None
        if name is None:
            return (found, "\n".join(lines[number:])) if "from" in found else None
        found.setdefault(name, match.group(2).strip().rstrip(";"))
    return (found, "") if "from" in found else None


def forwarded_part(text: str, *, subject_forwards: bool) -> tuple[dict[str, str], str] | None:
    """The forwarded email's header lines and its text, when `text` forwards one."""
    match = _FORWARD_MARKER.search(text)
    if match is None and subject_forwards:
        match = _QUOTE_OR_FORWARD.search(text)
    return header_block(text[match.end() :]) if match else None


_AT = re.compile(r"\s+at\s+|\s*\(\w+\)\s*$|\s+(?:GMT|UTC)$")
_FORMATS = (
    "%A, %B %d, %Y %I:%M %p",  # Outlook (US): Tuesday, November 4, 2025 9:12 AM
    "%A, %d %B %Y %H:%M",  # Outlook (UK): Tuesday, 4 November 2025 09:12
    "%A, %B %d, %Y %H:%M",
    "%a, %d %b %Y %H:%M",  # Gmail forward: Sun, 9 Nov 2025 at 20:14
    "%a, %b %d, %Y %I:%M %p",  # Gmail forward (US): Sun, Nov 9, 2025 at 8:14 PM
    "%d %B %Y %H:%M:%S",  # Apple Mail: 9 November 2025 at 20:14:03
    "%B %d, %Y %I:%M:%S %p",  # Apple Mail (US): November 9, 2025 at 8:14:03 PM
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
_CHINESE_DATE = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日[^\d]{0,12}?(?:(上午|中午|下午|晚上|凌晨)\s*)?(\d{1,2})[:：](\d{2})"
)


def parse_mail_date(value: str, zone: tzinfo) -> datetime | None:
    """A date as a mail program writes it; a time given without its zone is the practice's."""
    value = " ".join(value.split())
    if not value:
        return None
    # The written forms first: the RFC 5322 parser takes "6:03 PM" for 06:03.
    moment = _written_date(value)
    if moment is None and not re.search(r"\d\s*[AaPp]\.?[Mm]\b", value):
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            moment = None
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _written_date(value: str) -> datetime | None:
    chinese = _CHINESE_DATE.search(value)
    if chinese:
        year, month, day, part, hour, minute = chinese.groups()
        hour = int(hour) + (12 if part in ("下午", "晚上") and int(hour) < 12 else 0)
        try:
            return datetime(int(year), int(month), int(day), hour, int(minute))
        except ValueError:
            return None
    bare = _AT.sub(" ", value).strip()
    for layout in _FORMATS:
        try:
            return datetime.strptime(bare, layout)
        except ValueError:
            continue
    return None
