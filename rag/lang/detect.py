"""Language identification with py3langid, whose model ships inside the package; and the
refusal of a question in a language no pack speaks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale
from babel.lists import format_list
from py3langid.langid import LanguageIdentifier, _load_identifier

from rag.errors import UnsupportedLanguage
from rag.lang.fold import fold
from rag.lang.messages import t
from rag.lang.pack import DEFAULT_LANGUAGE, Packs, packs
from rag.lang.pack_schema import LanguagePack
from rag.models import Language


@lru_cache(maxsize=2)
def _identifier(langs: tuple[str, ...] | None) -> LanguageIdentifier:
    """py3langid's model, restricted to ``langs`` when given."""
    return _load_identifier(norm_probs=True, langs=list(langs) if langs else None)


def detect_article_language(text: str) -> Language:
    """Any language langid knows: an article in German must not be labelled French."""
    lang, _prob = _identifier(None).classify(text[:4000])
    return str(lang)


def warm_up() -> None:
    """Load both models a question needs (the packs' languages, and every language for the
    unsupported-language check): about half a second each, spent in the start-up thread
    while chromadb imports rather than on the first question's path."""
    detect_question_language("warm-up")
    _identifier(None)


_WORDS = re.compile(r"[^\W\d_]+")
UNSURE = 0.55  # below this, "x x x" or "hello" says little about the asker's language


def detect_question_language(text: str, hint: Language | None = None) -> Language:
    """One of the languages with a pack; questions are short, so the choice is restricted.

    ``hint`` (e.g. the Telegram client's language) wins when the text itself is unclear.
    """
    spoken = packs().codes
    fallback = hint if hint in spoken else DEFAULT_LANGUAGE
    if not any(ch.isalpha() for ch in text):
        return fallback
    words = _WORDS.findall(text)
    if len(words) == 1:
        # One word ("Où ?") is little for a language model: a question word or stopword of
        # one pack says the language; otherwise the hint (the conversation's, the client's).
        owners = [code for code, pack in packs().languages.items() if _owns(pack, words[0])]
        if len(owners) == 1:
            return owners[0]
        if hint in spoken:
            return fallback
    lang, prob = _identifier(spoken).classify(text[:2000])
    return fallback if prob < UNSURE and hint in spoken else str(lang)


def _owns(pack: LanguagePack, word: str) -> bool:
    key = fold(word)
    return key in pack.words.question_words or key in pack.words.stopwords


# --- questions in a language without a pack ----------------------------------------------

FOREIGN_SCRIPT_SHARE = 0.5  # over half the letters in scripts no pack writes: not our language
SURE_LATIN = 0.98  # a Latin-script question: langid's own confidence, over all its languages
SURE_LATIN_WORDS = 5  # ... and enough words for it to mean something


def _script(char: str) -> str:
    """The Unicode script of a letter, by its name's first word: LATIN, CJK, CYRILLIC..."""
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


@lru_cache(maxsize=1)
def _pack_scripts(loaded: Packs) -> frozenset[str]:
    """The scripts the packs' languages are written in, read off their own messages, so a
    Khmer pack brings the Khmer script with it."""
    text = "".join(m for pack in loaded.languages.values() for m in pack.messages.values())
    return frozenset(_script(ch) for ch in text if ch.isalpha())


def unsupported_language(text: str) -> Language | None:
    """The language a question is written in when no pack speaks it and that is plain:
    most of its letters are in a script no pack writes (Chinese, Russian, Arabic, Thai), or
    langid is all but certain of a Latin-script language without a pack (German). None
    otherwise: a mixed question, a name or a short phrase is answered as before."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    loaded = packs()
    foreign = sum(_script(ch) not in _pack_scripts(loaded) for ch in letters)
    lang, prob = _identifier(None).classify(text[:2000])
    if lang in loaded.codes:
        return None
    if foreign / len(letters) > FOREIGN_SCRIPT_SHARE:
        return str(lang)
    if prob >= SURE_LATIN and len(text.split()) >= SURE_LATIN_WORDS:
        return str(lang)
    return None


def check_supported(question: str) -> None:
    """Refuse a question in a language without a pack, saying which languages are spoken:
    in English first, then in every other pack's language, since the asker may read none
    of them well. Answering it would give a "not found" in a language chosen among the
    packs' (a Chinese question came back in Vietnamese)."""
    found = unsupported_language(question)
    if found is None:
        return
    loaded = packs()
    order = [DEFAULT_LANGUAGE, *(c for c in loaded.codes if c != DEFAULT_LANGUAGE)]
    lines = []
    for code in order:
        locale = Locale.parse(code)
        names = [locale.languages.get(c, c) for c in loaded.codes]
        lines.append(
            t(
                "unsupported_language",
                code,
                asked=locale.languages.get(found, found),
                languages=format_list(names, style="or", locale=code),
            )
        )
    raise UnsupportedLanguage("\n".join(lines), language=found)
