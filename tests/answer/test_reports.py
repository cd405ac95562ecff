"""Reading more of a report than retrieval kept (``rag/answer/reports.py``): the asked fact
in a passage that matched the question's words less than the two retrieval kept."""

from __future__ import annotations

import pytest

from rag.answer.base import AnswerRequest
from rag.answer.kinds import Kind
from rag.answer.reports import Reading
from rag.models import Retrieval, RetrievedChunk
from tests.support.config import articles_service

_FILLER = (
    "Officers spent the week visiting villages, speaking with relatives and local officials, "
    "and explaining how the inquiry was organised and what would happen next. "
)


def test_a_part_of_a_question_is_read_with_its_own_words_and_the_same_kinds() -> None:
    whole = Reading(
        {"zenda": 1.0}, "Who met them in 2041 and 2042?", "en", frozenset({Kind.PERSON})
    )
    part = whole.of("Who met them in 2041?", {"zenda": 1.0, "2041": 1.0})
    assert (part.question, part.language, part.kinds) == (
        "Who met them in 2041?",
        "en",
        frozenset({Kind.PERSON}),
    )
    assert part.needs == {"zenda": 1.0, "2041": 1.0}


ZENDA_2041 = """---
title: Zenda police chief receives a Vietnamese police delegation
date: 2041-06-10
---

Zenda (VNA) - Zenda police chief Rudolf Rassendyll received a delegation of the Vietnamese Ministry of Public Security in Zenda on June 9, and the two sides discussed cooperation against human trafficking.
"""

ZENDA_2042 = f"""---
title: Vietnamese police delegation visits Zenda again
date: 2042-06-12
---

Zenda (VNA) - A Vietnamese police delegation visited Zenda this week for talks on cooperation, the Vietnamese embassy said. {_FILLER * 8}

Ambassador Tran Van Minh hosted a dinner for the delegation at the Vietnamese embassy in Zenda. {_FILLER * 8}

{_FILLER * 6}Zenda police chief Fritz von Tarlenheim received the delegation on June 11 to discuss cooperation against human trafficking.
"""


RAIDS = f"""---
title: Zenda police raid a smuggling ring
date: 2041-03-05
---

Zenda police raided the flats of a smuggling ring that brought migrants into Zenda, the Zenda police said of the raids on the ring. {_FILLER * 5}

The Zenda police said the raids on the smuggling ring followed a year of work, and that the ring had brought migrants in by lorry. {_FILLER * 5}

{_FILLER * 4}Officers searched flats and restaurants in the districts of Strelsau, Tarlenheim and Hofbau.
"""


def test_a_list_of_places_is_found_in_a_passage_retrieval_left_out(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A list asked of one report ("in which districts") is read from the whole report
    too: the places may sit in a passage that matched less than the two kept."""
    svc = articles_service(tmp_path_factory, {"raids.txt": RAIDS, "visit41.txt": ZENDA_2041})
    loaded = svc.loaded()
    question = "In which districts did the Zenda police search flats during the raids?"
    first_two = [c for c in loaded.chunks if c.chunk_id.startswith(("raids.txt#0", "raids.txt#1"))]
    retrieval = Retrieval([RetrievedChunk(c, 1.0) for c in first_two], set())
    answer = loaded.answerer.answer(AnswerRequest(question, "en", retrieval))
    assert "Strelsau, Tarlenheim and Hofbau" in answer.answer


def test_the_asked_years_report_is_read_whole_when_another_year_matched_better(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Asked about 2042, the 2042 report comes first though the 2041 one matches the words
    better; its retrieved passages name someone else, and the person asked is in a passage
    retrieval left out, so that report is read whole too."""
    svc = articles_service(tmp_path_factory, {"visit41.txt": ZENDA_2041, "visit42.txt": ZENDA_2042})
    loaded = svc.loaded()
    question = (
        "Who was the Zenda police chief who received the Vietnamese police delegation in 2042?"
    )
    kept = [
        c
        for c in loaded.chunks
        if c.chunk_id.startswith(("visit41.txt#0", "visit42.txt#0", "visit42.txt#1"))
    ]
    retrieval = Retrieval([RetrievedChunk(c, 1.0) for c in kept], set())
    answer = loaded.answerer.answer(AnswerRequest(question, "en", retrieval))
    assert "Fritz von Tarlenheim" in answer.answer
    assert "Rassendyll" not in answer.answer


CONFERENCE_12 = """---
title: Vietnam and Zenda hold their 12th security conference
date: 2041-06-10
---

Zenda (VNA) - The security forces of Vietnam and Zenda held their 12th security conference in Zenda on June 9, and reviewed their cooperation against human trafficking.
"""

CONFERENCE_15 = f"""---
title: Security forces of Vietnam and Zenda meet again
date: 2044-03-28
---

Hanoi (VNA) - The 15th security conference of Vietnam and Zenda reviewed a year of work against trafficking rings, the ministry said. {_FILLER * 8}

Ambassador Tran Van Minh hosted a dinner for the two delegations in Hanoi. {_FILLER * 8}

{_FILLER * 6}The conference opened in Hanoi on March 26 under the two deputy ministers.
"""


def test_the_asked_meetings_report_is_read_whole_when_another_matched_better(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Asked about the 15th conference, its report is read whole though the 12th's matches
    the words better: the date asked is in a passage retrieval left out, and once read the
    report meeting the question's constraints answers."""
    svc = articles_service(
        tmp_path_factory, {"conf12.txt": CONFERENCE_12, "conf15.txt": CONFERENCE_15}
    )
    loaded = svc.loaded()
    question = "When was the 15th security conference of Vietnam and Zenda held?"
    kept = [
        c
        for c in loaded.chunks
        if c.chunk_id.startswith(("conf12.txt#0", "conf15.txt#0", "conf15.txt#1"))
    ]
    # Retrieval's constraint rerank gives the report naming the asked ordinal its fit.
    retrieval = Retrieval(
        [RetrievedChunk(c, 1.0, fit=float(c.doc_id == "conf15.txt")) for c in kept], set()
    )
    answer = loaded.answerer.answer(AnswerRequest(question, "en", retrieval))
    assert "March 26" in answer.answer
    assert "June 9" not in answer.answer
