"""`RecoverySheet`: the recovery passphrase on paper, and how to open the records with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from app.documents import styles as css
from app.documents.components import table_style
from app.documents.pdf_document import PdfDocument
from app.documents.wrapping import Paragraph

PASSPHRASE_SIZE = 15


@dataclass(frozen=True)
class RecoverySheetData:
    practice_name: str
    passphrase: str
    data_folder: str
    key_file_name: str
    made_on: date


class RecoverySheet(PdfDocument):
    def __init__(self, data: RecoverySheetData, *, lang: str, paper: str) -> None:
        super().__init__(lang=lang, paper=paper)
        self.data = data

    def title(self) -> str:
        return self._("Recovery sheet")

    def author(self) -> str:
        return self.data.practice_name

    def footer_text(self) -> str:
        return self._("Recovery sheet of {practice}, made on {day}. Keep it private.").format(
            practice=self.data.practice_name or self._("your practice"),
            day=self.date(self.data.made_on),
        )

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        steps = (
            _(
                "Keep this sheet away from the computer, somewhere locked. Whoever holds it "
                "and a copy of the records can read them."
            ),
            _(
                "Each day, this computer's keyring opens the records: you will not be asked "
                "for the passphrase."
            ),
            _(
                "On another computer, or when the keyring has lost the key: install Privacy "
                "Desk, copy the whole data folder (with {key_file} beside the database) or "
                "restore a backup into it, start Privacy Desk and type the passphrase when it "
                "asks."
            ).format(key_file=data.key_file_name),
            _(
                "For a command run without a window (a script, a scheduled backup), set "
                "PRIVACY_DESK_PASSPHRASE to the passphrase."
            ),
            _(
                "Without the passphrase and without this computer's keyring, nobody can open "
                "the records: not you, not the makers of Privacy Desk."
            ),
        )
        story = [
            self.para(self.fixed(self.title()), "Title"),
            self.para(self.text(data.practice_name), "Heading") if data.practice_name else None,
            self.para(
                self.fixed(
                    _(
                        "Your records are encrypted. This passphrase opens them on any computer "
                        "(the keyring of this one holds their key as well):"
                    )
                )
            ),
            Spacer(1, 2 * mm),
            self._passphrase_box(),
            Spacer(1, 4 * mm),
            self.para(self.fixed(_("How to use it")), "Heading"),
            *(
                Paragraph(self.fixed(step), self.styles["Bullet"], bulletText=f"{number}.")
                for number, step in enumerate(steps, start=1)
            ),
            Spacer(1, 4 * mm),
            self.para(self.labelled(_("Data folder:"), self.text(data.data_folder)), "Small"),
        ]
        return [flowable for flowable in story if flowable is not None]

    def _passphrase_box(self) -> Table:
        style = self.styles["Body"].clone(
            "Passphrase",
            fontSize=PASSPHRASE_SIZE,
            leading=PASSPHRASE_SIZE * 1.35,
            textColor=css.INK,
        )
        box = Table(
            [[Paragraph(self.text(self.data.passphrase), style)]],
            colWidths=[self.geometry.text_width],
        )
        box.setStyle(
            table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), css.SHADE),
                    ("BOX", (0, 0), (-1, -1), css.RULE_WIDTH * 2, css.ACCENT),
                    ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                ]
            )
        )
        return box
