"""The record of processing (PDF, CSV, XLSX) and the incident response plan as documents: every
fact they are given is printed, long texts wrap instead of being clipped, fonts are embedded,
metadata set, in English and Chinese, on A4 and Letter."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from app.documents.data import (
    CategoryInfo,
    IncidentPlanData,
    PlanAuthority,
    PlanStep,
    PlanVendor,
    PracticeInfo,
    RopaActivity,
    RopaData,
    RopaRecipient,
)
from app.documents.incident_plan import IncidentPlan
from app.documents.page_geometry import geometry_for
from app.documents.ropa import RecordOfProcessing
from app.documents.ropa_table import ropa_csv, ropa_xlsx
from tests.unit.documents import pdfcheck

PRACTICE = PracticeInfo(
    name="A&B Fitness <Studio>",
    address_lines=("1 High Street", "London", "SW1A 1AA"),
    email="hello@ab-fitness.example",
    phone="+44 20 7946 0000",
    privacy_contact="Jordan Hale",
    country_code="GB",
)
# A text far longer than a cell is high: the row must go on over the next page.
LONG = " ".join(f"measure{number:03d}" for number in range(400))


def ropa(lang: str = "en", **changes) -> RopaData:
    zh = lang == "zh"
    values = dict(
        lang=lang,
        practice=PRACTICE,
        issued_on=date(2026, 11, 20),
        version="0123456789ab",
        citations=("UK GDPR Art. 30(1)",),
        authorities=("The Information Commissioner's Office (ICO)",),
        activities=(
            RopaActivity(
                purpose="训练计划" if zh else "Delivering your training programme",
                explanation="We use an online app.",
                legal_basis="同意" if zh else "Consent",
                persons="Clients of the practice, current and former",
                categories=(CategoryInfo("Health", True, "health"),),
                recipients=("TrainLoop",),
                transfers=("Vaultwise: United States (SCCs 2021)",),
                erasure=(("Health (sensitive)", "12 months after the last session."),),
            ),
        ),
        recipients=(
            RopaRecipient(
                name="Postbird",
                legal_name="Postbird Mail GmbH",
                role="Newsletters",
                purposes=("Newsletter",),
                countries=("Germany",),
                transfer_countries=(),
                safeguard="",
                security_measures=LONG,
                review_due_on=date(2027, 1, 1),
                flags=("contract lacks the breach-notice clause",),
            ),
        ),
        security=("Encrypted database.",),
        records_erasure="at least 24 months.",
    )
    values.update(changes)
    return RopaData(**values)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_record_is_a_landscape_table_that_prints_every_fact(paper):
    pdf = RecordOfProcessing(ropa(), paper=paper).render()
    page = pdfcheck.reader(pdf.data).pages[0]
    upright = geometry_for(paper).size
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (upright[1], upright[0])
    )
    text = pdfcheck.text_of(pdf.data)
    for fact in ("A&B Fitness <Studio>", "UK GDPR Art. 30(1)", "Delivering your training",
                 "Health (sensitive)", "TrainLoop", "Vaultwise: United States (SCCs 2021)",
                 "12 months after the last session.", "contract lacks the breach-notice",
                 "Encrypted database.", "at least 24 months.", "0123456789ab"):  # fmt: skip
        assert fact in text, fact
    metadata = pdfcheck.reader(pdf.data).metadata
    assert metadata.title == "Record of processing activities"
    assert metadata.author == "A&B Fitness <Studio>"
    assert all(pdfcheck.fonts(pdf.data).values())


def test_a_long_text_wraps_and_goes_on_over_the_next_page_never_clipped():
    pdf = RecordOfProcessing(ropa(), paper="A4").render()
    words = [w for page in range(pdf.page_count) for w in pdfcheck.text_of(pdf.data).split()]
    printed = {word for word in words if re.fullmatch(r"measure\d{3}", word)}
    assert printed == set(LONG.split())
    assert pdf.page_count >= 2
    if pdfcheck.have("pdftotext"):
        width = pdfcheck.reader(pdf.data).pages[0].mediabox.width
        for page in range(pdf.page_count):
            for _word, x0, _y0, x1, _y1 in pdfcheck.word_boxes(pdf.data, page):
                assert x0 > 0 and x1 < float(width)


def test_the_record_in_chinese_embeds_its_font():
    pdf = RecordOfProcessing(ropa("zh"), paper="A4").render()
    text = pdfcheck.text_of(pdf.data)
    assert "个人信息处理活动记录" in text and "训练计划" in text
    assert all(pdfcheck.fonts(pdf.data).values())
    assert pdfcheck.reader(pdf.data).metadata.title == "个人信息处理活动记录"


def test_the_csv_is_utf8_with_a_byte_order_mark_and_never_a_formula():
    hostile = ropa(activities=(ropa().activities[0].__class__(
        **{**ropa().activities[0].__dict__, "purpose": "=HYPERLINK(\"x\")"}),))  # fmt: skip
    data = ropa_csv(hostile)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Controller,Contact,Purpose,Legal basis")
    assert "'=HYPERLINK" in text and "A&B Fitness <Studio>" in text


def test_the_xlsx_reads_back_sheet_by_sheet():
    book = CalamineWorkbook.from_filelike(io.BytesIO(ropa_xlsx(ropa("zh"))))
    assert book.sheet_names == ["处理活动", "接收方", "个人信息处理者"]
    activities = book.get_sheet_by_index(0).to_python()
    assert activities[0][2] == "目的"
    assert activities[1][2] == "训练计划" and activities[1][0].startswith("A&B Fitness")
    recipients = book.get_sheet_by_index(1).to_python()
    assert recipients[1][0] == "Postbird"
    assert recipients[1][-1] == "contract lacks the breach-notice clause"
    controller = dict(book.get_sheet_by_index(2).to_python()[1:])
    assert controller["版本"] == "0123456789ab"


def plan(lang: str = "en") -> IncidentPlanData:
    return IncidentPlanData(
        lang=lang,
        practice=PRACTICE,
        issued_on=date(2026, 11, 20),
        version="fedcba987654",
        decider="Jordan Hale",
        authorities=(
            PlanAuthority(
                "The ICO", "UK GDPR", "https://ico.org.uk/for-organisations/report-a-breach/"
            ),
            PlanAuthority("The CAC", "PIPL", ""),
        ),
        vendors=(
            PlanVendor("TrainLoop", ("privacy@trainloop.example", "1 High Street"), True),
            PlanVendor("Postbird", (), False),
        ),
        steps=(
            PlanStep("assess the risk", "Find out which data.", ()),
            PlanStep(
                "tell the authority",
                "Send the report.",
                ("UK GDPR Art. 33(1): tell the authority within 72 hours",),
            ),
        ),
        notes=(),
        backup_folder="/home/coach/Backups & <old>",
        encrypted=True,
        templates=("Report for the authority", "Letters to clients"),
    )


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_plan_prints_who_decides_whom_to_tell_and_where_the_backups_are(lang, paper):
    pdf = IncidentPlan(plan(lang), paper=paper).render()
    text = pdfcheck.text_of(pdf.data)
    for fact in ("Jordan Hale", "https://ico.org.uk/for-organisations/report-a-breach/",
                 "privacy@trainloop.example", "Assess the risk", "within 72 hours",
                 "/home/coach/Backups & <old>", "Letters to clients", "fedcba987654",
                 "BitLocker", "FileVault", "LUKS"):  # fmt: skip
        assert fact in text, fact
    assert "______" in text  # the CAC's address, and Postbird's contact: to fill in by hand
    assert all(pdfcheck.fonts(pdf.data).values())
    title = "事故响应计划" if lang == "zh" else "Incident response plan"
    assert pdfcheck.reader(pdf.data).metadata.title == title
    if lang == "zh":
        assert "由隐私事务联系人决定并处理" in text


def test_a_vendor_table_over_two_pages_keeps_each_vendors_contact_whole_and_one_header_a_page():
    """Eight vendors with postal addresses fill the first page: a vendor's row moves whole to
    the next page, under the header repeated there once, never cut between street and town."""
    address = ("dpo@vendor.example", "Vendor Ltd", "Attn: Data Protection Officer",
               "20 Finsbury Circus", "London", "EC2M 7EA", "United Kingdom")  # fmt: skip
    vendors = tuple(
        PlanVendor(f"Vendor {n}", (f"dpo{n}@vendor.example", *address[1:]), True) for n in range(8)
    )
    data = replace(plan("en"), vendors=vendors)
    pages = pdfcheck.page_texts(IncidentPlan(data, paper="A4").render().data)
    headers = [page.count("Breach-notice clause") for page in pages]
    assert max(headers) == 1, headers
    # Each vendor's town stays on the page of its email.
    for n in range(8):
        [page] = [p for p in pages if f"dpo{n}@vendor.example" in p]
        block = page[page.index(f"dpo{n}@vendor.example") :]
        assert "United Kingdom" in block, n
