"""The optional LLM judge, against the local OpenAI stub."""

import pytest
from openai import OpenAI

from evals.judge import judge_all, parse_score
from evals.metrics import score
from rag.answer.llm_client import RetryingOpenAI
from rag.answer.prompts import load_prompts
from rag.settings import PROJECT_DIR
from tests.support.eval_outcomes import SUPPORTING, outcome, scored_run
from tests.support.openai_stub import OpenAIStub, chat_reply


def test_optional_llm_judge_scores_faithfulness(openai_stub: OpenAIStub) -> None:
    client = RetryingOpenAI(
        OpenAI(api_key="k", base_url=openai_stub.base_url, max_retries=0), max_attempts=1
    )
    prompt = load_prompts(PROJECT_DIR / "prompts")["judge_faithfulness"]
    openai_stub.script.extend(
        [
            chat_reply('{"score": 0.75, "reason": "one claim of four is unsupported"}'),
            chat_reply('<think>claims [1] and 2</think>```json\n{"score": 1}\n```'),
            chat_reply("Claim [1] is supported: 3 of 4."),
        ]
    )
    outcomes = [outcome("Tô Lâm signed [1].", SUPPORTING)] * 3
    outcomes.append(outcome("not found", SUPPORTING, abstained=True))
    judged = judge_all(client, "judge", prompt, outcomes)
    assert [score(o)["faithfulness_llm"] for o in judged] == [0.75, 1.0, None, None]
    assert [o.judge for o in judged] == ["scored", "scored", "unparseable", ""]
    summary, records = scored_run(*judged)
    assert summary.overall.get("faithfulness_llm") == 0.875
    assert summary.overall.get("judge_unparseable") == pytest.approx(0.3333, abs=1e-4)
    assert records[2]["checks"]["judge_unparseable"] == 1.0
    assert len(openai_stub.chat_requests()) == 3  # abstentions are not judged
    assert "<passages>" in openai_stub.chat_requests()[0]["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"score": 0.4}', 0.4),
        ('Sure. {"reason": "x", "score": 0} done', 0.0),
        ('{"score": "0.5"}', None),  # a string is not a score
        ('{"score": 3}', None),  # out of range: not a share
        ('{"score": true}', None),
        ("[1] 0.9", None),  # the old parser read "1" here
        ('{"score": 0.9', None),
    ],
)
def test_parse_score(reply: str, expected: float | None) -> None:
    assert parse_score(reply) == expected
