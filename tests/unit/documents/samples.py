"""Document input built by hand: a small practice, three vendors and a client."""

from __future__ import annotations

import dataclasses
from datetime import date

from app.documents.access_data import AccessReportData, RecipientLine, ReportTable
from app.documents.data import (
    AuthorityInfo,
    CategoryInfo,
    ChoiceInfo,
    ClientInfo,
    ConsentFormData,
    NoticeContent,
    NoticeData,
    OptOutFormData,
    PolicyUpdateLetterData,
    PracticeInfo,
    PurposeInfo,
    SharingInfo,
    VendorInfo,
    VersionInfo,
)
from app.domain.rulesets import authorities

ISSUED = date(2026, 11, 20)
EFFECTIVE = date(2026, 12, 1)

PRACTICE = PracticeInfo(
    name="Riverside Strength & Co",
    address_lines=("Unit 3, Bankside Yard", "27 Sumner Street", "London", "SE1 9TG"),
    email="hello@riverside.example",
    phone="+44 20 7946 0321",
    website="https://riverside.example",
    online_optout_url="https://riverside.example/opt-out",
    privacy_contact="Jordan Hale, owner",
    supervisory_authority="Information Commissioner's Office (ICO)",
    country_code="GB",
)

CONTACT = CategoryInfo("Contact details", False, "contact")
HEALTH = CategoryInfo("Health and fitness assessments", True, "health")
PAYMENT = CategoryInfo("Payment details", False, "payment")
CATEGORIES_ZH = {"contact": "联系方式", "health": "健康与体能评估", "payment": "支付信息"}
NECESSITY_ZH = {
    1: "该应用需要您的姓名和评估结果来制定您的训练计划。",
    2: "收款需要您的银行卡信息。",
    3: "只需要您的名字和电子邮箱地址。",
}

APP = SharingInfo(
    id=1,
    vendor="TrainLoop",
    purpose="Delivering your training programme",
    explanation="We use an online training app to send you your programme.",
    legal_basis="consent",
    is_marketing=False,
    categories=(CONTACT, HEALTH),
    form="identified",
    necessity="The app needs your name and your assessment to build your programme.",
    consent_required=True,
    countries=("United Kingdom",),
    abroad=False,
)
PAY = SharingInfo(
    id=2,
    vendor="Paydeck",
    purpose="Taking payment",
    explanation="A payment company processes your card payments.",
    legal_basis="contract",
    is_marketing=False,
    categories=(CONTACT, PAYMENT),
    form="identified",
    necessity="Your card details are needed to take the payment.",
    consent_required=False,
    countries=("United Kingdom", "Ireland"),
    abroad=True,
)
NEWS = SharingInfo(
    id=3,
    vendor="Postbird <Mail>",
    purpose="Newsletter and offers",
    explanation="With your permission we send a monthly email.",
    legal_basis="consent",
    is_marketing=True,
    categories=(CONTACT,),
    form="identified",
    necessity="Only your first name and email address.",
    consent_required=True,
    countries=("Germany",),
    abroad=True,
)


def vendor(sharing: SharingInfo, lang: str = "en", **fields) -> VendorInfo:
    abroad = tuple(c for c in sharing.countries if c != "United Kingdom")
    safeguard = ("充分性认定" if lang == "zh" else "Adequacy regulations") if abroad else ""
    return VendorInfo(
        name=sharing.vendor,
        legal_name=fields.get("legal_name", f"{sharing.vendor} Ltd"),
        description=fields.get("description", "Online service for the practice."),
        website="https://vendor.example",
        privacy_policy_url="https://vendor.example/privacy",
        countries=sharing.countries,
        abroad=sharing.abroad,
        transfer_safeguard=safeguard,
        security_measures="Encryption in transit and at rest; ISO/IEC 27001 certified.",
        review_interval_months=12,
        sharings=(sharing,),
        privacy_email=f"privacy@{sharing.vendor.split()[0].lower()}.example",
        postal_address=f"{sharing.vendor} Ltd\n1 Example Street\nDublin",
        transfer_countries=abroad,
    )


def _in(lang: str, sharing: SharingInfo) -> SharingInfo:
    """A sharing as the services give it in `lang`: Chinese labels and necessity."""
    if lang != "zh":
        return sharing
    return dataclasses.replace(
        sharing,
        categories=tuple(
            dataclasses.replace(c, label=CATEGORIES_ZH[c.key]) for c in sharing.categories
        ),
        necessity=NECESSITY_ZH[sharing.id],
    )


def content(
    lang: str = "en", number: int | None = 2, jurisdictions: tuple[str, ...] = ("gdpr",)
) -> NoticeContent:
    sharings = [_in(lang, s) for s in (APP, PAY, NEWS)]
    purposes = tuple(
        PurposeInfo(
            key=str(s.id),
            label=s.purpose,
            explanation=s.explanation,
            example="You see your plan the same day.",
            legal_basis=s.legal_basis,
            is_marketing=s.is_marketing,
            categories=s.categories,
            vendors=(s.vendor,),
        )
        for s in sharings
    )
    categories = {c.key: c for s in sharings for c in s.categories}
    return NoticeContent(
        lang=lang,
        practice=PRACTICE,
        purposes=purposes,
        vendors=tuple(vendor(s, lang) for s in sharings),
        version=VersionInfo(
            number=number,
            effective_on=EFFECTIVE if number else None,
            summary="We added a newsletter tool & <new> wording.",
            changes=("Service provider added: Postbird <Mail>.",),
        ),
        jurisdictions=jurisdictions,
        categories=tuple(categories.values()),
        authorities=tuple(
            AuthorityInfo(rule.value, authority.name(lang))
            for rule, authority in authorities(
                "GB", "", jurisdictions, PRACTICE.supervisory_authority
            )
        ),
        home_area="GB",
        home_country_name="英国" if lang == "zh" else "United Kingdom",
    )


def client(name: str = "Zoë Ångström", lang: str = "en", ref: str = "ABC-DEFG") -> ClientInfo:
    return ClientInfo(
        ref=ref,
        name=name,
        address_lines=(name, "12 Long Lane", "London", "SE1 4PU"),
        language=lang,
    )


def notice(
    name: str | None = "Zoë Ångström", lang: str = "en", jurisdictions: tuple[str, ...] = ("gdpr",)
) -> NoticeData:
    return NoticeData(
        content=content(lang, jurisdictions=jurisdictions),
        issued_on=ISSUED,
        client=client(name, lang) if name is not None else None,
        choices=(
            (ChoiceInfo(1, "given", date(2025, 5, 3)), ChoiceInfo(3, "withdrawn", ISSUED))
            if name is not None
            else ()
        ),
    )


def consent_form(name: str = "Zoë Ångström", lang: str = "en") -> ConsentFormData:
    return ConsentFormData(
        lang=lang,
        practice=PRACTICE,
        client=client(name, lang),
        sharings=(APP, NEWS),
        issued_on=ISSUED,
        notice_version=2,
    )


def optout_form(name: str | None = "Zoë Ångström", lang: str = "en") -> OptOutFormData:
    return OptOutFormData(
        lang=lang,
        practice=PRACTICE,
        sharings=(APP, PAY, NEWS),
        issued_on=ISSUED,
        client=client(name, lang) if name is not None else None,
    )


def update_letter(name: str = "Zoë Ångström", lang: str = "en") -> PolicyUpdateLetterData:
    return PolicyUpdateLetterData(
        lang=lang,
        practice=PRACTICE,
        client=client(name, lang),
        version=content(lang).version,
        issued_on=ISSUED,
        decisions=(NEWS,),
    )


def access_report(name: str = "Zoë Ångström", lang: str = "en") -> AccessReportData:
    """A client's access report: one vendor receiving, one stopped, their record and history."""
    zh = lang == "zh"
    return AccessReportData(
        lang=lang,
        practice=PRACTICE,
        client=client(name, lang),
        issued_on=ISSUED,
        recipients=(
            RecipientLine(
                "TrainLoop",
                "训练计划" if zh else "Delivering your training programme",
                ("健康信息",) if zh else ("Health and fitness",),
                "your consent",
                "United Kingdom",
                "Given, 3 Nov 2026",
                True,
                "3 Nov 2026",
            ),
            RecipientLine(
                "LetterBox",
                "Newsletter",
                ("Contact details",),
                "your consent",
                "Germany",
                "Withdrawn, 9 Nov 2026",
                False,
            ),
        ),
        tables=(
            ReportTable(
                "client",
                "Your record",
                ("Given name", "Notes"),
                ((name, "Tom & <Jerry>"),),
                one_record=True,
            ),
            ReportTable(
                "consent_events",
                "Your consent history",
                ("When", "Who", "Answer"),
                (("3 Nov 2026, 10:00", name, "Given"),),
            ),
            ReportTable("objections", "Your objections and our answers", ("Vendor",), ()),
        ),
        files=("data.json", "csv/client.csv", "MANIFEST.sha256"),
    )
