"""The `tallywatch` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.config import ConfigError
from tallywatch.constants import ExitCode
from tallywatch.store import db as store_db


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="TALLYWATCH_CONFIG",
    help="Configuration file (default: $TALLYWATCH_CONFIG or config/tallywatch.toml).",
)
@click.version_option(package_name="tallywatch")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """Watch news sources for casualty, deployment and displacement figures."""
    state = ctx.ensure_object(CliState)
    if state.config_path is None:
        state.config_path = config_path


@cli.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@config_option
@pass_state
def db_upgrade(state: CliState) -> None:
    """Apply pending schema migrations (also done automatically on first use)."""
    from tallywatch.store import Database

    database = Database(state.settings.database.url, migrate=False)
    before = store_db.current_revision(database.engine)
    store_db.upgrade(database.engine)
    after = store_db.current_revision(database.engine)
    click.echo(f"database schema: {before or 'empty'} -> {after}")


def _register() -> None:
    from tallywatch.cli import commands

    for command in commands.all_commands():
        cli.add_command(command)


def _redacted(text: str) -> str:
    from tallywatch.alerts.redact import redact_text

    return redact_text(text)


def main() -> None:
    _register()
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        click.echo(f"tallywatch: config error: {exc}", err=True)
        sys.exit(ExitCode.CONFIG)
    except store_db.DatabaseUnavailable as exc:
        click.echo(f"tallywatch: database error: {_redacted(str(exc))}", err=True)
        sys.exit(ExitCode.FAILED)
    except SQLAlchemyError as exc:  # a database that fails later: read-only, gone away
        click.echo(f"tallywatch: database error: {_redacted(store_db.reason_of(exc))}", err=True)
        sys.exit(ExitCode.FAILED)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
