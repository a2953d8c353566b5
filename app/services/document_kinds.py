"""Every kind of document the practice prints, declared once.

A declaration says how the kind is built from the records (its builder, from
document_inputs, optout_letter_inputs, incident_inputs or request_letter_inputs), which
renderer lays it out, what its files are called, whom it is addressed to, the words the
window and the command line use for it, and what its GeneratedDocument record says. The
Documents page, `privacy-desk export` and the tests enumerate the kinds from here;
app/services/documents.py makes any of them.

Adding a kind: the input type (app/documents/data.py) and its renderer (app/documents/), a
builder, and one `register(DocumentKind(...))` below. Nothing else names the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.documents.confirmation_letter import OptOutConfirmationLetter
from app.documents.forms import ConsentForm, OptOutForm
from app.documents.incident_letter import IncidentLetter
from app.documents.incident_plan import IncidentPlan
from app.documents.incident_report import IncidentReport
from app.documents.incident_vendor_note import IncidentVendorNote
from app.documents.letters import PolicyUpdateLetter
from app.documents.notice import PrivacyNotice
from app.documents.pdf_document import PdfDocument
from app.documents.request_letters import (
    RequestAcknowledgementLetter,
    RequestAnswerLetter,
    RequestExtensionLetter,
)
from app.documents.request_register import RequestRegister
from app.documents.ropa import RecordOfProcessing
from app.documents.vendor_letter import VendorNotificationLetter
from app.domain.errors import N_
from app.services import (
    document_inputs,
    incident_inputs,
    optout_letter_inputs,
    practice_records,
    request_letter_inputs,
    request_register_inputs,
)
from app.services.document_context import Addressee, DocumentContext

# (context, subject) -> the renderer's frozen input. The subject is a Client (or None for a
# document addressed to nobody), an optout_letter_inputs.AnsweredRequest, or a
# PendingNotification, as `addressed_to` says.
Builder = Callable[[DocumentContext, Any], Any]
Renderer = Callable[..., PdfDocument]  # renderer(data, paper="A4") -> PdfDocument
# (session, record id, now) -> each subject of a kind made about one record (an incident),
# with its addressee; read inside the transaction that builds them.
SubjectsOf = Callable[[Any, int, datetime], Sequence[tuple[Any, Addressee]]]


class Recipient(StrEnum):
    CLIENT = "client"  # one client, or each active client of a batch
    NOBODY = "nobody"  # the generic notice, the blank form
    VENDOR = "vendor"  # one vendor with pending notifications
    OPTOUT_REQUEST = "optout_request"  # the client who made the request
    RECORD = "record"  # made about one record (an incident): its `subjects` say for whom
    PRACTICE = "practice"  # the practice's own records: the record of processing, the plan


@dataclass(frozen=True)
class ExportCommand:
    """How `privacy-desk export` offers a kind. The names are a contract; the command line
    speaks English, so its help is not marked for translation."""

    name: str  # "consent-form"
    help: str
    everyone: bool = False  # offers --all: every active client
    nobody_help: str = ""  # the help of --<nobody> (--generic, --blank)
    # For a kind made about a record: the option naming it ("incident": `--incident ID`).
    record: str = ""
    batch: bool = False  # several documents: --out FILE.pdf for one file, DIR/ for one each
    tables: bool = False  # also a spreadsheet: --out FILE.csv or FILE.xlsx


@dataclass(frozen=True, eq=False)
class DocumentKind:
    """One kind of document. `name` is its key and what its GeneratedDocument records."""

    name: str
    label: str  # the window's word for it, marked N_
    build: Builder
    renderer: Renderer
    file_stem: str  # "privacy-notice" -> "privacy-notice-v3-ABC-DEFG-en.pdf"
    addressed_to: frozenset[Recipient]
    nobody: str = ""  # what one for nobody is called ("generic", "blank"): files, flag
    command: ExportCommand | None = None  # None: not exported from the command line
    made_from_notice: bool = False  # prints the notice's content: records its version
    version_in_name: bool = False  # its file names carry the notice version ("-v3", "-draft")
    warns_as_draft: bool = False  # the window asks before one goes out while none is published
    # The kinds enclosed after each one in a batch with enclosures, from its input.
    enclosures: Callable[[Any], tuple[str, ...]] | None = None
    recorded: bool = True  # recorded as a GeneratedDocument
    subjects: SubjectsOf | None = None  # for Recipient.RECORD: whom it is made for
    # For Recipient.RECORD: the record it is made about ("incident", "request"), so that a
    # list of one record's documents (the incident plan's templates) takes only its own.
    about_record: str = ""

    def is_for(self, recipient: Recipient) -> bool:
        return recipient in self.addressed_to


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add a kind; its name and its command name are its own."""
    if kind.name in _KINDS:
        raise ValueError(f"a document kind {kind.name!r} is already declared")
    if kind.command is not None and any(
        other.command is not None and other.command.name == kind.command.name
        for other in _KINDS.values()
    ):
        raise ValueError(f"`export {kind.command.name}` already makes another kind")
    if Recipient.NOBODY in kind.addressed_to and not kind.nobody:
        raise ValueError(f"{kind.name!r} can be for nobody: say what one is called")
    if (Recipient.RECORD in kind.addressed_to) != (kind.subjects is not None):
        raise ValueError(f"{kind.name!r}: a kind about a record says whom it is made for")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    del _KINDS[name]


def kind_named(kind: DocumentKind | str) -> DocumentKind:
    if isinstance(kind, DocumentKind):
        return kind
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"there is no document kind {kind!r}") from None


def document_kinds() -> tuple[DocumentKind, ...]:
    """Every kind, in the order declared."""
    return tuple(_KINDS.values())


def kinds_for_clients() -> tuple[DocumentKind, ...]:
    """What the Documents page makes: kinds for a client, every active client, or nobody."""
    return tuple(
        kind
        for kind in _KINDS.values()
        if kind.is_for(Recipient.CLIENT) or kind.is_for(Recipient.NOBODY)
    )


def exported_kinds() -> tuple[DocumentKind, ...]:
    """The kinds `privacy-desk export` makes, in the order declared."""
    return tuple(kind for kind in _KINDS.values() if kind.command is not None)


# -- the declarations ----------------------------------------------------------------------------

NOTICE = register(
    DocumentKind(
        name="notice",
        label=N_("Privacy notice"),
        build=document_inputs.notice_input,
        renderer=PrivacyNotice,
        file_stem="privacy-notice",
        addressed_to=frozenset({Recipient.CLIENT, Recipient.NOBODY}),
        nobody="generic",
        command=ExportCommand(
            "notice", "the privacy notice", everyone=True, nobody_help="not personalised"
        ),
        made_from_notice=True,
        version_in_name=True,
        warns_as_draft=True,
    )
)
CONSENT_FORM = register(
    DocumentKind(
        name="consent_form",
        label=N_("Consent form"),
        build=document_inputs.consent_form_input,
        renderer=ConsentForm,
        file_stem="consent-form",
        addressed_to=frozenset({Recipient.CLIENT}),
        command=ExportCommand("consent-form", "the consent form"),
        made_from_notice=True,
    )
)
OPTOUT_FORM = register(
    DocumentKind(
        name="optout_form",
        label=N_("Postal opt-out form"),
        build=document_inputs.optout_form_input,
        renderer=OptOutForm,
        file_stem="opt-out-form",
        addressed_to=frozenset({Recipient.CLIENT, Recipient.NOBODY}),
        nobody="blank",
        command=ExportCommand(
            "optout-form", "the postal opt-out form", everyone=True, nobody_help="for walk-ins"
        ),
        made_from_notice=True,
    )
)
UPDATE_LETTER = register(
    DocumentKind(
        name="update_letter",
        label=N_("Policy update letter"),
        build=document_inputs.update_letter_input,
        renderer=PolicyUpdateLetter,
        file_stem="notice-update-letter",
        addressed_to=frozenset({Recipient.CLIENT}),
        made_from_notice=True,
        version_in_name=True,
        enclosures=document_inputs.update_letter_enclosures,
    )
)
OPTOUT_CONFIRMATION = register(
    DocumentKind(
        name="optout_confirmation",
        label=N_("Opt-out confirmation letter"),
        build=optout_letter_inputs.confirmation_input,
        renderer=OptOutConfirmationLetter,
        file_stem="opt-out-confirmation",
        addressed_to=frozenset({Recipient.OPTOUT_REQUEST}),
    )
)
VENDOR_NOTIFICATION = register(
    DocumentKind(
        name="vendor_notification",
        label=N_("Vendor notification letter"),
        build=optout_letter_inputs.vendor_letter_input,
        renderer=VendorNotificationLetter,
        file_stem="vendor-notification",
        addressed_to=frozenset({Recipient.VENDOR}),
    )
)
INCIDENT_REPORT = register(
    DocumentKind(
        name="incident_report",
        label=N_("Report for the authority"),
        build=incident_inputs.report_input,
        renderer=IncidentReport,
        file_stem="incident-report",
        addressed_to=frozenset({Recipient.RECORD}),
        command=ExportCommand(
            "incident-report", "the report of an incident to the authority", record="incident"
        ),
        subjects=incident_inputs.report_subjects,
        about_record="incident",
    )
)
INCIDENT_LETTER = register(
    DocumentKind(
        name="incident_letter",
        label=N_("Letters to clients"),
        build=incident_inputs.letter_input,
        renderer=IncidentLetter,
        file_stem="incident-letter",
        addressed_to=frozenset({Recipient.RECORD}),
        command=ExportCommand(
            "incident-letters",
            "the letter to each client an incident affects",
            record="incident",
            batch=True,
        ),
        subjects=incident_inputs.letter_subjects,
        about_record="incident",
    )
)
INCIDENT_VENDOR_NOTE = register(
    DocumentKind(
        name="incident_vendor_note",
        label=N_("Questions to the vendor"),
        build=incident_inputs.vendor_note_input,
        renderer=IncidentVendorNote,
        file_stem="incident-vendor-questions",
        addressed_to=frozenset({Recipient.RECORD}),
        subjects=incident_inputs.vendor_note_subjects,
        about_record="incident",
    )
)
RECORD_OF_PROCESSING = register(
    DocumentKind(
        name="ropa",
        label=N_("Record of processing"),
        build=practice_records.ropa_input,
        renderer=RecordOfProcessing,
        file_stem="record-of-processing",
        addressed_to=frozenset({Recipient.PRACTICE}),
        command=ExportCommand(
            "ropa", "the record of processing activities (GDPR Art. 30(1))", tables=True
        ),
    )
)
INCIDENT_PLAN = register(
    DocumentKind(
        name="incident_plan",
        label=N_("Incident response plan"),
        build=practice_records.plan_input,
        renderer=IncidentPlan,
        file_stem="incident-response-plan",
        addressed_to=frozenset({Recipient.PRACTICE}),
        command=ExportCommand("incident-plan", "the incident response plan"),
    )
)
# The register of rights requests (issue 13), filtered as the Requests page is: `export
# requests` (app/cli/documents.py) names its own filters, so it is not a generic command.
REQUEST_REGISTER = register(
    DocumentKind(
        name="request_register",
        label=N_("Register of rights requests"),
        build=request_register_inputs.register_input,
        renderer=RequestRegister,
        file_stem="request-register",
        addressed_to=frozenset({Recipient.PRACTICE}),
    )
)
# A rights request's letters (issue 13), each about one request: `export request-letter`
# (app/cli/documents.py) and the Requests page pick one by the request's step.
REQUEST_ACKNOWLEDGEMENT = register(
    DocumentKind(
        name="request_acknowledgement",
        label=N_("Acknowledgement of a request"),
        build=request_letter_inputs.letter_input,
        renderer=RequestAcknowledgementLetter,
        file_stem="request-acknowledgement",
        addressed_to=frozenset({Recipient.RECORD}),
        subjects=request_letter_inputs.acknowledgement_subjects,
        about_record="request",
    )
)
REQUEST_EXTENSION = register(
    DocumentKind(
        name="request_extension",
        label=N_("Extension notice"),
        build=request_letter_inputs.letter_input,
        renderer=RequestExtensionLetter,
        file_stem="request-extension",
        addressed_to=frozenset({Recipient.RECORD}),
        subjects=request_letter_inputs.extension_subjects,
        about_record="request",
    )
)
REQUEST_ANSWER = register(
    DocumentKind(
        name="request_answer",
        label=N_("Answer to a request"),
        build=request_letter_inputs.letter_input,
        renderer=RequestAnswerLetter,
        file_stem="request-answer",
        addressed_to=frozenset({Recipient.RECORD}),
        subjects=request_letter_inputs.answer_subjects,
        about_record="request",
    )
)
