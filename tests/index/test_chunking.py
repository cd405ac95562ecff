from rag.index.chunking import Chunker, count_tokens
from rag.ingest.walk import ingest_folder
from rag.models import Article
from tests.support.config import SEEDS
from tests.support.glossary import GLOSSARY


def test_chunks_are_verbatim_bounded_and_stable() -> None:
    chunker = Chunker(GLOSSARY, chunk_size=160, chunk_overlap=32)
    for article in ingest_folder(SEEDS).articles:
        chunks = chunker.chunk(article)
        assert chunks
        for i, chunk in enumerate(chunks):
            assert chunk.text in article.text
            assert chunk.chunk_id == f"{article.doc_id}#{i}@{chunk.meta.version}"
            assert (
                len(count_tokens(chunk.text)) <= 160 + 40
            )  # one long sentence may overflow a little
            assert chunk.meta.doc_hash == f"{article.content_hash}:{chunker.fingerprint}"
        again = chunker.chunk(article)
        assert [c.meta.chunk_hash for c in again] == [c.meta.chunk_hash for c in chunks]


def test_abbreviations_are_not_chunk_boundaries() -> None:
    article = next(a for a in ingest_folder(SEEDS).articles if a.doc_id.startswith("003"))
    chunks = Chunker(GLOSSARY, chunk_size=40, chunk_overlap=0).chunk(article)
    assert any("Sen. Lt. Gen. To Lam and UK Home Secretary Sajid Javid" in c.text for c in chunks)


def test_chunks_are_tagged_with_concepts() -> None:
    article = next(a for a in ingest_folder(SEEDS).articles if a.doc_id.startswith("003"))
    first = Chunker(GLOSSARY).chunk(article)[0]
    assert {"mou", "uk", "human_trafficking", "sign"} <= set(first.meta.concepts)


class _Tagger:
    """An article tagger that records what it was asked (the Chunker's only view of it)."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.seen: list[str] = []

    def tags(self, article: Article) -> tuple[str, ...]:
        self.seen.append(article.doc_id)
        return ("facets1", f"y:{article.date.year}")


def test_article_tags_are_read_once_and_stored_on_every_chunk() -> None:
    article = next(a for a in ingest_folder(SEEDS).articles if a.doc_id.startswith("003"))
    tagger = _Tagger("t1")
    chunks = Chunker(GLOSSARY, chunk_size=40, chunk_overlap=0, tagger=tagger).chunk(article)
    assert len(chunks) > 1 and tagger.seen == [article.doc_id]
    assert {c.meta.facets for c in chunks} == {("facets1", f"y:{article.date.year}")}
    assert not Chunker(GLOSSARY).chunk(article)[0].meta.facets


def test_a_tagger_change_changes_the_fingerprint() -> None:
    """Stored tags read differently must be re-read, as a glossary edit re-tags chunks."""
    plain = Chunker(GLOSSARY).fingerprint
    one, two = (Chunker(GLOSSARY, tagger=_Tagger(f)).fingerprint for f in ("t1", "t2"))
    assert len({plain, one, two}) == 3
