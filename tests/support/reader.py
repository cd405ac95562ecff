"""A long-lived reader process, for tests that refresh the index from another process.

`python -m tests.support.reader` builds the service from the environment (ACCORD_*), as
`accord chat` does, then answers one question per stdin line with one JSON line: the
generation its snapshot is of, the chunk ids the dense channel returned among the
retrieved ones, every chunk id retrieved (dense or BM25), the articles retrieved and the
chunk ids cited. Reloads happen as in the bot: a
question after ACCORD_RELOAD_CHECK_S starts one in the background.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import IO, Any

from rag.service import RagService
from rag.settings import Settings


def main() -> None:
    settings = Settings()
    service = RagService.from_settings(settings)
    for line in sys.stdin:
        question = line.strip()
        state = service.loaded()
        retrieval = state.retriever.retrieve(question, settings.top_k)
        answer = service.ask(question)
        reply = {
            "generation": state.generation,
            "dense": [r.chunk.chunk_id for r in retrieval.chunks if "dense" in r.ranks],
            "retrieved": [r.chunk.chunk_id for r in retrieval.chunks],
            "docs": sorted({r.chunk.doc_id for r in retrieval.chunks}),
            "cited": sorted({c.doc_id for c in answer.citations}),
            "cited_chunks": sorted({c.chunk_id for c in answer.citations + answer.related}),
        }
        print(json.dumps(reply), flush=True)


class Reader:
    """The reader process seen from a test: ask, read the JSON line back."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.reader"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, question: str) -> dict[str, Any]:
        stdin: IO[str] | None = self.proc.stdin
        stdout: IO[str] | None = self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(question + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the reader process exited with {self.proc.wait()}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


if __name__ == "__main__":
    main()
