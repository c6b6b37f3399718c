"""`python -m tallywatch.cli`: the same as the `tallywatch` command (used for child processes)."""

from tallywatch.cli.main import main

main()
