"""Proof that the embedded default needs no network: run the CLI with no network at all."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.config import SEEDS
from tests.support.network import NetworkBlocked


def test_the_guard_blocks_outbound_connections() -> None:
    import socket

    with pytest.raises(NetworkBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("pypi.org", 443)


@pytest.mark.slow
def test_index_and_ask_in_a_network_namespace(tmp_path: Path) -> None:
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0:
        pytest.skip("cannot create a network namespace here (needs unshare and privileges)")
    accord = Path(sys.executable).with_name("accord")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCORD_", "OPENAI_", "HF_"))}
    env.update(
        ACCORD_DATA_DIR=str(tmp_path / "data"),
        ACCORD_SEEDS_DIR=str(SEEDS),
        ACCORD_LOG_LEVEL="WARNING",
    )
    run = lambda *args: subprocess.run(  # noqa: E731
        ["unshare", "-n", str(accord), *args], env=env, capture_output=True, text=True, timeout=300
    )
    indexed = run("index")
    assert indexed.returncode == 0, indexed.stderr
    asked = run("ask", "--json", "Ai đã ký bản ghi nhớ về phòng chống mua bán người với Anh?")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and answer["citations"]
