"""Where data counts as sent abroad, judged from the practice's own legal area, and the
instrument that usually covers such a transfer.

A transfer is leaving the area whose law protects the data at home: the European Economic
Area for a practice in the EU, Iceland, Liechtenstein or Norway (GDPR: storage in another
member state is not a transfer), the United Kingdom for a UK practice (UK GDPR), mainland
China for a Chinese practice (PIPL: Hong Kong, Macao and Taiwan are outside it, and have
their own country codes), and otherwise the practice's own country.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

# The 27 EU member states and the three EEA states that apply the GDPR.
# fmt: off
EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
# fmt: on
EEA_AREA = "EEA"

# Countries with an EU adequacy decision (GDPR Art. 45). The United States is adequate only
# for companies certified under the EU-US Data Privacy Framework, so it is not listed: the
# usual instrument for a US provider is the standard contractual clauses.
EU_ADEQUATE = frozenset(
    {"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"}
)
# Countries covered by UK adequacy regulations (UK GDPR Art. 45, Data Protection Act 2018
# s. 17A and Schedule 21): the EEA, Gibraltar and those the EU found adequate before 2021,
# and the Republic of Korea. The US "data bridge" again covers certified companies only.
UK_ADEQUATE = EEA | frozenset(
    {"GI", "AD", "AR", "CA", "FO", "GG", "IM", "IL", "JP", "JE", "NZ", "KR", "CH", "UY"}
)


class TransferInstrument(StrEnum):
    """The legal instrument that usually makes a transfer from the practice's area lawful."""

    EU_ADEQUACY = "eu_adequacy"  # an EU adequacy decision
    EU_SCC = "eu_scc"  # the EU standard contractual clauses (2021)
    UK_ADEQUACY = "uk_adequacy"  # UK adequacy regulations
    UK_ADDENDUM = "uk_addendum"  # the UK IDTA, or the UK Addendum to the EU clauses
    PIPL_STANDARD_CONTRACT = "pipl_standard_contract"  # PIPL Art. 38: the CAC standard contract
    CONTRACT = "contract"  # no transfer rule at home: the provider's contract


def _code(country: str) -> str:
    return country.strip().upper()


def legal_area(country: str) -> str:
    """ "EEA" for an EEA state, else the country code itself (GB, CN, US ...)."""
    code = _code(country)
    return EEA_AREA if code in EEA else code


def is_abroad(destination: str, practice_country: str) -> bool:
    """Whether data kept in `destination` has left the practice's legal area."""
    code = _code(destination)
    return bool(code) and legal_area(code) != legal_area(practice_country)


def countries_abroad(storage_countries: Iterable[str], practice_country: str) -> tuple[str, ...]:
    """The storage countries outside the practice's legal area, in order, each once."""
    abroad = (_code(c) for c in storage_countries if is_abroad(c, practice_country))
    return tuple(dict.fromkeys(abroad))


def usual_instrument(practice_country: str, destination: str) -> TransferInstrument | None:
    """The instrument a transfer from the practice to `destination` usually rests on;
    None when it is no transfer at all."""
    if not is_abroad(destination, practice_country):
        return None
    code, area = _code(destination), legal_area(practice_country)
    if area == EEA_AREA:
        return TransferInstrument.EU_ADEQUACY if code in EU_ADEQUATE else TransferInstrument.EU_SCC
    if area == "GB":
        return (
            TransferInstrument.UK_ADEQUACY
            if code in UK_ADEQUATE
            else TransferInstrument.UK_ADDENDUM
        )
    if area == "CN":
        return TransferInstrument.PIPL_STANDARD_CONTRACT
    return TransferInstrument.CONTRACT
