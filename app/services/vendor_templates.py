"""Vendor templates: starting points for the services a fitness practice uses (what each
usually receives and why, in English and Chinese, and the questions to ask the company).

The content is data (resources/templates/vendors.json), read once. A template names no
company and states no company's facts: the coach names the company and records what it
answers. Its purposes and data categories are the seeded catalogue's keys (a test checks).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from app.domain.enums import LegalBasis, SharingForm
from app.services.vendors import SharingDraft, VendorDraft


@dataclass(frozen=True)
class Words:
    """One text in both languages of the documents."""

    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en


@dataclass(frozen=True)
class TemplateSharing:
    purpose_key: str
    legal_basis: LegalBasis  # the purpose's own, said here so the template reads whole
    category_keys: tuple[str, ...]
    form: SharingForm
    necessity: Words

    def draft(self, vendor_id: int) -> SharingDraft:
        return SharingDraft(
            vendor_id=vendor_id,
            purpose_key=self.purpose_key,
            category_keys=self.category_keys,
            necessity=self.necessity.en,
            necessity_zh=self.necessity.zh,
            form=self.form.value,
        )


@dataclass(frozen=True)
class VendorTemplate:
    key: str
    service: Words  # what the service does: the vendor's description
    review_interval_months: int
    sharings: tuple[TemplateSharing, ...]
    security_questions: tuple[Words, ...]  # the common ones first, then the template's own
    contract_questions: tuple[Words, ...]

    def draft(self, name: str = "") -> VendorDraft:
        """The vendor as the template starts it: the coach adds the company and its facts."""
        return VendorDraft(
            name=name,
            service_description=self.service.en,
            service_description_zh=self.service.zh,
            review_interval_months=self.review_interval_months,
        )


def _words(raw: dict[str, str]) -> Words:
    return Words(en=raw["en"], zh=raw.get("zh", ""))


def _template(raw: dict[str, Any], common: dict[str, list]) -> VendorTemplate:
    own = raw.get("questions", {})
    return VendorTemplate(
        key=raw["key"],
        service=_words(raw["service"]),
        review_interval_months=int(raw["review_interval_months"]),
        sharings=tuple(
            TemplateSharing(
                purpose_key=sharing["purpose"],
                legal_basis=LegalBasis(sharing["legal_basis"]),
                category_keys=tuple(sharing["categories"]),
                form=SharingForm(sharing["form"]),
                necessity=_words(sharing["necessity"]),
            )
            for sharing in raw["sharings"]
        ),
        security_questions=tuple(
            _words(q) for q in (*common["security"], *own.get("security", ()))
        ),
        contract_questions=tuple(
            _words(q) for q in (*common["contract"], *own.get("contract", ()))
        ),
    )


@cache
def vendor_templates() -> tuple[VendorTemplate, ...]:
    """Every template, in the order the Add vendor dialog offers them."""
    path = resources.files("app.resources").joinpath("templates", "vendors.json")
    with path.open(encoding="utf-8") as f:
        raw = json.load(f)
    return tuple(_template(item, raw["common_questions"]) for item in raw["templates"])


def vendor_template(key: str) -> VendorTemplate:
    return next(template for template in vendor_templates() if template.key == key)
