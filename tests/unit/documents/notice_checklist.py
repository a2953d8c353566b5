"""The words that prove a privacy notice says what its rule sets require: item -> words.

One entry per `NoticeItem` of `app/domain/rulesets.py`, by its key ("gdpr.restriction"). Each
gives the fixed words that must be found in the extracted text, in English and in Chinese,
and may add words worked out from what the notice is about (every category's retention
line, every recipient abroad's contact): a word listed twice must be found twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from app.documents.data import NoticeContent

More = Callable[[NoticeContent, str], tuple[str, ...]]


@dataclass(frozen=True)
class Words:
    en: tuple[str, ...]
    zh: tuple[str, ...]
    more: More | None = None

    def required(self, content: NoticeContent) -> tuple[str, ...]:
        fixed = self.zh if content.lang == "zh" else self.en
        return (*fixed, *(self.more(content, content.lang) if self.more else ()))


def _categories(content: NoticeContent) -> list:
    return list(content.categories)


def _retention_lines(content: NoticeContent, lang: str) -> tuple[str, ...]:
    """Every category shared has its own line under "How long we keep"."""
    colon = "：" if lang == "zh" else ":"
    return tuple(f"{category.label}{colon}" for category in _categories(content))


def _category_labels(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    return tuple(category.label for category in _categories(content))


def _purpose_labels(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    return tuple(purpose.label for purpose in content.purposes)


def _practice_contact(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    return (content.practice.name, content.practice.email)


def _vendor_names(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    return tuple(vendor.name for vendor in content.vendors)


def _methods_per_vendor(content: NoticeContent, lang: str) -> tuple[str, ...]:
    label = "处理方式" if lang == "zh" else "How it handles it"
    return (label,) * len(content.vendors)


def _safeguards_abroad(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    return tuple(v.transfer_safeguard for v in content.vendors if v.transfer_countries)


def _recipients_abroad(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    """Art. 39: each recipient abroad by name, with its contact."""
    words: list[str] = []
    for vendor in content.vendors:
        if vendor.transfer_countries:
            words += [vendor.name, vendor.privacy_email or vendor.postal_address.split("\n")[0]]
    return tuple(words)


def _sensitive_necessity(content: NoticeContent, _lang: str) -> tuple[str, ...]:
    """Art. 30: why each sharing of sensitive information is necessary, in the language."""
    return tuple(
        sharing.necessity
        for sharing in content.sharings
        if any(category.sensitive for category in sharing.categories)
    )


def _authority(rule_set: str) -> More:
    def names(content: NoticeContent, _lang: str) -> tuple[str, ...]:
        return tuple(a.name for a in content.authorities if a.rule_set == rule_set)

    return names


ACCESS = Words(("(access)",), ("（查阅、复制）",))
CORRECTION = Words(("(correction)",), ("（更正、补充）",))
DELETION = Words(("(deletion)",), ("（删除）",))
RESTRICTION = Words(("(restriction)",), ("（限制处理）",))
WITHDRAWAL = Words(("Withdraw any consent at any time",), ("随时撤回任何同意",))
RETENTION = Words(("How long we keep your information",), ("我们保存信息的期限",), _retention_lines)

CHECKLIST: dict[str, Words] = {
    # -- GDPR Art. 13 ------------------------------------------------------------------------
    "gdpr.controller": Words(
        ("is responsible for your information (the controller)",),
        ("负责处理您的信息",),
        _practice_contact,
    ),
    "gdpr.dpo": Words(
        ("Data protection officer", "We have not appointed a data protection officer"),
        ("数据保护官", "我们没有任命数据保护官"),
    ),
    "gdpr.purposes": Words(("Why we may:",), ("依据：",), _purpose_labels),
    "gdpr.recipients": Words(("Who receives it",), ("哪些机构会收到这些信息",), _vendor_names),
    "gdpr.transfers": Words(
        ("Transfer abroad", "keep information outside"),
        ("跨境传输保障", "以外保存信息"),
        _safeguards_abroad,
    ),
    "gdpr.safeguard_copy": Words(("a copy of these safeguards",), ("这些保障措施的副本",)),
    "gdpr.retention": RETENTION,
    "gdpr.access": ACCESS,
    "gdpr.correction": CORRECTION,
    "gdpr.deletion": DELETION,
    "gdpr.restriction": RESTRICTION,
    "gdpr.objection": Words(("(objection)",), ("（拒绝、反对）",)),
    "gdpr.portability": Words(("(data portability)",), ("（数据可携带、转移）",)),
    "gdpr.withdrawal": WITHDRAWAL,
    "gdpr.complaint": Words(("Complain",), ("投诉",), _authority("gdpr")),
    "gdpr.requirement": Words(
        ("Do you have to give us this information?", "(a contractual requirement)"),
        ("您必须提供这些信息吗？", "（合同要求）"),
    ),
    "gdpr.automated_decisions": Words(
        ("Automated decisions:", "(automated decision-making)"),
        ("自动化决策：", "（自动化决策）"),
    ),
    # -- CCPA / CPRA ---------------------------------------------------------------------------
    "ccpa.categories": Words(
        ("Categories of personal information we collect",),
        ("我们收集的个人信息类别",),
        _category_labels,
    ),
    "ccpa.purposes": Words(("What we use it for",), ("我们的使用目的",), _purpose_labels),
    "ccpa.sale_and_sharing": Words(
        ("Do we sell or share your personal information?", "We do not sell your personal"),
        ("我们是否出售或共享您的个人信息？", "我们不出售您的个人信息"),
    ),
    "ccpa.do_not_sell": Words(
        ("Do Not Sell or Share My Personal Information", "Global Privacy Control"),
        ("请勿出售或共享我的个人信息", "全球隐私控制"),
    ),
    "ccpa.limit_sensitive": Words(
        ("Limit the Use of My Sensitive Personal Information",),
        ("限制使用我的敏感个人信息",),
    ),
    "ccpa.retention": RETENTION,
    "ccpa.know": Words(("(right to know)",), ("（知情权）",)),
    "ccpa.deletion": DELETION,
    "ccpa.correction": CORRECTION,
    "ccpa.non_discrimination": Words(("(non-discrimination)",), ("（不受歧视）",)),
    "ccpa.requests": Words(("(an authorized agent)", "45 days"), ("（授权代理人）", "45 天")),
    "ccpa.complaint": Words(("Complain",), ("投诉",), _authority("ccpa")),
    # -- PIPL ----------------------------------------------------------------------------------
    "pipl.controller": Words(
        ("is responsible for your information (the controller)",),
        ("负责处理您的信息（个人信息处理者）",),
        _practice_contact,
    ),
    "pipl.purposes": Words(("Why we may:",), ("依据：",), _purpose_labels),
    "pipl.processing_methods": Words((), (), _methods_per_vendor),
    "pipl.recipients": Words(("Who receives it",), ("哪些机构会收到这些信息",), _vendor_names),
    "pipl.retention": RETENTION,
    "pipl.sensitive": Words(
        ("Sensitive personal information", "could harm you", "Why it is necessary:"),
        ("敏感个人信息", "对您造成损害", "必要性："),
        _sensitive_necessity,
    ),
    "pipl.transfers": Words(
        ("Transfer abroad", "only with your separate consent"),
        ("跨境传输保障", "单独同意"),
        _safeguards_abroad,
    ),
    "pipl.foreign_recipients": Words(
        ("use your rights with a provider abroad directly",),
        ("直接向境外的第三方服务提供商行使您的权利",),
        _recipients_abroad,
    ),
    "pipl.restriction": RESTRICTION,
    "pipl.objection": Words(("refuse",), ("拒绝",)),
    "pipl.access": ACCESS,
    "pipl.portability": Words(("send it to another provider",), ("转移给您指定的",)),
    "pipl.correction": CORRECTION,
    "pipl.deletion": DELETION,
    "pipl.explanation": Words(("(explanation)",), ("（解释说明）",)),
    "pipl.withdrawal": WITHDRAWAL,
    "pipl.complaint": Words(("Complain",), ("投诉",), _authority("pipl")),
}


def squeezed(text: str, lang: str) -> str:
    """Extracted text as the checklist compares it: Chinese breaks lines between any two
    characters, so it is compared without any white space; English with single spaces."""
    if lang == "zh":
        return "".join(text.split())
    return " ".join(text.split())


def missing_words(key: str, text: str, content: NoticeContent) -> list[str]:
    """The words of one item not found (often enough) in a notice's extracted text."""
    lang = content.lang
    found = squeezed(text, lang)
    wanted = Counter(squeezed(word, lang) for word in CHECKLIST[key].required(content))
    return [word for word, times in wanted.items() if not word or found.count(word) < times]
