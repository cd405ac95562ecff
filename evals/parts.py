"""The gold set's parts and the corpus they are asked against.

Parts are data (``data/parts.toml``): a name, a JSONL file, a line saying what it is for.
The eval never touches the user's own index: it asks every part against its own index of
the articles folder plus the written development corpus (``evals/corpus/``), kept in the
data folder and refreshed incrementally, so a second run re-embeds nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from rag.errors import ConfigError
from rag.settings import Settings

DATA_DIR = Path(__file__).resolve().parent / "data"
PARTS_PATH = DATA_DIR / "parts.toml"
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


class _PartEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str
    about: str = ""
    blind: bool = False


@dataclass(frozen=True)
class Part:
    """A JSONL file of gold questions; a blind part's failures are counted, never listed."""

    name: str
    path: Path
    about: str = ""
    blind: bool = False


def load_parts(path: Path = PARTS_PATH) -> list[Part]:
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle)
        entries = {name: _PartEntry.model_validate(v) for name, v in table.items()}
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return [Part(name, path.parent / e.file, e.about, e.blind) for name, e in entries.items()]


def select(parts: list[Part], names: list[str] | None) -> list[Part]:
    """The named parts, in the order asked; all of them when no name is given."""
    if not names:
        return parts
    by_name = {p.name: p for p in parts}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(f"unknown eval part {unknown[0]!r} (parts: {', '.join(by_name)})")
    return [by_name[n] for n in names]


def sync_corpus(sources: list[Path], folder: Path) -> Path:
    """Make ``folder`` hold exactly the article files of ``sources`` (later ones win a name).

    Copies only what changed, so the incremental refresh that follows sees unchanged
    files as unchanged; files that left the sources leave the folder.
    """
    wanted: dict[str, Path] = {}
    for source in sources:
        if not source.is_dir():
            raise ConfigError(f"eval corpus folder {source} does not exist")
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                wanted[path.name] = path
    folder.mkdir(parents=True, exist_ok=True)
    for present in folder.iterdir():
        if present.name not in wanted:
            present.unlink()
    for name, source_path in wanted.items():
        target = folder / name
        data = source_path.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    return folder


def eval_settings(settings: Settings, corpus: Path = CORPUS_DIR) -> Settings:
    """The user's settings, pointed at the eval's own articles folder and index."""
    root = settings.data_dir / "eval"
    articles = sync_corpus([settings.seeds_dir, corpus], root / "articles")
    return settings.model_copy(
        update={
            "data_dir": root / "data",
            "seeds_dir": articles,
            "collection": f"{settings.collection}-eval",  # apart on a shared Chroma server too
        }
    )
