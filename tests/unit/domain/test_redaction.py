"""An erased person found in typed text: their name as a whole word in any case, a Chinese
name wherever it stands, their address, and their phone however it was spaced."""

from __future__ import annotations

import pytest

from app.domain.redaction import PLACEHOLDER, Person, redacted, traces_of

ADA = Person("Ada", "Lovelace", "Ada@Example.com", "020 7946 0018", "+442079460018")


@pytest.mark.parametrize(
    ("typed", "left"),
    [
        ("Ada Lovelace phoned", "— phoned"),
        ("LOVELACE, ada: wants a copy", "—, —: wants a copy"),
        ("Dear Ada, we stopped.", "Dear —, we stopped."),
        ("Replied from ada@example.com", "Replied from —"),
        ("Called back on +44 20 7946 0018", "Called back on +44 —"),
        ("call 020-7946-0018 after six", "call 0— after six"),
        ("Adam from Canada asked", "Adam from Canada asked"),  # not inside other words
        ("", ""),
    ],
)
def test_a_latin_name_address_and_phone_are_taken_out(typed, left):
    assert redacted(typed, traces_of(ADA)) == left


def test_a_chinese_name_is_found_without_spaces_and_one_character_alone_is_left():
    wei = Person("伟", "王", "", "", "")
    assert redacted("王伟说他不知道分享", traces_of(wei)) == f"{PLACEHOLDER}说他不知道分享"
    assert redacted("伟大的工作", traces_of(wei)) == "伟大的工作"


def test_nothing_is_looked_for_when_nothing_identifying_is_left():
    assert traces_of(Person("", "", "", "", "")) is None
    assert redacted("anything", None) == "anything"


def test_in_a_record_about_others_only_the_whole_name_is_taken_out():
    whole = traces_of(ADA, name_parts=False)
    assert redacted("Ada Lovelace and Ada Smith", whole) == "— and Ada Smith"
    assert redacted("Lovelace Ada phoned from 02079460018", whole) == "— phoned from 0—"
