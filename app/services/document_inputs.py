"""The input of the documents made for a client or for nobody, from the records: the privacy
notice, the consent form, the postal opt-out form and the policy update letter."""

from __future__ import annotations

from datetime import tzinfo

from app.documents.data import (
    ChoiceInfo,
    ConsentFormData,
    NoticeContent,
    NoticeData,
    OptOutFormData,
    PolicyUpdateLetterData,
    PracticeInfo,
    SharingInfo,
)
from app.domain.consent import ConsentFact
from app.domain.enums import ConsentState
from app.domain.errors import N_
from app.domain.optout import local_date
from app.persistence.models import Client
from app.services.document_context import DocumentContext
from app.services.errors import Conflict


def notice_input(context: DocumentContext, client: Client | None) -> NoticeData:
    """Generic (no client), or personalised with the client's current choices."""
    content = context.notice_content(_language(context, client))
    if client is None:
        return NoticeData(content, context.today, None, ())
    choices = _choice_infos(content, context.choices_of(client), context.zone)
    return NoticeData(content, context.today, context.client_info(client), choices)


def consent_form_input(context: DocumentContext, client: Client) -> ConsentFormData:
    lang = _language(context, client)
    content = context.notice_content(lang)
    return ConsentFormData(
        lang,
        _return_address(context, client, lang),
        context.client_info(client),
        content.consent_sharings,
        context.today,
        content.version.number,
        jurisdictions=content.jurisdictions,
    )


def optout_form_input(context: DocumentContext, client: Client | None) -> OptOutFormData:
    """Pre-filled for a client, or blank (walk-ins)."""
    lang = _language(context, client)
    content = context.notice_content(lang)
    return OptOutFormData(
        lang,
        _return_address(context, client, lang),
        content.sharings,
        context.today,
        context.client_info(client) if client is not None else None,
    )


def update_letter_input(context: DocumentContext, client: Client) -> PolicyUpdateLetterData:
    lang = _language(context, client)
    content = context.notice_content(lang)
    if content.version.number is None:  # the letter announces a version and its date
        raise Conflict(
            N_(
                "There is no published notice to tell clients about yet. "
                "Publish the privacy notice first, then send the update letter."
            )
        )
    return PolicyUpdateLetterData(
        lang=lang,
        practice=context.practice_info(lang),
        client=context.client_info(client),
        version=content.version,
        issued_on=context.today,
        decisions=_undecided(content, context.choices_of(client)),
    )


def update_letter_enclosures(data: PolicyUpdateLetterData) -> tuple[str, ...]:
    """After the letter: the notice, the consent form when the client has something to
    decide, and the opt-out form (the document kinds' names)."""
    consent = ("consent_form",) if data.decisions else ()
    return ("notice", *consent, "optout_form")


def _language(context: DocumentContext, client: Client | None) -> str:
    return context.language_for(
        client.language if client is not None else context.practice.default_language
    )


def _return_address(context: DocumentContext, client: Client | None, lang: str) -> PracticeInfo:
    """The practice on a form the client posts back: with a country line for a client who
    posts it from abroad."""
    sender = client.country_code if client is not None and client.country_code else ""
    return context.practice_info(lang, sender_country=sender)


def _choice_infos(
    content: NoticeContent, latest: dict[int, ConsentFact], zone: tzinfo
) -> tuple[ChoiceInfo, ...]:
    """The client's answers, each dated by the practice's local day (not the UTC one)."""
    choices = []
    for sharing in content.consent_sharings:
        fact = latest.get(sharing.id)
        choices.append(
            ChoiceInfo(
                sharing_id=sharing.id,
                state=fact.state.value if fact else ConsentState.NONE.value,
                since=local_date(fact.occurred_at, zone) if fact else None,
            )
        )
    return tuple(choices)


def _undecided(content: NoticeContent, latest: dict[int, ConsentFact]) -> tuple[SharingInfo, ...]:
    return tuple(s for s in content.consent_sharings if s.id not in latest)
