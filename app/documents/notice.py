"""The privacy notice (DESIGN.md 6.1), generic or personalised with the client's choices."""

from __future__ import annotations

import threading

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from app.documents import styles as css
from app.documents import words
from app.documents.components import FactList, StaticBlock, beside_code, boxed, grid
from app.documents.data import ChoiceInfo, NoticeContent, NoticeData, SharingInfo, VendorInfo
from app.documents.notice_california import CaliforniaSection
from app.documents.notice_law import LawSections
from app.documents.notice_retention import RetentionSection
from app.documents.pdf_document import PdfDocument
from app.documents.wrapping import Paragraph
from app.domain.enums import Channel, LegalBasis
from app.domain.mailto import mailto_uri
from app.domain.optout import can_be_stopped, continuing_reason
from app.domain.optout_review import offered_channels
from app.domain.rulesets import BASE_TOPICS, Topic, notice_topics

DRAFT_MARK_SIZE = 4 * css.TITLE_SIZE


class PrivacyNotice(LawSections, CaliforniaSection, RetentionSection, PdfDocument):
    def __init__(self, data: NoticeData, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.data = data
        self.content = data.content
        self.practice = data.content.practice
        # What the ticked rule sets ask the notice to say; sections are numbered in order.
        self.topics = notice_topics(self.content.jurisdictions) | BASE_TOPICS
        sections = ["who", "what", "recipients", "choices"]
        if Topic.SENSITIVE in self.topics:
            sections.append("sensitive")
        sections += ["protection", "rights"]
        if Topic.SALE_AND_SHARING in self.topics:
            sections.append("california")
        sections += ["optout", "retention", "version"]
        self.numbers = {key: number for number, key in enumerate(sections, 1)}

    def title(self) -> str:
        return self._("Privacy notice")

    def subject(self) -> str:
        client = self.data.client
        if client is None:
            return self.title()
        return self._("Privacy notice for {name} ({ref})").format(name=client.name, ref=client.ref)

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def footer_text(self) -> str:
        parts = [self.practice.name, self.title(), self._version_words(short=True)]
        if self.data.client is not None:
            parts.append(self.data.client.ref)
        return " · ".join(parts)

    def draw_first_page(self, canv: Canvas) -> None:
        self._draw_draft_mark(canv)

    def draw_later_page(self, canv: Canvas) -> None:
        self._draw_draft_mark(canv)

    def _draw_draft_mark(self, canv: Canvas) -> None:
        """A notice not yet published says so across every page, not only in its last lines."""
        if self.content.version.number is not None:
            return
        mark, size = self._("DRAFT"), DRAFT_MARK_SIZE
        g = self.geometry
        canv.translate(g.width / 2, g.height / 2)
        canv.rotate(45)
        # Light enough to read the text beneath (the colour carries the alpha: draw_text sets it).
        faint = css.INK.clone(alpha=0.12)
        self.draw_text(canv, -self.text_width(mark, size) / 2, -size / 3, mark, size, faint)

    def _version_words(self, *, short: bool = False) -> str:
        _ = self._
        version = self.content.version
        if version.number is None:
            return _("draft") if short else _("Draft: not yet published")
        if short or version.effective_on is None:
            return _("version {number}").format(number=version.number)
        return _("Version {number}, effective {date}").format(
            number=version.number, date=self.date(version.effective_on)
        )

    def story(self) -> list[Flowable]:
        shared = self._shared()
        # The choices section depends on the client (generic: why consent is needed), so it
        # is never shared: a cached copy would print one client's choices for another.
        choices = _flat(self._consent_choices())
        if self.data.client is None:
            return [*shared["top"], *shared["intro"], *choices, *shared["after"]]
        return [*shared["top"], *self._client_box(), *shared["intro"], *choices, *shared["after"]]

    def _shared(self) -> dict[str, list[Flowable]]:
        """The parts every client's copy shares, as StaticBlocks, cached per content: a batch
        lays them out once, and a preview of the next client reuses them."""
        # Per thread: a Paragraph remembers the canvas it is drawing on, so two threads must
        # never draw the same one at once (a preview while a batch runs).
        key = (self.content, self.geometry.name, threading.get_ident())
        shared = _SHARED.get(key)
        if shared is None:
            frame_height = self.geometry.height - self.geometry.margin_top - 40 * mm

            def static(blocks: list[list[Flowable]]) -> list[Flowable]:
                return [StaticBlock(block, frame_height) for block in blocks if block]

            shared = {
                "top": static([self._header()]),
                "intro": static(
                    [
                        [self._intro()],
                        *self._who_we_are(),
                        *self._what_and_why(),
                        *self._requirement(),
                        *self._automated_decisions(),
                        *self._recipients(),
                        *self._transfers(),
                    ]
                ),
                "after": static(
                    [
                        *(self._sensitive() if "sensitive" in self.numbers else []),
                        *self._protection(),
                        *self._rights(),
                        *(self._california() if "california" in self.numbers else []),
                        *self._opting_out(),
                        *self._retention(),
                        *self._version(),
                    ]
                ),
            }
            if len(_SHARED) >= _SHARED_LIMIT:
                _SHARED.pop(next(iter(_SHARED)))
            _SHARED[key] = shared
        return shared

    # -- sections: each a list of blocks that stay together --------------------------------
    def _header(self) -> list[Flowable]:
        _ = self._
        return [
            self.para(self.text(self.practice.name), "Small"),
            self.para(self.fixed(_("Privacy notice")), "Title"),
            self.para(self.fixed(self._version_words()), "Small"),
            Spacer(1, 3 * mm),
        ]

    def _client_box(self) -> list[Flowable]:
        _ = self._
        client = self.data.client
        assert client is not None
        lines: list[Flowable] = [
            self.para(
                self.fixed(_("Prepared for")) + f" <b>{self.text(client.name)}</b>",
                "BodyTight",
            ),
            self.para(
                self.fixed(
                    _("Client reference {ref} · issued {date}"),
                    ref=client.ref,
                    date=self.date(self.data.issued_on),
                ),
                "Small",
            ),
        ]
        inner_width = self.geometry.text_width - 6 * mm  # boxed() pads 3 mm each side
        address = self.practice.email
        if address:
            subject = self.email_subject()
            lines += [
                Spacer(1, 1.5 * mm),
                self.para(
                    self.fixed(
                        _(
                            "To opt out or ask about your information by email, scan the code "
                            "with your phone's camera, or write to us with the subject "
                            "“{subject}”: it tells us whose record it is."
                        ),
                        subject=subject,
                    ),
                    "Small",
                ),
                self.para(self.mail_link(address, subject), "Small"),
            ]
            uri = mailto_uri(address, subject)
            content: list[Flowable] = [beside_code(uri, lines, inner_width)]
        else:
            content = lines
        return [boxed(content, self.geometry.text_width), Spacer(1, 3 * mm)]

    def email_subject(self) -> str:
        """The subject an email from this client's notice arrives with: their reference,
        and no words of a request kind (they may ask anything; the coach reads and chooses)."""
        assert self.data.client is not None
        return self._("Privacy question {ref}").format(ref=self.data.client.ref)

    def _intro(self) -> Flowable:
        _ = self._
        return self.para(
            self.fixed(
                _(
                    "This notice explains in plain words what information about you "
                    "{practice} keeps, why, who else receives it and how it is protected, "
                    "and the choices you have. You can change your mind at any time."
                ),
                practice=self.practice.name,
            )
        )

    def _heading(self, key: str, title: str) -> Paragraph:
        return self.para(f"{self.numbers[key]}. {self.fixed(title)}", "Heading")

    def _who_we_are(self) -> list[list[Flowable]]:
        _ = self._
        practice = self.practice
        rows = [
            (_("Practice"), practice.name),
            (_("Postal address"), "\n".join(practice.address_lines)),
            (_("Email"), practice.email),
            (_("Phone"), practice.phone),
            (_("Website"), practice.website),
            (_("Privacy contact"), practice.privacy_contact),
            *self._dpo_rows(),
        ]
        return [
            [
                self._heading("who", _("Who we are and how to reach us")),
                self.para(
                    self.fixed(
                        _(
                            "{practice} is responsible for your information (the controller). "
                            "Questions about this notice go to our privacy contact."
                        ),
                        practice=practice.name,
                    )
                ),
                self._facts_table([(label, value) for label, value in rows if value]),
            ]
        ]

    def _facts_table(self, rows: list[tuple[str, str]]) -> Flowable:
        return FactList(
            [
                (
                    self.para(self.fixed(label), "CellBold"),
                    self.para("<br/>".join(self.text(line) for line in value.split("\n")), "Cell"),
                )
                for label, value in rows
            ],
            38 * mm,
        )

    def _what_and_why(self) -> list[list[Flowable]]:
        _ = self._
        blocks: list[list[Flowable]] = [
            [self._heading("what", _("What information we use and why"))]
        ]
        if not self.content.purposes:
            blocks[0].append(
                self.para(self.fixed(_("We do not share your information with anyone.")))
            )
        for index, purpose in enumerate(self.content.purposes):
            categories = [
                category.label + (" *" if category.sensitive else "")
                for category in purpose.categories
            ]
            block = blocks[0] if index == 0 else []
            block.append(self.para(self.text(purpose.label), "Subheading"))
            block.append(self.para(self.text(purpose.explanation), "BodyTight"))
            if purpose.example:
                block.append(
                    self.para(
                        self.labelled(_("For example:"), self.text(purpose.example)),
                        "BodyTight",
                    )
                )
            block.append(
                self.para(
                    self.labelled(
                        _("Information used:"), self.text(words.join_list(categories, _))
                    ),
                    "BodyTight",
                )
            )
            block.append(
                self.para(
                    self.labelled(
                        _("Why we may:"), self.fixed(words.legal_basis(purpose.legal_basis, _))
                    ),
                    "Body",
                )
            )
            if index:
                blocks.append(block)
        if any(c.sensitive for p in self.content.purposes for c in p.categories):
            blocks[-1].append(
                self.para(
                    self.fixed(
                        _(
                            "* Sensitive personal information, such as health and body data. "
                            "We use it only with your explicit consent."
                        )
                    ),
                    "Small",
                )
            )
        return blocks

    def _recipients(self) -> list[list[Flowable]]:
        _ = self._
        intro = [
            self._heading("recipients", _("Who receives it")),
            self.para(
                self.fixed(
                    _(
                        "These service providers (vendors) receive information about our "
                        "clients, each only what it needs for the purpose named. None of them "
                        "may use it for anything else."
                    )
                )
            ),
        ]
        blocks = [self._vendor_block(vendor) for vendor in self.content.vendors]
        if not blocks:
            return [intro]
        return [[*intro, *blocks[0]], *blocks[1:]]

    def _vendor_block(self, vendor: VendorInfo) -> list[Flowable]:
        _ = self._
        name = vendor.name
        if vendor.legal_name and vendor.legal_name != vendor.name:
            name = f"{vendor.name} ({vendor.legal_name})"
        received = []
        for sharing in vendor.sharings:
            categories = words.join_list([c.label for c in sharing.categories], _)
            received.append(
                _("{categories}, for: {purpose}; {form}").format(
                    categories=categories,
                    purpose=sharing.purpose,
                    form=words.sharing_form(sharing.form, _),
                )
            )
        rows = [
            (_("What it does"), vendor.description),
            (_("Receives"), "\n".join(received)),
            (_("Why it is needed"), "\n".join(s.necessity for s in vendor.sharings)),
            (_("Where it is kept"), words.join_list(list(vendor.countries), _)),
            *self._vendor_law_rows(vendor),
            (_("Security"), vendor.security_measures),
        ]
        if vendor.privacy_policy_url:
            rows.append((_("Its privacy policy"), vendor.privacy_policy_url))
        return [
            self.para(self.text(name), "Subheading"),
            self._facts_table([(label, value) for label, value in rows if value]),
        ]

    def _consent_choices(self) -> list[list[Flowable]]:
        _ = self._
        sharings = self.content.consent_sharings
        block: list[Flowable] = [self._heading("choices", _("Choices that need your consent"))]
        if not sharings:
            block.append(
                self.para(self.fixed(_("None of our sharing currently needs your consent.")))
            )
            return [block]
        block.append(
            self.para(
                self.fixed(
                    _(
                        "We share the following only if you agree, separately for each. "
                        "Saying no, or withdrawing later, costs nothing and affects nothing "
                        "else we do for you."
                    )
                )
            )
        )
        width = self.geometry.text_width
        personal = self.data.client is not None
        choices = {choice.sharing_id: choice for choice in self.data.choices}
        header = [
            self.para(self.fixed(_("Service provider")), "CellBold"),
            self.para(self.fixed(_("Purpose")), "CellBold"),
            self.para(
                self.fixed(_("Your current choice") if personal else _("Why consent is needed")),
                "CellBold",
            ),
        ]
        rows: list[list] = [header]
        for sharing in sharings:
            if personal:
                third = self.fixed(self._choice_words(choices.get(sharing.id)))
            else:
                reasons = words.consent_reasons(sharing, self.content.jurisdictions, _)
                third = self.fixed(_capitalised(reasons))
            rows.append(
                [
                    self.para(self.text(sharing.vendor), "Cell"),
                    self.para(self.text(sharing.purpose), "Cell"),
                    self.para(third, "Cell"),
                ]
            )
        block.append(grid(rows, [width * 0.3, width * 0.35, width * 0.35]))
        return [block]

    def _choice_words(self, choice: ChoiceInfo | None) -> str:
        _ = self._
        if choice is None or choice.state == "none":
            return _("Not answered yet")
        day = self.date(choice.since) if choice.since else ""
        if choice.state == "given":
            return _("Yes: you agreed on {date}").format(date=day)
        if choice.state == "refused":
            return _("No: you declined on {date}").format(date=day)
        if choice.state == "withdrawn":
            return _("No: you withdrew your consent on {date}").format(date=day)
        return choice.state

    def _protection(self) -> list[list[Flowable]]:
        _ = self._
        intervals = sorted({v.review_interval_months for v in self.content.vendors})
        items = [
            _(
                "Encryption: information we send to a service provider travels encrypted; "
                "the measures each provider takes are listed in section 3."
            ),
            _(
                "Access control: only the people who work on your training can see your "
                "records, and our client file can be opened only from our own account."
            ),
            _(
                "Sharing the minimum (data minimisation): each provider receives only what it "
                "needs, under a client number instead of your name where that is enough."
            ),
        ]
        if len(intervals) > 1:
            items.append(
                _(
                    "Vendor reviews: we check each provider's security and contract again "
                    "every {low} to {high} months, and stop sharing with one that no longer "
                    "meets our standards."
                ).format(low=intervals[0], high=intervals[-1])
            )
        elif intervals:
            items.append(
                _(
                    "Vendor reviews: we check each provider's security and contract again "
                    "every {months} months, and stop sharing with one that no longer meets "
                    "our standards."
                ).format(months=intervals[0])
            )
        items.append(
            _(
                "If something goes wrong (a data breach), we act at once, tell the "
                "authority when the law requires it and tell you when you are affected."
            )
        )
        return [
            [
                self._heading("protection", _("How we protect your information")),
                *self._bullets(items),
            ]
        ]

    def _bullets(self, items: list[str]) -> list[Flowable]:
        return [
            Paragraph(self.fixed(item), self.styles["Bullet"], bulletText="•") for item in items
        ]

    def _opting_out(self) -> list[list[Flowable]]:
        _ = self._
        practice = self.practice
        # The ways offered are one rule (the opt-out path's review checks the notice by it);
        # in person is what the form's row below says: ask us for one.
        written = {
            Channel.ONLINE: (_("Online"), practice.online_optout_url),
            Channel.EMAIL: (_("Email"), practice.email),
            Channel.PHONE: (_("Phone"), practice.phone),
            Channel.POST: (_("Post"), practice.one_line_address),
        }
        offered = offered_channels(
            online_url=practice.online_optout_url, email=practice.email, phone=practice.phone
        )
        ways = [written[channel] for channel in offered if channel in written]
        ways.append(
            (
                _("The opt-out form"),
                _(
                    "Tick what you want to stop, sign, and post it back in a window "
                    "envelope. Ask us for a form at any time."
                ),
            )
        )
        block: list[Flowable] = [
            self._heading("optout", _("How to opt out or change your mind")),
            self.para(
                self.fixed(
                    _(
                        "Tell us in whichever way suits you; giving your client reference "
                        "helps us find your record quickly. An opt-out takes effect as soon as "
                        "we receive it, and we tell every service provider concerned."
                    )
                )
            ),
            self._facts_table(ways),
        ]
        continuing = [s for s in self.content.sharings if not can_be_stopped(s)]
        if continuing:
            block.append(Spacer(1, 2 * mm))
            block.append(self.para(self.fixed(_("Some sharing continues after an opt-out:"))))
            block += self._bullets(
                [
                    f"{sharing.vendor} ({sharing.purpose}): "
                    + continuing_reason(LegalBasis(sharing.legal_basis), _)
                    for sharing in _unique(continuing)
                ]
            )
        return [block]

    def _version(self) -> list[list[Flowable]]:
        _ = self._
        version = self.content.version
        block: list[Flowable] = [self._heading("version", _("Version and changes"))]
        if version.number is None:
            block.append(
                self.para(
                    self.fixed(
                        _("This is a draft of our privacy notice that has not been published yet.")
                    )
                )
            )
            return [block]
        if version.effective_on is not None:
            block.append(
                self.para(
                    self.fixed(
                        _("This is version {number} of our privacy notice, effective {date}."),
                        number=str(version.number),
                        date=self.date(version.effective_on),
                    )
                )
            )
        if version.summary:
            block.append(self.para(self.labelled(_("What changed:"), self.text(version.summary))))
        block.extend(
            Paragraph(self.text(item), self.styles["Bullet"], bulletText="•")
            for item in version.changes
        )
        return [block]


_SHARED: dict[tuple[NoticeContent, str, int], dict[str, list[Flowable]]] = {}
_SHARED_LIMIT = 8


def _flat(blocks: list[list[Flowable]]) -> list[Flowable]:
    return [flowable for block in blocks for flowable in block]


def _unique(sharings: list[SharingInfo]) -> list[SharingInfo]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for sharing in sharings:
        key = (sharing.vendor, sharing.purpose)
        if key not in seen:
            seen.add(key)
            unique.append(sharing)
    return unique


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
