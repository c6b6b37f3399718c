"""Subcommands: `alerts` (list alert events), `alerts retry`, `alerts test`.

Alert URLs are credentials: everything printed here shows them redacted
(`json://127.0.0.1:8080/… [3fa2c1]`), errors included.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.output import Column, json_option, limit_option, print_rows, when
from tallywatch.cli.params import since_option, until_option, values_of
from tallywatch.constants import UNDELIVERED, AlertKind, AlertStatus, ExitCode

if TYPE_CHECKING:
    from tallywatch.review.alerts import AlertRow

ERROR_COLUMN_CHARS = 60


def _change(alert: AlertRow) -> str:
    """What the alert says, in one line."""
    from tallywatch.alerts.wording import baseline_head, number, qualified_text

    lines = [line for line in (alert.summary or "").splitlines() if line.strip()]
    if alert.kind == AlertKind.BASELINE:
        return "; ".join(baseline_head(line) for line in lines)
    if alert.value is None:
        return lines[0] if lines else ""
    said = qualified_text(alert.value, alert.high, alert.qualifier)
    previous = number(alert.previous) if alert.previous is not None else "-"
    if alert.kind == AlertKind.CONFLICT:
        return f"{alert.metric}: {said} per {alert.cited} (tracked {previous})"
    return f"{alert.metric}: {previous} -> {said}"


ALERT_COLUMNS = (
    Column("id", lambda a: a.id),
    Column("created", lambda a: when(a.created_at)),
    Column("kind", lambda a: a.kind),
    Column("topic", lambda a: a.topic),
    Column("change", _change),
    Column("status", lambda a: a.status),
    Column("tries", lambda a: a.attempts),
    Column("error", lambda a: (a.last_error or "")[:ERROR_COLUMN_CHARS]),
)


@click.group("alerts", invoke_without_command=True)
@config_option
@click.option("--pending", is_flag=True, help="Only alerts not delivered yet (pending, waiting).")
@click.option("--status", type=values_of(AlertStatus), help="Only this status.")
@click.option("--kind", type=values_of(AlertKind), help="Only this kind.")
@click.option("--topic", help="Only this topic's alerts.")
@since_option("alerts raised")
@until_option("alerts raised")
@json_option()
@limit_option()
@click.pass_context
def alerts_group(
    ctx: click.Context,
    pending: bool,
    status: str | None,
    kind: str | None,
    topic: str | None,
    since: datetime | None,
    until: datetime | None,
    as_json: bool,
    limit: int,
) -> None:
    """List alert events, newest first; subcommands deliver and test.

    An alert is `pending` (a channel still has to get it), `waiting` (no channel is
    configured for it), `sent` (every channel has it) or `failed`.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tallywatch.review.alerts import AlertFilter, list_alerts

    state = ctx.ensure_object(CliState)
    statuses = UNDELIVERED if pending else (status,) if status else ()
    filt = AlertFilter(statuses=statuses, topic=topic, kind=kind, since=since, until=until)
    with state.db.session() as session:
        page = list_alerts(session, filt, per_page=limit or None)
    base_url = state.settings.review.base_url
    print_rows(
        page.rows,
        ALERT_COLUMNS,
        as_json=as_json,
        empty="no alerts",
        hidden=page.hidden,
        record=lambda row: row.record(base_url),
    )


def _report_problems(problems: Sequence[str]) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


@alerts_group.command("retry")
@config_option
@click.option(
    "--failed",
    "include_failed",
    is_flag=True,
    help="Also resend alerts marked failed (gave up, or interrupted mid-send); "
    "channels known to have them are skipped.",
)
@click.argument("ids", nargs=-1, type=int)
@pass_state
def retry_command(state: CliState, include_failed: bool, ids: tuple[int, ...]) -> None:
    """Deliver pending alerts now, without waiting for their backoff (only IDS if given)."""
    from tallywatch.alerts.outbox import AlertOutbox
    from tallywatch.constants import NO_CHANNEL

    outbox = AlertOutbox(state.db, state.settings)
    requeued = outbox.requeue_failed(ids or None) if include_failed else 0
    report = outbox.deliver_pending(ids=ids or None, ignore_backoff=True)
    if report.outcomes:
        _report_problems(outbox.routing.problems)
    for outcome in report.outcomes:
        alerts = ",".join(str(i) for i in outcome.alert_ids)
        line = f"{'ok    ' if outcome.ok else 'FAILED'}  alert {alerts}  {outcome.channel}"
        click.echo(line + (f"  {outcome.error}" if outcome.error else ""))
    summary = f"delivered {report.sent}, failed {report.failed}"
    if report.waiting:
        summary += f", waiting {report.waiting}: {NO_CHANNEL}"
    if report.gave_up:
        summary += f" ({report.gave_up} marked failed)"
    if requeued:
        summary += f"; {requeued} failed alert(s) requeued"
    if report.interrupted:
        summary += f"; {report.interrupted} interrupted delivery(ies) found"
    click.echo(summary)
    if report.failed:
        sys.exit(ExitCode.FAILED)


@alerts_group.command("test")
@config_option
@pass_state
def test_command(state: CliState) -> None:
    """Send a test message to every configured alert URL and report each result."""
    from tallywatch.alerts.channels import Routing
    from tallywatch.alerts.delivery import send_test

    settings = state.settings
    routing = Routing(settings)
    _report_problems(routing.problems)
    channels = routing.all()
    if not channels:
        click.echo(
            "no alert URLs are configured ([alerts] urls, apprise_config, operator_url, "
            "[[topics]] alert_urls)",
            err=True,
        )
        sys.exit(ExitCode.CONFIG)
    results = send_test(channels, settings.alerts.timeout)
    for result in results:
        channel = result.channel
        tags = f", tags {','.join(sorted(channel.tags))}" if channel.tags else ""
        where = channel.origin + tags
        line = f"{'ok    ' if result.ok else 'FAILED'}  {channel.display}  ({where})"
        click.echo(line + (f"  {result.error}" if result.error else ""))
    failed = sum(1 for r in results if not r.ok)
    click.echo(f"{len(results) - failed} of {len(results)} channels reached")
    if failed:
        sys.exit(ExitCode.FAILED)


COMMANDS: list[click.Command] = [alerts_group]
