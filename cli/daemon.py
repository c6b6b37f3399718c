"""Subcommands: `daemon` (run cycles on a schedule) and `status` (is it healthy?)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.output import Column, on_terminal, print_columns
from tallywatch.config.loader import default_config_path
from tallywatch.constants import ExitCode


@click.command("daemon")
@config_option
@click.option(
    "--no-initial-run",
    is_flag=True,
    help="Do not run a cycle at start-up (overrides schedule.run_on_start).",
)
@pass_state
def daemon_command(state: CliState, no_initial_run: bool) -> None:
    """Run crawl cycles on the configured schedule until SIGTERM or SIGINT.

    Each cycle runs as a child `tallywatch run` process with a time limit; a stop
    signal lets the current cycle stop cleanly, then exits 0.
    """
    from tallywatch.cli.logging_setup import SecretRedactor, configure_logging, secrets_of
    from tallywatch.scheduler import Daemon, plan_jobs

    settings = state.settings
    secrets = secrets_of(settings)
    configure_logging(settings.logging, secrets)
    plan_jobs(settings)  # a bad cron expression is a config error (exit 2) before anything runs
    try:
        db = state.database(create=True)
    except Exception as exc:
        message = SecretRedactor(secrets).redact(f"{type(exc).__name__}: {exc}")
        click.echo(f"tallywatch: cannot open the database: {message}", err=True)
        sys.exit(ExitCode.FAILED)
    config_path = settings.path or default_config_path()
    initial = settings.schedule.run_on_start and not no_initial_run
    daemon = Daemon(settings, config_path, db, initial_run=initial)
    sys.exit(daemon.run())


@click.command("status")
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for monitoring.")
@pass_state
def status_command(state: CliState, as_json: bool) -> None:
    """Show the last run, each source's health, pending alerts and the next scheduled run."""
    from tallywatch.cli.logging_setup import SecretRedactor, secrets_of
    from tallywatch.health import status_report
    from tallywatch.store.locks import RunLock

    settings = state.settings
    report = status_report(settings, state.db)
    report["lock_holder"] = RunLock(state.db).holder()
    report = _redacted(report, SecretRedactor(secrets_of(settings)))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        _print_report(report, settings.alerts.operator_after_failures)


def _redacted(value: Any, redactor: Any) -> Any:
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, dict):
        return {k: _redacted(v, redactor) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, redactor) for v in value]
    return value


def _when(iso: str | None) -> str:
    """`2025-01-02 03:04 UTC (5 min ago)` from an ISO timestamp."""
    if not iso:
        return "never"
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    seconds = (datetime.now(UTC) - moment).total_seconds()
    span = abs(seconds)
    if span < 90:
        ago = f"{span:.0f} s"
    elif span < 5400:
        ago = f"{span / 60:.0f} min"
    elif span < 172800:
        ago = f"{span / 3600:.1f} h"
    else:
        ago = f"{span / 86400:.0f} days"
    relative = f"{ago} ago" if seconds >= 0 else f"in {ago}"
    return f"{moment:%Y-%m-%d %H:%M} UTC ({relative})"


def _run_line(run: dict[str, Any]) -> str:
    took = f", took {run['duration_seconds']} s" if run["duration_seconds"] is not None else ""
    counts = ", ".join(
        f"{label} {run[key]}"
        for label, key in (
            ("pages", "pages"),
            ("new articles", "new_articles"),
            ("updated", "updated"),
            ("figures", "figures"),
            ("alerts", "alerts"),
            ("errors", "errors"),
        )
    )
    if run["sources_failed"]:
        counts += f", sources failed {run['sources_failed']} of {run['sources']}"
    lines = str(run.get("error") or "").splitlines()
    error = "".join(
        f"\n  {'error: ' if n == 0 else '  '}{line.strip()}" for n, line in enumerate(lines)
    )
    started = _when(run["started_at"])
    return f"run {run['id']} [{run['status']}] started {started}{took}: {counts}{error}"


def _undelivered(report: dict[str, Any]) -> str:
    """`2`, or `2; 3 waiting: no channel configured; 1 failed (…)`."""
    from tallywatch.constants import NO_CHANNEL

    parts = [str(report["pending_alerts"])]
    if report["waiting_alerts"]:
        parts.append(f"{report['waiting_alerts']} waiting: {NO_CHANNEL}")
    if report["failed_alerts"]:
        parts.append(f"{report['failed_alerts']} failed (`tallywatch alerts retry --failed`)")
    return "; ".join(parts)


STATUS_SOURCE_COLUMNS = (
    Column("source", lambda s: _source_label(s)),
    Column("last success", lambda s: _when(s["last_success_at"])),
    Column("failures in a row", lambda s: s["consecutive_failures"]),
    Column("last status", lambda s: s["status"] or "never crawled"),
    Column("last error", lambda s: s["last_error"]),
)


def _source_label(source: dict[str, Any]) -> str:
    name = source["name"] + ("" if source["enabled"] else " (disabled)")
    if source["leased_by"]:
        name += f" (crawling: {source['leased_by']})"
    return name


def _print_report(report: dict[str, Any], threshold: int) -> None:
    """Labelled lines, then the sources: bold labels and a table on a terminal; plain
    lines, never wrapped or cut, in a pipe or cron mail."""
    last, current = report["last_run"], report["current_run"]
    lines: list[tuple[str, str]] = [("Last run", _run_line(last) if last else "none yet")]
    if current:
        lines.append(("Running now", _run_line(current)))
    if report["lock_holder"]:
        lines.append(("Run lock held by", report["lock_holder"]))
    next_run = report["next_run"]
    lines.append(
        (
            "Next scheduled run",
            _when(next_run) if next_run else "no daemon running (cron or manual runs only)",
        )
    )
    daemons = [
        f"daemon {d['worker']}: {d['status']}, last heartbeat {_when(d['heartbeat_at'])}"
        for d in report["daemons"]
    ]
    lines.append(("Pending alerts", _undelivered(report)))
    failing = report["failing_sources"]
    if failing:
        lines.append((f"Failing {threshold}+ runs in a row", ", ".join(failing)))
    if on_terminal():
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        for label, text in lines:
            console.print(f"[bold]{label}:[/] {escape(text)}", highlight=False)
        for daemon in daemons:
            console.print(f"  {escape(daemon)}", highlight=False)
    else:
        for label, text in lines:
            click.echo(f"{label}: {text}")
        for daemon in daemons:
            click.echo(f"  {daemon}")
    print_columns(report["sources"], STATUS_SOURCE_COLUMNS, title="Sources")


COMMANDS: list[click.Command] = [daemon_command, status_command]
