"""A rule set registered in a test reaches the printed notice through its checklist and its
authority, named by its own law's name: the notice renderer does not list rule sets."""

from __future__ import annotations

import dataclasses

import pytest

from app.documents.data import AuthorityInfo
from app.documents.notice import PrivacyNotice
from app.domain.rulesets import authorities
from tests.helpers.rulesets import ATLANTIS, registered
from tests.unit.documents import pdfcheck, samples


@pytest.fixture
def atlantis():
    with registered(ATLANTIS) as rule:
        yield rule


def notice_text(jurisdictions: tuple[str, ...]) -> str:
    data = samples.notice(None, "en")
    content = dataclasses.replace(
        data.content,
        jurisdictions=jurisdictions,
        authorities=tuple(
            AuthorityInfo(str(rule), authority.name("en"))
            for rule, authority in authorities("GB", "", jurisdictions)
        ),
    )
    notice = PrivacyNotice(dataclasses.replace(data, content=content), paper="A4")
    return pdfcheck.text_of(notice.render().data)


@pytest.mark.usefixtures("atlantis")
def test_its_right_and_its_authority_under_its_law_name_are_printed():
    before, after = notice_text(("gdpr",)), notice_text(("gdpr", "atlantis"))
    assert "(explanation)" not in before and "(explanation)" in after
    assert "Atlantis Data Office" not in before
    # Each authority named by its law, as the practice's country calls it.
    assert "UK GDPR the Information Commissioner's Office (ICO)" in after
    assert "ADA the Atlantis Data Office" in after
