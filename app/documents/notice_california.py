"""The notice's section for California (CCPA / CPRA): selling and sharing, the two choices the
law names, and the categories collected with their uses and recipients (1798.110).

Mixed into `PrivacyNotice`, like `notice_law.LawSections`.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.documents import words
from app.documents.components import grid
from app.documents.notice_law import content_categories


class CaliforniaSection:
    """The California section of `PrivacyNotice` (see the module docstring)."""

    def _california(self) -> list[list[Flowable]]:
        _ = self._
        sensitive = [c.label for c in content_categories(self.content) if c.sensitive]
        blocks: list[list[Flowable]] = [
            [
                self._heading("california", _("California: selling, sharing and your choices")),
                self.para(
                    self.fixed(_("Do we sell or share your personal information?")), "Subheading"
                ),
                self.para(
                    self.fixed(
                        _(
                            "No. We do not sell your personal information, we do not share it "
                            "for cross-context behavioral advertising, and we have not done "
                            "either in the past 12 months. We do not knowingly sell or share "
                            "information about anyone under 16."
                        )
                    )
                ),
            ],
            [
                self.para(
                    self.fixed(_("Do Not Sell or Share My Personal Information")), "Subheading"
                ),
                self.para(
                    self.fixed(
                        _(
                            "Because we do not sell or share it, there is nothing you need to "
                            "switch off. You can still tell us at any time that we must never "
                            "do so: {ways}. We also treat an opt-out signal sent by your "
                            "browser (Global Privacy Control) as such a request."
                        ),
                        ways=self._request_ways(),
                    )
                ),
                self.para(
                    self.fixed(_("Limit the Use of My Sensitive Personal Information")),
                    "Subheading",
                ),
                self.para(
                    self.fixed(
                        _(
                            "We use sensitive personal information ({categories}) only to "
                            "provide the services you ask us for, which the law allows without "
                            "a further choice. You can still ask us at any time, in the same "
                            "ways, to limit its use to that."
                        ),
                        categories=words.join_list(sensitive, _),
                    )
                    if sensitive
                    else self.fixed(_("We do not collect sensitive personal information."))
                ),
            ],
            *self._categories_table(),
        ]
        return blocks

    def _request_ways(self) -> str:
        _ = self._
        practice = self.practice
        ways = []
        if practice.online_optout_url:
            ways.append(_("online at {address}").format(address=practice.online_optout_url))
        if practice.email:
            ways.append(_("by email to {address}").format(address=practice.email))
        if practice.phone:
            ways.append(_("by phone on {number}").format(number=practice.phone))
        if not ways:
            ways.append(_("by post to {address}").format(address=practice.one_line_address))
        return words.join_list(ways, _)

    def _categories_table(self) -> list[list[Flowable]]:
        """Each category collected, what it is used for and who receives it (CCPA 1798.110).

        The heading rows stay with the first two categories; each further row is a table of
        its own with the same columns, so that the table can break between rows."""
        _ = self._
        uses: dict[str, list[str]] = {}
        recipients: dict[str, list[str]] = {}
        for purpose in self.content.purposes:
            for category in purpose.categories:
                key = category.key or category.label
                uses.setdefault(key, []).append(purpose.label)
                recipients.setdefault(key, []).extend(purpose.vendors)
        width = self.geometry.text_width
        rows: list[list] = [
            [
                self.para(self.fixed(_("Category")), "CellBold"),
                self.para(self.fixed(_("What we use it for")), "CellBold"),
                self.para(self.fixed(_("Received by")), "CellBold"),
            ]
        ]
        for category in content_categories(self.content):
            key = category.key or category.label
            label = category.label + (" *" if category.sensitive else "")
            rows.append(
                [
                    self.para(self.text(label), "Cell"),
                    self.para(self.text(words.join_list(uses.get(key, []), _)), "Cell"),
                    self.para(
                        self.text(words.join_list(list(dict.fromkeys(recipients.get(key, []))), _)),
                        "Cell",
                    ),
                ]
            )
        widths = [width * 0.3, width * 0.4, width * 0.3]
        return [
            [
                self.para(
                    self.fixed(_("Categories of personal information we collect")), "Subheading"
                ),
                self.para(
                    self.fixed(
                        _(
                            "We collect it from you, and from the devices or apps you ask us to "
                            "connect. In the past 12 months we disclosed each category only to "
                            "the service providers named, for the purposes named."
                        )
                    )
                ),
                grid(rows[:3], widths),
            ],
            *([grid([row], widths, header=False)] for row in rows[3:]),
        ]
