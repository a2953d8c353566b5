"""The practice profile: who we are, which rules apply, how deadlines are counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlmodel import Session

from app.domain.deadlines import BusinessCalendar
from app.domain.enums import Language, PaperSize
from app.domain.errors import N_, Phrase, ValidationError, field_label, quote_input
from app.domain.holiday_parts import holiday_part, part_names
from app.domain.optout import local_date, practice_time_zone, zone_needs_region
from app.domain.rulesets import (
    RULE_SETS,
    RuleSettings,
    authority_part,
    home_rule_set,
    setting_fields,
)
from app.domain.validation import (
    PostalAddress,
    normalise_email,
    normalise_web_address,
    parse_phone,
    validate_address,
    validate_country,
    validate_name,
    validate_text,
)
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit
from app.persistence.models import Practice
from app.persistence.store import Store
from app.services.errors import collect
from app.services.rows import HolidayCalendarInUse, PracticeProfile

PRACTICE_ID = 1
# The fields as the messages below name them, marked so that they get translated: labels of
# free-text fields (field_label) and the identifiers the command line takes. The rule sets
# mark the names of their own settings ("pipl_request_days").
_FIELD_NAMES = (
    N_("name"),
    N_("website"),
    N_("online optout url"),
    N_("privacy contact"),
    N_("supervisory authority"),
    N_("holiday subdivision"),
    N_("jurisdictions"),
    N_("default_language"),
    N_("paper_size"),
)
_TEXT_FIELDS = ("name", "website", "online_optout_url", "privacy_contact", "supervisory_authority")
_ADDRESS_FIELDS = ("street", "city", "postal_code", "region", "country_code")


def load_practice(session: Session) -> Practice:
    """The practice row; created with defaults on first use."""
    practice = session.get(Practice, PRACTICE_ID)
    if practice is None:
        practice = Practice(id=PRACTICE_ID)
        session.add(practice)
        session.flush()
    return practice


def profile_of(practice: Practice) -> PracticeProfile:
    return PracticeProfile(
        name=practice.name,
        street=practice.street,
        city=practice.city,
        postal_code=practice.postal_code,
        region=practice.region,
        country_code=practice.country_code,
        email=practice.email,
        phone=practice.phone,
        website=practice.website,
        online_optout_url=practice.online_optout_url,
        privacy_contact=practice.privacy_contact,
        jurisdictions=tuple(filter(None, practice.jurisdictions.split(","))),
        supervisory_authority=practice.supervisory_authority,
        default_language=practice.default_language,
        paper_size=practice.paper_size,
        holiday_country=practice.holiday_country,
        holiday_subdivision=practice.holiday_subdivision,
        closed_days=tuple(
            date.fromisoformat(d) for d in filter(None, practice.closed_days.split(","))
        ),
        rule_settings=RuleSettings.from_mapping(practice.rule_settings),
    )


def default_authority(profile: PracticeProfile, lang: str) -> str:
    """The authority documents name while the practice has typed none: its home rule set's,
    for its country (and German Land)."""
    home = home_rule_set(profile.country_code, profile.jurisdictions)
    if home is None:
        return ""
    part = authority_part(
        profile.country_code,
        profile.holiday_subdivision,
        region=profile.region,
        postal_code=profile.postal_code,
        city=profile.city,
    )
    return home.authority(profile.country_code, part).name(lang)


def holiday_part_of(profile: PracticeProfile) -> str:
    """The part of its country whose public holidays the practice keeps (domain.holiday_part)."""
    return holiday_part(
        profile.holiday_country,
        profile.holiday_subdivision,
        country=profile.country_code,
        region=profile.region,
        postal_code=profile.postal_code,
        city=profile.city,
    )


def calendar_of(profile: PracticeProfile) -> BusinessCalendar:
    return BusinessCalendar(
        country=profile.holiday_country,
        subdivision=holiday_part_of(profile) or None,
        closed_days=frozenset(profile.closed_days),
    )


def zone_of(profile: PracticeProfile) -> tzinfo:
    """The practice's time zone, from its part of the country, as its holidays are.

    Read at every start. Only where a country spans several zones and the region is not
    written as a code (US, Canada, Australia: "California", a postcode) is the part told
    from the address, which loads the holiday calendars (0.2 s, on the database worker).
    """
    region = profile.holiday_subdivision or profile.region
    if zone_needs_region(profile.holiday_country, region):
        region = holiday_part_of(profile) or region
    return practice_time_zone(profile.holiday_country, region)


def practice_day(session: Session, now: datetime) -> date:
    """The practice's own date at ``now`` (its local day, not the UTC one)."""
    return local_date(now, zone_of(profile_of(load_practice(session))))


def holiday_calendar_in_use(profile: PracticeProfile) -> HolidayCalendarInUse:
    part = holiday_part_of(profile)
    names = part_names(profile.holiday_country)
    return HolidayCalendarInUse(
        country=profile.holiday_country,
        part=part,
        part_name=names.get(part, part),
        from_address=bool(part) and not profile.holiday_subdivision,
        parts=tuple(sorted(names.items(), key=lambda item: item[1])),
        closed_days=len(profile.closed_days),
    )


def get_practice(store: Store) -> PracticeProfile:
    with unit_of_work(store.reader) as session:
        return profile_of(load_practice(session))


def _choice(field: str, value: Any, allowed: type) -> str:
    try:
        return allowed(value).value
    except ValueError:
        choices = ", ".join(member.value for member in allowed)
        raise ValidationError(
            field,
            N_("{field} must be one of {choices}, not {value}."),
            field=Phrase(field),
            choices=choices,
            value=f"'{value}'",
        ) from None


def _jurisdictions(value: Any) -> str:
    items = value.split(",") if isinstance(value, str) else list(value)
    return ",".join(_rule_set(item.strip()) for item in items if item)


def _rule_set(value: str) -> str:
    """The key of a rule set a practice can tick (the promise is always on, not ticked)."""
    if value in RULE_SETS:
        return str(RULE_SETS[value].key)
    raise ValidationError(
        "jurisdictions",
        N_("{field} must be one of {choices}, not {value}."),
        field=Phrase("jurisdictions"),
        choices=", ".join(RULE_SETS),
        value=f"'{value}'",
    )


def _flat_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """`rule_settings` given whole ({rule set: {setting: days}}) as the settings' own names."""
    nested = changes.pop("rule_settings", None) or {}
    by_place = {
        (str(rule.key), setting.key): name for name, (rule, setting) in setting_fields().items()
    }
    unknown = []
    for rule_key, values in dict(nested).items():
        for key, days in dict(values).items():
            name = by_place.get((rule_key, key))
            if name is None:
                unknown.append(f"{rule_key}.{key}")
            else:
                changes.setdefault(name, days)
    if unknown:
        raise ValidationError(
            "rule_settings",
            N_("Unknown practice fields: {fields}."),
            fields=", ".join(sorted(unknown)),
        )
    return changes


def _phone(value: Any, country: str) -> str:
    """Kept as typed once it is a real number; empty means none."""
    text = str(value).strip()
    if text:
        parse_phone(text, country)
    return text


def _closed_days(value: Any) -> str:
    days = []
    for item in value.split(",") if isinstance(value, str) else value:
        if isinstance(item, str) and not item.strip():
            continue  # "", or a trailing comma: no day
        try:
            day = item if isinstance(item, date) else date.fromisoformat(str(item).strip())
        except ValueError:
            raise ValidationError(
                "closed_days",
                N_("{value} is not a date (YYYY-MM-DD)."),
                value=quote_input(str(item).strip()),
            ) from None
        days.append(day.isoformat())
    return ",".join(sorted(set(days)))


def _text(field: str, value: Any) -> str:
    # SQLite does not enforce the model's lengths; documents are laid out for them.
    text = str(value).strip()
    limit = next(
        (
            rule.max_length
            for rule in Practice.model_fields[field].metadata
            if hasattr(rule, "max_length")
        ),
        None,
    )
    if limit is not None and len(text) > limit:
        raise ValidationError(
            field,
            N_("The {label} can have at most {limit} characters."),
            label=field_label(field),
            limit=f"{limit:,}",
        )
    return validate_text(field, text, max_length=len(text), multiline=True)


def _holiday_part(value: Any, country: Any) -> str:
    part = str(value or "").strip()
    if part and part not in part_names(str(country).strip().upper()):
        raise ValidationError(
            "holiday_subdivision",
            N_("{entered} is not a region of {country} with its own public holidays."),
            entered=quote_input(part),
            country=str(country),
        )
    return part


def _validated(changes: dict[str, Any], current: Practice) -> dict[str, Any]:
    changes = _flat_settings(dict(changes))
    settings = setting_fields()
    unknown = set(changes) - set(Practice.model_fields) - {"address"} - set(settings)
    if unknown or "id" in changes:
        raise ValidationError(
            "practice",
            N_("Unknown practice fields: {fields}."),
            fields=", ".join(sorted(unknown)),
        )
    validators = {
        # Every notice, form and letter is headed with it: a profile cannot be saved without.
        "name": lambda v: validate_name("name", str(v), max_length=200),
        "email": lambda v: normalise_email(v),
        "phone": lambda v: _phone(v, current.country_code),
        "website": lambda v: normalise_web_address("website", _text("website", v)),
        "online_optout_url": lambda v: normalise_web_address(
            "online_optout_url", _text("online_optout_url", v)
        ),
        "jurisdictions": _jurisdictions,
        "default_language": lambda v: _choice("default_language", v, Language),
        "paper_size": lambda v: _choice("paper_size", v, PaperSize),
        "holiday_country": lambda v: validate_country(v),
        "holiday_subdivision": lambda v: _holiday_part(
            v, changes.get("holiday_country", current.holiday_country)
        ),
        "closed_days": _closed_days,
        # Each rule set's settings, within the bounds it declares.
        **{name: setting.checked for name, (_rule, setting) in settings.items()},
    }
    checks = []
    for name, value in changes.items():
        if name in _ADDRESS_FIELDS:
            continue
        validate = validators.get(name, lambda v, name=name: _text(name, v))
        checks.append(lambda validate=validate, value=value: validate(value))
    names = [name for name in changes if name not in _ADDRESS_FIELDS]
    if "holiday_country" in changes and "holiday_subdivision" not in changes:
        # A part chosen for the old country must be one of the new country's too.
        checks.append(
            lambda: _holiday_part(current.holiday_subdivision, changes["holiday_country"])
        )
        names.append("holiday_subdivision")
    if any(name in changes for name in _ADDRESS_FIELDS):
        address = PostalAddress(
            **{name: changes.get(name, getattr(current, name)) for name in _ADDRESS_FIELDS}
        )
        checks.append(lambda: validate_address(address))
        names.append("address")
    results = collect(*checks)
    validated = dict(zip(names, results, strict=True))
    address = validated.pop("address", None)
    if address is not None:
        validated.update({name: getattr(address, name) for name in _ADDRESS_FIELDS})
    return validated


def update_practice(
    store: Store, changes: dict[str, Any], *, actor: str, now: datetime | None = None
) -> PracticeProfile:
    """Change some fields of the profile; all are checked first, nothing is half saved."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        practice = load_practice(session)
        validated = _validated(changes, practice)
        fields = setting_fields()
        settings = {name: validated.pop(name) for name in list(validated) if name in fields}
        changed = [name for name, value in validated.items() if getattr(practice, name) != value]
        for name in changed:
            setattr(practice, name, validated[name])
        chosen = RuleSettings.from_mapping(practice.rule_settings)
        changed_settings = [
            name
            for name, days in settings.items()
            if chosen.value(fields[name][0], fields[name][1].key) != days
        ]
        if changed_settings:
            chosen = chosen.with_values(
                (str(fields[name][0].key), fields[name][1].key, settings[name])
                for name in changed_settings
            )
            practice.rule_settings = chosen.as_mapping()  # a new object: the column sees it
            changed += changed_settings
        if changed:
            practice.updated_at = now
            session.add(practice)
            append_audit(
                session,
                at=now,
                actor=actor,
                action="update",
                entity="practice",
                entity_id=PRACTICE_ID,
                fields=changed,
            )
        return profile_of(practice)
