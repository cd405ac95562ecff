"""UI words in the question's language; quoted passages stay in their own language."""

from __future__ import annotations

from rag.models import UI_LANGUAGES, Language

LANGUAGE_NAMES = {"en": "English", "fr": "French", "vi": "Vietnamese"}

MESSAGES: dict[str, dict[str, str]] = {
    "not_found": {
        "en": "I could not find this in the indexed articles.",
        "fr": "Je n'ai pas trouvé cette information dans les articles indexés.",
        "vi": "Tôi không tìm thấy thông tin này trong các bài báo đã lập chỉ mục.",
    },
    "closest": {
        "en": "Closest passages",
        "fr": "Passages les plus proches",
        "vi": "Các đoạn gần nhất",
    },
    "sources": {"en": "Sources", "fr": "Sources", "vi": "Nguồn"},
    "out_of_scope": {
        "en": "I only answer questions about the indexed news articles, from their text.",
        "fr": "Je réponds uniquement aux questions sur les articles indexés, à partir de leur texte.",
        "vi": "Tôi chỉ trả lời câu hỏi về các bài báo đã lập chỉ mục, dựa trên nội dung của chúng.",
    },
    "llm_fallback": {
        "en": "The language model is unavailable; this is the offline answer.",
        "fr": "Le modèle de langue est indisponible ; voici la réponse hors ligne.",
        "vi": "Mô hình ngôn ngữ không khả dụng; đây là câu trả lời ngoại tuyến.",
    },
    "index_unavailable": {
        "en": "The article index is temporarily unavailable. Please try again in a few minutes.",
        "fr": "L'index des articles est temporairement indisponible. Réessayez dans quelques minutes.",
        "vi": "Chỉ mục bài báo tạm thời không khả dụng. Vui lòng thử lại sau vài phút.",
    },
    "undated": {"en": "undated", "fr": "non daté", "vi": "không rõ ngày"},
    "empty_question": {
        "en": "Please ask a question.",
        "fr": "Veuillez poser une question.",
        "vi": "Vui lòng đặt câu hỏi.",
    },
    "too_long": {
        "en": "Your question is too long ({length} characters; the limit is {limit}).",
        "fr": "Votre question est trop longue ({length} caractères ; la limite est {limit}).",
        "vi": "Câu hỏi quá dài ({length} ký tự; giới hạn là {limit}).",
    },
}


def ui_language(language: Language | None) -> Language:
    return language if language in UI_LANGUAGES else "en"


def t(key: str, language: Language | None, **values: object) -> str:
    text = MESSAGES[key][ui_language(language)]
    return text.format(**values) if values else text
