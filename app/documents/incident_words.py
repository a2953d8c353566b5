"""What the documents of an incident say alike: moments with their offset from UTC, the
encryption answer, the categories exposed, and a text the practice has not written yet."""

from __future__ import annotations

from datetime import datetime

from app.dates import format_clock, format_day
from app.documents.data import CategoryInfo
from app.i18n import N_, Translate

ENCRYPTED = {
    "yes": N_("Yes: the data was encrypted."),
    "no": N_("No: the data was not encrypted."),
    "": N_("Not known yet."),
}
NOT_RECORDED = N_("Not recorded yet.")


def moment(value: datetime, lang: str, country: str) -> str:
    """ "23 December 2026, 14:05 (UTC+01:00)": an authority abroad reads the offset too."""
    offset = value.strftime("%z") if value.tzinfo is not None else ""
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    day = format_day(value.date(), lang, country)
    clock = format_clock(value, lang, country)
    return f"{day} {clock}{zone}" if lang == "zh" else f"{day}, {clock}{zone}"


def category_line(category: CategoryInfo, _: Translate) -> str:
    if category.sensitive:
        return _("{category} (sensitive: special category data)").format(category=category.label)
    return category.label
