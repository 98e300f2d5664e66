"""``learninglab run-demo`` serves the site with its worker beside it; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Under pytest-xdist the tests that start servers and workers of their own run one after
# another in one process: the module's server starts once, and their timing limits are not
# shared with another such test.
pytestmark = pytest.mark.xdist_group("servers")

STARTUP_SECONDS = 30
STOP_SECONDS = 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("run-demo")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "LEARNINGLAB_VAR_DIR": str(folder),
    }
    migrate = [sys.executable, "-m", "learninglab.manage", "migrate", "--verbosity", "0"]
    subprocess.run(migrate, env=env, check=True, timeout=120)
    return env


def _start(env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "learninglab.manage", "run-demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal gives it
        # As a job started in the background by a script: Ctrl-C arrives ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
                assert page.status == 200
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"run-demo did not answer within {STARTUP_SECONDS} s:\n{process.stdout.read()}")


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(lambda p: os.killpg(p.pid, signal.SIGINT), id="ctrl-c"),
        pytest.param(lambda p: p.send_signal(signal.SIGTERM), id="kill"),
    ],
)
def test_run_demo_serves_with_its_worker_and_stops_both(demo_env, stop):
    process = _start(demo_env, _free_port())
    try:
        workers = _children(process.pid)
        assert workers, "no worker process beside the web server"

        stop(process)

        output, _ = process.communicate(timeout=STOP_SECONDS)
        assert "Stopped the web server and the worker." in output
        deadline = time.monotonic() + STOP_SECONDS
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:  # the test failed: leave nothing running
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
