"""Which authority hears complaints under each rule set, for a practice's country and, in
Germany, its Land; in English and Chinese."""

from __future__ import annotations

from app.domain.holiday_parts import part_from_address
from app.domain.rulesets.model import Authority

# The GDPR authority of each EEA state and the UK, in English and Chinese.
GDPR_AUTHORITIES: dict[str, Authority] = {
    "GB": Authority(
        "the Information Commissioner's Office (ICO)",
        "英国信息专员办公室（ICO）",
        "https://ico.org.uk/for-organisations/report-a-breach/",
    ),
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
    "https://www.cac.gov.cn",
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
