"""The opt-out confirmation letter (document 4) and the vendor notification letter (document 5):
their facts, what they never print, metadata, the envelope window, the reply slip, both
languages and paper sizes; and the letters made from the records and recorded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.documents.confirmation_letter import OptOutConfirmationLetter
from app.documents.data import (
    ContinuingLine,
    NotifiedPerson,
    OptOutConfirmationData,
    StoppedSharing,
    VendorNotificationData,
    VendorProgress,
)
from app.documents.page_geometry import geometry_for
from app.documents.vendor_letter import VendorNotificationLetter
from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.errors import ValidationError
from app.domain.optout import SendMethod
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import optout_documents, optouts, practice, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, NotFound
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck, samples
from tests.unit.documents.test_documents import _hostile

PAPERS = ["A4", "Letter"]
LANGS = ["en", "zh"]
RECEIVED = datetime(2026, 12, 23, 14, 5)  # the practice's local time
DUE = date(2027, 1, 11)
CONFIRM_BY = date(2027, 1, 4)
VENDOR_ADDRESS = (
    "TrainLoop Ltd",
    "Data Protection Officer",
    "88 Tabernacle Street",
    "London",
    "EC2A 4BA",
)


def told(
    vendor: str, due_on: date, sent_on: date | None = None, confirmed_on: date | None = None
) -> VendorProgress:
    """A vendor's progress as the letter gets it: its times the practice's local time."""

    def at(day: date | None) -> datetime | None:
        return datetime.combine(day, time(10, 30)) if day is not None else None

    return VendorProgress(
        notification_id=1,
        vendor_id=1,
        vendor=vendor,
        due_on=due_on,
        sent_at=at(sent_on),
        sent_method="post" if sent_on else "",
        confirmed_at=at(confirmed_on),
    )


def confirmation(name: str = "Zoë Ångström", lang: str = "en", **fields) -> OptOutConfirmationData:
    zh = lang == "zh"
    values = {
        "lang": lang,
        "practice": samples.PRACTICE,
        "client": samples.client(name, lang),
        "request_id": 17,
        "channel": "phone",
        "received_at": RECEIVED,
        "due_on": DUE,
        "issued_on": RECEIVED.date(),
        "stopped": (
            StoppedSharing(
                1, "TrainLoop", "提供您的训练计划" if zh else "Delivering your programme"
            ),
            StoppedSharing(2, "Postbird <Mail>", "新闻通讯和优惠" if zh else "Newsletter & offers"),
        ),
        "vendors": (
            told("TrainLoop", DUE),
            told("Postbird <Mail>", date(2027, 1, 8), date(2026, 12, 24), date(2026, 12, 29)),
        ),
        "continuing": (
            ContinuingLine(
                3,
                "Paydeck",
                "收取付款" if zh else "Taking payment",
                "因此会继续。" if zh else "we need it for the service you signed up for.",
            ),
        ),
    }
    values.update(fields)
    return OptOutConfirmationData(**values)


def person(number: int, *, name: str = "", email: str = "") -> NotifiedPerson:
    return NotifiedPerson(
        request_id=number,
        ref=f"ABC-DE{number:02d}",
        received_on=date(2026, 12, 23),
        stop=("Delivering your programme",),
        name=name,
        email=email,
    )


def vendor_letter(lang: str = "en", people=None, **fields) -> VendorNotificationData:
    values = {
        "lang": lang,
        "practice": samples.PRACTICE,
        "notification_id": 4,
        "vendor": "TrainLoop",
        "vendor_legal_name": "TrainLoop Ltd",
        "vendor_address_lines": VENDOR_ADDRESS,
        "issued_on": date(2026, 12, 23),
        "confirm_by": CONFIRM_BY,
        "people": tuple(
            people
            if people is not None
            else (
                person(1, name="Tom & <Jerry>", email="tom@example.org"),
                person(2, name="王伟", email="wang@example.cn"),
            )
        ),
    }
    values.update(fields)
    return VendorNotificationData(**values)


LETTERS = {
    "confirmation": lambda lang, paper: OptOutConfirmationLetter(
        confirmation(lang=lang), paper=paper
    ),
    "vendor": lambda lang, paper: VendorNotificationLetter(vendor_letter(lang), paper=paper),
}


# -- both letters --------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("which", sorted(LETTERS))
def test_each_letter_opens_with_metadata_numbered_pages_and_embedded_fonts(which, lang, paper):
    letter = LETTERS[which](lang, paper)
    pdf = letter.render()
    opened = pdfcheck.reader(pdf.data)
    assert len(opened.pages) == pdf.page_count == 1
    width, height = (float(v) for v in opened.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "A4" else (612, 792))
    assert opened.metadata.title == letter.title()
    assert (
        opened.metadata.title
        == {
            ("confirmation", "en"): "Your opt-out is confirmed",
            ("confirmation", "zh"): "您的选择退出已确认",
            ("vendor", "en"): "Opt-out notification",
            ("vendor", "zh"): "选择退出通知",
        }[which, lang]
    )
    assert opened.metadata.author == samples.PRACTICE.name
    assert opened.trailer["/Root"]["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    fonts = pdfcheck.fonts(pdf.data)
    assert fonts and all(fonts.values()), fonts
    assert ("第 1 页，共 1 页" if lang == "zh" else "Page 1 of 1") in pdfcheck.text_of(pdf.data)


def _window_text(data: bytes, paper: str) -> list[str]:
    """The text runs of page 1 whose whole line height is inside the envelope window (as
    test_layout checks the update letter)."""
    window = geometry_for(paper).window
    return [
        text.strip()
        for text, x, y in pdfcheck.text_positions(data)
        if window.x <= x <= window.right and window.y <= y and y + 8 <= window.top
    ]


SENDER = "Riverside Strength & Co, Unit 3, Bankside Yard, 27 Sumner Street, London, SE1 9TG"


def _sender_then(shown: list[str], count: int) -> list[str]:
    """The last `count` lines shown, once the return line (one or two rows) is checked."""
    assert " ".join(shown[:-count]) == SENDER
    return shown[-count:]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_confirmation_prints_the_client_address_inside_the_envelope_window(paper):
    letter = OptOutConfirmationLetter(confirmation("Tom & <Jerry>"), paper=paper)
    shown = _window_text(letter.render().data, paper)
    assert _sender_then(shown, 4) == ["Tom & <Jerry>", "12 Long Lane", "London", "SE1 4PU"]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_vendor_letter_prints_the_privacy_contact_address_inside_the_window(paper):
    letter = VendorNotificationLetter(vendor_letter(), paper=paper)
    shown = _window_text(letter.render().data, paper)
    assert _sender_then(shown, len(VENDOR_ADDRESS)) == list(VENDOR_ADDRESS)


def test_an_address_without_the_vendor_name_gets_it_first():
    data = vendor_letter(vendor_address_lines=("", "Privacy Office", "1 Road", "  "))
    assert data.recipient_lines == ("TrainLoop Ltd", "Privacy Office", "1 Road")
    assert vendor_letter(vendor_address_lines=()).recipient_lines == ("TrainLoop Ltd",)
    data = vendor_letter(vendor_legal_name="", vendor_address_lines=("TrainLoop", "1 Road"))
    assert data.recipient_lines == ("TrainLoop", "1 Road")


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_signature_never_starts_a_page_without_the_words_before_it(lang, paper):
    closing = "此致敬礼" if lang == "zh" else "Kind regards"
    letters = [
        OptOutConfirmationLetter(
            confirmation(
                lang=lang,
                stopped=tuple(
                    StoppedSharing(n, f"Vendor {n}", f"Purpose {n}") for n in range(count)
                ),
                vendors=tuple(told(f"Vendor {n}", DUE) for n in range(count)),
            ),
            paper=paper,
        )
        for count in range(1, 10)
    ] + [
        VendorNotificationLetter(
            vendor_letter(lang, [person(n, name=f"Person {n}") for n in range(1, count)]),
            paper=paper,
        )
        for count in range(12, 26)
    ]
    turned = 0
    for letter in letters:
        data = letter.render().data
        page, lines = pdfcheck.lines_above(data, closing)
        if page:  # on a later page: at least two lines of the letter come with it
            turned += 1
            assert lines >= 2, (letter.kind, pdfcheck.page_texts(data)[page][:80])
    assert turned >= 4  # the lengths tried do push the signature over


# -- document 4 ----------------------------------------------------------------------------------


def test_the_confirmation_says_what_stopped_from_when_who_is_told_by_when_and_what_goes_on():
    text = pdfcheck.text_of(OptOutConfirmationLetter(confirmation(), paper="A4").render().data)
    for fact in (
        "Dear Zoë Ångström,",
        "We received your request by phone on 23 December 2026 at 14:05.",
        "It took effect at once",
        # what was opted out: purpose and vendor, escaped and verbatim
        "Delivering your programme (TrainLoop)",
        "Newsletter & offers (Postbird <Mail>)",
        # which vendors are told by when
        "All of them will have been told by 11 January 2027.",
        "TrainLoop: to be told by 11 January 2027",
        "Postbird <Mail>: told on 24 December 2026, confirmed on 29 December 2026",
        # what goes on and why
        "Taking payment (Paydeck): we need it for the service you signed up for.",
        # how to change one's mind, and how to reach the practice
        "give your consent again at any time",
        "+44 20 7946 0321",
        "hello@riverside.example",
        "complain to Information Commissioner's Office (ICO)",
        # the reference code and request number
        "ABC-DEFG",
        "Please quote your reference ABC-DEFG and request number 17",
    ):
        assert fact in text, fact


def test_a_posted_request_gives_the_day_only_and_an_empty_effect_says_so():
    data = confirmation(channel="post", stopped=(), vendors=(), continuing=())
    text = pdfcheck.text_of(OptOutConfirmationLetter(data, paper="A4").render().data)
    assert "We received your request by post on 23 December 2026." in text
    assert "14:05" not in text
    assert "nothing needed to change" in text
    assert "There is no service provider to tell this time" in text
    assert "What goes on, and why" not in text


def test_the_chinese_confirmation_is_chinese_and_its_text_extracts():
    text = pdfcheck.text_of(
        OptOutConfirmationLetter(confirmation("王伟", "zh"), paper="A4").render().data
    )
    for fact in (
        "尊敬的王伟：",
        "我们于2026年12月23日 14:05通过电话收到了您的请求。",
        "提供您的训练计划（TrainLoop）",
        "我们会在2027年1月11日前通知到所有相关的第三方服务提供商",
        "TrainLoop：将于2027年1月11日前通知",
        "收取付款（Paydeck）：因此会继续。",
        "如果您改变主意",
        "ABC-DEFG",
    ):
        # Chinese breaks lines between any two characters: compare without the breaks.
        assert _joined(fact) in _joined(text), fact


def _joined(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", _hostile("appear"))
def test_every_hostile_name_appears_verbatim_in_the_confirmation(name, lang):
    data = confirmation(name, lang)
    text = pdfcheck.text_of(OptOutConfirmationLetter(data, paper="A4").render().data)
    assert pdfcheck.normalised(name) in text


@pytest.mark.parametrize("name", _hostile("survive"))
def test_names_in_other_scripts_and_oddities_never_break_either_letter(name):
    for lang in LANGS:
        for letter in (
            OptOutConfirmationLetter(confirmation(name, lang), paper="Letter"),
            VendorNotificationLetter(
                vendor_letter(lang, [person(1, name=name, email=name)]), paper="A4"
            ),
        ):
            assert pdfcheck.reader(letter.render().data).pages


# -- document 5 ----------------------------------------------------------------------------------


def test_the_vendor_letter_lists_each_person_what_to_stop_and_by_when_to_confirm():
    text = pdfcheck.text_of(VendorNotificationLetter(vendor_letter(), paper="A4").render().data)
    for fact in (
        "Riverside Strength & Co",  # the practice
        "23 December 2026",  # the date
        "Dear TrainLoop Ltd privacy team,",
        "ABC-DE01",
        "Tom & <Jerry>",
        "tom@example.org",
        "ABC-DE02",
        "王伟",
        "Delivering your programme",
        "Please confirm by 4 January 2027",
        "return the slip below, or reply to hello@riverside.example",
    ):
        assert fact in text, fact


def test_a_vendor_that_needs_no_names_gets_references_only():
    people = [person(1), person(2)]
    text = pdfcheck.text_of(
        VendorNotificationLetter(vendor_letter(people=people), paper="A4").render().data
    )
    assert "ABC-DE01" in text and "ABC-DE02" in text
    assert "Name " not in text.replace("Name of the vendor", "").replace("Name and role", "")
    assert "Email" not in text and "@example" not in text
    # Where one person's name is needed and another's is not, the other shows no name.
    mixed = [person(1, name="Ada Lovelace"), person(2)]
    text = pdfcheck.text_of(
        VendorNotificationLetter(vendor_letter(people=mixed), paper="A4").render().data
    )
    assert "Ada Lovelace" in text and "Email" not in text


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_reply_slip_sits_at_the_bottom_of_the_last_page_under_a_cut_line(lang, paper):
    pdf = VendorNotificationLetter(vendor_letter(lang), paper=paper).render()
    geometry = geometry_for(paper)
    slip_title = "回执" if lang == "zh" else "Reply slip"
    runs = pdfcheck.text_positions(pdf.data, page=pdf.page_count - 1)
    [title_y] = [y for text, _x, y in runs if text.startswith(slip_title)]
    cut = [y for text, _x, y in runs if "✂" in text]
    assert cut and cut[0] > title_y  # the cut line is above the slip
    # The slip is in the lowest third of the sheet: below the second fold.
    assert title_y < geometry.height - geometry.fold_marks_from_top[1]
    text = pdfcheck.page_texts(pdf.data)[-1]
    if lang == "en":
        assert (
            "We confirm that we have stopped the processing named in opt-out notification 4" in text
        )
        assert "(your references: ABC-DE01, ABC-DE02)" in text
        for label in ("Name of the vendor", "TrainLoop Ltd", "Signature", "Date"):
            assert label in text
        assert "Cut here and return this slip to us" in text
    else:
        assert "我们确认" in text and "第 4 号选择退出通知" in text and "签名" in text


@pytest.mark.parametrize("paper", PAPERS)
def test_a_long_list_runs_over_pages_and_the_slip_comes_once_on_the_last(paper):
    people = [person(n, name=f"Person {n}", email=f"p{n}@example.org") for n in range(1, 61)]
    pdf = VendorNotificationLetter(vendor_letter(people=people), paper=paper).render()
    pages = pdfcheck.page_texts(pdf.data)
    assert pdf.page_count == len(pages) >= 3
    assert all("Our reference" in page for page in pages[:-1])  # the header repeats
    assert [("Reply slip" in page) for page in pages] == [False] * (len(pages) - 1) + [True]
    assert all(f"ABC-DE{n:02d}" in " ".join(pages) for n in range(1, 61))
    # Too many to list on the slip: it counts them instead.
    assert "for all 60 people it lists." in pages[-1] and "your references" not in pages[-1]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_hundreds_of_people_still_make_a_letter_with_one_slip():
    people = [person(n) for n in range(1, 401)]
    pdf = VendorNotificationLetter(vendor_letter("zh", people=people), paper="A4").render()
    pages = pdfcheck.page_texts(pdf.data)
    assert pdf.page_count == len(pages) > 5
    assert sum("回执：" in page for page in pages) == 1 and "回执：" in pages[-1]


def test_output_is_byte_identical_with_invariant():
    for make in LETTERS.values():
        assert make("en", "A4").render(invariant=True).data == (
            make("en", "A4").render(invariant=True).data
        )


# -- from the records ----------------------------------------------------------------------------

CALL = datetime(2026, 12, 23, 14, 0, tzinfo=UTC)
LATER = CALL + timedelta(minutes=5)


@pytest.fixture
def coaching(store):
    """Ada said yes to a training app (identified, contact details), a newsletter and a
    pseudonymous tracker; payments go on under contract. Wang (Chinese) said yes to the app."""
    practice.update_practice(
        store,
        {
            "name": "Riverside Strength",
            "street": "27 Sumner Street",
            "city": "London",
            "postal_code": "SE1 9TG",
            "country_code": "GB",
            "email": "hello@riverside.example",
            "phone": "+44 20 7946 0321",
            "supervisory_authority": "ICO",
        },
        actor=ACTOR,
        now=NOW,
    )
    training = make_sharing(
        store,
        make_vendor(
            store,
            "TrainLoop",
            legal_name="TrainLoop Ltd",
            postal_address="TrainLoop Ltd\nData Protection Officer\n88 Tabernacle Street\n"
            "London\nEC2A 4BA",
        ),
    )
    make_sharing(
        store, make_vendor(store, "Paydeck"), purpose_key="payments", categories=("payment",)
    )
    newsletter = make_sharing(
        store,
        make_vendor(store, "Postbird"),
        purpose_key="newsletter",
        categories=("contact", "marketing"),
    )
    stats = make_vendor(store, "StatsBox")
    tracker = vendors.add_sharing(
        store,
        vendors.SharingDraft(
            vendor_id=stats.id,
            purpose_key="activity_tracking",
            category_keys=("wearable",),
            necessity="Trends only.",
            form="pseudonymised",
        ),
        actor=ACTOR,
        today=NOW.date(),
        now=NOW,
    )
    ada = make_client(
        store, "Ada", "Lovelace", email="ada@example.org", phone="020 7946 0958",
        street="12 Long Lane", city="London", postal_code="SE1 4PU", country_code="GB",
    )  # fmt: skip
    wang = make_client(store, "伟", "王", language="zh", email="wang@example.cn")
    for client, sharings in ((ada, (training, newsletter, tracker)), (wang, (training,))):
        record_consent_answers(
            store,
            client.ref,
            {sharing.id: ConsentState.GIVEN for sharing in sharings},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW,
            actor=ACTOR,
            now=NOW,
        )
    return {"ada": ada, "wang": wang}


def _log(store, client, **fields):
    return optouts.log_optout(
        store,
        client_ref=client.ref if client else None,
        channel=fields.pop("channel", Channel.PHONE),
        scope=fields.pop("scope", OptOutScope.ALL),
        received_at=CALL,
        actor=ACTOR,
        now=LATER,
        **fields,
    )


def _documents(store) -> list[GeneratedDocument]:
    with unit_of_work(store.engine) as session:
        return list(session.execute(select(GeneratedDocument)).scalars())


def test_the_confirmation_from_the_records_is_recorded_for_the_client(store, coaching):
    result = _log(store, coaching["ada"], note="Mentioned her knee")
    document = optout_documents.render_confirmation_letter(
        store, result.request_id, now=LATER, invariant=True
    )
    text = pdfcheck.text_of(document.data)
    assert "Dear Ada Lovelace," in text
    assert "We received your request by phone on 23 December 2026 at 14:00." in text
    assert "Delivering your training programme (TrainLoop)" in text
    assert f"All of them will have been told by {result.due_on.day} January 2027" in text
    for vendor in ("TrainLoop", "Postbird", "StatsBox"):
        assert f"{vendor}: to be told by" in text
    assert "Taking payment (Paydeck): we need it to give you the service" in text
    assert "knee" not in text
    assert document.kind == "optout_confirmation" and document.pages == 1
    assert document.client_refs == (result.client_ref,)
    assert (
        document.file_name == f"opt-out-confirmation-{result.request_id}-{result.client_ref}-en.pdf"
    )
    [row] = _documents(store)
    assert (row.id,) == document.document_ids
    assert (row.kind, row.client_id, row.vendor_id) == (
        "optout_confirmation",
        coaching["ada"].id,
        None,
    )
    assert (row.sha256, row.pages) == (document.sha256, 1)
    assert pdfcheck.reader(document.data).trailer["/Root"]["/Lang"] == "en"


def test_the_confirmation_is_in_the_clients_language_or_the_one_asked_for(store, coaching):
    result = _log(store, coaching["wang"])
    chinese = pdfcheck.text_of(
        optout_documents.render_confirmation_letter(store, result.request_id, now=LATER).data
    )
    assert "尊敬的王伟：" in chinese and "提供您的训练计划（TrainLoop）" in chinese
    english = optout_documents.render_confirmation_letter(
        store, result.request_id, lang="en", paper="Letter", now=LATER
    )
    text = pdfcheck.text_of(english.data)
    assert "Delivering your training programme (TrainLoop)" in text and "尊敬" not in text
    width, height = (float(v) for v in pdfcheck.reader(english.data).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)
    assert len(_documents(store)) == 2


def test_a_letter_that_cannot_be_addressed_or_made_is_refused_and_nothing_recorded(store, coaching):
    caller = _log(store, None, caller_details="Ada? rang from a withheld number")
    with pytest.raises(Conflict, match="not matched to a client"):
        optout_documents.render_confirmation_letter(store, caller.request_id)
    with pytest.raises(NotFound):
        optout_documents.render_confirmation_letter(store, 999)
    result = _log(store, coaching["ada"])
    with pytest.raises(ValidationError, match="A4 or Letter"):
        optout_documents.render_confirmation_letter(store, result.request_id, paper="A5")
    with pytest.raises(ValidationError, match="en or zh"):
        optout_documents.render_confirmation_letter(store, result.request_id, lang="fr")
    assert _documents(store) == []


def test_vendor_letters_carry_only_what_each_vendor_needs_and_are_recorded(store, coaching):
    _log(
        store,
        coaching["ada"],
        note="Mentioned her knee injury",
        caller_details="her husband Bill",
    )
    _log(store, coaching["wang"], channel=Channel.EMAIL)
    letters = optout_documents.render_vendor_letters(store, now=LATER, invariant=True)
    by_vendor = {pending.vendor: (pending, document) for pending, document in letters}
    assert sorted(by_vendor) == ["Postbird", "StatsBox", "TrainLoop"]
    for pending, document in by_vendor.values():
        text = pdfcheck.text_of(document.data)
        # never notes, caller details, or the phone number of a person
        assert "knee" not in text and "Bill" not in text and "020 7946 0958" not in text
        assert "Please confirm by 4 January 2027" in text  # five business days, holidays
        assert f"Opt-out notification {pending.notification_id}" in text
        assert document.kind == "vendor_notification"
        assert document.client_refs == tuple(p.ref for p in pending.people)
    trainloop = pdfcheck.text_of(by_vendor["TrainLoop"][1].data)
    assert "Ada Lovelace" in trainloop and "ada@example.org" in trainloop
    assert "王伟" in trainloop and "wang@example.cn" in trainloop
    assert "Delivering your training programme" in trainloop
    statsbox = pdfcheck.text_of(by_vendor["StatsBox"][1].data)
    [ada] = by_vendor["StatsBox"][0].people
    assert ada.ref in statsbox
    assert "Ada" not in statsbox and "ada@example.org" not in statsbox  # pseudonymised
    rows = {row.vendor_id: row for row in _documents(store)}
    assert {row.kind for row in rows.values()} == {"vendor_notification"}
    for pending, document in letters:
        row = rows[pending.vendor_id]
        assert (row.id,) == document.document_ids
        assert (row.client_id, row.sha256, row.pages) == (None, document.sha256, document.pages)
    # The recorded letter is the one marked sent.
    pending, document = by_vendor["TrainLoop"]
    optouts.mark_notification_sent(
        store, pending.notification_id, method=SendMethod.POST, sent_at=LATER, actor=ACTOR,
        document_id=document.document_ids[0], now=LATER,
    )  # fmt: skip
    left = optout_documents.render_vendor_letters(store, now=LATER)
    assert sorted(p.vendor for p, _ in left) == ["Postbird", "StatsBox"]


def test_with_nothing_pending_no_letter_is_made_or_recorded(store, coaching):
    assert optout_documents.render_vendor_letters(store, now=LATER) == []
    assert _documents(store) == []


def test_vendor_letters_follow_the_practice_language_and_paper(store, coaching):
    practice.update_practice(
        store, {"default_language": "zh", "paper_size": "Letter"}, actor=ACTOR, now=NOW
    )
    _log(store, coaching["ada"])
    [*letters] = optout_documents.render_vendor_letters(store, now=LATER)
    for _pending, document in letters:
        opened = pdfcheck.reader(document.data)
        assert opened.trailer["/Root"]["/Lang"] == "zh-CN"
        assert round(float(opened.pages[0].mediabox[3])) == 792
        assert "选择退出通知" in pdfcheck.text_of(document.data)
    with unit_of_work(store.engine) as session:
        count = session.execute(select(func.count()).select_from(GeneratedDocument)).scalar_one()
    assert count == len(letters) == 3


def test_the_vendor_email_and_letter_say_the_same_and_give_one_address_to_reply_to():
    """One source of wording: the pasted email repeats the letter's sentences and reply-by."""
    import dataclasses

    from app.documents.vendor_wording import VendorWording, vendor_email_text

    normalised = pdfcheck.normalised
    for sender in (samples.PRACTICE, dataclasses.replace(samples.PRACTICE, email="")):
        data = vendor_letter(practice=sender)
        pdf = VendorNotificationLetter(data, paper="A4").render().data
        letter = normalised(pdfcheck.text_of(pdf))
        email = normalised(vendor_email_text(data))
        wording = VendorWording(data)
        for sentence in (wording.greeting(), wording.request(), wording.minimisation()):
            assert normalised(sentence) in letter and normalised(sentence) in email
        assert normalised(wording.heading()) in email
        # The sentence asking for the reply names the date and where to reply, in both.
        assert normalised(wording.confirm(with_slip=True)) in letter
        assert normalised(wording.confirm(with_slip=False)) in email
        for sentence in (wording.confirm(with_slip=True), wording.confirm(with_slip=False)):
            assert wording.reply_to() in sentence and wording.day(data.confirm_by) in sentence
    # Without an email address the phone is where to reply, in the letter and in the email.
    assert VendorWording(data).reply_to() == samples.PRACTICE.phone


@pytest.mark.parametrize("lang", LANGS)
def test_a_letter_that_asks_only_for_a_deletion_or_correction_does_not_call_it_an_opt_out(lang):
    """An erasure's deletion task and a correction reach the vendor in the same letter as
    opt-outs; alone, they are not an opt-out, in the title, the text or the slip."""
    deleted = replace(person(1), stop=(), erase=True)
    corrected = replace(person(2), stop=(), correct=(("Email address", "ada@example.org"),))
    pdf = VendorNotificationLetter(vendor_letter(lang, people=[deleted, corrected]), paper="A4")
    rendered = pdf.render()
    text = pdfcheck.text_of(rendered.data)
    if lang == "en":
        assert "Data protection notification 4 from" in text
        assert "have used their rights over their information" in text
        assert "We confirm that we have done what notification 4" in text
        assert "opt-out" not in text.casefold() and "opted out" not in text
    else:
        assert "第 4 号个人信息保护通知" in text and "选择退出" not in text
    assert pdfcheck.reader(rendered.data).metadata.title == (
        "个人信息保护通知" if lang == "zh" else "Data protection notification"
    )
