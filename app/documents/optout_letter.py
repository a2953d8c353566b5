"""`OptOutLetter`: what the letters about an opt-out share (DESIGN.md 6.4 and 6.5): bullet points
of markup, the practice's closing and how to reach it."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents import words
from app.documents.fonts import markup
from app.documents.letter_layout import LetterLayout
from app.documents.wrapping import Paragraph


class OptOutLetter(LetterLayout):
    def compose(self, template: str, **markup_values: str) -> str:
        """A translated template escaped for markup, its {fields} filled with markup."""
        return markup(template, self.lang).format(**markup_values)

    def bullets(self, items: Sequence[str]) -> list[Flowable]:
        """Bullet points from markup already escaped."""
        return [Paragraph(item, self.styles["Bullet"], bulletText="•") for item in items]

    def closing(self) -> list[Flowable]:
        practice = self.practice
        signer = [practice.privacy_contact] if practice.privacy_contact else []
        return [
            Spacer(1, 3 * mm),
            self.para(self.fixed(self._("Kind regards,")), "BodyTight"),
            Spacer(1, 8 * mm),
            *(self.para(self.text(line), "BodyTight") for line in signer),
            self.para(self.text(practice.name), "BodyTight"),
        ]

    def contact_words(self) -> str:
        practice = self.practice
        parts = [
            value
            for value in (
                practice.phone,
                practice.email,
                ", ".join((practice.name, *practice.address_lines)),
            )
            if value
        ]
        return words.join_list(parts, self._)
