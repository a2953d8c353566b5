"""The document registry: a kind declared once is made, named, recorded and exported like the
built-in ones, with no edit anywhere else; and the built-in declarations keep their contract."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

import pytest
from reportlab.platypus import Flowable
from sqlalchemy import select

from app.cli import build_parser
from app.documents.pdf_document import PdfDocument
from app.domain.errors import ValidationError
from app.persistence.database import unit_of_work
from app.persistence.models import Client, GeneratedDocument
from app.services import document_kinds, documents, notices
from app.services.document_context import DocumentContext
from app.services.document_kinds import DocumentKind, ExportCommand, Recipient
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck

# -- a kind the application has never heard of: its whole declaration -----------------------------


@dataclass(frozen=True)
class TrainingPlanData:
    lang: str
    practice: str
    client: str  # "" for the blank plan
    issued_on: date


class TrainingPlan(PdfDocument):
    def __init__(self, data: TrainingPlanData, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.data = data

    def title(self) -> str:
        return "Training plan"

    def story(self) -> list[Flowable]:
        who = self.data.client or "(write your name here)"
        return [self.para(self.fixed("Plan for {who} from {practice}", who=who,
                                     practice=self.data.practice))]  # fmt: skip


def training_plan_input(context: DocumentContext, client: Client | None) -> TrainingPlanData:
    own = client.language if client is not None else context.practice.default_language
    return TrainingPlanData(
        lang=context.language_for(own),
        practice=context.practice.name,
        client=f"{client.given_name} {client.family_name}" if client is not None else "",
        issued_on=context.today,
    )


TRAINING_PLAN = DocumentKind(
    name="training_plan",
    label="Training plan",
    build=training_plan_input,
    renderer=TrainingPlan,
    file_stem="training-plan",
    addressed_to=frozenset({Recipient.CLIENT, Recipient.NOBODY}),
    nobody="blank",
    command=ExportCommand(
        "training-plan", "a training plan", everyone=True, nobody_help="to fill in by hand"
    ),
)


@pytest.fixture
def training_plan():
    document_kinds.register(TRAINING_PLAN)
    yield TRAINING_PLAN
    document_kinds.unregister(TRAINING_PLAN.name)


def _records(store) -> list[tuple[str, int | None, int | None, str]]:
    with unit_of_work(store.engine) as session:
        rows = session.execute(select(GeneratedDocument).order_by(GeneratedDocument.id)).scalars()
        return [(r.kind, r.client_id, r.notice_version_id, r.file_name) for r in rows]


# -- the new kind, through the functions the window and the command line call --------------------


def test_a_kind_declared_once_is_made_for_a_client_for_nobody_and_for_everyone(
    store, training_plan
):
    zoe = make_client(store, "Zoë", "Ångström")
    ben = make_client(store, "Ben", "Okafor")
    mine = documents.render_document(store, "training_plan", zoe.ref, now=NOW)
    blank = documents.render_document(store, training_plan, None, now=NOW)
    [everyone] = documents.render_batch(store, "training_plan", now=NOW)
    assert "Plan for Zoë Ångström" in pdfcheck.text_of(mine.data)
    assert "(write your name here)" in pdfcheck.text_of(blank.data)
    assert "Ben Okafor" in pdfcheck.text_of(everyone.data)
    ref = mine.client_refs[0]
    assert mine.file_name == f"training-plan-{ref}-en.pdf"
    assert blank.file_name == "training-plan-blank-en.pdf"
    assert everyone.file_name == "training-plan-all-en.pdf"
    # Recorded under its own name; made from no notice, so it names no version.
    records = _records(store)
    assert records[:2] == [
        ("training_plan", zoe.id, None, mine.file_name),
        ("training_plan", None, None, blank.file_name),
    ]
    assert sorted(records[2:]) == sorted(
        ("training_plan", client.id, None, everyone.file_name) for client in (zoe, ben)
    )
    assert documents.document_data(store, "training_plan", zoe.ref).client == "Zoë Ångström"


def test_the_command_line_exports_a_kind_declared_once(data_paths, tmp_path, training_plan, capsys):
    folder = str(data_paths.home)
    code, _, err = run("clients", "add", "--given", "Ada", "--family", "Lovelace", "--data-dir",
                       folder)  # fmt: skip
    assert (code, err) == (0, "")
    for who, name in ((["--all"], "all.pdf"), (["--blank"], "blank.pdf")):
        code, out, err = run(
            "export", "training-plan", *who, "--out", str(tmp_path / name), "--data-dir", folder
        )
        assert (code, err) == (0, ""), who
        assert out == f"Wrote 1 page to {tmp_path / name}\n"
    assert "Plan for Ada Lovelace" in pdfcheck.text_of((tmp_path / "all.pdf").read_bytes())
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    assert re.search(r"\n +training-plan\s+a training plan\n", capsys.readouterr().out)


def test_a_kind_that_needs_a_client_refuses_nobody_and_records_nothing(store):
    with pytest.raises(ValidationError, match="Choose the client"):
        documents.render_document(store, "consent_form", None, now=NOW)
    assert _records(store) == []


def test_after_unregistering_a_kind_nothing_offers_it(store):
    document_kinds.register(TRAINING_PLAN)
    document_kinds.unregister(TRAINING_PLAN.name)
    assert TRAINING_PLAN not in document_kinds.document_kinds()
    with pytest.raises(ValueError, match="no document kind"):
        documents.render_document(store, "training_plan", None, now=NOW)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "training-plan", "--blank", "--out", "x.pdf"])


# -- the registry's rules and the built-in declarations --------------------------------------------


def test_a_name_or_command_already_declared_is_refused(training_plan):
    with pytest.raises(ValueError, match="already declared"):
        document_kinds.register(training_plan)
    twin = dataclasses.replace(training_plan, name="training_plan_2")
    with pytest.raises(ValueError, match="already makes another kind"):
        document_kinds.register(twin)
    nameless = dataclasses.replace(training_plan, name="plan_3", command=None, nobody="")
    with pytest.raises(ValueError, match="say what one is called"):
        document_kinds.register(nameless)
    assert [kind.name for kind in document_kinds.document_kinds()].count("training_plan") == 1


def test_the_documents_page_offers_the_kinds_made_for_clients_in_their_order():
    assert [kind.name for kind in document_kinds.kinds_for_clients()] == [
        "notice",
        "consent_form",
        "optout_form",
        "update_letter",
    ]
    letters = {kind.name: kind.addressed_to for kind in document_kinds.document_kinds()}
    assert letters["optout_confirmation"] == {Recipient.OPTOUT_REQUEST}
    assert letters["vendor_notification"] == {Recipient.VENDOR}
    assert letters["incident_report"] == letters["incident_letter"] == {Recipient.RECORD}


@pytest.mark.parametrize(
    ("argv", "accepted"),
    [
        (["notice", "--client", "K7M-Q2RX"], True),
        (["notice", "--all", "--lang", "zh"], True),
        (["notice", "--generic"], True),
        (["notice", "--blank"], False),
        (["notice"], False),
        (["consent-form", "--client", "K7M-Q2RX", "--lang", "en"], True),
        (["consent-form", "--all"], False),
        (["consent-form", "--generic"], False),
        (["optout-form", "--client", "K7M-Q2RX"], True),
        (["optout-form", "--all"], True),
        (["optout-form", "--blank"], True),
        (["optout-form", "--generic"], False),
        (["optout-form", "--all", "--blank"], False),
        (["incident-report", "--incident", "3"], True),
        (["incident-report", "--client", "K7M-Q2RX"], False),
        (["incident-report"], False),
        (["incident-letters", "--incident", "3", "--lang", "zh"], True),
        (["incident-letters", "--incident", "three"], False),
        (["ropa"], True),
        (["ropa", "--lang", "zh"], True),
        (["ropa", "--client", "K7M-Q2RX"], False),
        (["incident-plan"], True),
        (["incident-plan", "--incident", "3"], False),
    ],
)
def test_the_export_commands_keep_their_names_and_flags(argv, accepted, capsys):
    """`export notice|consent-form|optout-form|incident-report|incident-letters|ropa|
    incident-plan` and their flags are a contract (DESIGN.md 7, issue 14)."""
    assert [kind.command.name for kind in document_kinds.exported_kinds()] == [
        "notice",
        "consent-form",
        "optout-form",
        "incident-report",
        "incident-letters",
        "ropa",
        "incident-plan",
    ]
    full = ["export", *argv, "--out", "x.pdf"]
    if accepted:
        assert build_parser().parse_args(full).document_kind
    else:
        with pytest.raises(SystemExit):
            build_parser().parse_args(full)
        assert "error:" in capsys.readouterr().err


def test_every_declared_kind_has_its_own_file_stem_and_words():
    kinds = document_kinds.document_kinds()
    assert len({kind.file_stem for kind in kinds}) == len(kinds)
    assert all(kind.label and kind.renderer and kind.build for kind in kinds)
    assert all(kind.is_for(Recipient.NOBODY) == bool(kind.nobody) for kind in kinds)


@pytest.mark.parametrize("kind", document_kinds.kinds_for_clients(), ids=lambda kind: kind.name)
def test_every_kind_for_clients_is_made_from_the_records_named_and_recorded(store, kind):
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "伟", "王", language="zh", country_code="CN")
    version = notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    made = documents.render_document(store, kind, client.ref, now=NOW)
    opened = pdfcheck.reader(made.data)
    assert len(opened.pages) == made.pages and opened.metadata.title
    assert made.file_name.startswith(f"{kind.file_stem}-") and made.file_name.endswith("-zh.pdf")
    assert made.client_refs[0] in made.file_name
    assert ("-v1-" in made.file_name) == kind.version_in_name
    printed = version.id if kind.made_from_notice else None
    assert _records(store) == [(kind.name, client.id, printed, made.file_name)]
    if kind.is_for(Recipient.NOBODY):
        for_nobody = documents.render_document(store, kind, None, lang="en", now=NOW)
        assert f"-{kind.nobody}-en" in for_nobody.file_name and not for_nobody.client_refs
