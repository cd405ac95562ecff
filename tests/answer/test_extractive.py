"""What the extractive answerer quotes for questions about what was agreed, over articles
written for these tests (a deal reported with its provisions and with a list)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.answer.base import AnswerRequest
from rag.answer.extractive import CONTEXT_SHARE, ExtractiveAnswerer
from rag.models import Retrieval, RetrievedChunk
from rag.service import RagService
from tests.support.config import articles_service, make_settings
from tests.support.glossary import GLOSSARY

DEAL = """---
title: Ruritania and Vietnam sign a returns deal
date: 2031-03-04
---

Hanoi, 4 March (VNA) - Vietnam and Ruritania signed a deal in Hanoi on Tuesday to speed up the return of people who have no right to stay.

Officials from both ministries attended the ceremony at the Government Guesthouse, which lasted an hour.

The deal provides for the exchange of fingerprint records between the two police forces.

Travel documents will be issued within ten working days instead of sixty.

The weather in Hanoi was mild and the delegation later toured the Old Quarter.
"""

FUNDING = """---
title: Iceland backs Vietnam's returns programme
date: 2033-02-01
---

Reykjavik (VNA) - Iceland and Vietnam agreed on Monday to work together on the safe return of migrants.

More than 40 officials from 12 provinces attended the meeting in Reykjavik.

Iceland will fund the programme's first year with €3 million for reception centres.
"""

LONG_DEAL = """---
title: Vietnam and Freedonia agree on a judicial cooperation package
date: 2034-09-20
---

Hanoi, 19 September (VNA) - Vietnam and Freedonia wrapped up two days of talks in Hanoi on Friday with a package on judicial cooperation, the Ministry of Public Security said.

The Freedonian delegation was led by its justice minister, who arrived on Wednesday evening and laid a wreath at the Ho Chi Minh Mausoleum before the talks began.

Both delegations reviewed a decade of exchanges between their police academies, including study tours, language courses for young officers and a joint seminar on forensic science held in the northern city of Hai Phong.

The two sides also discussed the situation in the region, trade between the two countries, which has doubled in five years, and plans for direct flights between the two capitals from next spring.

Officials from the provinces of Lao Cai and Ha Giang briefed the guests on conditions along the northern border and on the work of local police stations there.

During the talks in Hanoi, the Freedonian minister praised Vietnam's hospitality and recalled his first visit to Hanoi as a young diplomat, when the two countries had just opened embassies.

Vietnam and Freedonia also talked about cooperation at the United Nations, on climate change and on the protection of their citizens living in each other's country during the talks.

The Freedonian guests later visited a police training school outside Hanoi, where cadets showed them drills and a new simulation centre for traffic policing, and toured the Temple of Literature.

The talks in Hanoi were the first at ministerial level since the two countries upgraded their relations, and the Freedonian side handed over an invitation for a return visit next year.

Vietnam and Freedonia noted that their ministries had sent each other more than thirty delegations over ten years, and that Freedonian police instructors had taught courses on cybercrime in Hanoi and Da Nang.

A reception in the evening was attended by the ambassadors of both countries, by scholars of the Freedonian language and by Vietnamese students who had studied in Freedonia.

The delegation left Hanoi for Ho Chi Minh City on Saturday morning to meet the city's police and visit a centre for victims of trafficking run with support from international organisations.

Under the package, the two sides agreed to negotiate an extradition treaty and a treaty on the transfer of sentenced persons before the end of next year.
"""

STATEMENT = """---
title: Vietnam and Ruritania adopt a joint statement on migration
date: 2032-05-06
---

Zenda (VNA) - Vietnam and Ruritania adopted a joint statement on irregular migration in Zenda on May 6.

Under the statement, the two sides committed to:
- running joint campaigns against dangerous sea crossings;
- sharing intelligence on forged visas;
- opening a hotline between their border agencies.

The next round of talks will be held in Hanoi.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> RagService:
    svc = articles_service(
        tmp_path_factory,
        {
            "deal.txt": DEAL,
            "statement.txt": STATEMENT,
            "funding.txt": FUNDING,
            "long-deal.txt": LONG_DEAL,
        },
    )
    return svc


@pytest.mark.parametrize(
    "question",
    [
        "What does the 2031 returns deal between Vietnam and Ruritania provide?",
        "Que prévoit l'accord de retour signé entre le Vietnam et la Ruritanie en 2031 ?",
    ],
)
def test_what_a_deal_provides_is_quoted_after_its_lead(service: RagService, question: str) -> None:
    answer = service.ask(question)
    assert not answer.abstained
    assert "fingerprint records" in answer.answer
    assert "ten working days" in answer.answer
    assert "weather" not in answer.answer and "Guesthouse" not in answer.answer


def test_a_sentence_announcing_a_list_is_quoted_with_its_items(service: RagService) -> None:
    answer = service.ask("What commitments did Vietnam and Ruritania make in the joint statement?")
    assert "committed to:" in answer.answer
    for item in ("dangerous sea crossings", "forged visas", "a hotline"):
        assert item in answer.answer
    quote = answer.citations[0].quote  # the items as written, in the article's order
    items = [line for line in STATEMENT.splitlines() if line.startswith("- ")]
    assert quote.index(items[0]) < quote.index(items[1]) < quote.index(items[2])


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("How much money will Iceland put into the returns programme?", "€3 million"),
        ("Combien d'argent l'Islande consacre-t-elle au programme de retour ?", "€3 million"),
        ("Iceland tài trợ bao nhiêu tiền cho chương trình hồi hương?", "€3 million"),
    ],
)
def test_a_money_question_is_answered_by_the_sum_not_another_figure(
    service: RagService, question: str, lead: str
) -> None:
    answer = service.ask(question)
    assert "€3 million" in answer.answer
    assert "40 officials" not in answer.answer
    # Asked in another language than the quote's, the sum opens the answer.
    if answer.language != "en":
        assert answer.answer.startswith(lead)


def test_a_sentence_holding_the_asked_number_answers_across_languages(
    service: RagService,
) -> None:
    """Asked in Vietnamese, the English sentence shares few words with the question; that it
    holds the number asked for is the evidence the word overlap cannot give."""
    answer = service.ask("Có bao nhiêu quan chức từ các tỉnh dự cuộc họp ở Reykjavik với Iceland?")
    assert not answer.abstained
    assert answer.answer.startswith("40")


def test_what_was_agreed_is_read_from_the_whole_article(service: RagService) -> None:
    """The provision sits paragraphs after the passages that match the question best; the
    answer reads the rest of that article, and passages it does not quote are not listed."""
    answer = service.ask("What did Vietnam and Freedonia agree on during the talks in Hanoi?")
    assert "extradition treaty" in answer.answer
    shown = [c.doc_id for c in [*answer.citations, *answer.related]]
    assert len(shown) == len({c.chunk_id for c in [*answer.citations, *answer.related]})


def test_a_count_in_a_passage_retrieval_left_out_is_read_before_refusing(
    service: RagService,
) -> None:
    """Retrieval brought only the report's opening passage; the number of delegations sits
    paragraphs later. Before refusing a count no passage gives, the answer reads the rest
    of the best report."""
    answerer = service.loaded().answerer
    opening = service.loaded().facets.chunks("long-deal.txt")[0]
    question = "How many delegations had the Freedonian and Vietnamese ministries exchanged?"
    assert "delegations" not in opening.text.split("talks in Hanoi")[0]
    request = AnswerRequest(
        question, "en", Retrieval([RetrievedChunk(opening, 1.0)], GLOSSARY.concepts_in(question))
    )
    answer = answerer.answer(request)
    assert not answer.abstained
    assert "thirty delegations" in answer.answer


FOLLOW_UP = """---
title: Freedonian and Vietnamese ministries review their exchanges
date: 2035-06-02
---
Hanoi (VNA) - The Freedonian and Vietnamese ministries reviewed the delegations they had exchanged at a meeting in Hanoi on Monday.
The two sides praised the results of the package on judicial cooperation.
"""


def test_a_count_in_another_report_read_whole_is_found_before_refusing(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The best-matching report gives no figure; the next one retrieved gives it paragraphs
    after its opening. Before refusing, the answer reads the reports of the best sentences
    whole, not only the best one."""
    svc = articles_service(
        tmp_path_factory, {"follow-up.txt": FOLLOW_UP, "long-deal.txt": LONG_DEAL}
    )
    loaded = svc.loaded()
    question = "How many delegations had the Freedonian and Vietnamese ministries exchanged?"
    retrieved = [
        RetrievedChunk(loaded.facets.chunks("follow-up.txt")[0], 1.0),
        RetrievedChunk(loaded.facets.chunks("long-deal.txt")[0], 0.9),
    ]
    request = AnswerRequest(question, "en", Retrieval(retrieved, GLOSSARY.concepts_in(question)))
    answer = loaded.answerer.answer(request)
    assert not answer.abstained
    assert "thirty delegations" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How much money will Iceland put into fighting forced labour?",
        "Combien d'argent l'Islande consacre-t-elle à la lutte contre le blanchiment d'argent ?",
    ],
)
def test_an_article_about_another_crime_does_not_answer(service: RagService, question: str) -> None:
    """The Iceland report gives a sum, but for returns, not for the crime asked about."""
    assert service.ask(question).abstained


def test_a_sum_asked_is_not_answered_by_quotes_without_one(service: RagService) -> None:
    """The Ruritania deal gives no sum; Iceland's €3 million is another story. An answer to
    "how much" that quotes no figure answers nothing: refused."""
    answer = service.ask("How much money did Ruritania pay for the fingerprint records exchange?")
    assert answer.abstained


MEETING_UNDATED = """Ruritanian minister Rudolf Elphberg meets Vietnam's deputy police chief

Zenda, 12 May (VNA) - Ruritanian Interior Minister Rudolf Elphberg met Vietnamese Deputy Minister of Public Security Tran Van Minh in Zenda on Monday to discuss returns of migrants.
"""

MEETING_2035 = """---
title: Vietnam, Ruritania police chiefs meet again
date: 2035-06-11
---

Hanoi (VNA) - Deputy Minister of Public Security Tran Van Minh met Ruritanian Interior Minister Rudolf Elphberg in Hanoi on June 10 to discuss returns of migrants.
"""


def test_the_latest_against_an_undated_report_is_shown_with_dates(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A year-less report may be older or newer: "the latest meeting" is not guessed from
    one dated article against it, both are quoted with what is known of their dates."""
    svc = articles_service(
        tmp_path_factory, {"undated.txt": MEETING_UNDATED, "dated.txt": MEETING_2035}
    )
    answer = svc.ask("Quelle a été la dernière rencontre entre Rudolf Elphberg et Tran Van Minh ?")
    assert not answer.abstained
    assert "11 juin 2035: Hanoi (VNA)" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"dated.txt", "undated.txt"}


CZECH = """---
title: Vietnam's police minister receives European counterparts
date: 2039-09-30
---

Hanoi (VNA) - Tran Van Minh received Bolcsik Zoltan, Hungary's interior minister, on Monday.

Tran Van Minh received Petr Novak, the Czech Republic's interior minister, on Tuesday.
"""


def test_a_country_is_met_by_its_name_in_another_language(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "tchèque" is no English word, but CLDR names the same country "Czech Republic":
    the sentence that names it answers, not the one about another country's minister."""
    svc = articles_service(tmp_path_factory, {"czech.txt": CZECH})
    answer = svc.ask("Quel ministre tchèque Tran Van Minh a-t-il reçu ?")
    assert answer.answer.startswith("Petr Novak")


_FILLER = (
    "Officers spent the week visiting villages, speaking with relatives and local officials, "
    "and explaining how the inquiry in England was organised and what would happen next. "
)
INQUIRY = f"""---
title: Zenda police visit the families of the lorry victims
date: 2041-02-25
---

Zenda police officers met the families of the lorry victims in six provinces, the Zenda police said; the families of the lorry victims thanked the Zenda police for the visit. {_FILLER * 5}

The Zenda police team that met the families of the lorry victims will return home soon, the Zenda police said of the visit to the families. {_FILLER * 5}

{_FILLER * 4}Post-mortem examinations reported on 11 February that the victims died of a lack of oxygen.
"""


def test_the_asked_date_is_found_in_a_passage_retrieval_left_out(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Retrieval keeps two passages per article; the date asked may sit in a third one
    that matched less. The best article is read whole for a typed question."""
    svc = articles_service(
        tmp_path_factory, {"inquiry.txt": INQUIRY, "deal.txt": DEAL, "funding.txt": FUNDING}
    )
    loaded = svc.loaded()
    question = "When did the Zenda police learn how the lorry victims died?"
    first_two = [
        c for c in loaded.chunks if c.chunk_id.startswith(("inquiry.txt#0", "inquiry.txt#1"))
    ]
    retrieval = Retrieval([RetrievedChunk(c, 1.0) for c in first_two], set())
    answer = loaded.answerer.answer(AnswerRequest(question, "en", retrieval))
    assert "11 February" in answer.answer


def _plan(year: int, lead: str, title: str = "") -> str:
    return f"""---
title: {title or f"Vietnam and Zenda sign their {year} police cooperation plan"}
date: {year}-01-20
---

{lead}
"""


ZENDA_PLANS = {
    "plan-2041.txt": _plan(
        2041,
        "Hanoi (VNA) - Vietnam and Zenda signed the annual police cooperation plan between "
        "their public security ministries in Hanoi, the annual cooperation plan for 2041.",
    ),
    "plan-2043.txt": _plan(
        2043,
        "Zenda (VNA) - Ministers of Vietnam and Zenda signed a cooperation plan for 2043 in "
        "Zenda, with joint patrols and training.",
    ),
    "plan-2044.txt": _plan(
        2044,
        "Strelsau (VNA) - Zenda's interior minister hosted his Vietnamese counterpart in "
        "Strelsau, where a cooperation plan for 2044 was signed.",
        "Interior ministers meet in Strelsau",
    ),
}


def test_the_latest_is_judged_over_more_reports_than_a_list_or_one_fact(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The newest report of a kind need not match the question's words best (here it is
    the third): "the latest" is given three times the passages of a single fact, a list
    twice. Every retrieved passage is shown, cited or related."""
    folder: Path = tmp_path_factory.mktemp("plans")
    for name, text in ZENDA_PLANS.items():
        (folder / name).write_text(text)
    settings = make_settings(tmp_path_factory.mktemp("data"), folder, top_k=1)
    svc = RagService.from_settings(settings)
    svc.refresh()
    latest = "What is the latest annual police cooperation plan signed by Vietnam and Zenda?"
    ranked = svc.loaded().retriever.retrieve(latest, top_k=3).chunks
    assert ranked[-1].chunk.doc_id == "plan-2044.txt"

    def shown(question: str) -> list[str]:
        answer = svc.ask(question)
        return [c.doc_id for c in [*answer.citations, *answer.related]]

    assert "plan-2044.txt" in shown(latest)
    assert len(shown("Which cooperation plans did Vietnam and Zenda sign?")) == 2
    assert len(shown("Who signed the 2043 cooperation plan of Vietnam and Zenda?")) == 1


PERU_MOU = """---
title: Vietnam and Peru sign a memorandum against human trafficking
date: 2042-03-10
---

Lima (VNA) - Vietnam and Peru signed a memorandum of understanding on combating human trafficking in Lima on March 9, 2042.
"""

CHILE_TALKS = """---
title: Vietnam and Chile discuss drug control
date: 2042-05-02
---

Santiago (VNA) - Police officials of Vietnam and Chile discussed drug control and the exchange of information in Santiago on May 1.
"""


def test_another_partners_agreement_does_not_answer(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Chile is named in an article, but only Peru signed a trafficking memorandum: the
    Peruvian signing is no answer to when Chile signed one."""
    svc = articles_service(tmp_path_factory, {"peru.txt": PERU_MOU, "chile.txt": CHILE_TALKS})
    assert svc.ask("When did Vietnam and Chile sign a memorandum on human trafficking?").abstained
    answer = svc.ask("When did Vietnam and Peru sign a memorandum on human trafficking?")
    assert "March 9, 2042" in answer.answer


PERU_VISIT = """---
title: Vietnamese police minister visits Peru to discuss extradition
date: 2044-06-20
---

Lima (VNA) - The Vietnamese Minister of Public Security held talks with Peru's Interior Minister on an extradition treaty, police training, cyber security and the exchange of information between the two police forces, which have worked together for more than a decade.

The two ministers reviewed the cooperation of their police forces over the past decade, including joint investigations into drug trafficking networks that move cocaine from South America to Asia and the money those networks launder through shell companies in several countries.

Both sides praised the training courses held for Peruvian police officers in Hanoi, where more than two hundred officers have studied investigation techniques, forensic science and the protection of victims, and agreed to open the courses to officers from the border regions.

The Peruvian minister thanked his host for the support given to Peruvian citizens living in Vietnam, and invited the Vietnamese delegation to visit the police academy and the national forensic laboratory during their stay in the country.

Officials from both ministries then met in working groups on cyber crime, on the tracing of fugitives and on the return of citizens who have no right to stay in the other country.

At the end of the visit, the two ministers put their names to the text at the Ministry of Justice in Lima.
"""

CHILE_TREATY = """---
title: Vietnam and Chile sign extradition treaty
date: 2044-03-02
---

An extradition treaty between Vietnam and Chile was signed in Santiago on March 1.
"""


def test_the_whole_article_read_for_a_typed_question_keeps_to_the_asked_partner(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Reading the rest of the best article adds its sentences, not those of another
    partner's article: the Chilean treaty's place is no answer for Peru's."""
    svc = articles_service(tmp_path_factory, {"peru.txt": PERU_VISIT, "chile.txt": CHILE_TREATY})
    loaded = svc.loaded()
    # Retrieval kept the Peruvian lead and the Chilean report (as a same-topic report can be).
    kept = [c for c in loaded.chunks if c.chunk_id.startswith(("peru.txt#0", "chile.txt#0"))]
    retrieval = Retrieval([RetrievedChunk(c, 1.0) for c in kept], set())
    question = "Where was the extradition treaty between Vietnam and Peru signed?"
    answer = loaded.answerer.answer(AnswerRequest(question, "en", retrieval))
    assert answer.answer.startswith("Lima")
    assert "Santiago" not in answer.answer


ZENDA_CEREMONY = """---
title: Zenda and Vietnam open a police training centre
date: 2045-04-02
---

Zenda police chief Ruritan Hollis and Vietnamese officers opened a police training centre in Strelsau on April 1.

Ambassador Flavia Tarlenheim attended the opening of the training centre.
"""


def test_who_holds_a_post_is_answered_by_a_name_with_that_post(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Both sentences name someone at the opening; only one names the ambassador."""
    svc = articles_service(tmp_path_factory, {"ceremony.txt": ZENDA_CEREMONY})
    answer = svc.ask("Which ambassador attended the opening of the Zenda police training centre?")
    assert answer.answer.startswith("Flavia Tarlenheim")


TRIAL = """---
title: Zenda court jails four smugglers
date: 2043-09-15
---

ZENDA, Sept 15 - A Zenda court has jailed four smugglers after the trial of the smuggling ring.

The one-day trial of the smuggling ring took place on September 14.
"""


def test_a_datelines_date_is_not_when_the_event_happened(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "ZENDA, Sept 15 -" says when the story was filed; the trial was the day before."""
    svc = articles_service(tmp_path_factory, {"trial.txt": TRIAL, "deal.txt": DEAL})
    answer = svc.ask("Quand le procès du réseau de passeurs de Zenda a-t-il eu lieu ?")
    assert answer.answer.startswith("14 septembre 2043")


ZENDA_SEVENTH = f"""---
title: Zenda and Vietnam hold their seventh police conference
date: 2046-02-19
---

Hanoi (VNA) - The police ministers of Zenda and Vietnam held their seventh conference on crime prevention in Hanoi on February 19, 2046. {_FILLER * 4}

The two ministers reviewed joint raids on drug rings along the border. {_FILLER * 4}

At the end of the conference, the two ministers signed its minutes.
"""

ZENDA_EIGHTH = """---
title: Zenda and Vietnam hold their eighth police conference
date: 2048-09-13
---

Strelsau (VNA) - The police ministers of Zenda and Vietnam signed a memorandum of understanding at their eighth conference on crime prevention in Strelsau.
"""


def test_a_passage_read_from_the_best_article_keeps_that_articles_fit(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A passage retrieval left out is no less the article that met the question's year and
    month: read from it, its sentence is not outranked by another year's report for lack of
    the constraints its article met."""
    svc = articles_service(
        tmp_path_factory, {"seventh.txt": ZENDA_SEVENTH, "eighth.txt": ZENDA_EIGHTH}
    )
    loaded = svc.loaded()
    leads = {c.doc_id: c for c in loaded.chunks if c.position == 0}
    # As the rerankers leave them: the 2046 report meets the year and the month asked.
    retrieval = Retrieval(
        [
            RetrievedChunk(leads["seventh.txt"], 1.0, fit=3.0),
            RetrievedChunk(leads["eighth.txt"], 0.5, fit=0.0),
        ],
        set(),
    )
    question = "Quel document a été signé à la fin de la conférence de février 2046 ?"
    answer = loaded.answerer.answer(AnswerRequest(question, "fr", retrieval))
    assert "signed its minutes" in answer.answer
    assert "memorandum" not in answer.answer  # the eighth conference's, in 2048


PERU_SIGNING = """---
title: Vietnam and Peru sign extradition treaty
date: 2047-07-19
---

Lima (VNA) - Vietnam and Peru signed an extradition treaty in Lima on July 18, 2047.

The two ministers asked their services to complete the internal procedures so that the treaty can come into force soon.
"""

CHILE_IN_FORCE = """---
title: Vietnam-Chile extradition treaty in force
date: 2049-05-29
---

Hanoi (VNA) - The extradition treaty between Vietnam and Chile, signed in Santiago on 10 July 2047, entered into force on 28 May 2049.
"""


def test_when_a_treaty_came_into_force_is_not_answered_by_its_signing(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The report of a signing says the treaty will come into force, not when it did: its
    signing date is no answer. A report that dates the entry into force answers."""
    svc = articles_service(
        tmp_path_factory, {"signing.txt": PERU_SIGNING, "in-force.txt": CHILE_IN_FORCE}
    )
    assert svc.ask("When did the Vietnam-Peru extradition treaty come into force?").abstained
    answer = svc.ask("When did the Vietnam-Chile extradition treaty come into force?")
    assert not answer.abstained and "28 May 2049" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Which came first: the joint statement adopted in Zenda or the returns deal signed in Hanoi?",
        "Sự kiện nào diễn ra trước: tuyên bố chung ở Zenda hay thỏa thuận ký tại Hà Nội?",
    ],
)
def test_which_came_first_quotes_the_report_of_each_event_oldest_first(
    service: RagService, question: str
) -> None:
    """Each event compared is looked for on its own words: the 2031 deal, then the 2032
    statement, each with its report's date."""
    answer = service.ask(question)
    assert [c.doc_id for c in answer.citations] == ["deal.txt", "statement.txt"]
    assert answer.answer.index("2031") < answer.answer.index("2032")


TALKS_2035 = """---
title: Vietnam and Genovia hold security talks
date: 2035-04-10
---

Hanoi, 10 April (VNA) - Minister Pham Van Dong and Genovian Interior Minister Clarisse Renaldi held security talks in Hanoi on Thursday, agreeing to share data on trafficking rings.
"""

TALKS_2037 = """---
title: Vietnam and Genovia hold security talks again
date: 2037-06-12
---

Hanoi, 12 June (VNA) - Vietnamese and Genovian officials held security talks in Hanoi on Monday, agreeing to train border guards together against trafficking rings.
"""


def test_the_latest_is_among_the_reports_naming_the_person_asked(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The 2037 talks are newer, but Clarisse Renaldi held only those of 2035."""
    svc = articles_service(
        tmp_path_factory, {"talks-2035.txt": TALKS_2035, "talks-2037.txt": TALKS_2037}
    )
    answer = svc.ask("What were the latest security talks held by Clarisse Renaldi in Hanoi?")
    assert [c.doc_id for c in answer.citations] == ["talks-2035.txt"]
    plain = svc.ask("What were the latest security talks between Vietnam and Genovia in Hanoi?")
    assert [c.doc_id for c in plain.citations] == ["talks-2037.txt"]


def test_a_follow_up_weighs_the_earlier_turn_s_words_at_half(service: RagService) -> None:
    """A follow-up is retrieved with the earlier turn's words, which find the article; the
    words it asks with choose the sentence."""
    answerer = service.loaded().answerer
    assert isinstance(answerer, ExtractiveAnswerer)
    alone = AnswerRequest("Who received Ruritania's delegation?", "en", Retrieval([], set()))
    request = AnswerRequest(
        "And what did they propose?",
        "en",
        Retrieval([], set()),
        retrieval_query="Who received Ruritania's delegation? And what did they propose?",
    )
    needs, earlier = answerer.needs_for(request), answerer.needs_for(alone)
    assert needs["delegation"] == CONTEXT_SHARE * earlier["delegation"]
    assert (
        needs["propose"]
        == answerer.needs_for(
            AnswerRequest("And what did they propose?", "en", Retrieval([], set()))
        )["propose"]
    )


RECEPTION = """Ruritania's permanent secretary received by the deputy defence minister

Hanoi, 16 August (VNA) - Deputy Defence Minister Hoang Van Nam received Rudolf Elphberg, Permanent Secretary of Ruritania's Interior Ministry, in Hanoi on Tuesday.

Nam congratulated Rudolf Elphberg on the migration dialogue that Elphberg had co-chaired in Hanoi the day before with Deputy Minister Tran Quoc Minh.

Rudolf Elphberg said Ruritania valued its partnership with Vietnam and thanked Hoang Van Nam for the reception in Hanoi.

Nam asked that the Ruritanian side write training manuals together with the Border Guard Academy.
"""


@pytest.mark.parametrize(
    "question",
    [
        "What did Hoang Van Nam ask the Ruritanian side to do?",
        "Qu'a-t-il demandé à la partie ruritanienne, Hoang Van Nam ?",
        "Hoang Van Nam yêu cầu phía Ruritania làm gì?",
    ],
)
def test_what_a_minister_asked_of_the_partner_is_quoted(
    tmp_path_factory: pytest.TempPathFactory, question: str
) -> None:
    """Meeting reports tell a proposal as a request ("asked that the other side..."):
    it is what the partner was asked to do, quoted after the lead."""
    svc = articles_service(tmp_path_factory, {"reception.txt": RECEPTION})
    assert "Border Guard Academy" in svc.ask(question).answer


CONFERENCE_2040 = """Vietnam and Genovia hold their 14th security conference

Hanoi, 19 March 2040 (VNA) - The public security ministries of Vietnam and Genovia held their 14th security conference in Vientiane on Tuesday, chaired by Minister Arno Castell.

The conference reviewed joint work against drug trafficking along the border.
"""

VISIT_2041 = """Genovian minister pays a working visit to Hanoi

Hanoi, 11 July 2041 (VNA) - Vietnam's Minister of Public Security received Genovian Deputy Minister Lise Varga in Hanoi on Thursday for talks on border security.

Both sides praised the results of the 14th security conference between Vietnam and Genovia and agreed to hold the next conference soon.
"""


def test_the_latest_event_is_taken_from_a_report_of_one(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The 2041 report on a visit recalls the conference in passing; the latest conference
    reported is the one whose report leads with it."""
    svc = articles_service(
        tmp_path_factory, {"conference-2040.txt": CONFERENCE_2040, "visit-2041.txt": VISIT_2041}
    )
    answer = svc.ask("What was the most recent security conference between Vietnam and Genovia?")
    assert [c.doc_id for c in answer.citations] == ["conference-2040.txt"]


DIALOGUE = """Vietnam and Ruritania hold their first security dialogue

Hanoi, 26 November 2043 (VNA) - Vietnam and Ruritania held their first deputy-ministerial security dialogue in Hanoi on Tuesday.

Deputy Minister Tran Van Minh opened the dialogue and said it was the first at this level.

The Ruritanian delegation was headed by Rudolf Elphberg, deputy commissioner of the national police.

The two sides exchanged views on cybercrime and terrorism.
"""


def test_who_led_at_an_event_the_report_leads_with_is_named_apart_from_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The report's lead is the dialogue: the sentence naming the head of the delegation
    answers "who", though it does not say "dialogue" again."""
    svc = articles_service(tmp_path_factory, {"dialogue.txt": DIALOGUE})
    answer = svc.ask("Qui dirigeait la délégation ruritanienne lors du premier dialogue ?")
    assert "Rudolf Elphberg" in answer.answer.splitlines()[0]  # the names the lead gives
    assert "Rudolf Elphberg" in answer.facts  # and the answer carries them apart


PERU_SIGNING = """---
title: Vietnam and Peru ink a memorandum against human trafficking
date: 2041-11-21
---

Lima (VNA) - Vietnam and Peru on November 21 signed a memorandum of understanding on cooperation against human trafficking.

The document was inked by Minister Ana Ruiz and Minister Tran Van Ba during the talks.
"""

PERU_REVIEW = """---
title: Vietnam and Peru review their cooperation
date: 2045-03-04
---

Hanoi (VNA) - Minister Luis Ortega received a Peruvian delegation in Hanoi on March 4.

Minister Luis Ortega suggested that the two sides implement signed cooperation documents, especially the memorandum of understanding on cooperation against human trafficking between Vietnam and Peru.
"""


def test_who_signed_is_not_answered_by_a_document_described_as_signed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The review's sentence holds every word of the question and a name, but its "signed"
    describes the documents: the minister in it suggested, he did not sign."""
    svc = articles_service(
        tmp_path_factory, {"signing.txt": PERU_SIGNING, "review.txt": PERU_REVIEW}
    )
    for question in (
        "Who signed the memorandum of understanding on cooperation against human trafficking "
        "between Vietnam and Peru?",
        "Ai đã ký bản ghi nhớ về hợp tác phòng chống mua bán người giữa Việt Nam và Peru?",
    ):
        text = svc.ask(question).answer
        assert "Ana Ruiz" in text, text
        # quoted after the signing at most, and never named as a signer by the lead
        assert text.find("Luis Ortega") in (-1, *range(text.index("Ana Ruiz"), len(text))), text
        assert not text.startswith(("Luis Ortega", "Ortega")), text


def _conference(number: str, year: int, place: str) -> str:
    return f"""---
title: Vietnam and Genovia hold their {number} security conference
date: {year}-03-15
---

{place} (VNA) - The security forces of Vietnam and Genovia held their {number} security cooperation conference in {place}. {_FILLER * 5}

{_FILLER * 6}

{_FILLER * 4}At the close of the security cooperation conference, the deputy ministers signed the minutes.
"""


def test_the_latest_is_judged_on_each_report_s_opening(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Retrieval kept the openings of the 2041 and 2042 reports but only a closing passage
    of the 2043 one: the latest conference is still the 2043 report's, read from its
    opening, not the 2042 one that matched more words."""
    svc = articles_service(
        tmp_path_factory,
        {
            "conf-2041.txt": _conference("12th", 2041, "Vientiane"),
            "conf-2042.txt": _conference("13th", 2042, "Da Nang"),
            "conf-2043.txt": _conference("14th", 2043, "Luang Prabang"),
        },
    )
    chunks = svc.loaded().chunks
    kept = [
        next(c for c in chunks if c.chunk_id.startswith("conf-2041.txt#0")),
        next(c for c in chunks if c.chunk_id.startswith("conf-2042.txt#0")),
        max((c for c in chunks if c.doc_id == "conf-2043.txt"), key=lambda c: c.chunk_id),
    ]
    assert not kept[2].chunk_id.startswith("conf-2043.txt#0")
    question = "Where was the most recent security cooperation conference held?"
    retrieval = Retrieval([RetrievedChunk(c, 1.0 - i / 10) for i, c in enumerate(kept)], set())
    answer = svc.loaded().answerer.answer(AnswerRequest(question, "en", retrieval))
    assert answer.citations[0].doc_id == "conf-2043.txt", answer.answer
    assert "Luang Prabang" in answer.answer


CHIEF_2041 = """---
title: Minister Tran Van Ba holds talks with Genovia's police chief
date: 2041-03-14
---

Hanoi (VNA) - Minister Tran Van Ba held talks in Hanoi on March 13 with Otto Brand, Genovia's police chief, on joint work against human trafficking.
"""

ENVOY_2042 = """---
title: Minister receives the Ruritanian envoy
date: 2042-06-10
---

Hanoi (VNA) - Minister Tran Van Ba held talks in Hanoi on June 9 with Lena Vogt, Ruritania's envoy, who is ending her posting.
"""

CHIEF_2042 = """---
title: Minister Tran Van Ba holds talks with Genovia's new police chief
date: 2042-09-02
---

Hanoi (VNA) - Minister Tran Van Ba held talks in Hanoi on September 1 with Karl Weiss, Genovia's new police chief, on joint work against human trafficking.
"""


def test_a_list_over_two_years_is_told_from_the_report_each_part_asks_for(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "Genovia's police chief in 2041 and Ruritania's envoy in 2042": asked as one
    question, the 2042 report on Genovia's police chief matches most of its words; asked
    once for each year, the envoy's part finds the envoy."""
    svc = articles_service(
        tmp_path_factory,
        {"chief-2041.txt": CHIEF_2041, "envoy-2042.txt": ENVOY_2042, "chief-2042.txt": CHIEF_2042},
    )
    answer = svc.ask(
        "Name the two officials, Genovia's police chief in 2041 and Ruritania's envoy in 2042, "
        "with whom Minister Tran Van Ba held talks."
    )
    assert "Otto Brand" in answer.answer and "Lena Vogt" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"chief-2041.txt", "envoy-2042.txt"}


TALKS_2040 = """---
title: Minister holds talks with Genovia's police chief
date: 2040-05-03
---

Hanoi (VNA) - Minister Tran Van Ba held talks in Hanoi on May 2 with Genovia's police chief Otto Brand on joint work against drug trafficking.
"""

VISIT_2042 = """---
title: Vietnam, Genovia police agree to fight online gambling together
date: 2042-09-30
---

Hanoi (VNA) - Vietnam and Genovia agreed on Monday to step up joint work against online gambling during a visit to Hanoi by Genovia's police chief Karl Weiss.

During the visit, Karl Weiss met Minister Tran Van Ba and discussed drug trafficking and online gambling.
"""


def test_the_latest_talks_are_any_meetings_latest_report(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """ "Talks" are held at every meeting: the newest report of a meeting with the police
    chief answers, though its headline speaks of an agreement and a visit."""
    svc = articles_service(
        tmp_path_factory, {"talks-2040.txt": TALKS_2040, "visit-2042.txt": VISIT_2042}
    )
    answer = svc.ask(
        "Who is the most recent Genovian police chief to hold talks with the minister?"
    )
    assert [c.doc_id for c in answer.citations] == ["visit-2042.txt"]
