from bot.chat_memory import KEPT_ANSWERS, ChatMemory
from rag.answer.conversation import Conversation
from tests.support.answers import answer


def test_the_latest_answers_are_kept() -> None:
    memory = ChatMemory(Conversation(max_turns=3))
    assert memory.latest() is None
    for qid in range(1, KEPT_ANSWERS + 6):
        memory.remember(qid, answer(f"Answer {qid} [1]."))
    assert list(memory.answers) == list(range(6, KEPT_ANSWERS + 6))
    latest = memory.latest()
    assert latest is not None and latest.answer == f"Answer {KEPT_ANSWERS + 5} [1]."
