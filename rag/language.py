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


def detect_question_language(text: str, default: Language = "en") -> Language:
    """One of the UI languages; questions are short, so the choice is restricted."""
    if not any(ch.isalpha() for ch in text):
        return default
    lang, _prob = _identifier(True).classify(text)
    return str(lang)
