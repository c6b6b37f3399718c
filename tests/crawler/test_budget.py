"""`page_budget`: the timer interrupts pure-Python and regular-expression work alike."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from tallywatch.crawler.budget import PageStopped, PageTimeout, in_force, page_budget

BACKTRACKING = re.compile(r"(a+)+$")


def _spin() -> None:
    while True:
        pass


def test_a_loop_over_its_budget_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(PageTimeout), page_budget(0.3):
        _spin()
    assert time.monotonic() - started < 2


def test_a_regular_expression_over_its_budget_is_interrupted() -> None:
    with pytest.raises(PageTimeout), page_budget(0.3):
        BACKTRACKING.match("a" * 64 + "!")


def test_a_stop_request_interrupts_at_once() -> None:
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(PageStopped), page_budget(3600, stop):
        _spin()
    assert time.monotonic() - started < 2


def test_work_within_budget_runs_and_the_previous_handler_is_back() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    with page_budget(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getsignal(signal.SIGALRM) is previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_the_budget_is_not_in_force() -> None:
    seen: list[bool] = []

    def work() -> None:
        seen.append(in_force())
        with page_budget(0.01):
            time.sleep(0.05)
        seen.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [False, True]
