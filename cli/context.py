"""State shared by the subcommands: the config path, and settings/database loaded once."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from tallywatch.config import Settings, load_settings
from tallywatch.store import Database

F = TypeVar("F", bound=Callable[..., Any])


class CliState:
    def __init__(self, config_path: Path | None = None) -> None:
        self.config_path = config_path
        self._settings: Settings | None = None
        self._db: Database | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from tallywatch.alerts.redact import register_secrets
            from tallywatch.cli.logging_setup import secrets_of

            self._settings = load_settings(self.config_path)
            register_secrets(secrets_of(self._settings))
        return self._settings

    @property
    def db(self) -> Database:
        """The configured database, which must exist already: the commands that look (and
        the reviewer's decisions) never create an empty one (`DatabaseMissing`)."""
        return self.database(create=False)

    def database(self, *, create: bool) -> Database:
        """The configured database; `create` makes it when it does not exist (`run`,
        `daemon`)."""
        if self._db is None:
            self._db = Database(self.settings.database.url, create=create)
        return self._db


def config_option(func: F) -> F:
    """`--config PATH` on a subcommand; overrides the group's option and TALLYWATCH_CONFIG."""

    def remember(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
        if value is not None:
            ctx.ensure_object(CliState).config_path = value

    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        expose_value=False,
        callback=remember,
        is_eager=True,
        help="Configuration file (default: $TALLYWATCH_CONFIG or config/tallywatch.toml).",
    )(func)


def pass_state(func: F) -> F:
    """Hand the subcommand the `CliState` as its first argument."""

    @wraps(func)
    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        return ctx.invoke(func, ctx.ensure_object(CliState), *args, **kwargs)

    return wrapper  # type: ignore[return-value]
