"""What changed between two notice snapshots, and each change in a sentence of the reader's
language (the publish dialog, the version's summary, the update letter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.i18n import translator
from app.services.notice_snapshots import snapshot_sha256


@dataclass(frozen=True)
class NoticeChange:
    """One difference between two snapshots; `added`/`removed` hold keys or country codes."""

    kind: str
    vendor: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def diff_snapshots(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[NoticeChange]:
    """What a reader would notice: vendors added or removed, and per vendor the data
    categories, countries, purposes and consent requirements that changed."""
    if previous is None:
        return [NoticeChange("first")]
    before = {v["name"]: v for v in previous["vendors"]}
    after = {v["name"]: v for v in current["vendors"]}
    changes = [NoticeChange("vendor_added", name) for name in after if name not in before]
    changes += [NoticeChange("vendor_removed", name) for name in before if name not in after]
    for name in (name for name in after if name in before):
        old, new = before[name], after[name]
        for kind, field in (
            ("categories", _categories),
            ("countries", _countries),
            ("purposes", _purposes),
        ):
            added, removed = _difference(field(old), field(new))
            if added or removed:
                changes.append(NoticeChange(kind, name, added, removed))
        newly_required = _required(new) - _required(old)
        if newly_required:
            changes.append(NoticeChange("consent_required", name, tuple(sorted(newly_required))))
    if previous["practice"] != current["practice"]:
        changes.append(NoticeChange("practice"))
    if not changes and snapshot_sha256(previous) != snapshot_sha256(current):
        changes.append(NoticeChange("wording"))
    return changes


def _categories(vendor: dict) -> set[str]:
    return {key for s in vendor["sharings"] for key in s["categories"]}


def _countries(vendor: dict) -> set[str]:
    return set(vendor["countries"])


def _purposes(vendor: dict) -> set[str]:
    return {s["purpose"] for s in vendor["sharings"]}


def _required(vendor: dict) -> set[str]:
    return {s["purpose"] for s in vendor["sharings"] if s["consent_required"]}


def _difference(old: set[str], new: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(sorted(new - old)), tuple(sorted(old - new))


def describe_change(change: NoticeChange, lang: str, snapshots: tuple[dict | None, dict]) -> str:
    """One change in a sentence, in English or Chinese, with labels from the snapshots."""
    _ = translator(lang)
    labels = _labels(snapshots, lang)
    names = lambda keys: _(", ").join(labels.get(key, key) for key in keys)  # noqa: E731
    vendor = change.vendor
    if change.kind == "first":
        return _("First published version.")
    if change.kind == "vendor_added":
        return _("New service provider: {vendor}.").format(vendor=vendor)
    if change.kind == "vendor_removed":
        return _("We no longer use {vendor}.").format(vendor=vendor)
    if change.kind == "practice":
        return _("Our contact details changed.")
    if change.kind == "wording":
        return _("Details and wording updated.")
    if change.kind == "consent_required":
        return _("{vendor} now needs your consent for: {items}.").format(
            vendor=vendor, items=names(change.added)
        )
    sentences = {
        "categories": (
            _("{vendor} now also receives: {items}."),
            _("{vendor} no longer receives: {items}."),
        ),
        "countries": (
            _("{vendor} now also keeps data in: {items}."),
            _("{vendor} no longer keeps data in: {items}."),
        ),
        "purposes": (
            _("{vendor} is now also used for: {items}."),
            _("{vendor} is no longer used for: {items}."),
        ),
    }
    more, less = sentences[change.kind]
    parts = []
    if change.added:
        parts.append(more.format(vendor=vendor, items=names(change.added)))
    if change.removed:
        parts.append(less.format(vendor=vendor, items=names(change.removed)))
    return " ".join(parts)


def _labels(snapshots: tuple[dict | None, dict], lang: str) -> dict[str, str]:
    """Labels of category and purpose keys and names of countries, in the language."""
    labels: dict[str, str] = {}
    suffix = "zh" if lang == "zh" else "en"
    for snapshot in snapshots:
        if snapshot is None:
            continue
        for key, category in snapshot["categories"].items():
            labels[key] = category[f"label_{suffix}"] or category["label_en"]
        for purpose in snapshot["purposes"]:
            labels[purpose["key"]] = purpose[f"label_{suffix}"] or purpose["label_en"]
        for vendor in snapshot["vendors"]:
            for country in vendor["countries"]:
                labels[country] = country_name(country, lang)
    return labels


def country_name(code: str, lang: str) -> str:
    from babel import Locale

    locale = Locale.parse("zh_Hans_CN" if lang == "zh" else "en")
    return locale.territories.get(code, code)


def change_lines(previous: dict | None, current: dict, lang: str) -> tuple[str, ...]:
    return tuple(
        describe_change(change, lang, (previous, current))
        for change in diff_snapshots(previous, current)
    )
