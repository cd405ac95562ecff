"""Articles -> overlapping, sentence-aligned chunks with stable ids.

llama-index's SentenceSplitter does the packing; it gets our sentence splitter
(abbreviation- and date-aware) and a plain word tokenizer, so nothing reaches for
NLTK or tiktoken downloads.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from rag.lang.glossary import Glossary
from rag.lang.text import split_sentences_lossless
from rag.models import Article, Chunk, ChunkMeta

if TYPE_CHECKING:
    from llama_index.core.node_parser import SentenceSplitter

# Bump when ingest/chunking changes what ends up in the index (3: sentences end after "Lieut."
# no more, and after "hơn." again; hard-wrapped lines rejoined at the true wrap width;
# month-first dates such as "01/25/2024" read; 4: a short country name ending a Vietnamese
# personal name, "Trà My", tags no country; 5: a short line placing someone in a photo,
# "(left)", "(à droite)", "(trái)", is a caption).
PIPELINE_VERSION = 5
_WORDISH = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> list[str]:
    """Word-level token list; the splitter only uses its length."""
    return _WORDISH.findall(text)


class ArticleTagger(Protocol):
    """Reads article-level tags once at index time (retrieval's facets: partners, years...)."""

    @property
    def fingerprint(self) -> str: ...

    def tags(self, article: Article) -> tuple[str, ...]: ...


class Chunker:
    def __init__(
        self,
        glossary: Glossary,
        chunk_size: int = 160,
        chunk_overlap: int = 32,
        tagger: ArticleTagger | None = None,
    ) -> None:
        if chunk_overlap >= chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        self.glossary = glossary
        self.tagger = tagger
        # Chunks depend on more than the article: a glossary edit re-tags them, a size change
        # re-splits them. The fingerprint goes into each chunk's doc_hash so a refresh notices.
        tagged = tagger.fingerprint if tagger else "-"
        self.fingerprint = hashlib.sha256(
            f"{glossary.fingerprint}:{chunk_size}:{chunk_overlap}:{PIPELINE_VERSION}:{tagged}".encode()
        ).hexdigest()[:12]
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap

    @cached_property
    def splitter(self) -> SentenceSplitter:
        """Built on first use: only indexing chunks, and llama-index takes a second to import
        (`accord ask` builds a Chunker for its fingerprint alone)."""
        from llama_index.core.node_parser import SentenceSplitter

        return SentenceSplitter(
            chunk_size=self.chunk_size,
            chunk_overlap=self.chunk_overlap,
            tokenizer=count_tokens,
            paragraph_separator="\n\n",
            chunking_tokenizer_fn=split_sentences_lossless,
            include_metadata=False,
            include_prev_next_rel=False,
        )

    def chunk(self, article: Article, nonce: str = "", generation: int = 0) -> list[Chunk]:
        """Chunks of one article version; ``nonce`` forces new ids (a full rebuild).

        ``generation`` is the index generation the version is written for: readers take,
        per article, the complete version of the highest generation.
        """
        from llama_index.core import Document

        document = Document(text=article.text, id_=article.doc_id)
        nodes = self.splitter.get_nodes_from_documents([document])
        texts = [t for t in (node.get_content() for node in nodes) if t.strip()]
        version = self.version(article, nonce)
        tags = self.tagger.tags(article) if self.tagger and texts else ()
        return [
            self._make(article, i, text, version, len(texts), generation, tags)
            for i, text in enumerate(texts)
        ]

    def version(self, article: Article, nonce: str = "") -> str:
        """The version id ``chunk`` gives: known before embedding, so a resumed rebuild can
        tell what the run that died already wrote."""
        return hashlib.sha256(f"{self.doc_hash(article)}{nonce}".encode()).hexdigest()[:10]

    def doc_hash(self, article: Article) -> str:
        return f"{article.content_hash}:{self.fingerprint}"

    def _make(
        self,
        article: Article,
        position: int,
        text: str,
        version: str,
        total: int,
        generation: int,
        facets: tuple[str, ...],
    ) -> Chunk:
        concepts = self.glossary.concepts_in(f"{article.title}\n{text}")
        meta = ChunkMeta(
            doc_id=article.doc_id,
            source_file=article.source_file,
            title=article.title,
            language=article.language,
            position=position,
            n_chunks=total,
            version=version,
            generation=generation,
            doc_hash=self.doc_hash(article),
            chunk_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
            date=article.date.iso(),
            date_sort=article.date.sort_key(),
            date_year=article.date.year or 0,
            outlet=article.outlet,
            event_date=article.event_date.iso(),
            file_hash=article.file_hash,
            body_key=article.body_key,
            concepts=tuple(sorted(concepts)),
            facets=facets,
        )
        return Chunk(f"{article.doc_id}#{position}@{version}", text, meta)
