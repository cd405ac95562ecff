"""Cross-lingual query rewriting: one more channel, fed by a language model.

The offline embedders map a Vietnamese question onto an English article poorly; a model
that is configured anyway (``ACCORD_ANSWERER=llm`` with ``ACCORD_LLM_REWRITE=true``)
rewrites the question into the corpus languages. Each rewrite runs through the same
transforms and channels as the question; their lists are fused by reciprocal rank into
this channel's list, which the pipeline's fusion then merges with the original channels,
so the original question keeps its full weight. Rewrites are cached per question; any
failure (endpoint down, deadline, unreadable reply) leaves this channel empty, which is
the offline retrieval unchanged.
"""

from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from rag.answer.guards import out_of_scope
from rag.retrieve.base import Hit, Query, QueryTransform, Retriever
from rag.retrieve.fusion import ReciprocalRankFusion
from rag.settings import Settings

log = logging.getLogger(__name__)
LANGUAGES = ("en", "fr", "vi")  # the corpus languages
_OBJECT = re.compile(r"\{.*\}", re.S)


class Rewriter(Protocol):
    def rewrite(self, question: str) -> list[str]:
        """The question in other words (other languages); [] when there are none."""
        ...


class ChatClient(Protocol):
    def chat(self, model: str, messages: list[dict[str, str]], **kwargs: object) -> str: ...


class Template(Protocol):
    def render(self, **values: str) -> str: ...


def parse_rewrites(reply: str, question: str) -> list[str]:
    """The distinct, question-sized rewrites in the reply's JSON object, by language."""
    found = _OBJECT.search(reply)
    try:
        data = json.loads(found.group()) if found else None
    except json.JSONDecodeError:
        return []
    if not isinstance(data, dict):
        return []
    seen = {question.strip().casefold()}
    rewrites = []
    for language in LANGUAGES:
        text = data.get(language)
        if not isinstance(text, str) or not text.strip():
            continue
        text = " ".join(text.split())
        if len(text) > 3 * len(question) + 40 or text.casefold() in seen:
            continue  # a rambling reply is no rewrite; a copy adds nothing
        seen.add(text.casefold())
        rewrites.append(text)
    return rewrites


class LLMRewriter:
    """Rewrites by a chat model; failures are logged and give no rewrites."""

    def __init__(
        self,
        client: ChatClient,
        model: str,
        prompt: Template,
        deadline_s: float = 10.0,
        max_tokens: int = 200,
        cache_size: int = 512,
    ) -> None:
        self.client = client
        self.model = model
        self.prompt = prompt
        self.deadline_s = deadline_s
        self.max_tokens = max_tokens
        self.cache: OrderedDict[str, list[str]] = OrderedDict()
        self.cache_size = cache_size

    def rewrite(self, question: str) -> list[str]:
        if out_of_scope(question):
            # Retrieval runs before the answerer's guard: a question that asks the bot to
            # drop its rules must not reach the model here either.
            return []
        if question in self.cache:
            self.cache.move_to_end(question)
            return self.cache[question]
        try:
            reply = self.client.chat(
                self.model,
                [{"role": "user", "content": self.prompt.render(question=question)}],
                deadline_s=self.deadline_s,
                temperature=0,
                max_tokens=self.max_tokens,
            )
        except Exception as exc:  # any failure: retrieval goes on without rewrites
            log.warning("query rewrite failed, retrieving without it: %s", exc)
            return []  # not cached: the endpoint may be back for the next question
        rewrites = parse_rewrites(reply, question)
        self.cache[question] = rewrites
        if len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        return rewrites


class RewriteChannel:
    """The hits of the question's rewrites, each retrieved like the question itself."""

    name = "rewrite"

    def __init__(
        self,
        rewriter: Rewriter,
        transforms: Sequence[QueryTransform],
        channels: Sequence[Retriever],
        k: int = 60,
    ) -> None:
        self.rewriter = rewriter
        self.transforms = list(transforms)
        self.channels = list(channels)
        self.fusion = ReciprocalRankFusion(k=k)

    def retrieve(self, query: Query, k: int) -> list[Hit]:
        ranked: list[tuple[str, list[Hit]]] = []
        for n, text in enumerate(self.rewriter.rewrite(query.text)):
            rewritten = Query(text, query.filters)
            for transform in self.transforms:
                rewritten = transform.transform(rewritten)
            ranked += [(f"{c.name}{n}", c.retrieve(rewritten, k)) for c in self.channels]
        fused = self.fusion.fuse(ranked)[:k]
        return [Hit(item.chunk, item.score, rank) for rank, item in enumerate(fused)]


def rewrite_channel(
    settings: Settings, transforms: Sequence[QueryTransform], channels: Sequence[Retriever]
) -> RewriteChannel:
    """The channel as the service wires it: the configured model, its own short deadline."""
    from rag.answer.llm_client import RetryingOpenAI
    from rag.answer.prompts import load_prompts

    rewriter = LLMRewriter(
        RetryingOpenAI.from_settings(settings),
        settings.llm_model,
        load_prompts(settings.prompts_dir)["rewrite_query"],
        deadline_s=settings.llm_rewrite_deadline_s,
    )
    return RewriteChannel(rewriter, transforms, channels)
