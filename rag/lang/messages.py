"""The one message lookup: UI words in the asker's language, from the language packs.

Quoted passages stay in their own language; only the words around them (labels,
"not found", the bot's replies) follow the asker. A language without a pack gets
the default language's words.
"""

from __future__ import annotations

from rag.lang.pack import packs
from rag.models import Language


def language_name(language: Language | None) -> str:
    """The English name of the UI language ("French"), as a language model is told."""
    return packs().for_language(language).name


def t(key: str, language: Language | None, **values: object) -> str:
    text = packs().for_language(language).messages[key]
    return text.format(**values) if values else text
