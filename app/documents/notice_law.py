"""The parts of the privacy notice that the ticked rule sets ask for (their checklists in
`app/domain/rulesets.py`): whether information must be given, automated decisions,
transfers abroad, sensitive information, the rights, California's choices, retention.

Mixed into `PrivacyNotice`: each method returns blocks (lists of flowables that stay
together) or rows, and prints only the topics `self.topics` holds.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.documents import words
from app.documents.components import grid
from app.documents.data import CategoryInfo, NoticeContent, SharingInfo, VendorInfo
from app.documents.styles import SPACE
from app.documents.wrapping import Paragraph
from app.domain.rulesets import Topic, law_name
from app.i18n import N_, Translate

# How long each category of the catalogue is kept (GDPR Art. 13(2)(a), CCPA 1798.100(a)(3),
# PIPL Art. 17): a period or the rule that sets it, in plain words.
RETENTION = {
    "contact": N_("while you train with us, and for 12 months after your last session."),
    "health": N_(
        "while you train with us, so that your training stays safe; deleted 12 months after "
        "your last session."
    ),
    "body": N_(
        "while you train with us; measurements and progress photos are deleted 12 months "
        "after your last session, or sooner if you ask."
    ),
    "training": N_(
        "while you train with us, and for 12 months after your last session, so that you can "
        "pick up where you left off."
    ),
    "wearable": N_(
        "while your device is linked; we keep up to 12 months of activity, and delete it "
        "within 30 days after you unlink the device."
    ),
    "payment": N_(
        "as long as tax and accounting law requires us to keep payment records, then deleted."
    ),
    "marketing": N_(
        "until you unsubscribe or withdraw your consent; after that we keep only a note not "
        "to send you marketing."
    ),
}
RETENTION_OTHER = N_("as long as we need it for the purposes in section 2, then deleted.")

# The rights, in the order the notice lists them; each shows when a ticked rule set asks.
RIGHTS = (
    (Topic.ACCESS, N_("See the information we hold about you and get a copy of it (access).")),
    (
        Topic.KNOW,
        N_(
            "Know what personal information we collect about you, where it comes from, why we "
            "use it and who receives it (right to know)."
        ),
    ),
    (
        Topic.CORRECTION,
        N_("Have wrong or incomplete information corrected or completed (correction)."),
    ),
    (
        Topic.DELETION,
        N_(
            "Have your information deleted when we no longer need it, or when you withdraw "
            "your consent (deletion)."
        ),
    ),
    (
        Topic.RESTRICTION,
        N_(
            "Ask us to restrict how we use your information, for example while we check a "
            "correction you asked for (restriction)."
        ),
    ),
    (
        Topic.OBJECTION,
        N_(
            "Object to, or refuse, a use of your information, and say no to marketing at any "
            "time (objection)."
        ),
    ),
    (
        Topic.PORTABILITY,
        N_(
            "Receive the information you gave us in a common digital format, or have us send "
            "it to another provider you choose (data portability)."
        ),
    ),
    (
        Topic.EXPLANATION,
        N_("Ask us to explain how and why we handle your information (explanation)."),
    ),
    (
        Topic.WITHDRAWAL,
        N_(
            "Withdraw any consent at any time, as easily as you gave it; this does not "
            "affect what was done before."
        ),
    ),
    (
        Topic.NON_DISCRIMINATION,
        N_(
            "Be treated the same when you use any of these rights: the same prices and the "
            "same service (non-discrimination)."
        ),
    ),
)


def area_words(content: NoticeContent, _: Translate) -> str:
    """The practice's legal area, as a reader says it: "the UK", "mainland China"."""
    area = content.home_area
    if area == "EEA":
        return _("the European Economic Area (EEA)")
    if area == "GB":
        return _("the UK")
    if area == "CN":
        return _("mainland China")
    return content.home_country_name or area


def content_categories(content: NoticeContent) -> tuple[CategoryInfo, ...]:
    """Every category the notice is about, in catalogue order."""
    if content.categories:
        return content.categories
    seen: dict[str, CategoryInfo] = {}
    for purpose in content.purposes:
        for category in purpose.categories:
            seen.setdefault(category.key or category.label, category)
    return tuple(seen.values())


class LawSections:
    """The rule sets' sections and lines of `PrivacyNotice` (see the module docstring)."""

    # -- section 1 and 2 -------------------------------------------------------------------
    def _dpo_rows(self) -> list[tuple[str, str]]:
        if Topic.DPO not in self.topics:
            return []
        _ = self._
        return [
            (
                _("Data protection officer"),
                _(
                    "We have not appointed a data protection officer (DPO): our privacy "
                    "contact answers every question about your information."
                ),
            )
        ]

    def _requirement(self) -> list[list[Flowable]]:
        """Whether giving information is a statutory or contractual requirement, and what
        follows if it is not given (GDPR Art. 13(2)(e))."""
        _ = self._
        if Topic.REQUIREMENT not in self.topics or not self.content.purposes:
            return []
        by_basis: dict[str, list[str]] = {}
        for purpose in self.content.purposes:
            by_basis.setdefault(purpose.legal_basis, []).append(purpose.label)
        sentences = {
            "contract": _(
                "Needed for our contract with you: {purposes}. Without this information we "
                "cannot take you on or provide those services (a contractual requirement)."
            ),
            "legal_obligation": _(
                "Required by law: {purposes}. The law makes us keep this information (a "
                "statutory requirement); without it we cannot provide the service it belongs "
                "to."
            ),
            "consent": _(
                "Your choice: {purposes}. You do not have to agree; saying no changes nothing "
                "else we do for you."
            ),
            "legitimate_interests": _(
                "In our legitimate interests: {purposes}. You can object to this at any time "
                "(see Your rights)."
            ),
        }
        items = [
            sentence.format(purposes=words.join_list(by_basis[basis], _))
            for basis, sentence in sentences.items()
            if basis in by_basis
        ]
        return [
            [
                self.para(self.fixed(_("Do you have to give us this information?")), "Subheading"),
                *self._bullets(items),
            ]
        ]

    def _automated_decisions(self) -> list[list[Flowable]]:
        if Topic.AUTOMATED_DECISIONS not in self.topics:
            return []
        _ = self._
        return [
            [
                self.para(
                    self.labelled(
                        _("Automated decisions:"),
                        self.fixed(
                            _(
                                "none. No decision about you is made by a computer alone "
                                "(automated decision-making), and we do not use your "
                                "information to build a profile of you."
                            )
                        ),
                    )
                )
            ]
        ]

    # -- section 3: who receives it ---------------------------------------------------------
    def _vendor_law_rows(self, vendor: VendorInfo) -> list[tuple[str, str]]:
        """The rows a rule set adds to a recipient: how it handles the information (PIPL
        Art. 17), the transfer abroad and its safeguard, the contact abroad (Art. 39)."""
        _ = self._
        rows = []
        if Topic.PROCESSING_METHODS in self.topics:
            purposes = words.join_list(list(dict.fromkeys(s.purpose for s in vendor.sharings)), _)
            rows.append(
                (
                    _("How it handles it"),
                    _(
                        "It keeps and uses the information on our instructions, only for: "
                        "{purposes}. It may not pass it on or use it for itself."
                    ).format(purposes=purposes),
                )
            )
        if vendor.transfer_countries:
            countries = words.join_list(list(vendor.transfer_countries), _)
            safeguard = vendor.transfer_safeguard or _("none named yet")
            rows.append(
                (
                    _("Transfer abroad"),
                    _("{countries}: {safeguard}").format(countries=countries, safeguard=safeguard),
                )
            )
            if Topic.FOREIGN_RECIPIENTS in self.topics:
                contact = [vendor.privacy_email, vendor.postal_address.replace("\n", ", ")]
                contact = [part for part in contact if part]
                if contact:
                    rows.append((_("Its privacy contact"), "\n".join(contact)))
        return rows

    def _transfers(self) -> list[list[Flowable]]:
        """Which providers keep information outside the practice's area, how to get a copy
        of the safeguards, and rights against a recipient abroad."""
        _ = self._
        if Topic.TRANSFERS not in self.topics:
            return []
        area = area_words(self.content, _)
        abroad = [vendor.name for vendor in self.content.vendors if vendor.transfer_countries]
        block: list[Flowable] = [
            self.para(self.fixed(_("Information kept outside {area}"), area=area), "Subheading")
        ]
        if not abroad:
            block.append(
                self.para(
                    self.fixed(
                        _("None of these providers keeps your information outside {area}."),
                        area=area,
                    )
                )
            )
            return [block]
        block.append(
            self.para(
                self.fixed(
                    _(
                        "These providers keep information outside {area}: {vendors}. The "
                        "safeguard that protects each transfer is named under the provider above."
                    ),
                    area=area,
                    vendors=words.join_list(abroad, _),
                )
            )
        )
        if Topic.SAFEGUARD_COPY in self.topics:
            block.append(
                self.para(
                    self.fixed(
                        _(
                            "You can ask us for a copy of these safeguards (for example the "
                            "contract clauses) at any time, free of charge."
                        )
                    )
                )
            )
        if Topic.FOREIGN_RECIPIENTS in self.topics:
            block.append(
                self.para(
                    self.fixed(
                        _(
                            "We send information abroad only with your separate consent. You "
                            "can use your rights with a provider abroad directly, at the privacy "
                            "contact shown for it, or through us: tell us and we pass your "
                            "request on."
                        )
                    )
                )
            )
        return [block]

    # -- sensitive information (PIPL Art. 28-30) --------------------------------------------
    def _sensitive(self) -> list[list[Flowable]]:
        _ = self._
        block: list[Flowable] = [self._heading("sensitive", _("Sensitive personal information"))]
        sensitive = [c.label for c in content_categories(self.content) if c.sensitive]
        if not sensitive:
            block.append(self.para(self.fixed(_("We do not use sensitive personal information."))))
            return [block]
        block.append(
            self.para(
                self.fixed(
                    _(
                        "Some of the information we use is sensitive: {categories}. If it were "
                        "lost or misused, it could harm you: others could learn about your "
                        "health or your body, and you could be embarrassed or treated unfairly, "
                        "for example by an employer or an insurer. That is why we use it only "
                        "with your separate consent, only where it is necessary, and protect "
                        "it as section {section} describes."
                    ),
                    categories=words.join_list(sensitive, _),
                    section=str(self.numbers["protection"]),
                )
            )
        )
        items = [
            self._sensitive_item(sharing)
            for sharing in self.content.sharings
            if any(category.sensitive for category in sharing.categories)
        ]
        blocks = [block]
        for index, item in enumerate(items):
            (blocks[0] if index == 0 else blocks[-1]).append(item)
        blocks[-1].append(Spacer(1, SPACE))
        blocks[-1].append(
            self.para(
                self.fixed(
                    _(
                        "If you say no, we still train you: we work without that information, "
                        "and the provider does not receive it."
                    )
                )
            )
        )
        return blocks

    def _sensitive_item(self, sharing: SharingInfo) -> Paragraph:
        _ = self._
        categories = [c.label for c in sharing.categories if c.sensitive]
        head = _("{vendor} ({purpose}) receives {categories}.").format(
            vendor=sharing.vendor,
            purpose=sharing.purpose,
            categories=words.join_list(categories, _),
        )
        why = self.labelled(_("Why it is necessary:"), self.text(sharing.necessity))
        markup = f"<b>{self.fixed(head)}</b> {why}"
        return Paragraph(markup, self.styles["Bullet"], bulletText="•")

    # -- rights ------------------------------------------------------------------------------
    def _rights(self) -> list[list[Flowable]]:
        _ = self._
        items = [_(text) for topic, text in RIGHTS if topic in self.topics]
        if Topic.DO_NOT_SELL in self.topics:
            items.append(
                _(
                    "Tell us never to sell or share your personal information, and to limit "
                    "the use of your sensitive personal information (section {section})."
                ).format(section=self.numbers["california"])
            )
        places = self._authorities()
        if len(places) == 1:
            items.append(
                _("Complain to {authority} if you think we got something wrong.").format(
                    authority=places[0][1]
                )
            )
        else:
            items.append(_("Complain if you think we got something wrong, to:"))
        bullets = self._bullets(items)
        # The first rights stay with the heading; the others may go to the next page.
        blocks: list[list[Flowable]] = [
            [
                self._heading("rights", _("Your rights")),
                self.para(self.fixed(_("You can, free of charge:")), "BodyTight"),
                *bullets[:3],
            ],
            *([bullet] for bullet in bullets[3:]),
        ]
        if len(places) > 1:
            blocks[-1].append(
                self._facts_table([(self._law_name(rule), name) for rule, name in places])
            )
        how = [
            _(
                "Contact us in any of the ways in section {section}. We may first check that "
                "the request comes from you, and we answer without delay and within the time "
                "the law allows."
            ).format(section=self.numbers["optout"])
        ]
        if Topic.REQUESTS in self.topics:
            how.append(
                _(
                    "Someone you authorise in writing can also make a request for you (an "
                    "authorized agent). We check a request by matching it with the details we "
                    "already hold; we confirm it within 10 business days and answer within 45 "
                    "days."
                )
            )
        blocks.append(
            [
                self.para(self.fixed(_("How to use your rights")), "Subheading"),
                *(self.para(self.fixed(sentence)) for sentence in how),
            ]
        )
        return blocks

    def _authorities(self) -> list[tuple[str, str]]:
        """(rule set, authority) for each ticked rule set; one entry when all name the same."""
        _ = self._
        named = [(a.rule_set, a.name) for a in self.content.authorities if a.name]
        if len({name for _rule, name in named}) > 1:
            return named
        if named:
            return named[:1]
        return [("", self.practice.supervisory_authority or _("the data protection authority"))]

    def _law_name(self, rule_set: str) -> str:
        return self._(law_name(rule_set, self.practice.country_code))

    # -- California (CCPA / CPRA) ---------------------------------------------------------
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

    # -- retention ---------------------------------------------------------------------------
    def _retention(self) -> list[list[Flowable]]:
        _ = self._
        items = [
            self.labelled(
                _("{category}:").format(category=category.label),
                self.fixed(_(RETENTION.get(category.key, RETENTION_OTHER))),
            )
            for category in content_categories(self.content)
        ]
        items.append(
            self.labelled(
                _("Your consent choices and opt-out requests:"),
                self.fixed(
                    _("at least 24 months after they end, so that we can show we respected them.")
                ),
            )
        )
        closing = _(
            "After that we delete the information or make it anonymous; service providers "
            "delete their copies under their contracts with us."
        )
        bullets = [Paragraph(item, self.styles["Bullet"], bulletText="•") for item in items]
        return [
            [
                self._heading("retention", _("How long we keep your information")),
                self.para(
                    self.fixed(_("We keep each kind of information only as long as we need it:")),
                    "BodyTight",
                ),
                *bullets[:2],
            ],
            *([bullet] for bullet in bullets[2:-1]),
            [bullets[-1], Spacer(1, SPACE), self.para(self.fixed(closing))],
        ]
