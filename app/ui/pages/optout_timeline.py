"""The opt-out register's columns, and one request's timeline in words."""

from __future__ import annotations

from datetime import datetime
from html import escape

from app.domain.refcodes import format_reference
from app.services.rows import ObjectionLine, OptOutRow
from app.ui.dialogs.optout_dialog import OPTOUT_CHANNELS
from app.ui.pages.optout_words import DECISION_TEXT, SCOPE_TEXT, STATUS_TEXT
from app.ui.table_model import Column
from app.ui.text import (
    N_,
    _,
    day_text,
    due_text,
    moment_day_text,
    moment_text,
    purpose_text,
)

CHANNEL_TEXT = {channel.value: text for channel, text in OPTOUT_CHANNELS}


def _who(row: OptOutRow) -> str:
    if row.client_ref:
        return f"{row.client_name} ({format_reference(row.client_ref)})"
    return _("Not matched: {details}").format(details=row.caller_details)


def local_moment(moment: datetime | None) -> str:
    return moment_text(moment)


def _status(row) -> str:
    return _(STATUS_TEXT.get(row.status, row.status))


# Who and status can be long (a name with its reference; "applied, vendors to be told"): when
# the column elides them, hovering shows them whole.
REGISTER_COLUMNS = (
    # The day only: the time is on the timeline, and the names need the room.
    Column(N_("Received"), lambda row: moment_day_text(row.received_at)),
    Column(N_("Who"), _who, tooltip=_who),
    Column(N_("Channel"), lambda row: _(CHANNEL_TEXT.get(row.channel, row.channel))),
    Column(N_("Scope"), lambda row: _(SCOPE_TEXT.get(row.scope, row.scope))),
    # When the next step is due: telling the vendors, their replies, the person's confirmation.
    Column(N_("Due"), lambda row: due_text(row.next_due, row.overdue), fits=True),
    Column(N_("Status"), _status, tooltip=_status),
)
# Exports keep the time of receipt, which the register leaves to the timeline.
EXPORT_COLUMNS = (
    Column(N_("Received"), lambda row: local_moment(row.received_at)),
    *REGISTER_COLUMNS[1:],
)
PENDING_COLUMNS = (
    Column(N_("Due"), lambda n: due_text(n.due_on, n.overdue), fits=True),
    Column(N_("Vendor"), lambda n: n.vendor),
    Column(N_("People"), lambda n: len(n.people)),
    Column(N_("Privacy contact"), lambda n: n.vendor_email),
)
AWAITING_COLUMNS = (
    Column(N_("Sent"), lambda v: local_moment(v.sent_at)),
    Column(N_("Vendor"), lambda v: v.vendor),
    Column(N_("How"), lambda v: v.sent_method),
    # The date the letter asked the vendor to reply by: the one printed, nothing else.
    Column(N_("Reply by"), lambda v: day_text(v.confirm_by)),
)


def timeline_html(row: OptOutRow) -> str:
    """Every step of one request, in order, with who and when."""
    steps = [
        (
            row.received_at,
            _("Received by {channel}").format(
                channel=_(CHANNEL_TEXT.get(row.channel, row.channel))
            ),
        ),
        (row.recorded_at, _("Recorded by {who}").format(who=row.recorded_by)),
    ]
    if row.acknowledged_at:
        steps.append(
            (row.acknowledged_at, _("Acknowledged ({how})").format(how=row.acknowledged_by))
        )
    for vendor in row.vendors:
        if vendor.sent_at:
            steps.append(
                (
                    vendor.sent_at,
                    _("{vendor} told ({how})").format(vendor=vendor.vendor, how=vendor.sent_method),
                )
            )
        if vendor.confirmed_at:
            steps.append(
                (vendor.confirmed_at, _("{vendor} confirmed").format(vendor=vendor.vendor))
            )
    if row.completed_at:
        steps.append((row.completed_at, _("Completed")))
    steps.sort(key=lambda step: step[0])
    waiting = [
        _("{vendor}: to be told by {due}").format(vendor=v.vendor, due=day_text(v.due_on))
        for v in row.vendors
        if not v.sent_at
    ] + [
        _("{vendor}: reply asked for by {due}").format(vendor=v.vendor, due=day_text(v.confirm_by))
        for v in row.vendors
        if v.sent_at and not v.confirmed_at
    ]
    parts = [f"<h3>{escape(_who(row))}</h3>"]
    parts.append(
        "<p>"
        + escape(_("Scope: {scope}").format(scope=_(SCOPE_TEXT.get(row.scope, row.scope))))
        + (" — " + escape(", ".join(row.scope_vendors)) if row.scope_vendors else "")
        + "<br>"
        + escape(_("Vendors to be told by {due}").format(due=day_text(row.due_on)))
        + "<br>"
        + escape(_("Next step due: {due}").format(due=day_text(row.next_due) or "—"))
        + (f" <b>{escape(_('overdue'))}</b>" if row.overdue else "")
        + "</p><ul>"
    )
    parts += [f"<li>{escape(local_moment(moment))} — {escape(text)}</li>" for moment, text in steps]
    parts.append("</ul>")
    if waiting:
        parts.append("<p><b>" + escape(_("Still to do")) + "</b></p><ul>")
        parts += [f"<li>{escape(line)}</li>" for line in waiting]
        parts.append("</ul>")
    if row.objections:
        parts.append("<p><b>" + escape(_("Objections (GDPR Art. 21)")) + "</b></p><ul>")
        parts += [f"<li>{escape(objection_text(item))}</li>" for item in row.objections]
        parts.append("</ul>")
    if row.note:
        parts.append("<p>" + escape(_("Note: {note}").format(note=row.note)) + "</p>")
    return "".join(parts)


def objection_text(item: ObjectionLine) -> str:
    if not item.decision:
        return _("{purpose} ({vendor}): to answer by {due}").format(
            purpose=purpose_text(item), vendor=item.vendor, due=day_text(item.due_on)
        )
    text = _("{purpose} ({vendor}): {decision} on {date}").format(
        purpose=purpose_text(item),
        vendor=item.vendor,
        decision=_(DECISION_TEXT[item.decision]),
        date=moment_text(item.decided_at),
    )
    return f"{text} — {item.reason}" if item.reason else text


def open_objections(row: OptOutRow) -> list[ObjectionLine]:
    return [item for item in row.objections if not item.decision]
