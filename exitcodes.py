"""The exit codes of the `tallywatch` command, in one place.

cron and the daemon tell outcomes apart by these numbers, so each means one thing and
keeps it; README's command table lists them.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The command did its work (a run: failed pages or some failed sources are recorded)."""
    FAILED = 1
    """The command itself failed (a run: the cycle could not complete)."""
    CONFIG = 2
    """A bad configuration file or command line; nothing was done."""
    BUSY = 3
    """Another run holds the run lock (or, shared, every source's lease); nothing was done."""
    SOURCES_FAILED = 4
    """A run completed, but every source it crawled failed: nothing new could be read."""
    INTERRUPTED = 130
    """Stopped at a prompt by Ctrl-C."""
