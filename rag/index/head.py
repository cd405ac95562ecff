"""What is live: the head record a refresh publishes, and the mark of a refresh under way.

Readers used to infer which version of each article is live from what the store held,
so one that loaded during a refresh's grace period (old versions not deleted yet) took a
removed article for live, cached that snapshot, and served the article ever after. Now
the refresh publishes, in one write, the generation, the data collection it lives in and
the manifest ``doc_id -> version``; readers take exactly that, whatever else is stored.

The *pending* record is written before a refresh writes anything and deleted when it
ends, so the next refresh knows a previous one died and what it was asked to do (a full
rebuild is then resumed instead of being dropped).

Both live in the ``<collection>-meta`` collection of the same Chroma store, so a Chroma
server's readers on other machines see them as well.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

HEAD_ID = "generation"
PENDING_ID = "pending"


@dataclass(frozen=True)
class Head:
    """The published state. ``manifest`` None: an index written before manifests existed
    (readers then infer the live versions, as before)."""

    generation: int = 0
    collection: str = ""  # "" : the configured collection name
    manifest: dict[str, str] | None = None
    digest: str = ""  # names the manifest: snapshots are cached per digest

    @staticmethod
    def of(generation: int, collection: str, manifest: dict[str, str]) -> Head:
        text = json.dumps(manifest, sort_keys=True)
        digest = hashlib.sha256(f"{collection}\x1f{text}".encode()).hexdigest()[:16]
        return Head(generation, collection, dict(manifest), digest)

    def record(self) -> dict[str, Any]:
        """Keyword arguments of the one ``upsert`` that publishes this head."""
        return {
            "ids": [HEAD_ID],
            "embeddings": [[0.0]],
            "metadatas": [
                {
                    "generation": self.generation,
                    "collection": self.collection,
                    "digest": self.digest,
                }
            ],
            "documents": [json.dumps(self.manifest or {}, sort_keys=True)],
        }


def read_head(meta: Any, with_manifest: bool) -> Head:
    """The head from the meta collection (``meta`` None: nothing published yet)."""
    if meta is None:
        return Head()
    include = ["metadatas", "documents"] if with_manifest else ["metadatas"]
    got = meta.get(ids=[HEAD_ID], include=include)
    metas = got.get("metadatas") or []
    if not metas or not metas[0]:
        return Head()
    values = metas[0]
    digest = str(values.get("digest", ""))
    manifest = None
    if with_manifest and digest:
        manifest = json.loads((got.get("documents") or ["{}"])[0] or "{}")
    return Head(
        int(values.get("generation", 0)), str(values.get("collection", "")), manifest, digest
    )


@dataclass(frozen=True)
class Pending:
    """A refresh under way (or one that died): what it was asked to do."""

    generation: int
    full: bool = False
    nonce: str = ""
    target: str = ""  # the data collection it writes (a rebuild under a new embedder)

    def record(self) -> dict[str, Any]:
        return {
            "ids": [PENDING_ID],
            "embeddings": [[0.0]],
            "metadatas": [
                {
                    "generation": self.generation,
                    "full": self.full,
                    "nonce": self.nonce,
                    "target": self.target,
                }
            ],
        }


def read_pending(meta: Any) -> Pending | None:
    if meta is None:
        return None
    metas = meta.get(ids=[PENDING_ID], include=["metadatas"]).get("metadatas") or []
    if not metas or not metas[0]:
        return None
    values = metas[0]
    return Pending(
        int(values.get("generation", 0)),
        bool(values.get("full", False)),
        str(values.get("nonce", "")),
        str(values.get("target", "")),
    )
