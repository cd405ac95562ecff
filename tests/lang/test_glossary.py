import json
from pathlib import Path

import pytest

from rag.lang.glossary import Glossary, GlossaryError
from rag.settings import PACKAGE_DIR
from tests.support.glossary import GLOSSARY


@pytest.mark.parametrize(
    "text",
    [
        "Who signed the memorandum of understanding on human trafficking with the UK?",
        "Qui a signé le protocole d'accord sur la traite des êtres humains avec le Royaume-Uni ?",
        "Ai đã ký bản ghi nhớ về chống mua bán người với Vương quốc Anh?",
        "ai da ky ban ghi nho ve chong mua ban nguoi voi Anh",
    ],
)
def test_same_concepts_in_every_language(text: str) -> None:
    assert {"mou", "sign", "human_trafficking", "uk"} <= GLOSSARY.concepts_in(text)


def test_short_capitalised_terms_match_case_sensitively() -> None:
    assert "uk" in GLOSSARY.concepts_in("talks with the UK")
    assert "uk" not in GLOSSARY.concepts_in("anh ấy nói")  # "anh" = "he", not "Anh" = UK


@pytest.mark.parametrize(
    ("text", "concept", "found"),
    [
        ("Bộ trưởng sang thăm Lào", "visit", True),
        ("bo truong sang tham Lao", "visit", True),  # typed without diacritics: folded
        ("có khoảng 100 người tham gia khóa học", "visit", False),  # "tham gia": take part
        ("hai bên đã ký bản ghi nhớ", "sign", True),
        ("hợp tác kỹ thuật nhân dịp kỷ niệm", "sign", False),  # "kỹ thuật", "kỷ niệm"
        ("lễ ký với Hoa Kỳ", "sign", True),  # "Kỳ" (the US) beside it is no signing
        ("có dấu hiệu lừa đảo", "marriage", False),  # "có dấu", not "cô dâu"
        ("hai bên ký thoả thuận", "agreement", True),  # "thỏa thuận", the tone mark elsewhere
    ],
)
def test_a_vietnamese_term_matches_vietnamese_text_with_its_own_diacritics(
    text: str, concept: str, found: bool
) -> None:
    """Folded, Vietnamese words collide ("thăm" and "tham gia"); text written with
    diacritics is matched with them, whatever vowel carries the tone mark ("thoả"/"thỏa")."""
    assert (concept in GLOSSARY.concepts_in(text)) is found


def test_the_shipped_glossary_holds_domain_concepts_not_people() -> None:
    """People are found by their names (folding, entity rules); a glossary of people would be
    a list fitted to the articles the team happened to read."""
    shipped = Glossary.load(PACKAGE_DIR / "data" / "glossary.json")
    assert shipped.concepts and all(c.type != "person" for c in shipped.concepts.values())


def test_canonical_terms_are_one_per_language() -> None:
    assert GLOSSARY.canonical_terms({"mou"}) == [
        "memorandum of understanding",
        "protocole d'accord",
        "bản ghi nhớ",
    ]


def test_malformed_glossary_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"concepts": {"x": {"type": "planet", "en": ["Mars"]}}}))
    with pytest.raises(GlossaryError, match="'x' has type 'planet'"):
        Glossary.load(path)
    path.write_text(json.dumps({"concepts": {"x": {"type": "country", "en": "Mars"}}}))
    with pytest.raises(GlossaryError, match="must be a list"):
        Glossary.load(path)
    path.write_text("{not json")
    with pytest.raises(GlossaryError, match="cannot read glossary"):
        Glossary.load(path)


# Domain concepts whose names differ by language; each entry: a text and the concept found.
@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # the UN drugs and crime office: its French acronym differs (ONUDC)
        ("the UNODC-backed office", "unodc"),
        ("le bureau soutenu par l'ONUDC", "unodc"),
        ("Văn phòng Liên hợp quốc về Ma túy và Tội phạm", "unodc"),
        # "buổi làm việc" is the usual name of an official meeting in Vietnamese reports
        ("The minister held a working session with the official.", "talks"),
        ("Le vice-ministre a eu une séance de travail avec son homologue.", "talks"),
        ("Thứ trưởng đã có buổi làm việc với ông Bolcsik Zoltán.", "talks"),
        # cooperation agreements as French reports name them
        ("Quels textes de coopération lient les deux ministères ?", "agreement"),
        # border adjectives, and UNODC's border liaison offices
        ("la coopération frontalière", "border"),
        ("a UNODC-backed border liaison office", "border_liaison_office"),
        ("un bureau de liaison frontalier", "border_liaison_office"),
        ("văn phòng liên lạc qua biên giới", "border_liaison_office"),
        # the crime types ASEAN's ministers (AMMTC) name besides drugs, people and money
        ("cooperation in counter-terrorism", "terrorism"),
        ("la lutte antiterroriste", "terrorism"),
        ("hợp tác chống khủng bố", "terrorism"),
        ("weapons smuggling across the border", "arms_smuggling"),
        ("le trafic d’armes", "arms_smuggling"),
        ("buôn lậu vũ khí", "arms_smuggling"),
        ("la piraterie maritime", "piracy"),
        ("cướp biển", "piracy"),
        # what police cooperation deals in: cyberspace, fugitives, visas, rescues
        ("an ninh mạng", "cybersecurity"),
        ("la cybersécurité", "cybersecurity"),
        ("les fugitifs", "fugitives"),
        ("đối tượng truy nã", "fugitives"),
        ("miễn thị thực", "visa"),
        ("giải cứu 36 người", "rescue"),
        ("victims were rescued", "rescue"),
        # where and how police meet along a border, and what they send back or share
        ("received at the Moc Bai border gate", "border_gate"),
        ("tại cửa khẩu quốc tế Hoa Lư", "border_gate"),
        ("des patrouilles conjointes sur le Mékong", "patrol"),
        ("tuần tra chung trên sông", "patrol"),
        ("the two sides will share experience", "experience_sharing"),
        ("trao đổi kinh nghiệm", "experience_sharing"),
        ("bị trục xuất về nước", "deportation"),
        ("le trafic d’espèces sauvages", "wildlife_trafficking"),
        # taking back one's own nationals, under whichever name
        ("un accord sur la réadmission des ressortissants", "repatriation"),
        ("the readmission of citizens", "repatriation"),
        # criminals in the masculine
        ("combien de criminels en fuite", "crime"),
        # the Mekong subregion's cooperation, and the delta, which is another place
        ("la sous-région du Mékong", "mekong"),
        ("tiểu vùng sông Mê Công", "mekong"),
        ("un projet dans le delta du Mékong", "mekong_delta"),
        ("khu vực Đồng bằng sông Cửu Long", "mekong_delta"),
        # a treaty's entry into force, however the report words it
        ("The agreement became effective on 1 July.", "entry_into_force"),
        ("Le traité a pris effet le 28 mai.", "entry_into_force"),
        ("Hiệp định chính thức có hiệu lực từ ngày 28/5.", "entry_into_force"),
        # documents adopted by the pair or the dozen: plurals name the same kind
        ("the countries adopted two joint statements", "joint_statement"),
        ("Quelles déclarations conjointes ont été adoptées ?", "joint_statement"),
        ("les plans d’action des deux ministères", "action_plan"),
        ("their annual cooperation plans", "cooperation_plan"),
        # French reports conjugate the talks: plural, feminine, present
        ("Les deux ministres se sont entretenus jeudi à Singapour.", "talks"),
        ("Elle s’est entretenue avec son homologue.", "talks"),
        ("Le ministre a rencontré son homologue.", "talks"),
        # the US report's ranking of countries against trafficking, however it is asked
        ("The report moved Việt Nam down to Tier 3.", "tip_tier"),
        ("Quel classement le Vietnam a-t-il obtenu ?", "tip_tier"),
        ("Báo cáo xếp Việt Nam vào nhóm 3.", "tip_tier"),
        # reports name what was done by its verb as often as by its noun
        ("The ministries will also train staff together.", "training"),
        ("471 citizens have been brought home safely.", "repatriation"),
        ("Les ressortissants ont été rapatriés en avril.", "repatriation"),
        ("The suspects were extradited to Vietnam.", "extradition"),
        ("Police investigated the ring for a year.", "investigation"),
        ("Les réseaux démantelés opéraient depuis 2020.", "dismantle"),
        ("La réunion, coprésidée par les deux vice-ministres...", "co_chair"),
        ("The two forces exchanged information on suspects.", "information_sharing"),
        # equipment handed over: vehicles of every kind, so a count of cars is one of vehicles
        ("he handed over 50 cars and motorbikes", "vehicles"),
        ("des véhicules pour la police lao", "vehicles"),
        ("trao tặng 20 xe ô tô", "vehicles"),
        # development aid that funds police projects, named by its acronym or in words
        ("the ODA that the KNPA has provided", "oda"),
        ("l'aide publique au développement fournie par la police coréenne", "oda"),
        ("nguồn vốn hỗ trợ phát triển chính thức", "oda"),
        # handing people over, whoever they are
        ("the suspects were handed over to China", "handover"),
        ("remis aux autorités de leur pays", "handover"),
        ("bàn giao ba người này cho phía Hàn Quốc", "handover"),
        # a meeting in French as in English; drugs in the singular and in compounds
        ("la réunion bilatérale de Hanoï", "talks"),
        ("the 17th drug control meeting", "drug_trafficking"),
        ("la lutte antidrogue", "drug_trafficking"),
        # telecom fraud, a crime type the ministers name apart from online scams
        ("police dismantled five telecom fraud dens", "telecom_fraud"),
        ("des repaires d'escroquerie téléphonique", "telecom_fraud"),
        ("các đối tượng lừa đảo viễn thông", "telecom_fraud"),
        # the opening of a meeting, course or office, and who opened it
        ("Deputy Minister Dang Xuan Hong opened the course", "open"),
        ("l'ouverture de la conférence", "open"),
        ("phát biểu khai mạc hội nghị", "open"),
        # the courtesy call a visiting delegation pays on a country's leaders
        ("the delegation paid a courtesy call on Hun Sen", "courtesy_call"),
        ("une visite de courtoisie au président du Sénat", "courtesy_call"),
        ("đoàn đã chào xã giao Chủ tịch Thượng viện", "courtesy_call"),
        # passports: how people left, were held or were sent home
        ("339 người xuất cảnh bằng hộ chiếu", "passport"),
        ("37 d'entre elles avaient leur passeport", "passport"),
        # consuls, who speak for their citizens caught up in the partner's cases
        ("US Consul General Susan Burns thanked the police", "consul"),
        ("le consul général des États-Unis", "consul"),
        ("Tổng Lãnh sự Mỹ Susan Burns", "consul"),
        # a meeting's chair, however the verb is put
        ("the meeting was presided over by Vilay Lakhamphong", "co_chair"),
        ("la réunion, présidée par le vice-Premier ministre lao", "co_chair"),
        ("sous la présidence du ministre Tô Lâm", "co_chair"),
        # whose invitation a visit answers: the host who asked the delegation over
        ("visiting Thailand at the invitation of General Chakthip Chaijinda", "invitation"),
        ("à l'invitation du ministre de l'Intérieur", "invitation"),
        ("theo lời mời của Tổng Tư lệnh Cảnh sát Hoàng gia Thái Lan", "invitation"),
        # who led a delegation, the act every visit reports
        ("a delegation led by Deputy Minister Le Quoc Hung", "lead_delegation"),
        ("la partie vietnamienne avait à sa tête le général Dô Kim Tuyên", "lead_delegation"),
        ("la délégation était emmenée par Sukhum Opasniputh", "lead_delegation"),
        ("Thứ trưởng Lê Văn Tuyến dẫn đầu đoàn công tác", "lead_delegation"),
        # who attended a meeting, counted
        ("the conference drew 70 delegates", "delegates"),
        ("quelque 120 délégués", "delegates"),
        ("với sự tham dự của 200 đại biểu", "delegates"),
    ],
)
def test_domain_concepts_in_every_language(text: str, concept: str) -> None:
    assert concept in GLOSSARY.concepts_in(text)


def test_the_un_drugs_and_crime_office_is_not_the_united_nations() -> None:
    assert "un" not in GLOSSARY.concepts_in("le bureau soutenu par l'ONUDC")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("le procès lié à la mort de Pham Thi Tra My", False),  # a woman's given name
        ("Bộ trưởng Nguyễn Tuấn Anh phát biểu", False),
        ("Việt Nam và Mỹ ký bản ghi nhớ", True),
        ("Bộ Nội vụ Anh", True),
        ("Luân Đôn (Anh)", True),
        ("the UK and Vietnam", True),
        ("the Royal Thai Police", True),  # an English word, no Vietnamese syllable
        ("ông Anh phát biểu", False),  # a title before a given name
        ("Campuchia, Myanmar… Phạm Thị Trà My", False),  # offsets past an ellipsis
        ("đưa người sang Mỹ", True),
    ],
)
def test_a_short_country_name_ending_a_personal_name_is_no_country(
    text: str, country: bool
) -> None:
    found = GLOSSARY.concepts_in(text)
    assert bool(found & {"usa", "uk", "thailand"}) is country


def test_a_territory_must_be_a_code(tmp_path: Path) -> None:
    path = tmp_path / "glossary.json"
    entry = {"type": "place", "territory": "Cambodia", "en": ["Phnom Penh"]}
    path.write_text(json.dumps({"concepts": {"phnom_penh": entry}}))
    with pytest.raises(GlossaryError, match="'territory' must be a code"):
        Glossary.load(path)
