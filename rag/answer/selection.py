"""Which scored sentences an answer quotes, by the shape of the question.

The extractive answerer scores every sentence of the retrieved passages; this module picks
among them: the best few that add something (``pick``), a list's items with the sentence
that announces them, the sentences of one article that report what was agreed, the newest
or oldest article for "the latest", one dated sentence per article for "which came first",
and never one sentence twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.answer.citations import has_markers
from rag.answer.guards import is_injection
from rag.answer.kinds import Kind
from rag.lang.dates import is_stamp
from rag.lang.text import fold, split_sentences
from rag.models import CAPTION_MARK, RetrievedChunk

MAX_SENTENCES = 3
COUNT_CANDIDATES = 12  # best sentences searched for the number a "how many" asks for
MAX_ANSWER_CHARS = 700
ONE_REPORT_FLOOR = 0.5  # share of the best score a sentence of the only report needs (see pick)
# What was agreed is told over several sentences after the lead that names the event.
REPORT_SENTENCES = 4
REPORT_CHARS = 1000
STAMP_CHARS = 60  # a publication stamp is a short line; a story sentence with a time is longer
TOPICAL = 0.7  # "the latest X": an article whose best sentence scores this share of the best
_LIST_ITEM = re.compile(r"\s*(?:[-–—•*·]|\d{1,2}[.)])\s")  # "- stepping up...", "2) ..."


def same(a: str, b: str) -> bool:
    """The same sentence whatever its case, accents or spacing (chunks overlap)."""
    return fold(a).strip() == fold(b).strip()


@lru_cache(maxsize=1 << 16)  # article sentences recur from question to question
def quotable(sentence: str) -> bool:
    """Article text that gives orders or carries its own "[n]" markers is never quoted back:
    passages are data, and a forged citation must not look like one of ours. Photo captions
    (marked at ingest) describe a picture, not what happened: searchable, never quoted."""
    if sentence.lstrip().startswith(CAPTION_MARK.strip()):
        return False
    if len(sentence) <= STAMP_CHARS and is_stamp(sentence):
        return False  # "Published: 19 Jan. 2020, 09:12" is page furniture, not the story
    return not has_markers(sentence) and not is_injection(sentence)


@dataclass
class Scored:
    """A sentence of a retrieved passage, scored for a question."""

    score: float
    coverage: float
    item_index: int
    sentence: str
    gains: frozenset[str]
    typed: bool = False  # holds the kind of thing asked for (a date for "when", a name for "who")
    doc: str = ""  # the article it is from
    fit: float = 0.0  # constraints its article meets (RetrievedChunk.fit)


def with_lists(items: list[RetrievedChunk], picked: list[Scored]) -> list[Scored]:
    """A sentence that announces a list ("the two sides committed to:") is quoted with the
    list's items that follow it in its passage: without them it says nothing."""
    out = list(picked)
    size = sum(len(p.sentence) for p in picked)
    for p in picked:
        if not p.sentence.rstrip().endswith(":"):
            continue
        sentences = split_sentences(items[p.item_index].chunk.text)
        at = next((i for i, x in enumerate(sentences) if x == p.sentence), None)
        if at is None:
            continue
        for line in sentences[at + 1 :]:
            if not _LIST_ITEM.match(line) or size + len(line) > MAX_ANSWER_CHARS:
                break
            if any(same(line, q.sentence) for q in out) or not quotable(line):
                continue
            out.append(
                Scored(p.score, p.coverage, p.item_index, line, frozenset(), doc=p.doc, fit=p.fit)
            )
            size += len(line)
    return out


def reported(
    items: list[RetrievedChunk], scored: list[Scored], commitments: re.Pattern[str]
) -> list[Scored]:
    """The best sentence, then the sentences of its article that report what was agreed.

    What an agreement provides is told after the sentence that names it ("The deal
    provides for...", "Les deux parties sont convenues de...") and shares few words with
    the question, so word overlap alone stops at the lead.
    """
    best = scored[0]
    doc = items[best.item_index].chunk.doc_id
    picked = [best]
    size = len(best.sentence)
    covered = set(best.gains)
    # A sentence meeting an asked concept the others miss ("train staff" for "đào tạo") is
    # the answer's other half: it comes before those that only repeat the lead's words.
    ordered = sorted(scored[1:], key=lambda s: not _new_concept(s, covered))
    for candidate in ordered:
        if len(picked) == REPORT_SENTENCES:
            break
        if items[candidate.item_index].chunk.doc_id != doc:
            continue
        if not commitments.search(fold(candidate.sentence)):
            continue
        if any(same(candidate.sentence, p.sentence) for p in picked):
            continue
        if size + len(candidate.sentence) > REPORT_CHARS:
            continue
        picked.append(candidate)
        size += len(candidate.sentence)
    return picked


def reading_order(items: list[RetrievedChunk], picked: list[Scored]) -> list[Scored]:
    """Passages in the order they were chosen; sentences of one passage in text order."""
    first = {p.item_index: i for i, p in reversed(list(enumerate(picked)))}
    return sorted(
        picked,
        key=lambda p: (first[p.item_index], items[p.item_index].chunk.text.find(p.sentence)),
    )


def count_missing(
    kinds: set[Kind], scored: list[Scored], milestone: frozenset[str] | None = None
) -> bool:
    """A count was asked and no candidate sentence holds a number: the articles lack it.
    So too for the date of a step that reports often leave out (``milestone``, the asked
    step's features: when a treaty came into force) when no candidate sentence dates it
    beside that step: the report of the signing does not date the entry into force."""
    candidates = scored[:COUNT_CANDIDATES]
    if milestone:
        return not any(s.typed and s.gains & milestone for s in candidates)
    if not kinds & {Kind.NUMBER, Kind.AMOUNT}:
        return False
    return not any(s.typed for s in candidates)


def one_article(
    items: list[RetrievedChunk],
    scored: list[Scored],
    newest: bool,
    about: Callable[[str], bool] = lambda _doc: True,
) -> list[Scored]:
    """The sentences of the newest (or oldest) dated article among those about what is
    asked: an article whose best sentence scores under TOPICAL of the best one is about
    something else, however recent. ``about`` says which articles report the asked kind of
    event in their headline or lead; when some do, the others only mention one in passing
    ("the 14th conference" recalled by a later report on another meeting).

    Articles whose year is unknown never win: "the latest" must not be a guess.
    """
    floor = TOPICAL * scored[0].score if scored else 0.0
    dated = {
        items[s.item_index].chunk.doc_id: items[s.item_index].chunk.meta.date_sort
        for s in scored
        if items[s.item_index].chunk.meta.date_year and s.score >= floor
    }
    if len(dated) < 2:
        return []
    reporting = {doc: day for doc, day in dated.items() if about(doc)}
    dated = reporting or dated
    pick = (max if newest else min)(dated, key=lambda doc: dated[doc])
    return [s for s in scored if items[s.item_index].chunk.doc_id == pick]


def chronology(
    items: list[RetrievedChunk], scored: list[Scored], year_less: bool = False
) -> list[Scored]:
    """Best sentence of each dated article among the results, oldest first; with
    ``year_less``, articles whose date lacks its year too (they are shown with the day and
    month they give, and sort first)."""
    best: dict[str, Scored] = {}
    for candidate in scored:
        meta = items[candidate.item_index].chunk.meta
        known = meta.date_year or (year_less and meta.date_sort)
        if known and meta.doc_id not in best:
            best[meta.doc_id] = candidate
    top = sorted(best.values(), key=lambda c: -c.score)[:MAX_SENTENCES]
    return sorted(top, key=lambda c: items[c.item_index].chunk.meta.date_sort)


def pick(scored: list[Scored], listing: bool, heads: Sequence[Scored] = ()) -> list[Scored]:
    """The best sentence, then up to MAX_SENTENCES - 1 more that score near it and add
    something the others do not cover. A list ("which countries...") is told across
    reports: it takes the best sentence of each article first, then the rest; ``heads``
    (one sentence for each partner or year asked) come first whatever their score."""
    best = heads[0] if heads else scored[0]
    picked = [best, *(h for h in heads[1:] if h is not best)][:MAX_SENTENCES]
    covered = {gain for p in picked for gain in p.gains}
    floor = scored[0].score * (0.6 if listing else 0.75)
    # Told from one report ("the latest plan, and who co-chaired it"), a sentence of it that
    # meets an asked concept no picked one meets is the other half of the answer.
    single = len({s.doc for s in scored}) == 1
    low = scored[0].score * ONE_REPORT_FLOOR
    rest = [
        s
        for s in scored
        if s not in picked
        and (s.score >= floor or (single and s.score >= low and _new_concept(s, covered)))
    ]
    if listing:
        firsts: dict[str, Scored] = {p.doc: p for p in picked}
        for s in rest:
            firsts.setdefault(s.doc, s)
        # Each further report's best sentence, reports meeting more of the question's
        # constraints first: "in 2017" is not listed from the 2023 report.
        others = sorted((s for s in firsts.values() if s not in picked), key=lambda s: -s.fit)
        rest = [*others, *(s for s in rest if firsts.get(s.doc) is not s)]
    for candidate in rest:
        if len(picked) == MAX_SENTENCES:
            break
        new = candidate.gains - covered
        other_doc = all(candidate.doc != p.doc for p in picked)
        # A sentence of the best article that holds a thing of the asked kind is worth
        # quoting though it adds no word: the asked name may be in the next sentence.
        kin = candidate.typed and candidate.doc == best.doc
        if not new and not (listing and other_doc) and not kin:
            continue
        if any(same(candidate.sentence, p.sentence) for p in picked):
            continue  # overlapping chunks and reposted articles repeat sentences
        if sum(len(p.sentence) for p in picked) + len(candidate.sentence) > MAX_ANSWER_CHARS:
            continue
        picked.append(candidate)
        covered |= candidate.gains
    return ensure_typed(scored, picked)


def _new_concept(candidate: Scored, covered: set[str]) -> bool:
    return any(g.startswith("@") and g not in covered for g in candidate.gains)


def ensure_typed(scored: list[Scored], picked: list[Scored]) -> list[Scored]:
    """If no picked sentence names what was asked (who/when/where), add the best one that does."""
    if not any(s.typed for s in scored) or any(p.typed for p in picked):
        return picked
    typed = next(s for s in scored if s.typed)
    if typed.score < 0.5 * picked[0].score:
        return picked
    return [*picked[: MAX_SENTENCES - 1], typed]
