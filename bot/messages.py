"""Bot UI texts in the three staff languages; article text is never translated."""

from __future__ import annotations

from rag.lang.messages import ui_language

TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "en": (
            "I answer questions about international agreements, meetings and commitments on "
            "human trafficking, illegal migration and organised crime, from {documents} news "
            "articles ({languages}; dated {date_range}).\n\nAsk in English, French or Vietnamese, "
            "e.g. <i>Who signed the MoU on anti-human trafficking with the UK?</i>\n"
            "Every answer cites its sources [n]; tap <b>Sources</b> or send /sources for the quoted "
            "passages. In groups, mention me, reply to me or use /ask."
        ),
        "fr": (
            "Je réponds aux questions sur les accords, rencontres et engagements internationaux "
            "contre la traite des êtres humains, la migration illégale et le crime organisé, à "
            "partir de {documents} articles ({languages} ; datés {date_range}).\n\nPosez votre "
            "question en français, anglais ou vietnamien, par ex. <i>Qui a coprésidé le premier "
            "dialogue sur la migration ?</i>\nChaque réponse cite ses sources [n] ; touchez "
            "<b>Sources</b> ou envoyez /sources pour les passages cités. En groupe, mentionnez-moi, "
            "répondez-moi ou utilisez /ask."
        ),
        "vi": (
            "Tôi trả lời câu hỏi về các thỏa thuận, cuộc gặp và cam kết quốc tế về phòng, chống "
            "mua bán người, di cư trái phép và tội phạm có tổ chức, dựa trên {documents} bài báo "
            "({languages}; thời gian {date_range}).\n\nHãy hỏi bằng tiếng Việt, tiếng Anh hoặc "
            "tiếng Pháp, ví dụ <i>Ai đã ký bản ghi nhớ về phòng chống mua bán người với Anh?</i>\n"
            "Mỗi câu trả lời đều dẫn nguồn [n]; bấm <b>Nguồn</b> hoặc gửi /sources để xem đoạn "
            "trích. Trong nhóm, hãy nhắc tên tôi, trả lời tin nhắn của tôi hoặc dùng /ask."
        ),
    },
    "not_allowed": {
        "en": "Sorry, you are not on this bot's access list. Ask an administrator to add you.",
        "fr": "Désolé, vous n'êtes pas sur la liste d'accès de ce bot. Demandez à un administrateur.",
        "vi": "Xin lỗi, bạn chưa có quyền dùng bot này. Hãy liên hệ quản trị viên.",
    },
    "admin_only": {
        "en": "Sorry, only administrators can use this command.",
        "fr": "Désolé, seuls les administrateurs peuvent utiliser cette commande.",
        "vi": "Xin lỗi, chỉ quản trị viên mới dùng được lệnh này.",
    },
    "rate_limited": {
        "en": "You are asking a lot at once. Please wait {seconds} s and ask again.",
        "fr": "Vous posez beaucoup de questions à la fois. Réessayez dans {seconds} s.",
        "vi": "Bạn hỏi hơi nhiều cùng lúc. Vui lòng đợi {seconds} giây rồi hỏi lại.",
    },
    "text_only": {
        "en": "I can only read text questions. Please type your question.",
        "fr": "Je ne lis que les questions écrites. Veuillez taper votre question.",
        "vi": "Tôi chỉ đọc được câu hỏi dạng văn bản. Vui lòng gõ câu hỏi.",
    },
    "no_sources": {
        "en": "There is no answer with sources in this chat yet. Ask a question first.",
        "fr": "Il n'y a pas encore de réponse avec des sources ici. Posez d'abord une question.",
        "vi": "Chưa có câu trả lời nào kèm nguồn trong cuộc trò chuyện này. Hãy đặt câu hỏi trước.",
    },
    "error": {
        "en": "Sorry, something went wrong while answering. Please try again in a moment.",
        "fr": "Désolé, une erreur s'est produite. Réessayez dans un instant.",
        "vi": "Xin lỗi, đã có lỗi khi trả lời. Vui lòng thử lại sau ít phút.",
    },
    "unavailable": {
        "en": "The article index is temporarily unavailable. Please try again in a few minutes.",
        "fr": "L'index des articles est temporairement indisponible. Réessayez dans quelques minutes.",
        "vi": "Chỉ mục bài báo tạm thời không khả dụng. Vui lòng thử lại sau ít phút.",
    },
    "thanks": {
        "en": "Thanks for the feedback!",
        "fr": "Merci pour votre avis !",
        "vi": "Cảm ơn phản hồi của bạn!",
    },
    "expired": {
        "en": "This answer is too old; ask again.",
        "fr": "Cette réponse est trop ancienne ; reposez la question.",
        "vi": "Câu trả lời này đã cũ; hãy hỏi lại.",
    },
    "sources_button": {"en": "📄 Sources", "fr": "📄 Sources", "vi": "📄 Nguồn"},
    "reindex_started": {
        "en": "Refreshing the index…",
        "fr": "Mise à jour de l'index…",
        "vi": "Đang cập nhật chỉ mục…",
    },
}


def text(key: str, language: str | None, **values: object) -> str:
    template = TEXTS[key][ui_language(language)]
    return template.format(**values) if values else template
