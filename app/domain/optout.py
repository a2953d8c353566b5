"""Opt-out rules: what a scope stops, what goes on and why, who is told, the request's status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global

from app.domain.deadlines import BusinessCalendar
from app.domain.enums import Channel, ConsentState, LegalBasis, OptOutScope, SharingForm

Translate = Callable[[str], str]

# Channels where the coach speaks to the person: the confirmation script is read there and
# then, so the request is acknowledged orally the moment it is logged.
ORAL_CHANNELS = frozenset({Channel.PHONE, Channel.VERBAL_IN_PERSON, Channel.PAPER_IN_PERSON})
# What we ask a vendor: confirm within this many business days of the letter.
VENDOR_CONFIRMATION_BUSINESS_DAYS = 5


def _same(text: str) -> str:
    return text


class OptOutStatus(StrEnum):
    """Derived, never stored: each step needs every step before it."""

    RECEIVED = "received"  # logged, not yet matched to a client: nothing applied
    APPLIED = "applied"  # consents withdrawn; some vendor not yet told
    VENDORS_NOTIFIED = "vendors_notified"  # every vendor told; some not yet confirmed
    OBJECTION_OPEN = "objection_open"  # vendors done; an objection is still to be answered
    VENDORS_CONFIRMED = "vendors_confirmed"  # every vendor confirmed (or none to tell)
    CLOSED = "closed"  # ... and the person has had their confirmation


class ObjectionDecision(StrEnum):
    UPHELD = "upheld"  # the sharing stops for this client, and its vendor is told
    DECLINED = "declined"  # it goes on; the client is given the reason


class SendMethod(StrEnum):
    EMAIL = "email"
    POST = "post"
    ONLINE = "online"  # the vendor's own privacy portal or form


class AcknowledgementMethod(StrEnum):
    ORAL = "oral"
    LETTER = "letter"
    EMAIL = "email"


@dataclass(frozen=True)
class SharingFacts:
    """One sharing as the opt-out rules need it; labels in the reader's language."""

    sharing_id: int
    vendor_id: int
    vendor: str
    purpose: str
    legal_basis: LegalBasis
    is_marketing: bool
    consent_required: bool
    form: SharingForm = SharingForm.IDENTIFIED
    category_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContinuingSharing:
    sharing_id: int
    vendor: str
    purpose: str
    reason: str


@dataclass(frozen=True)
class ScopeEffect:
    """The sharings a request stops, those within its reach that lawfully go on, and those
    it objects to (named by the person, resting on legitimate interests: to be answered)."""

    stopped: tuple[SharingFacts, ...]
    continuing: tuple[ContinuingSharing, ...]
    objected: tuple[SharingFacts, ...] = ()


class Stoppable(Protocol):
    """What the rule needs of a sharing: the register's, a document's or a snapshot's."""

    @property
    def consent_required(self) -> bool: ...

    @property
    def is_marketing(self) -> bool: ...


def can_be_stopped(sharing: Stoppable) -> bool:
    """Whether an opt-out stops this sharing: the one rule the opt-out logic, the postal form,
    the notice, the script and the letters ask.

    Consent-based sharings stop when consent goes; marketing stops on request whatever its
    basis (GDPR Art. 21(3), CCPA opt-out of sale and sharing). Everything else goes on with
    its reason (continuing_reason); one resting on legitimate interests can be objected to
    (GDPR Art. 21(1)), which is weighed and answered, not applied at once.
    """
    return sharing.consent_required or sharing.is_marketing


def scope_effect(
    scope: OptOutScope,
    sharings: Iterable[SharingFacts],
    *,
    chosen_sharing_ids: Iterable[int] = (),
    already_stopped: Iterable[int] = (),
    _: Translate = _same,
) -> ScopeEffect:
    """Which of the active ``sharings`` a request of this scope stops, and which go on.

    ``all`` reaches every sharing: consent-based ones and marketing stop, the rest go on
    with their reason. ``marketing`` reaches marketing sharings only, which always stop.
    ``chosen`` reaches the chosen sharings; any of them on another legal basis goes on, and
    one the person named that rests on legitimate interests is an objection (is_objection).
    ``already_stopped`` are sharings an opt-out cannot stop that no longer go on for this
    person (an objection to them was upheld): they neither go on nor are objected to again.
    """
    chosen, stopped_before = set(chosen_sharing_ids), set(already_stopped)
    reached = [
        sharing
        for sharing in sharings
        if (
            scope is OptOutScope.ALL
            or (scope is OptOutScope.MARKETING and sharing.is_marketing)
            or (scope is OptOutScope.CHOSEN and sharing.sharing_id in chosen)
        )
        and not (sharing.sharing_id in stopped_before and not can_be_stopped(sharing))
    ]
    objected = tuple(sharing for sharing in reached if is_objection(scope, sharing))
    return ScopeEffect(
        stopped=tuple(sharing for sharing in reached if can_be_stopped(sharing)),
        continuing=tuple(
            ContinuingSharing(
                sharing_id=sharing.sharing_id,
                vendor=sharing.vendor,
                purpose=sharing.purpose,
                reason=continuing_reason(sharing.legal_basis, _),
            )
            for sharing in reached
            if not can_be_stopped(sharing) and sharing not in objected
        ),
        objected=objected,
    )


def is_objection(scope: OptOutScope, sharing: SharingFacts) -> bool:
    """A sharing the person named that an opt-out cannot stop, resting on legitimate
    interests: an objection under GDPR Art. 21(1), to weigh and answer, not to ignore.

    Only a named sharing counts: "stop everything" reaches it too, but names no reason to
    weigh, and the person is told it goes on and that they may object.
    """
    return (
        scope is OptOutScope.CHOSEN
        and not can_be_stopped(sharing)
        and sharing.legal_basis is LegalBasis.LEGITIMATE_INTERESTS
    )


def continuing_reason(basis: LegalBasis, _: Translate = _same) -> str:
    """Why a sharing goes on after an opt-out, in words a client understands."""
    if basis is LegalBasis.CONTRACT:
        return _("we need it to give you the service you signed up for, so it goes on.")
    if basis is LegalBasis.LEGAL_OBLIGATION:
        return _("the law requires us to keep this record, so it goes on.")
    if basis is LegalBasis.LEGITIMATE_INTERESTS:
        return _(
            "we need it to run the practice safely, so it goes on; "
            "you can object to it separately and we will look at your reasons."
        )
    return _("it does not depend on your consent, so it goes on.")


def needs_withdrawal(state_before: ConsentState) -> bool:
    """Record a withdrawal unless the person already refused or withdrew.

    ``none`` is withdrawn too: the ledger then holds the person's wish, so a consent form
    filled in later, or an import, cannot start a sharing they have already said no to.
    """
    return state_before in (ConsentState.GIVEN, ConsentState.NONE)


def vendor_must_be_told(state_before: ConsentState, sharing: SharingFacts) -> bool:
    """Tell a vendor only when it may hold this person's data for this sharing.

    It holds it when consent was given, or when the sharing went ahead without needing
    consent (marketing on another basis). A vendor that never had the data is not told:
    the letter would itself hand it the person's name. Anonymised data names no one, so
    there is nothing a vendor could stop for one person.
    """
    if sharing.form is SharingForm.ANONYMISED:
        return False
    if state_before is ConsentState.GIVEN:
        return True
    return state_before is ConsentState.NONE and not sharing.consent_required


def identifiers_for_vendor(sharings: Iterable[SharingFacts]) -> frozenset[str]:
    """The fewest identifiers that let a vendor find the person: data minimisation.

    Always our reference code (a pseudonymous vendor knows the person by it); the name only
    to a vendor that receives identified data; the email address only when it already
    receives contact details, because that is the key it files them under.
    """
    fields = {"ref"}
    for sharing in sharings:
        if sharing.form is SharingForm.IDENTIFIED:
            fields.add("name")
            if "contact" in sharing.category_keys:
                fields.add("email")
    return frozenset(fields)


@dataclass(frozen=True)
class NotificationProgress:
    sent: bool
    confirmed: bool


def derive_status(
    *,
    matched: bool,
    notifications: Sequence[NotificationProgress],
    acknowledged: bool,
    objections_open: bool = False,
) -> OptOutStatus:
    if not matched:
        return OptOutStatus.RECEIVED
    if not all(notification.sent for notification in notifications):
        return OptOutStatus.APPLIED
    if not all(notification.confirmed for notification in notifications):
        return OptOutStatus.VENDORS_NOTIFIED
    if objections_open:
        return OptOutStatus.OBJECTION_OPEN
    return OptOutStatus.CLOSED if acknowledged else OptOutStatus.VENDORS_CONFIRMED


def next_step_due(
    *,
    matched: bool,
    due_on: date,
    acknowledged: bool,
    untold: Iterable[date] = (),
    replies_due: Iterable[date] = (),
    answers_due: Iterable[date] = (),
) -> date | None:
    """When the request's next step falls due: the earliest of the steps still outstanding.

    Matching the caller is due on the request's date (deadlines.optout_due); each vendor not
    yet told by its own date (the request's, or for an objection upheld later, counted from
    the answer); each awaited reply by the date its letter asked; each open objection by its
    answer date; the person's own confirmation by the request's date. None once nothing is
    outstanding. Every step counts whatever the status shows, so a late step is never hidden
    behind an earlier one. A request is overdue when this date has passed (is_overdue).
    """
    dues = [*untold, *replies_due, *answers_due]
    if not matched or not acknowledged:
        dues.append(due_on)
    return min(dues, default=None)


def reply_by(issued_on: date, calendar: BusinessCalendar) -> date:
    """The date a vendor letter issued on ``issued_on`` asks the vendor to confirm by."""
    return calendar.add_business_days(issued_on, VENDOR_CONFIRMATION_BUSINESS_DAYS)


def is_open(status: OptOutStatus) -> bool:
    return status is not OptOutStatus.CLOSED


def confirmation_script(
    *,
    request_id: int,
    practice_name: str,
    received_on: str,
    matched: bool,
    stopped: Sequence[SharingFacts],
    vendors_told: Sequence[str],
    due_on: str,
    continuing: Sequence[ContinuingSharing],
    objected: Sequence[SharingFacts] = (),
    answer_by: str = "",
    _: Translate = _same,
) -> str:
    """What the coach reads to the caller, and the gist of the confirmation letter.

    Dates come formatted for the reader's language; every line is a sentence.
    """
    lines = [
        _("Thank you. I have recorded your request on {date} for {practice}.").format(
            date=received_on, practice=practice_name or _("our practice")
        )
    ]
    if not matched:
        lines.append(
            _(
                "I will find your records and apply it; the vendors concerned will be told "
                "by {due}."
            ).format(due=due_on)
        )
    elif stopped:
        lines.append(_("It takes effect now. We no longer share your data for:"))
        lines.extend(f"- {sharing.purpose} ({sharing.vendor})" for sharing in stopped)
        if vendors_told:
            lines.append(
                _("We will tell {vendors} by {due} to stop, and ask them to confirm.").format(
                    # The separator between names in a list: Chinese writes "、".
                    vendors=_(", ").join(vendors_told),
                    due=due_on,
                )
            )
    elif not continuing and not objected:
        lines.append(_("Your records already show that we do not share your data for this."))
    if objected and matched:
        lines.append(
            _(
                "You object to the following. We will weigh your objection against why we need "
                "it and answer you by {date}:"
            ).format(date=answer_by)
        )
        lines.extend(f"- {sharing.purpose} ({sharing.vendor})" for sharing in objected)
    if continuing:
        lines.append(_("Some sharing has to go on:"))
        lines.extend(f"- {item.purpose} ({item.vendor}): {item.reason}" for item in continuing)
    lines.append(
        _(
            "If you change your mind, just tell us and we will record your new choice; "
            "nothing starts again without it."
        )
    )
    lines.append(_("Your request number is {number}.").format(number=request_id))
    return "\n".join(lines)


# WORKAROUND: the practice record has no time zone yet. Deadlines count in the practice's
# local days, so use the main zone of its country (and region, where a country spans
# several zones). Countries not listed take the first zone CLDR gives them.
_COUNTRY_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
}
_REGION_ZONE = {
    "AU": {
        "WA": "Australia/Perth",
        "SA": "Australia/Adelaide",
        "NT": "Australia/Darwin",
        "QLD": "Australia/Brisbane",
        "TAS": "Australia/Hobart",
        "VIC": "Australia/Melbourne",
    },
    "CA": {
        "BC": "America/Vancouver",
        "AB": "America/Edmonton",
        "SK": "America/Regina",
        "MB": "America/Winnipeg",
        "NB": "America/Moncton",
        "NS": "America/Halifax",
        "PE": "America/Halifax",
        "NL": "America/St_Johns",
        "YT": "America/Whitehorse",
        "NT": "America/Yellowknife",
        "NU": "America/Iqaluit",
    },
    "US": {
        **dict.fromkeys(("CA", "WA", "OR", "NV"), "America/Los_Angeles"),
        **dict.fromkeys(("CO", "UT", "NM", "MT", "WY", "ID"), "America/Denver"),
        "AZ": "America/Phoenix",
        "AK": "America/Anchorage",
        "HI": "Pacific/Honolulu",
        **dict.fromkeys(
            ("AL", "AR", "IA", "IL", "KS", "LA", "MN", "MO", "MS", "ND", "NE", "OK", "SD"),
            "America/Chicago",
        ),
        **dict.fromkeys(("TN", "TX", "WI"), "America/Chicago"),
    },
}


def zone_needs_region(country: str, region: str) -> bool:
    """Whether ``country`` spans several zones and ``region`` is not a code that picks one."""
    regions = _REGION_ZONE.get(country.strip().upper())
    return bool(regions) and region.strip().upper() not in regions


@lru_cache(maxsize=64)
def practice_time_zone(country: str, region: str = "") -> tzinfo:
    """The practice's local zone from its country and holiday region; UTC when unknown."""
    country, region = country.strip().upper(), region.strip().upper()
    name = _REGION_ZONE.get(country, {}).get(region) or _COUNTRY_ZONE.get(country)
    if name is None:
        zones = get_global("territory_zones").get(country) or ()
        if not zones:
            return UTC
        name = zones[0]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No time zone database (Windows without the tzdata package): count in UTC.
        return UTC


def local_date(moment: datetime, zone: tzinfo) -> date:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed to find its local date")
    return moment.astimezone(zone).date()


def local_day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants where a local day starts and the next one starts."""
    start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return start, end
