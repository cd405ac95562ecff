"""Language identification with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import LanguageIdentifier, _load_identifier

from rag.lang.pack import DEFAULT_LANGUAGE, packs
from rag.models import Language


@lru_cache(maxsize=2)
def _identifier(langs: tuple[str, ...] | None) -> LanguageIdentifier:
    """py3langid's model, restricted to ``langs`` when given."""
    return _load_identifier(norm_probs=True, langs=list(langs) if langs else None)


def detect_article_language(text: str) -> Language:
    """Any language langid knows: an article in German must not be labelled French."""
    lang, _prob = _identifier(None).classify(text[:4000])
    return str(lang)


UNSURE = 0.55  # below this, "x x x" or "hello" says little about the asker's language


def detect_question_language(text: str, hint: Language | None = None) -> Language:
    """One of the languages with a pack; questions are short, so the choice is restricted.

    ``hint`` (e.g. the Telegram client's language) wins when the text itself is unclear.
    """
    spoken = packs().codes
    fallback = hint if hint in spoken else DEFAULT_LANGUAGE
    if not any(ch.isalpha() for ch in text):
        return fallback
    lang, prob = _identifier(spoken).classify(text[:2000])
    return fallback if prob < UNSURE and hint in spoken else str(lang)
