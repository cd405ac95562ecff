"""Language identification with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import LanguageIdentifier, _load_identifier

from rag.models import UI_LANGUAGES, Language


@lru_cache(maxsize=2)
def _identifier(restricted: bool) -> LanguageIdentifier:
    langs = list(UI_LANGUAGES) if restricted else None
    return _load_identifier(norm_probs=True, langs=langs)


def detect_article_language(text: str) -> Language:
    """Any language langid knows: an article in German must not be labelled French."""
    lang, _prob = _identifier(False).classify(text[:4000])
    return str(lang)


UNSURE = 0.55  # below this, "x x x" or "hello" says little about the asker's language


def detect_question_language(text: str, hint: Language | None = None) -> Language:
    """One of the UI languages; questions are short, so the choice is restricted.

    ``hint`` (e.g. the Telegram client's language) wins when the text itself is unclear.
    """
    fallback = hint if hint in UI_LANGUAGES else "en"
    if not any(ch.isalpha() for ch in text):
        return fallback
    lang, prob = _identifier(True).classify(text[:2000])
    return fallback if prob < UNSURE and hint in UI_LANGUAGES else str(lang)
