"""Subcommands: crawl."""

import click

COMMANDS: list[click.Command] = []
