"""The options shared by the commands take the values the README and the database use."""

from __future__ import annotations

from enum import StrEnum

import click
import pytest

from tallywatch.cli.alerts import alerts_group
from tallywatch.cli.crawl import runs_command
from tallywatch.cli.figures import figures_group
from tallywatch.constants import AlertKind, AlertStatus, FigureStatus, RunStatus


def option(command: click.Command, name: str) -> click.Parameter:
    return next(p for p in command.params if p.name == name)


@pytest.mark.parametrize(
    ("command", "name", "vocabulary"),
    [
        (runs_command, "status", RunStatus),
        (figures_group, "status", FigureStatus),
        (alerts_group, "status", AlertStatus),
        (alerts_group, "kind", AlertKind),
    ],
)
def test_an_enum_option_takes_the_stored_values_not_the_member_names(
    command: click.Command, name: str, vocabulary: type[StrEnum]
) -> None:
    choice = option(command, name).type
    assert isinstance(choice, click.Choice)
    assert list(choice.choices) == [member.value for member in vocabulary]
    for member in vocabulary:
        assert choice.convert(member.value, None, None) == member.value
    with pytest.raises(click.BadParameter):
        choice.convert(next(iter(vocabulary)).name, None, None)
