"""The incident response plan (issue 14): who decides, whom to tell and by when, how to reach
them, each vendor's breach contact, where the backups are, how to lock or wipe the laptop and
which documents the program drafts. Generated from the records; its version is a hash of them."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from app.documents.components import grid
from app.documents.data import IncidentPlanData
from app.documents.pdf_document import PdfDocument
from app.documents.styles import SMALL_SIZE
from app.documents.wrapping import Paragraph
from app.i18n import N_

CELL_SIZE = SMALL_SIZE + 0.5
FILL_IN = "______________________________"

# How to lock or wipe a lost laptop, per system: generic, what each system offers.
LOCK_OR_WIPE = (
    (
        N_("Windows"),
        N_(
            "Sign in to your Microsoft account's devices page from another computer or phone, "
            "choose the laptop, then Find my device: lock it from there. BitLocker, where it "
            "is on, keeps the disk unreadable without your sign-in."
        ),
    ),
    (
        N_("macOS"),
        N_(
            "Open Find My (on another Apple device or iCloud on the web), choose the Mac, then "
            "Lock, or Erase this device if it will not come back. FileVault, where it is on, "
            "keeps the disk unreadable."
        ),
    ),
    (
        N_("Linux"),
        N_(
            "There is no remote lock built in: what protects the data is full-disk encryption "
            "(LUKS) chosen at installation. Note whether it was on; it changes what you must "
            "report."
        ),
    ),
    (
        N_("On every system"),
        N_(
            "Change the passwords of the email and vendor accounts used on the laptop, and "
            "sign it out of them from their websites; then restore the records from a backup "
            "on another computer."
        ),
    ),
)


class IncidentPlan(PdfDocument):
    def __init__(self, data: IncidentPlanData, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.data = data
        self.practice = data.practice

    def title(self) -> str:
        return self._("Incident response plan")

    def subject(self) -> str:
        return self._("Incident response plan of {practice}").format(practice=self.practice.name)

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def footer_text(self) -> str:
        version = self._("Version {version}").format(version=self.data.version)
        return f"{self.practice.name} · {self.title()} · {version}"

    def bullet(self, markup_text: str) -> Paragraph:
        return Paragraph(markup_text, self.styles["Bullet"], bulletText="•")

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        sections = (
            (_("Who decides"), self._who()),
            (_("The steps, in order"), self._steps()),
            (_("The authority, and how to reach it"), self._authorities()),
            (_("Each vendor's breach contact"), self._vendors()),
            (_("Where the backups are"), self._backups()),
            (_("A lost or stolen laptop: lock or wipe it"), self._laptop()),
            (_("What the program drafts for you"), self._templates()),
        )
        flowables: list[Flowable] = [
            self.para(self.fixed(self.title()), "Title"),
            self.para(
                self.fixed(
                    _("Version {version}, made on {date} from the records. Make it again when "
                      "the vendors, the rule sets or the privacy contact change: the version "
                      "then changes too."),
                    version=data.version, date=self.date(data.issued_on),
                ),
                "Small",
            ),
        ]  # fmt: skip
        for number, (heading, body) in enumerate(sections, start=1):
            # Not "keep with next": a table after a heading splits, and would move whole.
            head = self.para(self.fixed("{number}. {heading}", number=str(number),
                                        heading=heading), "TableHeading")  # fmt: skip
            flowables += [CondPageBreak(30 * mm), head, *body]
        return flowables

    def _who(self) -> list[Flowable]:
        _ = self._
        practice = self.practice
        contact = " · ".join(v for v in (practice.email, practice.phone) if v)
        return [
            self.para(self.labelled(_("The privacy contact decides and acts:"),
                                    self.text(self.data.decider))),
            self.para(self.labelled(_("Reached at:"), self.text(contact or FILL_IN))),
            self.para(self.fixed(_(
                "Whoever learns of an incident (a lost laptop, an email to the wrong person, a "
                "vendor's breach notice, a break-in) tells the privacy contact at once."))),
        ]  # fmt: skip

    def _steps(self) -> list[Flowable]:
        _ = self._
        data = self.data
        flowables: list[Flowable] = [
            self.para(self.fixed(_(
                "First, log the incident (Incidents, Log incident) with the moment you became "
                "aware of it: that moment starts the clock, and Today shows the hours left.")))
        ]  # fmt: skip
        for number, step in enumerate(data.steps, start=1):
            title = step.title[:1].upper() + step.title[1:]
            lines = [self.para(self.fixed("{number}. {title}", number=str(number), title=title),
                               "Subheading")]  # fmt: skip
            if step.guidance:
                lines.append(self.para(self.fixed(step.guidance), "BodyTight"))
            lines += [self.bullet(self.text(line)) for line in step.clock]
            flowables.append(KeepTogether(lines))
        flowables += [self.para(self.text(note), "Small") for note in data.notes]
        return flowables

    def _authorities(self) -> list[Flowable]:
        _ = self._
        if not self.data.authorities:
            return [self.para(self.fixed(_("No ticked rule set names an authority.")))]
        flowables: list[Flowable] = []
        how = self.fixed(_("How to reach it:"))  # marked outside the f-string: extracted
        for authority in self.data.authorities:
            reach = self.text(authority.website) if authority.website else FILL_IN
            name = self.fixed(_("{authority} ({law})"), authority=authority.name, law=authority.law)
            flowables.append(self.bullet(f"<b>{name}</b><br/>{how} {reach}"))
        return flowables

    def _vendors(self) -> list[Flowable]:
        _ = self._
        if not self.data.vendors:
            return [self.para(self.fixed(_("No vendor receives data.")))]
        width = self.geometry.text_width
        widths = (0.25 * width, 0.45 * width, 0.30 * width)
        rows: list[list] = [[
            self.para(self.fixed(_("Vendor")), "CellBold"),
            self.para(self.fixed(_("Breach contact")), "CellBold"),
            self.para(self.fixed(_("Breach-notice clause")), "CellBold"),
        ]]  # fmt: skip
        for vendor in self.data.vendors:
            contact = "<br/>".join(
                self.text_in(line, widths[1] - 6, CELL_SIZE) for line in vendor.contact
            )
            clause = (_("on file") if vendor.breach_clause
                      else _("missing: ask the vendor to add it"))  # fmt: skip
            rows.append([
                self.para(self.text(vendor.name), "Cell"),
                self.para(contact or FILL_IN, "Cell"),
                self.para(self.fixed(clause) if vendor.breach_clause
                          else f"<b>{self.fixed(clause)}</b>", "Cell"),
            ])  # fmt: skip
        return [grid(rows, widths, split_in_row=True)]

    def _backups(self) -> list[Flowable]:
        _ = self._
        state = (_("encrypted with the practice's key") if self.data.encrypted
                 else _("not encrypted: encrypt the practice in Settings"))  # fmt: skip
        return [
            self.para(self.labelled(_("Backup folder:"),
                                    self.text(self.data.backup_folder or FILL_IN))),
            self.para(self.labelled(_("The backups are"), self.fixed(state))),
            self.para(self.fixed(_(
                "Keep the recovery passphrase on paper, away from the laptop: without it a "
                "backup cannot be opened on another computer."))),
        ]  # fmt: skip

    def _laptop(self) -> list[Flowable]:
        _ = self._
        return [self.bullet(self.labelled(_("{category}:").format(category=_(system)),
                                           self.fixed(_(advice))))
                for system, advice in LOCK_OR_WIPE]  # fmt: skip

    def _templates(self) -> list[Flowable]:
        _ = self._
        flowables: list[Flowable] = [self.bullet(self.fixed(label))
                                     for label in self.data.templates]  # fmt: skip
        flowables += [
            Spacer(1, 1 * mm),
            self.para(self.fixed(_(
                "Each is made from the incident's record on the Incidents page, in English or "
                "Chinese, and recorded as a generated document.")), "Small"),
        ]  # fmt: skip
        return flowables
