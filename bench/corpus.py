"""A synthetic multilingual corpus built from the seed articles' vocabulary.

The same seed and size give the same corpus: each article mixes sentences of the
seed articles of one language, with names, dates and countries swapped from the
glossary, under a headline and a dated header, so that ingest, chunking and
retrieval do realistic work at scale.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rag.ingest.walk import ingest_folder
from rag.lang.glossary import Glossary
from rag.lang.text import split_sentences
from rag.settings import PACKAGE_DIR, PROJECT_DIR

SEEDS = PROJECT_DIR / "seeds"


def _pools() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    sentences: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for article in ingest_folder(SEEDS).articles:
        sentences.setdefault(article.language, []).extend(
            s for s in split_sentences(article.text) if len(s) > 40
        )
        titles.setdefault(article.language, []).append(article.title)
    return sentences, titles


# The people of the seed articles (the glossary once listed them; it holds domain concepts
# only now), so the synthetic corpus stays the one earlier benchmark runs measured.
PEOPLE = [
    "To Lam",
    "Luong Tam Quang",
    "Yvette Cooper",
    "Sajid Javid",
    "Simon Ridley",
    "Matthew Rycroft",
    "Sar Kheng",
]


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    sentences, titles = _pools()
    glossary = Glossary.load(PACKAGE_DIR / "data" / "glossary.json")
    countries = [c for c in glossary.concepts.values() if c.type == "country"]
    people = PEOPLE
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    languages = sorted(sentences)
    for i in range(n):
        lang = languages[i % len(languages)]
        country = rng.choice(countries)
        name = country.terms[lang][0] if country.terms.get(lang) else country.terms["en"][0]
        body = rng.sample(sentences[lang], k=min(len(sentences[lang]), rng.randint(6, 14)))
        body = [
            s.replace("Campuchia", name).replace("Cambodge", name).replace("UK", name) for s in body
        ]
        body.append(
            f"{rng.choice(people)} {rng.choice(['signed', 'welcomed', 'chaired'])} ref. {i}."
        )
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = f"{rng.choice(titles[lang])} ({name}, {i})"
        path = folder / f"synthetic_{i:06d}.txt"
        path.write_text(f"date {date} {title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def touch_share(paths: list[Path], share: float, seed: int = 11) -> int:
    """Change ``share`` of the articles (a sentence appended before the end)."""
    rng = random.Random(seed)
    chosen = rng.sample(paths, k=max(1, int(len(paths) * share)))
    for path in chosen:
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nUpdated note {rng.random():.6f}.\n",
            encoding="utf-8",
        )
    return len(chosen)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {len(generate(args.folder, args.n, args.seed))} articles to {args.folder}")
