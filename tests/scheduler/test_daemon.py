"""`tallywatch daemon` as a real process against a loopback news site.

Each test starts the daemon, lets the scheduler run real `tallywatch run` children,
then stops it with SIGTERM and inspects the database.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Callable
from typing import Any

from loopback_servers.http_receiver import free_port
from sqlalchemy import func, select

from tallywatch.store import Alert, Article, ArticleVersion, CrawlRun, Database, Delivery, Source
from tallywatch.store.locks import RunLock
from tallywatch.store.models import DaemonState

EDITION_1 = {"nk-losses": 100, "front-line": 200, "kursk-report": 300}
EDITION_2 = {"nk-losses": 100, "front-line": 250, "kursk-report": 300, "new-briefing": 400}


def finished_runs(db: Database) -> list[CrawlRun]:
    with db.session() as session:
        return list(
            session.scalars(
                select(CrawlRun).where(CrawlRun.status != "running").order_by(CrawlRun.id)
            )
        )


def versions_by_url(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(
            select(Article.url, func.count(ArticleVersion.id))
            .join(ArticleVersion, ArticleVersion.article_id == Article.id)
            .group_by(Article.url)
        )
        return {url.rsplit("/", 1)[-1].removesuffix(".html"): n for url, n in rows}


def assert_consistent(db: Database) -> None:
    """No run left 'running', every article complete, no alert caught mid-delivery."""
    with db.session() as session:
        assert session.scalars(select(CrawlRun).where(CrawlRun.status == "running")).all() == []
        for article in session.scalars(select(Article)):
            count = session.scalar(
                select(func.count(ArticleVersion.id)).where(ArticleVersion.article_id == article.id)
            )
            assert count and count >= 1, article.url
            assert article.version_count == count, article.url
        in_flight = select(Delivery).where(Delivery.status.in_(("claimed", "sending")))
        assert session.scalars(in_flight).all() == []


def child_pid(run: CrawlRun) -> int:
    assert run.worker is not None
    return int(run.worker.rsplit(":", 1)[1])


def assert_gone(pid: int) -> None:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return
    raise AssertionError(f"process {pid} is still alive")


def test_cycles_repeat_and_the_second_sees_only_changes(
    db: Database,
    tallywatch: Callable[..., list[str]],
    news_site: Any,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    # The site flips to its second edition when the second cycle asks for the feed.
    state = news_site.reset([EDITION_1, EDITION_2])
    config = make_config(
        [("ledger", f"{news_site.url}/feed.xml")],
        schedule={"interval_seconds": 2},
    )
    daemon = start_daemon(config)
    runs = wait_for(lambda: len(finished_runs(db)) >= 2 and finished_runs(db), "two cycles")

    status = json.loads(
        subprocess.run(
            tallywatch(config, "status", "--json"), capture_output=True, text=True, timeout=60
        ).stdout
    )
    assert daemon.stop() == 0

    first, second = runs[0], runs[1]
    assert (first.status, second.status) == ("ok", "ok"), (first.error, second.error)
    assert first.new_articles == 3
    assert (second.new_articles, second.updated) == (1, 1)
    assert versions_by_url(db) == {
        "nk-losses": 1,
        "front-line": 2,
        "kursk-report": 1,
        "new-briefing": 1,
    }
    # Unchanged articles were downloaded in full once; later checks were conditional.
    assert state.requests[("/news/nk-losses.html", 200)] == 1
    assert state.requests[("/news/kursk-report.html", 200)] == 1
    assert status["last_run"]["status"] in ("ok", "running")
    assert status["next_run"] is not None
    assert_consistent(db)
    with db.session() as session:
        assert session.scalars(select(DaemonState.status)).all() == ["stopped"]
    log = daemon.output()
    assert 'event="cycle finished"' in log and 'event="daemon stopped"' in log


def test_sigterm_mid_cycle_aborts_cleanly_and_exits_0(
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    # More articles than any request concurrency, each answered slowly.
    articles = {f"dispatch-{n:02d}": 1000 + n for n in range(40)}
    state = news_site.reset([articles], delay=0.5)
    config = make_config(
        [("ledger", f"{news_site.url}/feed.xml")],
        schedule={"interval_minutes": 60},
        concurrency=1,
    )
    daemon = start_daemon(config)
    # Mid-crawl: some articles answered, most still to come.
    wait_for(
        lambda: sum(n for (_path, code), n in state.requests.items() if code == 200) >= 3,
        "the crawl to be under way",
    )
    assert daemon.stop(signal.SIGTERM) == 0

    [run] = finished_runs(db)
    assert run.status == "aborted", run.error
    assert run.finished_at is not None
    assert len(versions_by_url(db)) < len(articles)
    assert_consistent(db)
    assert_gone(child_pid(run))


def test_hung_cycle_is_killed_recorded_and_the_daemon_goes_on(
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    # The first request for the feed is never answered; the crawl's own timeout is long.
    news_site.reset([EDITION_1], hang_first={"/feed.xml"})
    config = make_config(
        [("ledger", f"{news_site.url}/feed.xml")],
        schedule={"interval_seconds": 3, "run_timeout_minutes": 0.15, "stop_grace_seconds": 2},
        alerts={"operator_after_failures": 1},
        timeout=600,
    )
    daemon = start_daemon(config)
    runs = wait_for(
        lambda: [r for r in finished_runs(db) if r.status == "ok"] and finished_runs(db),
        "a successful cycle after the hung one",
    )
    assert daemon.stop() == 0

    hung = runs[0]
    assert hung.status == "failed"
    assert hung.error == "killed after 0.15 minutes (run time limit)"
    assert hung.finished_at is not None
    assert_gone(child_pid(hung))
    assert any(r.status == "ok" and r.id > hung.id for r in runs)
    with db.session() as session:
        source = session.scalars(select(Source).where(Source.name == "ledger")).one()
        assert source.consecutive_failures == 0  # reset by the later success
        operator = session.scalars(select(Alert).where(Alert.kind == "operator")).all()
    assert len(operator) == 1 and "killed after" in (operator[0].summary or "")
    assert_consistent(db)
    assert 'event="cycle killed after its time limit"' in daemon.output()


def test_a_cycle_whose_every_source_failed_is_logged_as_such_and_kept_as_recorded(
    db: Database,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    config = make_config(
        [("gone", f"http://127.0.0.1:{free_port()}/feed.xml")],
        schedule={"interval_seconds": 60},
        alerts={"operator_after_failures": 1},
    )
    daemon = start_daemon(config)
    (run,) = wait_for(lambda: finished_runs(db), "the first cycle")
    logged = 'event="cycle finished, but every source failed"'
    wait_for(lambda: logged in daemon.output(), "the daemon's log line")
    assert daemon.stop() == 0
    assert run.status == "failed"
    assert (run.error or "").splitlines()[0] == "every source failed:"
    assert "gone: connection:" in (run.error or "")
    assert "exit=4" in daemon.output()
    with db.session() as session:
        operator = session.scalars(select(Alert).where(Alert.kind == "operator")).all()
    assert len(operator) == 1
    assert_consistent(db)


def test_busy_lock_is_logged_and_the_daemon_keeps_scheduling(
    db_url: str,
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    news_site.reset([EDITION_1])
    config = make_config(
        [("ledger", f"{news_site.url}/feed.xml")],
        schedule={"interval_seconds": 2},
    )
    lock = RunLock(db_url)
    lock.acquire()
    try:
        daemon = start_daemon(config)
        wait_for(lambda: "another run holds the lock" in daemon.output(), "a skipped cycle")
        assert finished_runs(db) == []
    finally:
        lock.release()
    wait_for(lambda: [r for r in finished_runs(db) if r.status == "ok"], "a cycle after release")
    assert daemon.stop() == 0
    assert_consistent(db)


def test_no_initial_run_waits_for_the_schedule(
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    news_site.reset([EDITION_1])
    config = make_config(
        [("ledger", f"{news_site.url}/feed.xml")],
        schedule={"interval_minutes": 60},
    )
    daemon = start_daemon(config, "--no-initial-run")

    def next_run() -> object:
        with db.session() as session:
            return session.scalars(select(DaemonState.next_run_at)).first()

    upcoming = wait_for(next_run, "the daemon's state row")
    assert daemon.stop() == 0
    with db.session() as session:
        started = session.scalars(select(DaemonState.started_at)).one()
    assert upcoming > started
    assert finished_runs(db) == []
    assert news_site.state.feed_requests == 0
