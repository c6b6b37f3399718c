"""Subcommands: daemon."""

import click

COMMANDS: list[click.Command] = []
