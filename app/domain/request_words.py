"""Which kind of request a client's own words ask for: opt out, delete, a copy... (a proposal).

What is proposed is only that: the coach confirms or changes it. The words are those clients
use (and the laws' own words), in English and in simplified and traditional Chinese. A kind is
proposed by where its words first appear, so "unsubscribe me and delete my data" proposes the
opt-out and says that deletion is asked too.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.enums import RequestKind

# English phrases match on word boundaries ("access" alone is not enough: "I could not access
# the page" is no request); Chinese ones anywhere, as the script has no spaces.
_ENGLISH: dict[RequestKind, tuple[str, ...]] = {
    RequestKind.OPT_OUT: (
        r"opt(?:ing)?[- ]?out",
        r"unsubscrib\w*",
        r"stop (?:sharing|selling|sending|using my)",
        r"withdraw\w* (?:my |the )?consent",
        r"revok\w* (?:my |the )?consent",
        r"do not (?:sell|share)",
        r"don't (?:sell|share)",
        r"no longer (?:share|send|sell)",
        r"remove me from (?:your |the )?(?:mailing|email|newsletter)",
    ),
    RequestKind.DELETION: (
        r"delet\w*",
        r"erase\w*",
        r"erasure",
        r"right to be forgotten",
        r"forget me",
        r"remove (?:all )?(?:my|of my) (?:data|details|information|records)",
    ),
    RequestKind.ACCESS: (
        r"copy of (?:my|the|all my|all the) (?:personal )?(?:data|information|details|records)",
        r"access (?:to )?my",
        r"subject access",
        r"access request",
        r"right to know",
        r"what (?:data|information|details) (?:do )?you (?:hold|have|keep)",
    ),
    RequestKind.PORTABILITY: (r"portability", r"machine[- ]readable", r"transfer my data"),
    RequestKind.CORRECTION: (
        r"correct (?:my|the)",
        r"correction",
        r"rectif\w*",
        r"(?:is|are) (?:wrong|incorrect|out of date)",
        r"update my (?:address|details|name|email|phone)",
    ),
    RequestKind.RESTRICTION: (r"restrict\w* (?:the )?(?:processing|use)",),
    RequestKind.OBJECTION: (r"i object", r"object to"),
    RequestKind.COMPLAINT: (r"complain\w*", r"not happy with"),
}
_CHINESE: dict[RequestKind, tuple[str, ...]] = {
    RequestKind.OPT_OUT: (
        "退订",
        "退訂",
        "取消订阅",
        "取消訂閱",
        "不要分享",
        "不要再分享",
        "停止分享",
        "不再分享",
        "撤回同意",
        "撤销同意",
        "撤銷同意",
        "选择退出",
        "選擇退出",
        "不要出售",
        "停止发送",
        "停止發送",
        "不要再发",
        "不要再發",
        "拒收",
    ),
    RequestKind.DELETION: ("删除", "刪除", "清除我的", "注销我的", "註銷我的"),
    RequestKind.ACCESS: ("查阅", "查閱", "复制", "複製", "副本", "调取", "調取"),
    RequestKind.PORTABILITY: ("转移我的", "轉移我的", "可携带", "可攜帶"),
    RequestKind.CORRECTION: ("更正", "改正", "纠正", "糾正", "有误", "有誤"),
    RequestKind.RESTRICTION: ("限制处理", "限制處理"),
    RequestKind.OBJECTION: ("反对", "反對"),
    RequestKind.COMPLAINT: ("投诉", "投訴"),
}
_PATTERNS = tuple(
    (kind, re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)"))
    for kind, phrases in _ENGLISH.items()
)
# Typographic apostrophes and dashes written the way a keyboard writes them.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def kinds_asked(text: str) -> tuple[RequestKind, ...]:
    """Each kind whose words the text uses, in the order they first appear."""
    folded = " ".join(unicodedata.normalize("NFKC", text).translate(_PLAIN).casefold().split())
    first: dict[RequestKind, int] = {}
    for kind, pattern in _PATTERNS:
        match = pattern.search(folded)
        if match:
            first[kind] = match.start()
    for kind, words in _CHINESE.items():
        places = [folded.find(word) for word in words if word in folded]
        if places:
            first[kind] = min(first.get(kind, len(folded)), *places)
    return tuple(sorted(first, key=first.__getitem__))
