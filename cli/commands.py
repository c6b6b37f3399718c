"""The registry of subcommand modules: each exposes `COMMANDS`, a list of click commands.

Heavy libraries (Scrapy, trafilatura, apprise) are imported inside the commands,
so `tallywatch --help` stays fast.
"""

from __future__ import annotations

import importlib

import click

MODULES = (
    "tallywatch.cli.run",
    "tallywatch.cli.crawl",
    "tallywatch.cli.figures",
    "tallywatch.cli.alerts",
    "tallywatch.cli.review",
    "tallywatch.cli.daemon",
)


SUBCOMMANDS = {"figures": ("tallywatch.cli.review", "CURATION_COMMANDS")}
"""Commands one module adds under another module's group (curation lives with review)."""


def all_commands() -> list[click.Command]:
    commands: list[click.Command] = []
    for name in MODULES:
        commands.extend(importlib.import_module(name).COMMANDS)
    for command in commands:
        if isinstance(command, click.Group) and command.name in SUBCOMMANDS:
            module, attribute = SUBCOMMANDS[command.name]
            for sub in getattr(importlib.import_module(module), attribute):
                command.add_command(sub)
    return commands
