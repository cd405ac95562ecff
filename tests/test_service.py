"""What `accord ask` loads: the read path answers without llama-index (a second of imports),
and the start-up loads it overlaps are waited for where they are needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from rag.service import RagService, Startup

READ_PATH = """
import json, sys
from rag.service import RagService
from rag.settings import Settings
answer = RagService.from_settings(Settings()).ask(sys.argv[1])
print(json.dumps({"cited": len(answer.citations),
                  "llama": sorted(m for m in sys.modules if m.startswith("llama_index"))}))
"""


def test_answering_imports_no_llama_index(service: RagService) -> None:
    env = {**os.environ, "ACCORD_DATA_DIR": str(service.settings.data_dir)}
    question = "Who signed the MoU on anti-human trafficking with the UK?"
    out = subprocess.run(
        [sys.executable, "-c", READ_PATH, question],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"cited": result["cited"], "llama": []} and result["cited"] >= 1


def test_startup_runs_each_load_once_and_waits_for_the_one_asked() -> None:
    startup = Startup()
    runs: list[str] = []
    startup.begin("a", lambda: runs.append("a"))
    startup.begin("a", lambda: runs.append("again"))
    startup.wait("a")
    startup.wait("never started")
    assert runs == ["a"]
