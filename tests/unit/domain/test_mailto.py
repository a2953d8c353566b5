"""A client's email from a notice or a form arrives with their reference in the subject."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import unquote, urlsplit

import pytest

from app.domain.emails import read_email
from app.domain.enums import RequestKind
from app.domain.errors import ValidationError
from app.domain.mailto import mailto_uri


def test_the_subject_is_percent_encoded_with_spaces_as_percent_20_never_plus():
    uri = mailto_uri("privacy@riverside.example", "Opt out ABC-DEFG")
    assert uri == "mailto:privacy@riverside.example?subject=Opt%20out%20ABC-DEFG"


def test_chinese_and_reserved_characters_cannot_end_the_subject_early():
    uri = mailto_uri("privacy@riverside.example", "退订 & 查阅? #ABC-DEFG")
    parts = urlsplit(uri)
    assert parts.scheme == "mailto" and parts.fragment == ""
    assert parts.query.count("=") == 1 and "&" not in parts.query
    assert unquote(parts.query.removeprefix("subject=")) == "退订 & 查阅? #ABC-DEFG"


@pytest.mark.parametrize(
    "address", ["", "  ", "a@b.example?cc=x@y.example", "a@b.example\r\nBcc: x"]
)
def test_an_address_that_would_break_the_link_is_refused(address):
    with pytest.raises(ValidationError):
        mailto_uri(address, "Opt out")


@pytest.mark.parametrize(
    "subject", ["Opt out 7BE-P59W", "选择退出 7BE-P59W"], ids=["English", "Chinese"]
)
def test_a_reply_written_from_the_link_is_read_as_an_opt_out_with_the_clients_reference(subject):
    uri = mailto_uri("privacy@riverside.example", subject)
    sent = unquote(urlsplit(uri).query.removeprefix("subject="))
    email = (
        "From: Zoë Ångström <zoe@example.net>\n"
        "To: privacy@riverside.example\n"
        "Date: Tue, 01 Dec 2026 09:30:00 +0000\n"
        f"Subject: {sent}\n\n"
        "Thanks.\n"
    )

    read = read_email(email.encode("utf-8"), zone=UTC)

    assert read.references == ("7BEP59W",)  # normalised, as stored
    assert read.kind is RequestKind.OPT_OUT
