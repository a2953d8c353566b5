"""The rule sets a practice ticks, as data: what each asks a privacy notice to say (its
checklist) and which authority hears complaints.

A `RuleSet` is meant to grow: deadlines per request kind and consent triggers join it when
the if-chains on `Jurisdiction` elsewhere move here. The notice renderer asks which topics
the ticked rule sets require and prints a section or a line for each; the tests hold, per
item, the words that prove the notice says it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.enums import Jurisdiction
from app.domain.holiday_parts import part_from_address
from app.domain.transfers import EEA


class Topic(StrEnum):
    """Something a privacy notice says; one vocabulary for every rule set."""

    CONTROLLER = "controller"  # who is responsible, and how to reach them
    DPO = "dpo"  # the data protection officer, or that there is none
    PURPOSES = "purposes"  # the purposes and the legal basis of each
    CATEGORIES = "categories"  # the categories of information collected
    REQUIREMENT = "requirement"  # statutory or contractual requirement, and if not given
    AUTOMATED_DECISIONS = "automated_decisions"  # none, or what and why
    RECIPIENTS = "recipients"  # who receives the information
    PROCESSING_METHODS = "processing_methods"  # how each recipient handles it
    TRANSFERS = "transfers"  # which information leaves the practice's area, and the safeguard
    SAFEGUARD_COPY = "safeguard_copy"  # how to get a copy of the safeguards
    FOREIGN_RECIPIENTS = "foreign_recipients"  # a recipient abroad: contact, rights against it
    SENSITIVE = "sensitive"  # sensitive information: why it is necessary, the impact
    SALE_AND_SHARING = "sale_and_sharing"  # whether personal information is sold or shared
    DO_NOT_SELL = "do_not_sell"  # "Do Not Sell or Share My Personal Information"
    LIMIT_SENSITIVE = "limit_sensitive"  # "Limit the Use of My Sensitive Personal Information"
    RETENTION = "retention"  # how long, for every category
    ACCESS = "access"  # see it and get a copy
    KNOW = "know"  # know what is collected, used and disclosed
    CORRECTION = "correction"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    OBJECTION = "objection"  # object to, or refuse, a use
    PORTABILITY = "portability"  # receive it, or have it sent to another provider
    EXPLANATION = "explanation"  # ask for an explanation of the handling
    WITHDRAWAL = "withdrawal"  # withdraw consent, as easily as it was given
    NON_DISCRIMINATION = "non_discrimination"
    REQUESTS = "requests"  # how to make a request: verification, an authorised agent
    COMPLAINT = "complaint"  # the right to complain, and to whom


@dataclass(frozen=True)
class NoticeItem:
    """One thing a rule set requires a privacy notice to say."""

    rule_set: Jurisdiction
    topic: Topic
    article: str  # where the law says so
    says: str  # what the notice must say, for a maintainer

    @property
    def key(self) -> str:
        return f"{self.rule_set.value}.{self.topic.value}"


@dataclass(frozen=True)
class Authority:
    """The body that hears complaints, named in both languages of the documents."""

    name_en: str
    name_zh: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class RuleSet:
    jurisdiction: Jurisdiction
    notice_items: tuple[NoticeItem, ...]
    # The authority for a practice in (country, subdivision).
    authority: Callable[[str, str], Authority]
    home: Callable[[str], bool]  # whether a practice in this country is at home in it

    @property
    def topics(self) -> frozenset[Topic]:
        return frozenset(item.topic for item in self.notice_items)


def _items(rule_set: Jurisdiction, *rows: tuple[Topic, str, str]) -> tuple[NoticeItem, ...]:
    return tuple(NoticeItem(rule_set, topic, article, says) for topic, article, says in rows)


T = Topic
GDPR_ITEMS = _items(
    Jurisdiction.GDPR,
    (T.CONTROLLER, "Art. 13(1)(a)", "identity and contact details of the controller"),
    (T.DPO, "Art. 13(1)(b)", "contact of the data protection officer, or that there is none"),
    (T.PURPOSES, "Art. 13(1)(c), (d)", "purposes, legal basis, legitimate interests pursued"),
    (T.RECIPIENTS, "Art. 13(1)(e)", "the recipients"),
    (T.TRANSFERS, "Art. 13(1)(f)", "transfers abroad and the adequacy decision or safeguard"),
    (T.SAFEGUARD_COPY, "Art. 13(1)(f)", "how to obtain a copy of the safeguards"),
    (T.RETENTION, "Art. 13(2)(a)", "how long each category is kept, or the criteria"),
    (T.ACCESS, "Art. 13(2)(b), 15", "the right of access"),
    (T.CORRECTION, "Art. 13(2)(b), 16", "the right to rectification"),
    (T.DELETION, "Art. 13(2)(b), 17", "the right to erasure"),
    (T.RESTRICTION, "Art. 13(2)(b), 18", "the right to restriction of processing"),
    (T.OBJECTION, "Art. 13(2)(b), 21", "the right to object"),
    (T.PORTABILITY, "Art. 13(2)(b), 20", "the right to data portability"),
    (T.WITHDRAWAL, "Art. 13(2)(c)", "the right to withdraw consent at any time"),
    (T.COMPLAINT, "Art. 13(2)(d), 77", "the right to complain to a supervisory authority"),
    (
        T.REQUIREMENT,
        "Art. 13(2)(e)",
        "whether giving the data is a statutory or contractual requirement, and what "
        "happens if it is not given",
    ),
    (T.AUTOMATED_DECISIONS, "Art. 13(2)(f), 22", "automated decision-making: none, or what"),
)
CCPA_ITEMS = _items(
    Jurisdiction.CCPA,
    (T.CATEGORIES, "1798.100(a)(1), 1798.110", "categories of personal information collected"),
    (T.PURPOSES, "1798.100(a)(1)", "the purposes for which each category is used"),
    (T.SALE_AND_SHARING, "1798.100(a)(1), 1798.115", "whether it is sold or shared"),
    (T.DO_NOT_SELL, "1798.120, 1798.135", "how to opt out of sale or sharing"),
    (T.LIMIT_SENSITIVE, "1798.121", "the right to limit the use of sensitive information"),
    (T.RETENTION, "1798.100(a)(3)", "how long each category is kept, or the criteria"),
    (T.KNOW, "1798.110", "the right to know"),
    (T.DELETION, "1798.105", "the right to delete"),
    (T.CORRECTION, "1798.106", "the right to correct"),
    (T.NON_DISCRIMINATION, "1798.125", "no discrimination for using a right"),
    (T.REQUESTS, "1798.130; Regs. 7011(c)", "how to make a request, verification, an agent"),
    (T.COMPLAINT, "1798.199.40", "the California Privacy Protection Agency"),
)
PIPL_ITEMS = _items(
    Jurisdiction.PIPL,
    (T.CONTROLLER, "Art. 17(1)", "name and contact of the personal information handler"),
    (T.PURPOSES, "Art. 17(2)", "purposes of the handling"),
    (T.PROCESSING_METHODS, "Art. 17(2), 23", "the handling methods, for each recipient"),
    (T.RECIPIENTS, "Art. 23", "each recipient's name, contact and the categories it gets"),
    (T.RETENTION, "Art. 17(2)", "how long each category is kept"),
    (T.SENSITIVE, "Art. 30", "for sensitive information, its necessity and the impact"),
    (T.TRANSFERS, "Art. 38, 39", "what leaves mainland China, and the safeguard"),
    (
        T.FOREIGN_RECIPIENTS,
        "Art. 39",
        "a recipient abroad: name, contact, handling, how to exercise rights against it",
    ),
    (T.RESTRICTION, "Art. 44", "the right to restrict the handling"),
    (T.OBJECTION, "Art. 44", "the right to refuse the handling"),
    (T.ACCESS, "Art. 45", "the right to consult and copy"),
    (T.PORTABILITY, "Art. 45", "the right to have it transferred to another handler"),
    (T.CORRECTION, "Art. 46", "the right to correct and complete"),
    (T.DELETION, "Art. 47", "the right to deletion"),
    (T.EXPLANATION, "Art. 48", "the right to ask for an explanation"),
    (T.WITHDRAWAL, "Art. 15", "the right to withdraw consent"),
    (T.COMPLAINT, "Art. 65", "the right to complain to the departments in charge"),
)
del T

# -- authorities -----------------------------------------------------------------------------------

# The GDPR authority of each EEA state and the UK, in English and Chinese.
GDPR_AUTHORITIES: dict[str, Authority] = {
    "GB": Authority("the Information Commissioner's Office (ICO)", "英国信息专员办公室（ICO）"),
    "AT": Authority(
        "the Austrian Data Protection Authority (Datenschutzbehörde)", "奥地利数据保护局"
    ),
    "BE": Authority("the Belgian Data Protection Authority (APD/GBA)", "比利时数据保护局"),
    "BG": Authority(
        "the Commission for Personal Data Protection (Bulgaria)", "保加利亚个人数据保护委员会"
    ),
    "HR": Authority(
        "the Croatian Personal Data Protection Agency (AZOP)", "克罗地亚个人数据保护局"
    ),
    "CY": Authority(
        "the Commissioner for Personal Data Protection (Cyprus)", "塞浦路斯个人数据保护专员"
    ),
    "CZ": Authority(
        "the Office for Personal Data Protection (Czech Republic)", "捷克个人数据保护办公室"
    ),
    "DK": Authority("the Danish Data Protection Agency (Datatilsynet)", "丹麦数据保护局"),
    "EE": Authority("the Estonian Data Protection Inspectorate", "爱沙尼亚数据保护监察局"),
    "FI": Authority(
        "the Office of the Data Protection Ombudsman (Finland)", "芬兰数据保护监察员办公室"
    ),
    "FR": Authority(
        "the Commission nationale de l'informatique et des libertés (CNIL)",
        "法国国家信息与自由委员会（CNIL）",
    ),
    "GR": Authority("the Hellenic Data Protection Authority", "希腊数据保护局"),
    "HU": Authority(
        "the National Authority for Data Protection and Freedom of Information (NAIH, Hungary)",
        "匈牙利国家数据保护与信息自由局（NAIH）",
    ),
    "IE": Authority("the Data Protection Commission (DPC)", "爱尔兰数据保护委员会（DPC）"),
    "IT": Authority(
        "the Garante per la protezione dei dati personali (Italy)",
        "意大利个人数据保护局（Garante）",
    ),
    "LV": Authority("the Data State Inspectorate (Latvia)", "拉脱维亚国家数据监察局"),
    "LT": Authority(
        "the State Data Protection Inspectorate (Lithuania)", "立陶宛国家数据保护监察局"
    ),
    "LU": Authority(
        "the National Commission for Data Protection (CNPD, Luxembourg)", "卢森堡国家数据保护委员会"
    ),
    "MT": Authority(
        "the Information and Data Protection Commissioner (Malta)", "马耳他信息与数据保护专员"
    ),
    "NL": Authority(
        "the Autoriteit Persoonsgegevens (Dutch Data Protection Authority)", "荷兰数据保护局"
    ),
    "PL": Authority(
        "the Personal Data Protection Office (UODO, Poland)", "波兰个人数据保护办公室（UODO）"
    ),
    "PT": Authority(
        "the Comissão Nacional de Proteção de Dados (CNPD, Portugal)", "葡萄牙国家数据保护委员会"
    ),
    "RO": Authority(
        "the National Supervisory Authority for Personal Data Processing (ANSPDCP, Romania)",
        "罗马尼亚国家个人数据处理监管局",
    ),
    "SK": Authority(
        "the Office for Personal Data Protection of the Slovak Republic",
        "斯洛伐克个人数据保护办公室",
    ),
    "SI": Authority("the Information Commissioner (Slovenia)", "斯洛文尼亚信息专员"),
    "ES": Authority(
        "the Agencia Española de Protección de Datos (AEPD)", "西班牙数据保护局（AEPD）"
    ),
    "SE": Authority("the Swedish Authority for Privacy Protection (IMY)", "瑞典隐私保护局（IMY）"),
    "IS": Authority("Persónuvernd (the Icelandic Data Protection Authority)", "冰岛数据保护局"),
    "LI": Authority("the Data Protection Authority of Liechtenstein", "列支敦士登数据保护局"),
    "NO": Authority("Datatilsynet (the Norwegian Data Protection Authority)", "挪威数据保护局"),
}

# Germany: a private practice answers to the authority of its Land (the federal
# commissioner, BfDI, oversees federal bodies, telecoms and post). Keys are the Land codes the
# `holidays` package uses for subdivisions, which is where the practice's Land is kept.
GERMAN_LAND_AUTHORITIES: dict[str, Authority] = {
    "BW": Authority(
        "the Landesbeauftragte für den Datenschutz und die Informationsfreiheit Baden-Württemberg",
        "巴登-符腾堡州数据保护与信息自由专员",
    ),
    "BY": Authority(
        "the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)",
        "巴伐利亚州数据保护监督局（BayLDA）",
    ),
    "BE": Authority(
        "the Berliner Beauftragte für Datenschutz und Informationsfreiheit",
        "柏林数据保护与信息自由专员",
    ),
    "BB": Authority(
        "the Landesbeauftragte für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg",
        "勃兰登堡州数据保护与档案查阅权专员",
    ),
    "HB": Authority(
        "the Landesbeauftragte für Datenschutz und Informationsfreiheit der Freien Hansestadt "
        "Bremen",
        "不来梅州数据保护与信息自由专员",
    ),
    "HH": Authority(
        "the Hamburgische Beauftragte für Datenschutz und Informationsfreiheit",
        "汉堡数据保护与信息自由专员",
    ),
    "HE": Authority(
        "the Hessische Beauftragte für Datenschutz und Informationsfreiheit",
        "黑森州数据保护与信息自由专员",
    ),
    "MV": Authority(
        "the Landesbeauftragte für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern",
        "梅克伦堡-前波美拉尼亚州数据保护与信息自由专员",
    ),
    "NI": Authority(
        "the Landesbeauftragte für den Datenschutz Niedersachsen", "下萨克森州数据保护专员"
    ),
    "NW": Authority(
        "the Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
        "北莱茵-威斯特法伦州数据保护与信息自由专员",
    ),
    "RP": Authority(
        "the Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz",
        "莱茵兰-普法尔茨州数据保护与信息自由专员",
    ),
    "SL": Authority("the Unabhängiges Datenschutzzentrum Saarland", "萨尔州独立数据保护中心"),
    "SN": Authority(
        "the Sächsische Datenschutz- und Transparenzbeauftragte", "萨克森州数据保护与透明度专员"
    ),
    "ST": Authority(
        "the Landesbeauftragte für den Datenschutz Sachsen-Anhalt", "萨克森-安哈尔特州数据保护专员"
    ),
    "SH": Authority(
        "the Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD)",
        "石勒苏益格-荷尔斯泰因州独立数据保护中心（ULD）",
    ),
    "TH": Authority(
        "the Thüringer Landesbeauftragte für den Datenschutz und die Informationsfreiheit",
        "图林根州数据保护与信息自由专员",
    ),
}
GERMAN_LAND_UNKNOWN = Authority(
    "the data protection authority of the German Land (federal state) where we are based",
    "我们所在的德国联邦州的数据保护监管机构",
)
GDPR_ELSEWHERE = Authority(
    "the data protection authority of the EU or EEA country where you live or work, or the "
    "UK's Information Commissioner's Office (ICO)",
    "您居住或工作所在的欧盟或欧洲经济区国家的数据保护监管机构，或英国信息专员办公室（ICO）",
)
CCPA_AUTHORITY = Authority(
    "the California Privacy Protection Agency (CPPA) or the California Attorney General",
    "加利福尼亚州隐私保护局（CPPA）或加利福尼亚州总检察长",
)
PIPL_AUTHORITY = Authority(
    "the Cyberspace Administration of China (CAC) or your local cyberspace administration",
    "国家网信部门（国家互联网信息办公室）或当地网信部门等履行个人信息保护职责的部门",
)


def authority_part(
    country: str, chosen: str = "", *, region: str = "", postal_code: str = "", city: str = ""
) -> str:
    """The part of its country a practice's authority depends on: a German Land, the one the
    practice chose (its holidays' part) or else the one its address is certainly in; "" for
    every other country, whose authority does not depend on the part."""
    if country.strip().upper() != "DE":
        return ""
    if chosen.strip():
        return chosen.strip().upper()
    found = part_from_address(country, region=region, postal_code=postal_code, city=city)
    return found or ""


def gdpr_authority(country: str, subdivision: str = "") -> Authority:
    code = country.strip().upper()
    if code == "DE":
        return GERMAN_LAND_AUTHORITIES.get(subdivision.strip().upper(), GERMAN_LAND_UNKNOWN)
    return GDPR_AUTHORITIES.get(code, GDPR_ELSEWHERE)


RULE_SETS: dict[Jurisdiction, RuleSet] = {
    Jurisdiction.GDPR: RuleSet(
        Jurisdiction.GDPR,
        GDPR_ITEMS,
        authority=gdpr_authority,
        home=lambda country: country.strip().upper() in EEA | {"GB"},
    ),
    Jurisdiction.CCPA: RuleSet(
        Jurisdiction.CCPA,
        CCPA_ITEMS,
        authority=lambda _country, _subdivision: CCPA_AUTHORITY,
        home=lambda country: country.strip().upper() == "US",
    ),
    Jurisdiction.PIPL: RuleSet(
        Jurisdiction.PIPL,
        PIPL_ITEMS,
        authority=lambda _country, _subdivision: PIPL_AUTHORITY,
        home=lambda country: country.strip().upper() == "CN",
    ),
}


# What every notice says whatever the rule sets (DESIGN.md 6.1, the practice's own promise):
# the rights to see, correct and delete, to object and say no to marketing, to withdraw a
# consent, and where to complain.
BASE_TOPICS = frozenset(
    {
        Topic.ACCESS,
        Topic.CORRECTION,
        Topic.DELETION,
        Topic.OBJECTION,
        Topic.WITHDRAWAL,
        Topic.COMPLAINT,
    }
)


def rule_sets(jurisdictions: Iterable[str]) -> tuple[RuleSet, ...]:
    """The ticked rule sets in a fixed order (GDPR, CCPA, PIPL); unknown values are skipped."""
    ticked = {value.strip().lower() for value in jurisdictions}
    return tuple(rule for key, rule in RULE_SETS.items() if key.value in ticked)


def notice_checklist(jurisdictions: Iterable[str]) -> tuple[NoticeItem, ...]:
    """Every item the ticked rule sets require a privacy notice to say."""
    return tuple(item for rule in rule_sets(jurisdictions) for item in rule.notice_items)


def notice_topics(jurisdictions: Iterable[str]) -> frozenset[Topic]:
    """What a notice must say for the ticked rule sets: the union of their topics."""
    return frozenset(item.topic for item in notice_checklist(jurisdictions))


def home_rule_set(country: str, jurisdictions: Iterable[str]) -> RuleSet | None:
    """The ticked rule set of the practice's own country, else the first ticked one."""
    ticked = rule_sets(jurisdictions)
    return next((rule for rule in ticked if rule.home(country)), ticked[0] if ticked else None)


def authorities(
    country: str, subdivision: str, jurisdictions: Iterable[str], override: str = ""
) -> tuple[tuple[Jurisdiction, Authority], ...]:
    """The authority of each ticked rule set. The practice's own name for its authority
    (`override`, as typed in the profile) replaces the default of its home rule set."""
    ticked = rule_sets(jurisdictions)
    home = home_rule_set(country, jurisdictions)
    named = override.strip()
    result = []
    for rule in ticked:
        authority = rule.authority(country, subdivision)
        if named and rule is home:
            authority = Authority(named, named)
        result.append((rule.jurisdiction, authority))
    return tuple(result)
