"""The parts of the privacy notice that the ticked rule sets ask for (their checklists in
`app/domain/rulesets.py`): whether information must be given, automated decisions,
transfers abroad, sensitive information and the rights. California's choices and retention
have their own modules (notice_california, notice_retention).

Mixed into `PrivacyNotice`: each method returns blocks (lists of flowables that stay
together) or rows, and prints only the topics `self.topics` holds.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.documents import words
from app.documents.data import CategoryInfo, NoticeContent, SharingInfo, VendorInfo
from app.documents.styles import SPACE
from app.documents.wrapping import Paragraph
from app.domain.rulesets import Topic, law_name
from app.i18n import N_, Translate

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
