"""Every closed set of values the records use; stored by their string value."""

from enum import StrEnum


class Language(StrEnum):
    ENGLISH = "en"
    CHINESE = "zh"


class ClientStatus(StrEnum):
    ACTIVE = "active"
    FORMER = "former"
    ERASED = "erased"  # personal fields scrubbed (issue 13); the reference code stays


class VendorStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class LegalBasis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class SharingForm(StrEnum):
    IDENTIFIED = "identified"
    PSEUDONYMISED = "pseudonymised"
    ANONYMISED = "anonymised"


class ConsentState(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    NONE = "none"  # never recorded: not stored, only reported


class Channel(StrEnum):
    PAPER_IN_PERSON = "paper"
    VERBAL_IN_PERSON = "in-person"
    PHONE = "phone"
    POST = "post"
    EMAIL = "email"
    ONLINE = "online"


class OptOutScope(StrEnum):
    ALL = "all"
    CHOSEN = "chosen"
    MARKETING = "marketing"


class Jurisdiction(StrEnum):
    """The keys of the built-in rule sets; which rule sets exist is `rulesets.RULE_SETS`."""

    GDPR = "gdpr"
    CCPA = "ccpa"
    PIPL = "pipl"


class PaperSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


class DeliveryMethod(StrEnum):
    IN_PERSON = "in-person"
    POST = "post"
    EMAIL = "email"


class RequestKind(StrEnum):
    """What a client asks for; the other kinds' values are the `request log --type` names."""

    OPT_OUT = "opt-out"
    ACCESS = "access"
    PORTABILITY = "portability"
    CORRECTION = "correction"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    COMPLAINT = "complaint"
