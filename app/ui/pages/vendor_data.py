"""What the vendor page shows, loaded together on the database worker, and put in words."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from app.services import reviews, vendors
from app.services.reviews import CHECKLIST, ReviewRow
from app.services.vendors import VendorDetail
from app.ui.dialogs.sharing_dialog import catalogue_label
from app.ui.pages.vendor_columns import OUTCOME_TEXT, RegisterLine
from app.ui.text import _, day_text

FAR_AHEAD_DAYS = 100_000  # reviews_due() with this window reports every vendor's next review


@dataclass(frozen=True)
class VendorShown:
    """One vendor as its tabs show it, loaded together on the worker."""

    detail: VendorDetail
    reviews: list[ReviewRow]
    categories: dict[str, str]  # key -> label in the window language
    purposes: dict[str, str] | None  # English label -> label shown; None: as loaded before


def load_register(store, today, lang: str) -> list[RegisterLine]:
    """On the database worker: every vendor with its next review."""
    due = {
        item.vendor_id: item
        for item in reviews.reviews_due(store, today=today, within_days=FAR_AHEAD_DAYS)
    }
    zh = vendors.service_descriptions_zh(store) if lang == "zh" else {}
    lines = []
    for row in vendors.list_vendors(store):
        item = due.get(row.id)
        lines.append(
            RegisterLine(
                vendor=row,
                description=zh.get(row.id) or row.service_description,
                next_review=item.due_on if item else None,
                overdue=bool(item and item.overdue),
            )
        )
    return lines


def load_vendor(store, vendor_id: int, *, with_purposes: bool) -> VendorShown:
    """On the database worker: one vendor, its reviews, and the words for its sharings."""
    return VendorShown(
        detail=vendors.get_vendor(store, vendor_id),
        reviews=reviews.list_reviews(store, vendor_id),
        categories={c.key: catalogue_label(c) for c in vendors.list_categories(store)},
        purposes={p.label_en: catalogue_label(p) for p in vendors.list_purposes(store)}
        if with_purposes
        else None,
    )


def review_html(review: ReviewRow) -> str:
    """One past review in words: the outcome, each checklist answer, the actions."""
    answers = {answer.key: answer for answer in review.answers}
    items = []
    for key, question in CHECKLIST:
        answer = answers.get(key)
        verdict = "—" if answer is None else _("Yes") if answer.passed else _("No")
        note = f" — {escape(answer.note)}" if answer and answer.note else ""
        items.append(f"<tr><td>{escape(_(question))}</td><td><b>{verdict}</b>{note}</td></tr>")
    actions = "".join(
        f"<li>{escape(action.text)} — "
        f"{escape(_('due {date}').format(date=day_text(action.due_on)))}</li>"
        for action in review.actions
    )
    outcome = _(OUTCOME_TEXT.get(review.outcome, review.outcome))
    return (
        f"<p><b>{escape(_('Outcome'))}:</b> {escape(outcome)}</p>"
        f"<table cellpadding='2'>{''.join(items)}</table>"
        + (f"<p><b>{escape(_('Actions'))}</b></p><ul>{actions}</ul>" if actions else "")
    )
