"""The optional LLM judge, against the local OpenAI stub."""

from openai import OpenAI

from evals.judge import judge_all
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
    openai_stub.script.extend([chat_reply("0.75"), chat_reply("Score: 1")])
    outcomes = [outcome("Tô Lâm signed [1].", SUPPORTING)] * 2
    outcomes.append(outcome("not found", SUPPORTING, abstained=True))
    judged = judge_all(client, "judge", prompt, outcomes)
    assert [score(o)["faithfulness_llm"] for o in judged] == [0.75, 1.0, None]
    summary, _records = scored_run(*judged)
    assert summary.overall.get("faithfulness_llm") == 0.875
    assert len(openai_stub.chat_requests()) == 2  # abstentions are not judged
    assert "<passages>" in openai_stub.chat_requests()[0]["body"]["messages"][0]["content"]
