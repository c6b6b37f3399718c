"""`install_stop_handler`: the first SIGTERM/SIGINT asks to stop, a second one forces."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

# A worker that processes "items" until asked to stop, then finishes the current one.
WORKER = textwrap.dedent(
    """
    import sys, time
    from tallywatch.shutdown import install_stop_handler

    seen = []
    with install_stop_handler(lambda signum: seen.append(signum)) as stop:
        print("ready", flush=True)
        done = 0
        while not stop.requested:
            time.sleep(0.01)
            done += 1
        print("stopping after item", done, "signal", seen, flush=True)
        if sys.argv[1] == "slow-cleanup":
            time.sleep(30)
    print("clean exit", flush=True)
    """
)


def _start(mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", WORKER, mode], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_first_signal_asks_the_work_to_stop(signum: signal.Signals) -> None:
    proc = _start("quick")
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert f"signal [{int(signum)}]" in out
    assert "clean exit" in out


def test_second_signal_forces_exit() -> None:
    proc = _start("slow-cleanup")
    assert proc.stdout is not None
    proc.send_signal(signal.SIGTERM)
    assert proc.stdout.readline().startswith("stopping after item")
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "clean exit" not in out


def test_restore_puts_previous_handlers_back() -> None:
    from tallywatch.shutdown import install_stop_handler

    before = signal.getsignal(signal.SIGTERM)
    with install_stop_handler() as stop:
        assert signal.getsignal(signal.SIGTERM) == stop.handle
    assert signal.getsignal(signal.SIGTERM) == before
