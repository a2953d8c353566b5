"""Anything a person can type goes through every service that takes text, and keeps its meaning.

Accepted text comes back unchanged but for the documented normal form (surrounding space
stripped; names also NFC-normalised); refused text is refused with a DomainError naming
the problem, never another exception; and `check` stays ok.

Each test opens one practice and runs every example in it, so examples accumulate records:
assertions look only at the record the example made.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.errors import DomainError
from app.domain.validation import normalise_web_address
from app.services import clients, integrity, optouts, practice, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput
from app.services.rows import ClientDraft
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

# What people paste: accents in both normal forms, emoji sequences, right-to-left scripts and
# marks, CJK, markup and quotes, invisible controls, every kind of space and line break.
PASTED = (
    "é",
    "e\u0301",
    "Å",
    "A\u030a",
    "👩\u200d👩\u200d👧",
    "🏳\ufe0f\u200d🌈",
    "שלום",
    "مرحبا",
    "\u200f",
    "\u202e",
    "\u2067",
    "王",
    "欧阳",
    "<b>",
    "&amp;",
    "'",
    '"',
    "\\",
    "%",
    "_",
    "\x00",
    "\x1b[31m",
    "\t",
    "\n",
    "\r\n",
    "\u2028",
    "\u3000",
    " ",
    "\u00a0",
    "\ufeff",
    "\U0010fffd",
)
pasted = st.lists(st.sampled_from(PASTED) | st.text(max_size=3), max_size=12).map("".join)
long_text = st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=6), st.integers(30, 900)
)
# Text that a name field accepts: no controls, line breaks or bidi overrides (so that most
# examples test keeping text, not only refusing it).
typed = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=60,
)
# st.text() never yields lone surrogates: no keyboard or clipboard produces them.
TEXT = st.one_of(st.text(max_size=40), pasted, long_text, typed)
WEB_ADDRESSES = ("website", "online_optout_url")

SETTINGS = settings(
    max_examples=60,
    deadline=None,  # each example writes with fsync; timing is not what is tested here
    derandomize=True,  # the same examples every run: a failure is never a fluke
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def name_form(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def assert_refused_in_words(error: DomainError) -> None:
    event(f"refused: {type(error).__name__}")  # --hypothesis-show-statistics shows the mix
    message = str(error)
    assert message and "\n" not in message, repr(message)
    if isinstance(error, InvalidInput):
        assert error.problems and all(problem.field for problem in error.problems)


def test_client_names_and_notes_are_kept_or_refused_in_words(store):
    @SETTINGS
    @given(given_name=TEXT, family_name=TEXT, notes=TEXT)
    def add(given_name, family_name, notes):
        draft = ClientDraft(given_name, family_name, notes=notes)
        try:
            row = clients.add_client(store, draft, actor=ACTOR, now=NOW)
        except DomainError as error:
            assert_refused_in_words(error)
            return
        event("accepted")
        detail = clients.get_client(store, row.ref)
        assert detail.given_name == name_form(given_name)
        assert detail.family_name == (name_form(family_name) if family_name.strip() else "")
        assert detail.notes == notes.strip()
        assert [found.id for found in clients.find_clients(store, row.ref)] == [row.id]

    add()
    assert integrity.check(store).ok


def test_client_email_and_phone_are_kept_or_refused_in_words(store):
    addresses = TEXT | st.emails().map(lambda address: address.upper())
    numbers = TEXT | st.from_regex(r"\+?[0-9 ()\-]{6,18}", fullmatch=True)

    @SETTINGS
    @given(email=addresses, phone=numbers, country=st.sampled_from(("", "GB", "CN", "US")))
    def add(email, phone, country):
        draft = ClientDraft("Ada", "Lovelace", email=email, phone=phone)
        try:
            row = clients.add_client(store, draft, actor=ACTOR, now=NOW)
        except DomainError as error:
            assert_refused_in_words(error)
            return
        event("accepted")
        detail = clients.get_client(store, row.ref)
        assert detail.row.phone == phone.strip()
        assert bool(detail.phone_e164) == bool(phone.strip())
        assert bool(detail.row.email) == bool(email.strip())
        # The normal form of an address is its own normal form: saving twice changes nothing.
        again = ClientDraft("Ada", "Lovelace", email=detail.row.email, phone=detail.row.phone)
        assert clients.edit_client(store, row.ref, again, actor=ACTOR, now=NOW) == detail.row

    add()
    assert integrity.check(store).ok


def test_editing_a_client_changes_everything_or_nothing(store):
    client = make_client(store, "Ada", "Lovelace", notes="Knee surgery 2019")

    @SETTINGS
    @given(given_name=TEXT, family_name=TEXT, notes=TEXT, phone=TEXT)
    def edit(given_name, family_name, notes, phone):
        before = clients.get_client(store, client.ref)
        draft = ClientDraft(given_name, family_name, phone=phone, notes=notes)
        try:
            clients.edit_client(store, client.ref, draft, actor=ACTOR, now=NOW)
        except DomainError as error:
            assert_refused_in_words(error)
            assert clients.get_client(store, client.ref) == before
            return
        event("accepted")
        after = clients.get_client(store, client.ref)
        assert after.given_name == name_form(given_name)
        assert after.notes == notes.strip()
        assert after.row.phone == phone.strip()

    edit()
    assert integrity.check(store).ok


def test_searching_for_anything_never_fails(store):
    make_client(store, "Zoë", "Ångström", email="zoe@example.org", phone="020 7946 0958")
    make_client(store, "伟", "王")

    @SETTINGS
    @given(query=TEXT)
    @example(query="00\x00")  # FTS5 read the NUL as the end of the phrase: a crash, now fixed
    def search(query):
        found = clients.find_clients(store, query)
        assert isinstance(found, list)
        assert isinstance(optouts.find_callers(store, query), list)

    search()
    for query in ("Zoë", "ZOË", "王伟", "0958", "ngstr"):
        assert clients.find_clients(store, query), query


def test_vendor_names_and_descriptions_are_kept_or_refused_in_words(store):
    @SETTINGS
    @given(name=TEXT, description=TEXT, legal_name=TEXT)
    def add(name, description, legal_name):
        draft = vendors.VendorDraft(
            name=name, service_description=description, legal_name=legal_name
        )
        try:
            row = vendors.add_vendor(store, draft, actor=ACTOR, now=NOW)
        except Conflict:
            assert name_form(name) in {vendor.name for vendor in vendors.list_vendors(store)}
            return
        except DomainError as error:
            assert_refused_in_words(error)
            return
        event("accepted")
        detail = vendors.get_vendor(store, row.id)
        assert detail.draft.name == name_form(name)
        # Kept as typed, in Unicode's composed form (NFC): "Å" typed as A + ring is one letter.
        assert detail.draft.service_description == unicodedata.normalize("NFC", description.strip())
        assert detail.draft.legal_name == unicodedata.normalize("NFC", legal_name.strip())

    add()
    assert integrity.check(store).ok


def test_a_consent_note_is_kept_as_written(store):
    client = make_client(store, "Ada", "Lovelace")
    sharing = make_sharing(store, make_vendor(store))
    counter = iter(range(10_000))

    @SETTINGS
    @given(note=TEXT)
    def record(note):
        occurred = NOW - timedelta(minutes=next(counter))
        try:
            record_consent_answers(
                store,
                client.ref,
                {sharing.id: ConsentState.GIVEN},
                channel=Channel.PAPER_IN_PERSON,
                occurred_at=occurred,
                actor=ACTOR,
                note=note,
                now=NOW,
            )
        except DomainError as error:
            assert_refused_in_words(error)
            return
        event("accepted")
        history = clients.get_client(store, client.ref).history
        line = next(line for line in history if line.occurred_at == occurred)
        assert line.evidence_note == note.strip()

    record()
    assert integrity.check(store).ok


def test_an_opt_out_keeps_the_callers_words(store):
    make_sharing(store, make_vendor(store))

    @SETTINGS
    @given(caller=TEXT, note=TEXT)
    def log(caller, note):
        try:
            result = optouts.log_optout(
                store,
                client_ref=None,
                caller_details=caller,
                channel=Channel.PHONE,
                scope=OptOutScope.ALL,
                received_at=NOW - timedelta(hours=1),
                note=note,
                actor=ACTOR,
                now=NOW,
            )
        except DomainError as error:
            assert_refused_in_words(error)
            return
        event("accepted")
        row = next(
            row for row in optouts.list_optouts(store, now=NOW) if row.id == result.request_id
        )
        assert row.caller_details == caller.strip()
        assert row.note == note.strip()

    log()
    assert integrity.check(store).ok


def test_the_practice_profile_keeps_its_texts(store):
    fields = st.sampled_from(
        ("name", "website", "online_optout_url", "privacy_contact", "supervisory_authority")
    )

    @SETTINGS
    @given(field=fields, value=TEXT)
    def update(field, value):
        before = practice.get_practice(store)
        try:
            after = practice.update_practice(store, {field: value}, actor=ACTOR, now=NOW)
        except DomainError as error:
            assert_refused_in_words(error)
            assert practice.get_practice(store) == before
            return
        event("accepted")
        # A web address is kept with its scheme ("example.com" becomes https://example.com).
        kept = normalise_web_address(field, value) if field in WEB_ADDRESSES else value.strip()
        assert getattr(after, field) == kept
        assert getattr(practice.get_practice(store), field) == kept

    update()
    assert integrity.check(store).ok
