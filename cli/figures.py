"""Subcommands: figures."""

import click

COMMANDS: list[click.Command] = []
