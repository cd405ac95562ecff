from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.language import user_language


def _update(language: str | None) -> Update:
    user = User(1, "U", is_bot=False, language_code=language)
    message = Message(1, datetime.now(UTC), Chat(1, "private"), from_user=user)
    return Update(1, message=message)


def test_the_clients_language_without_its_region() -> None:
    assert user_language(_update("pt-br")) == "pt"
    assert user_language(_update("vi")) == "vi"
    assert user_language(_update(None)) is None
    assert user_language(Update(2)) is None and user_language(None) is None
