"""Subcommands: `run` (one cycle) and `demo` (the bundled sample site, end to end)."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.constants import ExitCode, RunStatus


@click.command("run")
@config_option
@click.option(
    "--source", "source_names", multiple=True, help="Crawl only this source (repeatable)."
)
@click.option("--no-deliver", is_flag=True, help="Record alerts but do not send them.")
@pass_state
def run_command(state: CliState, source_names: tuple[str, ...], no_deliver: bool) -> None:
    """Run one cycle: crawl every source, extract figures, detect changes, deliver alerts.

    Exits 0 when the cycle completes (failed pages and some failed sources are recorded,
    not fatal), 1 when the cycle itself fails, 3 when another run holds the lock (or, with
    `schedule.shared`, other workers hold every source's lease), 4 when every source of
    the run failed (each is named on stderr with its cause), 5 when a stop signal aborted
    it (what it crawled is kept, and pending alerts were delivered).
    """
    from tallywatch.cli.logging_setup import configure_logging, secrets_of
    from tallywatch.cycle import run_cycle
    from tallywatch.shutdown import install_stop_handler
    from tallywatch.store.locks import LockBusy, RunLock

    settings = state.settings
    configure_logging(settings.logging, secrets_of(settings))
    known = {s.name: s for s in settings.sources}
    unknown = [n for n in source_names if n not in known]
    if unknown:
        raise click.BadParameter(f"no source named {', '.join(unknown)}", param_hint="--source")
    sources = [known[n] for n in source_names] if source_names else None
    db = state.database(create=True)
    # Shared workers lease sources inside the cycle instead of locking the whole run.
    guard = contextlib.nullcontext() if settings.schedule.shared else RunLock(db)
    try:
        with guard, install_stop_handler() as stop:
            progress, finish = _progress_display()
            try:
                result = run_cycle(
                    settings,
                    db,
                    sources=sources,
                    progress=progress,
                    deliver=not no_deliver,
                    stop=stop.event,
                )
            finally:
                finish()
    except LockBusy as busy:
        click.echo(f"tallywatch: another run is in progress ({busy}); not starting", err=True)
        sys.exit(ExitCode.BUSY)
    except Exception as exc:  # the cycle itself failed: one line, recorded on the run
        from tallywatch.alerts.redact import redact_text

        reason = redact_text((str(exc) or "no detail").splitlines()[0])
        click.echo(f"tallywatch: run failed: {type(exc).__name__}: {reason}", err=True)
        sys.exit(ExitCode.FAILED)
    click.echo(result.summary())
    if result.status == RunStatus.ABORTED:
        sys.exit(ExitCode.ABORTED)
    failure = result.failure()
    if failure is not None:
        click.echo(f"tallywatch: {failure}", err=True)
        sys.exit(ExitCode.SOURCES_FAILED)


def _progress_display() -> tuple[Any, Any]:
    """A live status line on a terminal; nothing when output is piped (cron, the daemon)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.status import Status

    status = Status("crawling…", console=Console(stderr=True))
    status.start()

    def update(stats: Any) -> None:
        status.update(
            f"crawling… pages {stats.pages}, new {stats.new_articles}, "
            f"updated {stats.updated}, errors {stats.errors}"
        )

    return update, status.stop


@click.command("demo")
@click.option(
    "--dir",
    "workdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("tallywatch-demo"),
    show_default=True,
    help="Where the demo writes its configuration and database (replaced on each demo).",
)
def demo_command(workdir: Path) -> None:
    """Crawl the bundled sample news site on loopback, twice, and show what was found.

    The first crawl establishes the baseline; then the site publishes a new edition
    with higher numbers and the second crawl raises change alerts.
    """
    import tomli_w

    from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    config_path = workdir / "tallywatch.toml"
    db_url = f"sqlite:///{(workdir / 'tallywatch.db').resolve()}"
    with LoopbackSite(EDITIONS[0]) as site:
        settings = demo_settings(site.url, db_url)
        data = settings.model_dump(mode="json", exclude_none=True, exclude={"path"})
        config_path.write_text(
            "# written by `tallywatch demo`; the site's port changes on every demo\n"
            + tomli_w.dumps(data),
            encoding="utf-8",
        )
        for number, edition in enumerate(EDITIONS, 1):
            site.use(edition)
            click.secho(f"\n== crawl {number}: {site.url} ({edition.name}) ==", bold=True)
            command = [sys.executable, "-m", "tallywatch.cli", "--config", str(config_path), "run"]
            done = subprocess.run(command, check=False)
            if done.returncode != 0:
                raise click.ClickException(f"crawl {number} failed (exit {done.returncode})")
    _show_captured(config_path)
    click.echo(
        f"\nReview it: tallywatch --config {config_path} serve   "
        f"(or: figures, articles, alerts, timeline nk-troops)"
    )


def _show_captured(config_path: Path) -> None:
    from tallywatch.cli.main import cli

    for args in (["articles", "--limit", "50"], ["figures", "--limit", "60"], ["alerts"]):
        click.secho(f"\n== tallywatch {' '.join(args)} ==", bold=True)
        cli.main(["--config", str(config_path), *args], standalone_mode=False)


COMMANDS: list[click.Command] = [run_command, demo_command]
