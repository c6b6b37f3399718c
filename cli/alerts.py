"""Subcommands: alerts."""

import click

COMMANDS: list[click.Command] = []
