"""One presenter decides what the CLI and the bot show of an answer."""

import html
import re

from bot.formatting import answer_blocks, sources_blocks, split_message
from rag.answer.presenter import present
from rag.cli import render_answer
from tests.support.answers import answer, citation

NUMBER = re.compile(r"^\[(\d+)\] ", re.MULTILINE)


def test_citations_are_listed_with_their_quotes_and_an_undated_label() -> None:
    view = present(
        answer(
            "Réponse [1] [2].",
            language="fr",
            citations=[
                citation(1, quote="The quoted sentence."),
                citation(2, date="", outlet="VNA"),
            ],
            related=[citation(3)],
        )
    )
    assert view.heading == "Sources:" and not view.closest
    assert [s.n for s in view.sources] == [1, 2]
    assert view.sources[0].quote == "The quoted sentence."
    assert view.sources[1].quote == view.sources[1].passage
    assert view.sources[1].label() == "[2] Title 2 (non daté, VNA)"
    assert view.sources[0].label("001_article.txt", "en") == (
        "[1] Title 1 (oct. 2024; 001_article.txt, en)"
    )


def test_an_abstention_shows_the_closest_passages_up_to_the_limit() -> None:
    related = [citation(n) for n in range(1, 6)]
    view = present(answer("Not found.", abstained=True, related=related, language="vi"))
    assert view.closest and view.heading == "Các đoạn gần nhất:"
    assert [s.n for s in view.sources] == [1, 2, 3]
    assert [s.n for s in present(answer(abstained=True, related=related), closest=1).sources] == [1]


def test_an_answer_without_passages_has_no_heading() -> None:
    view = present(answer("I only answer questions about the articles.", abstained=True))
    assert view.sources == () and view.heading == "" and not view.closest


def _numbers(text: str) -> list[int]:
    return [int(n) for n in NUMBER.findall(text)]


def _bot_text(messages: list[str]) -> str:
    return html.unescape(re.sub(r"</?\w+>", "", "\n".join(messages)))


def test_cli_and_bot_show_the_same_sources() -> None:
    for shown in (
        answer("A [1] [2].", citations=[citation(1), citation(2, date="")], related=[citation(3)]),
        answer("Not found.", abstained=True, related=[citation(n) for n in range(1, 6)]),
        answer("Out of scope.", abstained=True),
    ):
        expected = [s.n for s in present(shown).sources]
        cli = render_answer(shown)
        bot = _bot_text(split_message(answer_blocks(present(shown))))
        quoted = _bot_text(split_message(sources_blocks(present(shown))))
        assert _numbers(cli) == _numbers(bot) == _numbers(quoted) == expected
        for source in present(shown).sources:
            assert source.label() in bot and source.label() in quoted
            assert source.label(source.source_file, source.language) in cli
        heading = present(shown).heading
        assert (heading in cli and heading in bot) if expected else "Sources" not in cli + bot


def test_the_note_is_shown_by_both() -> None:
    noted = answer(note="The language model is unavailable; this is the offline answer.")
    assert f"({noted.note})" in render_answer(noted)
    assert f"<i>{noted.note}</i>" in "\n".join(split_message(answer_blocks(present(noted))))


def test_dates_read_as_people_write_them_in_the_readers_language() -> None:
    from rag.answer.presenter import human_date

    assert [human_date(d, "en") for d in ("2024-10", "--11-21", "2022-08-15")] == [
        "Oct 2024",
        "Nov 21",
        "Aug 15, 2022",
    ]
    assert human_date("--11-21", "fr") == "21 nov." and human_date("", "en") == ""
    assert human_date("--13-40", "en") == "--13-40"  # unreadable: shown as stored


def test_each_article_is_listed_once_with_the_passages_it_backs() -> None:
    from tests.support.answers import answer, citation

    same = {"source_file": "003_uk.txt", "title": "UK MoU", "date": "--11-21"}
    view = present(
        answer(
            "A [1]. B [2]. C [3].",
            citations=[citation(1, **same), citation(2, title="Other"), citation(3, **same)],
        )
    )
    assert [s.label() for s in view.articles] == [
        "[1, 3] UK MoU (Nov 21)",
        "[2] Other (Oct 2024)",
    ]
    assert len(view.sources) == 3  # the passages themselves are all still there
