"""The notice's section on how long each kind of information is kept (GDPR Art. 13(2)(a),
CCPA 1798.100(a)(3), PIPL Art. 17). Mixed into `PrivacyNotice`, like `notice_law.LawSections`."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.documents.notice_law import content_categories
from app.documents.styles import SPACE
from app.documents.wrapping import Paragraph
from app.i18n import N_

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
RECORDS_RETENTION = N_("at least 24 months after they end, so that we can show we respected them.")


def retention_of(key: str) -> str:
    """What the notice states for one category of the catalogue (marked N_: translate it);
    the record of processing asks here too, so the two never say different periods."""
    return RETENTION.get(key, RETENTION_OTHER)


class RetentionSection:
    """The retention section of `PrivacyNotice`."""

    def _retention(self) -> list[list[Flowable]]:
        _ = self._
        items = [
            self.labelled(
                _("{category}:").format(category=category.label),
                self.fixed(_(retention_of(category.key))),
            )
            for category in content_categories(self.content)
        ]
        items.append(
            self.labelled(
                _("Your consent choices and opt-out requests:"),
                self.fixed(_(RECORDS_RETENTION)),
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
