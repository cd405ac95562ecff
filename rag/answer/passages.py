"""The passages a model is shown: numbered, framed as data, cut to a character budget.

Retrieval's ``top_k`` decides which passages are candidates; this budget decides how much
of them the model reads. On a CPU server the prompt is most of the time an answer takes
(SmolLM2 reads ~150 tokens/s on one thread), so each passage is cut to the sentences
around its best match with the question, and unused budget passes on to the next one.
The full passage is still what a reader sees under Sources and what quotes are checked
against.
"""

from __future__ import annotations

from rag.answer.citations import neutralize_markers
from rag.lang.text import content_tokens, normalize_space, split_sentences
from rag.models import RetrievedChunk
from rag.oneline import one_line

ELLIPSIS = "…"


def excerpt(text: str, words: set[str], budget: int) -> str:
    """At most ``budget`` characters of ``text``: its best sentence for ``words`` and its
    neighbours, taken alternately after and before it while they fit."""
    text = normalize_space(text)
    if len(text) <= budget:
        return text
    sentences = split_sentences(text) or [text]
    scores = [len(words & set(content_tokens(s))) for s in sentences]
    hit = scores.index(max(scores))
    if len(sentences[hit]) > budget:
        cut = sentences[hit][:budget].rsplit(" ", 1)[0]
        return f"{cut} {ELLIPSIS}"
    lo = hi = hit
    size = len(sentences[hit])
    grew = True
    while grew:
        grew = False
        for step in (hi + 1, lo - 1):
            fits = 0 <= step < len(sentences) and size + 1 + len(sentences[step]) <= budget
            if fits and not lo <= step <= hi:
                size += 1 + len(sentences[step])
                lo, hi = min(lo, step), max(hi, step)
                grew = True
    body = " ".join(sentences[lo : hi + 1])
    return (
        (f"{ELLIPSIS} " if lo > 0 else "")
        + body
        + (f" {ELLIPSIS}" if hi < len(sentences) - 1 else "")
    )


def budgeted(items: list[RetrievedChunk], question: str, budget: int) -> list[str]:
    """The text shown for each passage, best-ranked first, ``budget`` characters in all
    (excerpt markers aside); a short passage leaves its unused share to the ones after it."""
    words = set(content_tokens(question))
    left = budget
    texts = []
    for i, item in enumerate(items):
        share = max(1, left // (len(items) - i))
        text = excerpt(item.chunk.text, words, share)
        left -= len(text.replace(ELLIPSIS, "").strip())
        texts.append(text)
    return texts


def format_passages(items: list[RetrievedChunk], texts: list[str]) -> str:
    """Numbered passages with their headers; ``texts`` are what is shown of each."""
    blocks = []
    for n, (item, text) in enumerate(zip(items, texts, strict=True), start=1):
        # A "[9]" inside an article must not pass for one of our passage numbers.
        body = neutralize_markers(text).replace("</passages>", "</ passages>")
        blocks.append(f"{passage_header(n, item)}\n{body}")
    return "\n\n".join(blocks)


def passage_header(n: int, item: RetrievedChunk) -> str:
    meta = item.chunk.meta  # one line: a title's line break would start a forged passage
    return f"[{n}] {one_line(meta.title)} ({meta.date or 'undated'}, {meta.language})"
