"""Transfers abroad are judged from the practice's own legal area (EEA, UK, mainland China),
and each gets the instrument of that area's law."""

import pytest

from app.domain.consent import sends_abroad
from app.domain.transfers import (
    EEA,
    TransferInstrument,
    countries_abroad,
    is_abroad,
    legal_area,
    usual_instrument,
)


def test_the_eea_is_the_27_member_states_and_iceland_liechtenstein_norway():
    assert len(EEA) == 30
    assert {"DE", "FR", "IE", "IS", "LI", "NO"} <= EEA
    assert not {"GB", "CH", "US", "CN"} & EEA
    assert legal_area("de") == legal_area("IE") == "EEA"
    assert legal_area("GB") == "GB"


@pytest.mark.parametrize(
    ("practice", "storage", "abroad"),
    [
        ("DE", ["GB"], True),  # a German practice's UK host is a transfer
        ("DE", ["IE"], False),  # EU to EU is no transfer under the GDPR
        ("DE", ["IE", "FR", "de"], False),
        ("FR", ["NO"], False),  # the EEA, not only the EU
        ("GB", ["IE"], True),  # a UK practice sending to the EU
        ("GB", ["GB"], False),
        ("CN", ["HK"], True),  # PIPL: anything outside mainland China
        ("CN", ["TW", "CN"], True),
        ("CN", ["CN"], False),
        ("US", ["CA"], True),
        ("US", ["US", ""], False),
    ],
)
def test_a_vendor_sends_abroad_when_a_storage_country_leaves_the_practices_legal_area(
    practice, storage, abroad
):
    assert sends_abroad(storage, practice) is abroad
    assert bool(countries_abroad(storage, practice)) is abroad


def test_countries_abroad_keeps_the_order_and_names_each_once():
    assert countries_abroad(["us", "IE", "US", "GB"], "DE") == ("US", "GB")
    assert not is_abroad("", "DE")


@pytest.mark.parametrize(
    ("practice", "destination", "instrument"),
    [
        ("DE", "GB", TransferInstrument.EU_ADEQUACY),  # EU instruments, not UK ones
        ("DE", "US", TransferInstrument.EU_SCC),
        ("DE", "JP", TransferInstrument.EU_ADEQUACY),
        ("DE", "IE", None),
        ("GB", "IE", TransferInstrument.UK_ADEQUACY),  # UK adequacy regulations for the EEA
        ("GB", "DE", TransferInstrument.UK_ADEQUACY),
        ("GB", "KR", TransferInstrument.UK_ADEQUACY),
        ("GB", "US", TransferInstrument.UK_ADDENDUM),
        ("GB", "GB", None),
        ("CN", "US", TransferInstrument.PIPL_STANDARD_CONTRACT),
        ("CN", "HK", TransferInstrument.PIPL_STANDARD_CONTRACT),
        ("US", "GB", TransferInstrument.CONTRACT),
    ],
)
def test_each_transfer_gets_the_usual_instrument_of_the_practices_own_law(
    practice, destination, instrument
):
    assert usual_instrument(practice, destination) == instrument
