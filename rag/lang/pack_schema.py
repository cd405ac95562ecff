"""The schema of a language pack file: its parts, their fields, and the checks each entry
passes (word lists folded, patterns compiling, date patterns capturing a month, messages
valid templates). ``rag/lang/pack.py`` loads the files into these models; a field a pack
lacks takes its default, and an unknown field is refused.
"""

from __future__ import annotations

import re
import string
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from rag.lang.fold import fold

YEAR = r"(?P<y>(?:19|20)\d{2})"  # what "{year}" stands for in a date pattern
_DATE_GROUPS = frozenset({"d", "m", "y", "mn"})


def _folded(word: str) -> str:
    if not word.strip():
        raise ValueError("empty entry")
    if fold(word) != word:
        raise ValueError(
            f"{word!r} must be written folded (lower case, no diacritics): {fold(word)!r}"
        )
    return word


def _regex(pattern: str) -> str:
    if not pattern:
        raise ValueError("empty pattern")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from exc
    return pattern


def _date_pattern(pattern: str) -> str:
    """Expands ``{year}``; the groups must be among d, m, y (year) and mn (month name)."""
    expanded = _regex(pattern.replace("{year}", YEAR))
    groups = set(re.compile(expanded).groupindex)
    if not groups <= _DATE_GROUPS or not groups & {"m", "mn"}:
        raise ValueError(
            f"{pattern!r} must capture m or mn, with groups among {sorted(_DATE_GROUPS)}"
        )
    return expanded


def _stemmer_name(name: str) -> str:
    import snowballstemmer  # only packs that name a stemmer need it

    if name and name not in snowballstemmer.algorithms():
        raise ValueError(f"{name!r} is no Snowball stemmer: {snowballstemmer.algorithms()}")
    return name


def _message(template: str) -> str:
    try:
        list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"{template!r} is not a valid template: {exc}") from exc
    return template


def _lower(word: str) -> str:
    if not word.strip() or word != word.lower():
        raise ValueError(f"{word!r} must be a lower-case word")
    return word


def _nonempty(text: str) -> str:
    if not text.strip():
        raise ValueError("empty entry")
    return text


Folded = Annotated[str, AfterValidator(_folded)]
Regex = Annotated[str, AfterValidator(_regex)]
DatePattern = Annotated[str, AfterValidator(_date_pattern)]
Message = Annotated[str, AfterValidator(_message)]
Word = Annotated[str, AfterValidator(_nonempty)]
Lower = Annotated[str, AfterValidator(_lower)]
Month = Annotated[int, Field(ge=1, le=12)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Words(_Part):
    stopwords: frozenset[Folded] = frozenset()  # no retrieval signal; small on purpose
    question_words: frozenset[Folded] = frozenset()  # phrase a question ("which year")
    abbreviations: frozenset[Folded] = frozenset()  # a following "." does not end a sentence


class Dates(_Part):
    months: dict[Folded, Month] = {}  # month names and their abbreviations
    labels: tuple[Folded, ...] = ()  # "Published:" before a header date
    patterns: tuple[DatePattern, ...] = ()  # numeric dates with words ("ngay 15 thang 8")
    weekdays: tuple[Regex, ...] = ()  # weekday names on a dateline ("thu \w+")
    # Days a story names relative to when it was filed: "yesterday", "hôm qua" -> days back;
    # and the weekdays in order from Monday, one pattern each ("(?:vao|chieu) thu hai").
    days_back: dict[Folded, Annotated[int, Field(ge=0, le=6)]] = {}
    weekday_names: tuple[Regex, ...] = ()
    # Words joining two days of one date ("from August 20 to 23", "du 22 au 28 octobre",
    # "từ 14 đến 18/10"): the bare day on the other side is a day too, never a count.
    day_joints: tuple[Folded, ...] = ()
    # How dates are shown to people where the press writes them unlike CLDR's default:
    # style ("long", "short") -> known parts ("ymd", "ym", "md", "y") -> CLDR pattern.
    display: dict[str, dict[str, Word]] = {}

    @field_validator("weekday_names")
    @classmethod
    def _seven(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        if names and len(names) != 7:
            raise ValueError("name the seven weekdays, from Monday, or none")
        return names


class Furniture(_Part):
    related: tuple[Folded, ...] = ()  # a heading that starts a trailing block of other stories
    counters: tuple[Folded, ...] = ()  # "Comments (3)"
    buttons: tuple[Folded, ...] = ()  # "Share", "Print"
    credits: tuple[Folded, ...] = ()  # "Photo: ..."
    # Where a person stands in a photo, in parentheses ("(left)", "(à droite)", "(trái)"): a
    # short line that places someone so is a caption.
    positions: tuple[Folded, ...] = ()
    reader_prompts: tuple[Folded, ...] = ()  # how "follow us on ..." lines start
    lines: tuple[Regex, ...] = ()  # any other whole line of furniture


class Questions(_Part):
    when: tuple[Regex, ...] = ()
    # A "when" that opens a subordinate clause, not the question: "what did he ask when he
    # received the ambassador?", "When they met, what did they decide?"
    when_clause: tuple[Regex, ...] = ()
    who: tuple[Regex, ...] = ()
    where: tuple[Regex, ...] = ()
    country: tuple[Regex, ...] = ()  # "which countries": territories, not towns or venues
    chronology: tuple[Regex, ...] = ()  # "which happened first"
    # The word between the events compared ("the dialogue or the phone call"): each side
    # is looked for on its own (rag/answer/selection.py ``alternatives``).
    alternative: tuple[Regex, ...] = ()
    # The words that join two coordinated parts of a question ("in 2020 and in 2023"): a
    # question about two years or partners is cut there into one question for each.
    coordination: tuple[Regex, ...] = ()
    latest: tuple[Regex, ...] = ()  # the most recent of several: answered from the newest article
    earliest: tuple[Regex, ...] = ()  # the oldest of several
    listing: tuple[Regex, ...] = ()  # "which countries": several answers welcome
    how_many: tuple[Regex, ...] = ()  # a count is asked for
    # What is counted ("how many <noun>", "combien de <noun>", "bao nhiêu <noun>"), as the
    # group ``noun``: a number answers only next to that noun ("Project 88" counts nothing).
    counted: tuple[Regex, ...] = ()
    money: tuple[Regex, ...] = ()  # a sum of money is asked for ("how much did the UK fund")
    which_document: tuple[Regex, ...] = ()  # a document (MoU, agreement) is asked for
    crime: tuple[Regex, ...] = ()  # a kind of crime is asked for ("against which crimes")
    org: tuple[Regex, ...] = ()  # a body is asked for ("which organisation ran the project")
    # "What did they agree?", "Que prévoit l'accord ?": the content of an agreement or a
    # meeting is asked, answered by the sentences of one article that report it, which
    # carry ``commitments`` ("agreed to", "s'engagent à", "nhất trí") more than the
    # question's words.
    content: tuple[Regex, ...] = ()
    commitments: tuple[Regex, ...] = ()


class Entities(_Part):
    """What frames names, places and counts in running text (see rag/answer/entities.py)."""

    # Country names and nationality words CLDR (through Babel) lacks, by territory code:
    # CLDR's short alternates ("UK", "Mỹ") and irregular adjectives ("British", "américain").
    places: dict[Word, tuple[Word, ...]] = {}
    nationality_suffixes: tuple[Folded, ...] = ()  # "Cambodi-an", "australi-enne"
    titles: tuple[Folded, ...] = ()  # words before a name that are not part of it
    compound_titles: tuple[Folded, ...] = ()  # "chu tich": a capitalised word, then a lower one
    org_heads: tuple[Folded, ...] = ()  # a capitalised run with one of these names a body
    # A run whose first word (or two) is one of these names a body: Vietnamese puts the head
    # first ("Cục C04", "Văn phòng"), and its heads are also syllables of given names
    # ("Nguyễn Văn Viện", "Lương Tam Quang"), so further in a run they name nobody.
    # Written as the language writes them ("đảng", not "dang"): in Vietnamese text the tone
    # tells the body's head ("Đảng", the Party) from a surname ("Đặng"); English and French
    # text writes Vietnamese names bare ("Dang Xuan Hong"), where no opener applies.
    org_openers: tuple[Lower, ...] = ()
    # lower-case words inside a body's name, once a head has opened it ("Ministry of Defence")
    org_connectors: tuple[Folded, ...] = ()
    # The small words between the capitalised words of a title written in Title Case
    # ("Building Capacities for Regional Investigators through Best Practices"): three
    # capitalised runs or more joined by them are a title, and none of them is a person.
    title_connectors: tuple[Folded, ...] = ()
    particles: tuple[Folded, ...] = ()  # lower-case words inside names ("de", "van")
    locatives: tuple[Folded, ...] = ()  # a capitalised run after one of these is a place
    # Kinds of place ("province", "tỉnh", "thành phố"): a capitalised run within three words
    # after one names that place ("la province frontalière de Diên Biên"), not a person.
    place_heads: tuple[Folded, ...] = ()
    leading: tuple[Folded, ...] = ()  # capitalised at a sentence's start, never a name
    # Currency symbols and words next to a figure make it a sum of money ("£7 million",
    # "900.000 dollars", "1 triệu bảng Anh"); written as in text, like ``number_words``.
    currencies: tuple[Lower, ...] = ()
    # "hundreds", "trăm": counts without digits. Written with their diacritics: folded, the
    # Vietnamese ones are other words too ("chục" / "tổ chức", "ngàn" / "ngăn chặn").
    number_words: tuple[Lower, ...] = ()
    ordinals: dict[Folded, int] = {}  # "third", "lan thu ba" -> 3
    # Ordinals written in figures, on folded text, the figure as the group ``n``: Arabic
    # ("14th", "14e", "lần thứ 14") or Roman ("lần thứ XIV", as Vietnamese numbers its
    # meetings and congresses). Any number, where a word list stops somewhere.
    ordinal_forms: tuple[Regex, ...] = ()
    # Posts named with an ordinal word ("premier ministre", "first secretary"): no ordinal.
    ordinal_posts: tuple[Folded, ...] = ()
    # The plain word for people after a count ("17 người", "65 personnes"): in another
    # language than the question it counts the people the question names ("migrants").
    people_nouns: tuple[Folded, ...] = ()
    # Nouns for people acting for one side ("the Chinese delegation", "le vice-ministre
    # laotien", "quan chức Nhật Bản"): a country right before or after one says whose side
    # a "who" question asks about.
    side_nouns: tuple[Folded, ...] = ()
    # The Vietnamese ministry's words ("Ministry of Public Security", "Bộ Công an"): in a
    # post that names no country they say the holder is Vietnamese.
    service_words: tuple[Folded, ...] = ()
    # An act told as done, its participle describing a document ("implement signed
    # documents", "les documents de coopération signés", "các văn kiện đã ký"), on folded
    # text, the participle as the group ``act``: it says no one in the sentence did it, so
    # "who signed?" is not answered there (an agent, "signed by", still is).
    done_acts: tuple[Regex, ...] = ()

    @field_validator("ordinal_forms", "done_acts")
    @classmethod
    def _named_group(cls, patterns: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """Each pattern has the group its reader takes: the figure (``n``), the act (``act``)."""
        group = {"ordinal_forms": "n", "done_acts": "act"}[str(info.field_name)]
        for pattern in patterns:
            if group not in re.compile(pattern).groupindex:
                raise ValueError(
                    f"{info.field_name} pattern without its (?P<{group}>...) group: {pattern}"
                )
        return patterns


class FollowUp(_Part):
    openers: tuple[Folded, ...] = ()  # "And ...", "What about ..."
    pronouns: tuple[Folded, ...] = ()  # "it", "that agreement"
    # A longer question stands on its own. Counted in content tokens, which are syllables in
    # Vietnamese: a Vietnamese question of 13 syllables is about as long as 7 English words.
    max_tokens: int = 12


class LanguagePack(_Part):
    """One language's words, read from ``packs/<code>.json``."""

    comment: str = Field("", alias="_comment")
    code: str
    name: Word  # in English, as the language model is told ("answer in French")
    capitalised_names: bool = True  # False: capitals mark no names (vi capitalises titles)
    stemmer: Annotated[str, AfterValidator(_stemmer_name)] = (
        ""  # the Snowball algorithm for its words ("english"); none: no inflection
    )
    words: Words = Words()
    dates: Dates = Dates()
    furniture: Furniture = Furniture()
    questions: Questions = Questions()
    follow_up: FollowUp = FollowUp()
    entities: Entities = Entities()
    injection: tuple[Regex, ...] = ()  # attempts to steer the bot instead of asking
    # Requests for help committing the crimes the articles report ("how can I get workers
    # across the border without immigration checks?"): asked of questions only, never of
    # passages, which report such acts.
    harmful: tuple[Regex, ...] = ()
    messages: dict[str, Message]


class Common(_Part):
    """What all languages share, read from ``packs/common.json``."""

    comment: str = Field("", alias="_comment")
    outlets: dict[Word, tuple[Word, ...]] = {}  # canonical name -> spellings seen in articles
