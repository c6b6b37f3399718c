"""Subcommands: review."""

import click

COMMANDS: list[click.Command] = []
