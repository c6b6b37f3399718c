"""The exit codes of the `tallywatch` command, one place for all of them.

Scripts, cron wrappers and the daemon read these numbers; the README's command table
documents them.  A code once published keeps its meaning.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The command did what it was asked (a run: the cycle completed; failed pages and
    some failed sources are recorded, not fatal)."""
    FAILED = 1
    """The command itself failed (a run: the cycle could not complete; a database problem)."""
    CONFIG = 2
    """A bad configuration file or bad command-line arguments."""
    BUSY = 3
    """Another run holds the run lock (or, shared, every source is leased elsewhere)."""
    SOURCES_FAILED = 4
    """A run completed, but every source it crawled failed: nothing new could be read.
    Each source is named on stderr with its cause; pending alerts were delivered."""
    ABORTED = 5
    """A run was stopped before it finished (SIGTERM / SIGINT, the daemon's time limit):
    what it crawled is stored, and pending alerts were delivered."""
    INTERRUPTED = 130
    """Stopped at a prompt by Ctrl-C."""
