"""Subcommands: `alerts` (list alert events), `alerts retry`, `alerts test`.

Alert URLs are credentials: everything printed here shows them redacted
(`json://127.0.0.1:8080/… [3fa2c1]`), errors included.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.tables import print_table
from tallywatch.constants import ExitCode

ERROR_COLUMN_CHARS = 60


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def alert_record(alert: Any, review_base_url: str | None = None) -> dict[str, Any]:
    """One alert as the JSON object `alerts --json` prints."""
    from tallywatch.alerts.messages import review_url
    from tallywatch.alerts.wording import delta_text

    return {
        "id": alert.id,
        "kind": alert.kind,
        "topic": alert.topic,
        "metric": alert.metric,
        "previous": alert.previous,
        "previous_source": alert.previous_source,
        "previous_date": alert.previous_date,
        "value": alert.value,
        "high": alert.high,
        "delta": delta_text(alert.previous, alert.value) if alert.kind == "increase" else None,
        "qualifier": alert.qualifier,
        "source": alert.source,
        "source_previous": alert.source_previous,
        "source_previous_date": alert.source_previous_date,
        "figure_id": alert.figure_id,
        "review_url": review_url(review_base_url, alert.figure_id),
        "article_url": alert.article_url,
        "article_title": alert.article_title,
        "article_published": alert.article_published,
        "sentence": alert.sentence,
        "summary": alert.summary,
        "created_at": _iso(alert.created_at),
        "status": alert.status,
        "attempts": alert.attempts,
        "last_error": alert.last_error,
        "next_attempt_at": _iso(alert.next_attempt_at),
        "sent_at": _iso(alert.sent_at),
        "run_id": alert.run_id,
    }


def _change(alert: Any) -> str:
    from tallywatch.alerts.messages import AlertView

    view = AlertView.of(alert)
    if alert.kind == "baseline":
        return "; ".join(view.summary_heads)
    if alert.kind == "increase":
        return f"{alert.metric}: {view.previous_text or '-'} -> {view.qualified_text}"
    if alert.kind == "conflict":
        tracked = view.previous_text
        return f"{alert.metric}: {view.qualified_text} per {alert.source} (tracked {tracked})"
    return (view.summary_lines or [""])[0]


def _print_table(alerts: Sequence[Any]) -> None:
    print_table(
        ("id", "created", "kind", "topic", "change", "status", "tries", "error"),
        [
            (
                alert.id,
                alert.created_at.strftime("%Y-%m-%d %H:%M"),
                alert.kind,
                alert.topic,
                _change(alert),
                alert.status,
                alert.attempts,
                (alert.last_error or "")[:ERROR_COLUMN_CHARS],
            )
            for alert in alerts
        ],
    )


@click.group("alerts", invoke_without_command=True)
@config_option
@click.option("--pending", is_flag=True, help="Only alerts not delivered yet (pending, waiting).")
@click.option("--topic", help="Only this topic's alerts.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Latest N."
)
@click.pass_context
def alerts_group(
    ctx: click.Context, pending: bool, topic: str | None, as_json: bool, limit: int
) -> None:
    """List alert events (oldest of the latest N first); subcommands deliver and test.

    An alert is `pending` (a channel still has to get it), `waiting` (no channel is
    configured for it), `sent` (every channel has it) or `failed`.
    """
    if ctx.invoked_subcommand is not None:
        return
    from sqlalchemy import select

    from tallywatch.constants import UNDELIVERED
    from tallywatch.store import Alert

    state = ctx.ensure_object(CliState)
    query = select(Alert).order_by(Alert.id.desc()).limit(limit)
    if pending:
        query = query.where(Alert.status.in_(UNDELIVERED))
    if topic:
        query = query.where(Alert.topic == topic)
    with state.db.session() as session:
        alerts = list(reversed(list(session.scalars(query))))
    if as_json:
        for alert in alerts:
            record = alert_record(alert, state.settings.review.base_url)
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    if not alerts:
        click.echo("no alerts")
        return
    _print_table(alerts)


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
